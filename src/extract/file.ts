// Bytes or a path in, metadata out. Chooses the reader from the content (magic bytes) and the
// name, applies the size limit before reading and the time limit while reading, and turns every
// failure into an error code with all fields null, never an exception.
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import JSZip from 'jszip';
import type { ExtractError, ExtractOptions, ExtractResult } from './types.js';
import { DEFAULT_OPTIONS, emptyMetadata } from './types.js';
import { extractFromText } from './from-text.js';
import { isPdf, readPdf } from './readers/pdf.js';
import { readDocx } from './readers/docx.js';
import { isOdt, readOdt } from './readers/odt.js';
import { isOle2, readDoc } from './readers/doc.js';
import { decodeTextBytes } from './text/decode.js';
import { parseEdxml } from './edxml.js';

export type Format = 'pdf' | 'docx' | 'doc' | 'odt' | 'eml' | 'edxml' | 'text' | 'unknown';

export interface SourceInfo {
  filename?: string;
  contentType?: string;
}

function fail(error: ExtractError): ExtractResult {
  return { metadata: emptyMetadata(), error };
}

const ZIP = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** The format a name or content type claims (before looking at the bytes). */
export function claimedFormat(info: SourceInfo): Format {
  const name = (info.filename ?? '').toLowerCase();
  const ct = (info.contentType ?? '').toLowerCase();
  if (name.endsWith('.pdf') || ct.includes('application/pdf')) return 'pdf';
  if (name.endsWith('.docx') || ct.includes('wordprocessingml')) return 'docx';
  if (name.endsWith('.odt') || ct.includes('opendocument.text')) return 'odt';
  if (name.endsWith('.doc') || ct.includes('application/msword')) return 'doc';
  if (name.endsWith('.eml') || ct.includes('message/rfc822')) return 'eml';
  if (name.endsWith('.edxml') || ct.includes('edxml')) return 'edxml';
  if (/\.(txt|text)$/.test(name) || ct.startsWith('text/plain')) return 'text';
  if (name.endsWith('.xml') || ct.includes('/xml')) return 'edxml';
  return 'unknown';
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'TIMEOUT'> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => resolve('TIMEOUT'), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
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

export async function extractFromBuffer(buf: Uint8Array, info: SourceInfo = {}, options: ExtractOptions = {}): Promise<ExtractResult> {
  const opts = { ...DEFAULT_OPTIONS, ...options };
  if (buf.byteLength > opts.maxBytes) {
    return fail({ code: 'TOO_LARGE', message: `The file is ${mib(buf.byteLength)} MiB; the limit is ${mib(opts.maxBytes)} MiB.` });
  }
  const claimed = claimedFormat(info);
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  try {
    if (isPdf(b) || claimed === 'pdf') {
      const r = await readPdf(b, opts);
      if (!r.ok) return fail(r.error);
      const text = r.value.pages.join('\n');
      if (!text.replace(/\s+/g, '')) {
        return fail({
          code: 'NO_TEXT_LAYER',
          message: `The PDF (${r.value.pageCount} page(s)) has no text layer; it is probably a scan. Ask for the signed original or run OCR.`,
        });
      }
      const res = fromText(text, null);
      res.metadata.pageCount = r.value.pageCount;
      res.metadata.evidence.pageCount = { text: `${r.value.pageCount} page(s) in the PDF page tree`, confidence: 1, source: 'pdf-structure' };
      return res;
    }
    if (claimed === 'eml') {
      const { extractFromEmail } = await import('./email.js');
      const r = await withTimeout(extractFromEmail(b, opts), opts.timeoutMs * 2);
      if (r === 'TIMEOUT') return fail(timeout(opts.timeoutMs * 2));
      return { metadata: r.metadata, error: r.error };
    }
    if (ZIP(b)) {
      const zip = await JSZip.loadAsync(b);
      const odt = await isOdt(zip);
      const docx = !odt && zip.file('word/document.xml') !== null;
      if (!odt && !docx) return fail({ code: 'UNSUPPORTED_FORMAT', message: 'A ZIP archive that is neither DOCX nor ODT.' });
      const r = await withTimeout(odt ? readOdt(b) : readDocx(b), opts.timeoutMs);
      if (r === 'TIMEOUT') return fail(timeout(opts.timeoutMs));
      return fromText(r.text, r.pageCount);
    }
    if (isOle2(b)) {
      // An OLE2 file is a Word document or something else of Office's (xls, ppt, msg).
      const r = await withTimeout(readDoc(b), opts.timeoutMs).catch((e: unknown) => e as Error);
      if (r === 'TIMEOUT') return fail(timeout(opts.timeoutMs));
      if (r instanceof Error) return fail({ code: claimed === 'doc' ? 'CORRUPT' : 'UNSUPPORTED_FORMAT', message: `Not a readable Word (.doc) document: ${r.message}` });
      return fromText(r.text, r.pageCount);
    }
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
    return fail({ code: 'CORRUPT', message: `The file could not be read: ${e instanceof Error ? e.message : String(e)}` });
  }
}

export async function extractFromFile(path: string, options: ExtractOptions = {}): Promise<ExtractResult> {
  const opts = { ...DEFAULT_OPTIONS, ...options };
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) return fail({ code: 'READ_FAILED', message: `${path} is not a regular file.` });
    size = st.size;
  } catch (e) {
    return fail({ code: 'READ_FAILED', message: `Cannot open ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
  }
  // Checked before reading: a 200 MB attachment is refused without loading it.
  if (size > opts.maxBytes) return fail({ code: 'TOO_LARGE', message: `The file is ${mib(size)} MiB; the limit is ${mib(opts.maxBytes)} MiB.` });
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(size);
    await fh.read(buf, 0, size, 0);
    return await extractFromBuffer(buf, { filename: basename(path) }, opts);
  } finally {
    await fh.close();
  }
}

function mib(n: number): string {
  return (n / 1024 / 1024).toFixed(1);
}

function timeout(ms: number): ExtractError {
  return { code: 'TIMEOUT', message: `Reading the document took longer than ${ms} ms and was stopped.` };
}

function charsetOf(ct: string | undefined): string | undefined {
  return ct ? /charset="?([\w-]+)/i.exec(ct)?.[1] : undefined;
}

function looksBinary(b: Buffer): boolean {
  const n = Math.min(b.length, 4096);
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0) return true;
    if (c < 9 || (c > 13 && c < 32)) ctrl++;
  }
  return ctrl > n * 0.1;
}
