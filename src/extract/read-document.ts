// One document's bytes to metadata: the reader chosen from the content (magic bytes) and the name,
// then the recogniser. This module runs INSIDE an extraction worker (worker/pool.ts): a reader or
// the recogniser may spin on hostile input (a 410 KB DOCX holding 100 MB of XML ran 112 s at
// 4.2 GB), and only a worker can be stopped at the time limit and held under a heap ceiling. Do not
// call it on the main thread with untrusted input; use extractFromBuffer.
import { basename } from 'node:path';
import JSZip from 'jszip';
import type { ExtractError, ExtractResult } from './types.js';
import { emptyMetadata } from './types.js';
import { extractFromText } from './from-text.js';
import { claimedFormat, charsetOf, isImage, isZip, looksBinary, type SourceInfo } from './format.js';
import { isPdf, readPdf } from './readers/pdf.js';
import { readDocx } from './readers/docx.js';
import { isOdt, readOdt } from './readers/odt.js';
import { isOle2, readDoc } from './readers/doc.js';
import { TooLargeError } from './readers/zip.js';
import { decodeTextBytes } from './text/decode.js';
import { parseEdxml } from './edxml.js';
import { readImage, readScannedPdf, type ScanJob } from './ocr/read.js';
import type { FieldEvidence, OcrOptions } from './types.js';

export function fail(error: ExtractError): ExtractResult {
  return { metadata: emptyMetadata(), error };
}

function fromText(text: string, pageCount: number | null): ExtractResult {
  if (!text.trim()) return fail({ code: 'NO_TEXT_LAYER', message: 'The document contains no text.' });
  const metadata = extractFromText(text);
  if (pageCount !== null) {
    metadata.pageCount = pageCount;
    metadata.evidence.pageCount = { text: `${pageCount} page(s)`, confidence: 0.9, source: 'package-metadata' };
  }
  return { metadata, error: null };
}

/** The page count, known before the slow part of reading (OCR): sent to the pool at once. */
export interface PagesKnown {
  pageCount: number;
  evidence: FieldEvidence;
}

/** How long the reader keeps for itself before the pool's time limit: OCR stops here and the
 *  reader answers TIMEOUT with the page count, rather than being killed with nothing. */
const ANSWER_MARGIN_MS = 400;

/** What the reader needs for OCR: its settings, its time, its tools' memory ceiling. */
export interface ReadLimits {
  ocr?: Partial<OcrOptions>;
  timeoutMs?: number;
  workerHeapMb?: number;
  progress?: (partial: PagesKnown) => void;
}

function scanJob(limits: ReadLimits, started: number): ScanJob {
  const timeout = limits.timeoutMs ?? 20_000;
  return {
    settings: limits.ocr,
    deadline: started + Math.max(timeout / 2, timeout - ANSWER_MARGIN_MS),
    // tesseract at 300 dpi maps ~170 MB; a tool gets the reader's heap ceiling, at least 512 MiB.
    toolMemoryMb: Math.max(512, limits.workerHeapMb ?? 512),
    progress: limits.progress,
  };
}

export async function readDocument(b: Buffer, info: SourceInfo, limits: ReadLimits = {}): Promise<ExtractResult> {
  const started = Date.now();
  const claimed = claimedFormat(info);
  try {
    if (isPdf(b) || claimed === 'pdf') {
      const r = await readPdf(b);
      if (!r.ok) return fail(r.error);
      const text = r.value.pages.join('\n');
      // No text layer: a scan (Decision 36 Art. 7.1a), read by OCR.
      if (!text.replace(/\s+/g, '')) return await readScannedPdf(b, r.value.pageCount, scanJob(limits, started));
      const res = fromText(text, null);
      res.metadata.pageCount = r.value.pageCount;
      res.metadata.evidence.pageCount = { text: `${r.value.pageCount} page(s) in the PDF page tree`, confidence: 1, source: 'pdf-structure' };
      return res;
    }
    if (isZip(b)) {
      const zip = await JSZip.loadAsync(b);
      const odt = await isOdt(zip);
      const docx = !odt && zip.file('word/document.xml') !== null;
      if (!odt && !docx) return fail({ code: 'UNSUPPORTED_FORMAT', message: 'A ZIP archive that is neither DOCX nor ODT.' });
      const r = odt ? await readOdt(b) : await readDocx(b);
      return fromText(r.text, r.pageCount);
    }
    if (isOle2(b)) {
      // An OLE2 file is a Word document or something else of Office's (xls, ppt, msg).
      const r = await readDoc(b).catch((e: unknown) => e as Error);
      if (r instanceof Error) return fail({ code: claimed === 'doc' ? 'CORRUPT' : 'UNSUPPORTED_FORMAT', message: `Not a readable Word (.doc) document: ${r.message}` });
      return fromText(r.text, r.pageCount);
    }
    if (isImage(b)) return await readImage(b, scanJob(limits, started));
    if (claimed === 'image') return fail({ code: 'CORRUPT', message: 'The file is named or typed as an image but is not a JPEG, PNG or TIFF.' });
    if (claimed === 'doc') return fail({ code: 'CORRUPT', message: 'The file is named DOC but is not a Word (OLE2) document.' });
    if (claimed === 'docx' || claimed === 'odt') {
      return fail({ code: 'CORRUPT', message: `The file is named ${claimed.toUpperCase()} but is not a ZIP package.` });
    }
    const head = b.subarray(0, 4096).toString('utf8');
    if (claimed === 'edxml' || /<\?xml|<edXML/i.test(head.trimStart().slice(0, 200))) {
      const md = parseEdxml(b);
      if (md) return { metadata: md, error: null };
      if (claimed === 'edxml') return fail({ code: 'UNSUPPORTED_FORMAT', message: 'An XML file without an edXML MessageHeader.' });
    }
    if (claimed === 'text' || claimed === 'unknown') {
      if (looksBinary(b)) return fail({ code: 'UNSUPPORTED_FORMAT', message: `Unsupported file type${info.filename ? ` (${basename(info.filename)})` : ''}.` });
      return fromText(decodeTextBytes(b, charsetOf(info.contentType)), null);
    }
    return fail({ code: 'UNSUPPORTED_FORMAT', message: 'Unsupported file type.' });
  } catch (e) {
    if (e instanceof TooLargeError) return fail({ code: 'TOO_LARGE', message: `The document is too large to read: ${e.message}.` });
    return fail({ code: 'CORRUPT', message: `The file could not be read: ${e instanceof Error ? e.message : String(e)}` });
  }
}

/** A job as the pool posts it: the bytes (transferred) and what the sender said the file is. */
export interface DocumentJob {
  data: Uint8Array;
  info: SourceInfo;
  ocr?: Partial<OcrOptions>;
  timeoutMs?: number;
  workerHeapMb?: number;
}

/** The worker's entry point (worker/pool.ts loads this module in each worker); `progress` sends
 *  what is known early (the page count) so that a document stopped at the time limit keeps it. */
export function runJob(job: DocumentJob, progress?: (partial: PagesKnown) => void): Promise<ExtractResult> {
  const { info, ocr, timeoutMs, workerHeapMb } = job;
  return readDocument(Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength), info, { ocr, timeoutMs, workerHeapMb, progress });
}
