// Scanned documents to metadata: the OCR text goes through the same recogniser as any text
// (from-text.ts); every field's evidence then says source 'ocr' with the OCR confidence of the
// line(s) it was read from (mean word confidence, 0..1), and red stamps found in the header's red
// ink set the secrecy / urgency marks.
import type { DocumentMetadata, ExtractResult, FieldEvidence, FieldName, Secrecy, Urgency } from '../types.js';
import { emptyMetadata } from '../types.js';
import { extractFromText } from '../from-text.js';
import { fold } from '../text/fold.js';
import { DEFAULT_OCR, OcrError, ocrImage, ocrPdf, probeImage, type OcrContext, type OcrPage, type OcrSettings } from './ocr.js';
import type { OcrLine } from './tesseract.js';
import { columnText } from './columns.js';
import { repairSubjectMark, restoreMarks } from './lexicon.js';

export { DEFAULT_OCR, type OcrSettings } from './ocr.js';

const SECRECY_RANK: Record<Secrecy, number> = { Mật: 1, 'Tối mật': 2, 'Tuyệt mật': 3 };
const URGENCY_RANK: Record<Urgency, number> = { Khẩn: 1, 'Thượng khẩn': 2, 'Hỏa tốc': 3 };

export interface ScanJob {
  settings?: Partial<OcrSettings>;
  /** Epoch ms by which the reader must answer. */
  deadline: number;
  toolMemoryMb: number;
  /** Told the page count as soon as it is known, so a document stopped later still has it. */
  progress?: (partial: { pageCount: number; evidence: FieldEvidence }) => void;
}

function context(job: ScanJob): OcrContext {
  return { settings: { ...DEFAULT_OCR, ...job.settings }, deadline: job.deadline, toolMemoryMb: job.toolMemoryMb };
}

function withPages(md: DocumentMetadata, pageCount: number, ev: FieldEvidence): DocumentMetadata {
  md.pageCount = pageCount;
  md.evidence.pageCount = ev;
  return md;
}

function failure(e: unknown, pageCount: number, ev: FieldEvidence): ExtractResult {
  const err = e instanceof OcrError ? e : new OcrError('OCR_FAILED', `OCR failed: ${e instanceof Error ? e.message : String(e)}`);
  return { metadata: withPages(emptyMetadata(), pageCount, ev), error: { code: err.code, message: err.message } };
}

/** An image-only PDF (no text layer): OCR of its metadata pages. */
export async function readScannedPdf(pdf: Uint8Array, pageCount: number, job: ScanJob): Promise<ExtractResult> {
  const ctx = context(job);
  const pagesEv: FieldEvidence = { text: `${pageCount} page(s) in the PDF page tree`, confidence: 1, source: 'pdf-structure' };
  if (!ctx.settings.enabled) {
    return {
      metadata: withPages(emptyMetadata(), pageCount, pagesEv),
      error: { code: 'NO_TEXT_LAYER', message: `The PDF (${pageCount} page(s)) has no text layer; it is probably a scan, and OCR is turned off. Ask for the signed original.` },
    };
  }
  job.progress?.({ pageCount, evidence: pagesEv });
  let pages: OcrPage[];
  try {
    pages = await ocrPdf(pdf, pageCount, ctx);
  } catch (e) {
    return failure(e, pageCount, pagesEv);
  }
  return fromPages(pages, pageCount, pagesEv, `The PDF (${pageCount} page(s)) has no text layer and OCR found no text in it.`);
}

/** A failure before or during OCR of an image, with the page count when it was known. */
function failure0(e: unknown, known: { pageCount: number; evidence: FieldEvidence } | null = null): ExtractResult {
  const err = e instanceof OcrError ? e : new OcrError('OCR_FAILED', `OCR failed: ${e instanceof Error ? e.message : String(e)}`);
  const md = known ? withPages(emptyMetadata(), known.pageCount, known.evidence) : emptyMetadata();
  return { metadata: md, error: { code: err.code, message: err.message } };
}

const imageEv = (pageCount: number, format: string): FieldEvidence => ({ text: `${pageCount} page(s) in the ${format.toUpperCase()} image`, confidence: 1, source: 'package-metadata' });

/** An image attachment (JPEG, PNG, TIFF…): OCR of its first and last page. */
export async function readImage(buf: Uint8Array, job: ScanJob): Promise<ExtractResult> {
  const ctx = context(job);
  if (!ctx.settings.enabled) {
    // Still told apart: a logo is not a document; a page is a scan left unread.
    try {
      const meta = await probeImage(buf);
      const md = withPages(emptyMetadata(), meta.pageCount, imageEv(meta.pageCount, meta.format ?? 'image'));
      return { metadata: md, error: { code: 'UNSUPPORTED_FORMAT', message: 'The image is a scan or a photo of a page, and OCR is turned off.' } };
    } catch (e) {
      return failure0(e);
    }
  }
  let r;
  let known: { pageCount: number; evidence: FieldEvidence } | null = null;
  try {
    r = await ocrImage(buf, ctx, (pageCount, format) => {
      known = { pageCount, evidence: imageEv(pageCount, format) };
      job.progress?.(known);
    });
  } catch (e) {
    return failure0(e, known);
  }
  return fromPages(r.pages, r.pageCount, imageEv(r.pageCount, r.format), `OCR found no text in the image (${r.pageCount} page(s)).`);
}

