// PDF text through pdf-parse (pdf.js). Runs inside an extraction worker (worker/pool.ts), which
// holds the time limit and the heap ceiling: a hostile or broken PDF can make pdf.js loop or eat
// memory. Only the first and last pages are read: the fields a clerk registers are in the header
// (organ, number, date, type, subject, stamps) on the first page and in the foot (recipients,
// signer) on the page where the main text ends — the first pages for a decision followed by its
// annexed regulation, the last pages for a long report. The page count comes from the page tree.
//
// Each page's text is rebuilt from the positions of its text items (layout/): pdf-parse's own text
// follows the content stream, so a header table drawn right cell first, a stamp drawn last, or
// the foot's two columns on interleaved baselines came out in the wrong order. A page whose
// positions cannot be used (mostly rotated text) keeps pdf-parse's text.
import { createRequire } from 'node:module';
import type { PDFParse as PDFParseClass } from 'pdf-parse';
import type { ExtractError } from '../types.js';
import { layoutPage } from '../layout/index.js';

// pdf-parse's CommonJS build, loaded with require: run from source, the worker's ESM imports go
// through tsx's loader, and pdf.js (several MB of JavaScript) through it cost ~400 MB of RSS per
// worker; require bypasses it (and is what the compiled build does anyway).
const { PDFParse } = createRequire(import.meta.url)('pdf-parse') as { PDFParse: typeof PDFParseClass };

/** Pages read at each end (a decision's own text rarely runs past its third page). */
export const PDF_HEAD_PAGES = 8;
export const PDF_TAIL_PAGES = 4;

export interface PdfText {
  pages: string[];
  pageCount: number;
  /** Pages (1-based) whose text is pdf-parse's stream order: their positions were unusable. */
  streamOrderPages: number[];
}

// What the reader uses of pdf.js (the copy bundled in pdf-parse, so no second pdf.js is loaded).
interface PdfPage {
  getViewport(params: { scale: number }): { transform: number[] };
  getTextContent(): Promise<{ items: unknown[] }>;
  cleanup(): void;
}
interface PdfDocument {
  numPages: number;
  getPage(n: number): Promise<PdfPage>;
}

/** The pdf.js document behind a parser. pdf-parse does not export its loader; without it (a
 *  future version) the reader keeps pdf-parse's text for every page. */
function documentOf(parser: PDFParseClass): (() => Promise<PdfDocument>) | null {
  const load = (parser as unknown as { load?: () => Promise<PdfDocument> }).load;
  return typeof load === 'function' ? () => load.call(parser) : null;
}

/** The page laid out, or null for the stream order: also when the layout itself fails on some
 *  unforeseen geometry — a page must never be lost to it. */
function safeLayout(items: unknown[], viewport: number[]): { text: string } | null {
  try {
    return layoutPage(items, viewport);
  } catch {
    return null;
  }
}

/** The pages read: the first PDF_HEAD_PAGES and the last PDF_TAIL_PAGES, each once. */
export function pagesToRead(total: number): number[] {
  const out: number[] = [];
  for (let n = 1; n <= Math.min(total, PDF_HEAD_PAGES); n++) out.push(n);
  for (let n = Math.max(PDF_HEAD_PAGES + 1, total - PDF_TAIL_PAGES + 1); n <= total; n++) out.push(n);
  return out;
}

export type PdfOutcome = { ok: true; value: PdfText } | { ok: false; error: ExtractError };

export function isPdf(buf: Uint8Array): boolean {
  // The header may be preceded by junk (allowed by readers, within the first KiB).
  const head = Buffer.from(buf.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

export async function readPdf(buf: Uint8Array): Promise<PdfOutcome> {
  if (!isPdf(buf)) {
    return { ok: false, error: { code: 'NOT_A_PDF', message: 'The file is named or typed as PDF but has no %PDF- header.' } };
  }
  const parser = new PDFParse({ data: buf, verbosity: 0 });
  try {
    const load = documentOf(parser);
    if (load) {
      const doc = await load();
      const wanted = pagesToRead(doc.numPages);
      const text = new Map<number, string>();
      const streamOrderPages: number[] = [];
      for (const n of wanted) {
        const page = await doc.getPage(n);
        try {
          const items = (await page.getTextContent()).items;
          const layout = safeLayout(items, page.getViewport({ scale: 1 }).transform);
          if (layout) text.set(n, layout.text);
          else streamOrderPages.push(n);
        } finally {
          page.cleanup();
        }
      }
      if (streamOrderPages.length) {
        const old = await parser.getText({ partial: streamOrderPages, pageJoiner: '' });
        for (const p of old.pages) text.set(p.num, p.text);
      }
      return { ok: true, value: { pages: wanted.map((n) => text.get(n) ?? ''), pageCount: doc.numPages, streamOrderPages } };
    }
    const head = await parser.getText({ first: PDF_HEAD_PAGES, pageJoiner: '' });
    const pages = head.pages.map((p) => p.text);
    const total = head.total;
    if (total > PDF_HEAD_PAGES) {
      // The document is cached by the parser: this reads the tail pages only.
      const from = Math.max(PDF_HEAD_PAGES + 1, total - PDF_TAIL_PAGES + 1);
      const partial = Array.from({ length: total - from + 1 }, (_, i) => from + i);
      const tail = await parser.getText({ partial, pageJoiner: '' });
      pages.push(...tail.pages.map((p) => p.text));
    }
    return { ok: true, value: { pages, pageCount: total, streamOrderPages: pagesToRead(total) } };
  } catch (e) {
    const err = e as { name?: string; message?: string };
    return { ok: false, error: mapError(err.name ?? 'Error', String(err.message ?? e)) };
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

function mapError(name: string, message: string): ExtractError {
  if (name === 'PasswordException' || /password/i.test(message)) {
    return { code: 'ENCRYPTED', message: 'The PDF is encrypted and needs a password to open; ask the sender for an unprotected copy.' };
  }
  if (name === 'InvalidPDFException' || name === 'FormatError' || /invalid pdf|xref|format/i.test(message)) {
    return { code: 'CORRUPT', message: `The PDF is damaged and cannot be read (${message}).` };
  }
  return { code: 'READ_FAILED', message: `The PDF could not be read (${name}: ${message}).` };
}