export function fromPages(pages: OcrPage[], pageCount: number, pagesEv: FieldEvidence, emptyMessage: string): ExtractResult {
  const lines = pages.flatMap((p) => p.lines);
  const text = pages.flatMap((p) => columnText(p.lines, p.width, p.header).map((l) => repairSubjectMark(restoreMarks(l)))).join('\n');
  if (!text.replace(/\W+/gu, '')) {
    return { metadata: withPages(emptyMetadata(), pageCount, pagesEv), error: { code: 'NO_TEXT_LAYER', message: emptyMessage } };
  }
  const md = extractFromText(text);
  for (const k of ['organName', 'parentOrganName'] as const) {
    const v = md[k];
    if (v && md.place) md[k] = placeMarks(v, md.place);
  }
  for (const [field, ev] of Object.entries(md.evidence) as Array<[FieldName, FieldEvidence]>) {
    md.evidence[field] = { ...ev, confidence: ocrConfidence(ev.text, lines) ?? ev.confidence, source: 'ocr' };
  }
  for (const s of pages.flatMap((p) => p.stamps)) {
    const ev: FieldEvidence = { text: `${s.text} (red stamp, page ${s.page})`, confidence: s.conf, source: 'ocr' };
    if (s.kind === 'secrecy' && (!md.secrecy || SECRECY_RANK[s.value as Secrecy] > SECRECY_RANK[md.secrecy])) {
      md.secrecy = s.value as Secrecy;
      md.evidence.secrecy = ev;
    } else if (s.kind === 'urgency' && (!md.urgency || URGENCY_RANK[s.value as Urgency] > URGENCY_RANK[md.urgency])) {
      md.urgency = s.value as Urgency;
      md.evidence.urgency = ev;
    }
  }
  return { metadata: withPages(md, pageCount, pagesEv), error: null };
}

const key = (s: string): string =>
  fold(s.normalize('NFC'))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** The OCR confidence of the line(s) an evidence text came from: the evidence is split into its
 *  fragments (" | " joins lines of a block), each fragment found among the OCR lines — the line
 *  holding it, or the lines it is made of (a subject over two lines) — and the word confidences
 *  of those lines averaged. Null when no line can be told. */
export function ocrConfidence(evidence: string, lines: OcrLine[]): number | null {
  const keyed = lines.map((l) => ({ l, k: key(l.text) })).filter((x) => x.k);
  const used = new Set<OcrLine>();
  for (const frag of evidence.replace(/…$/, '').split(' | ')) {
    const fk = key(frag);
    if (!fk) continue;
    const holder = keyed.find((x) => x.k.includes(fk));
    if (holder) {
      used.add(holder.l);
      continue;
    }
    // The fragment spans lines: every line of some length that is part of it.
    const parts = keyed.filter((x) => (x.k.length >= 6 || x.k === fk) && fk.includes(x.k));
    if (parts.length) {
      parts.forEach((x) => used.add(x.l));
      continue;
    }
    // The recogniser normalised the text (joined a hyphenated word, cut a column): the line
    // sharing most of its words.
    const words = new Set(fk.split(' '));
    let best: { l: OcrLine; share: number } | null = null;
    for (const x of keyed) {
      const share = x.k.split(' ').filter((w) => words.has(w)).length / words.size;
      if (share >= 0.5 && (!best || share > best.share)) best = { l: x.l, share };
    }
    if (best) used.add(best.l);
  }
  const words = [...used].flatMap((l) => l.words);
  if (!words.length) return null;
  return Math.round((words.reduce((s, w) => s + w.conf, 0) / words.length / 100) * 100) / 100;
}

/** An organ named after its place ("ỦY BAN NHÂN DÂN HUYỆN ĐỨC HÒA") takes the place's marks from
 *  the date line ("Đức Hòa, ngày …"), printed in a lighter, more legible face than the bold
 *  capitals of the header, where OCR loses marks ("DỤC HÓA", "BỀN LỨC"). Only the same letters
 *  are given other marks: nothing is added or taken away. */
export function placeMarks(organ: string, place: string): string {
  const want = place.split(/\s+/).filter(Boolean);
  const words = organ.split(' ');
  if (!want.length || organ !== organ.toUpperCase()) return organ;
  const keys = want.map(fold);
  for (let i = 0; i + want.length <= words.length; i++) {
    if (keys.every((k, j) => fold(words[i + j]!) === k)) {
      want.forEach((w, j) => (words[i + j] = w.toUpperCase()));
      return words.join(' ');
    }
  }
  return organ;
}
