// OCR of scanned documents (Decision 36 Art. 7.1a: an agency without digital signatures sends the
// stamped paper original scanned to PDF — the most common document on the e-mail channel), inside
// the reader process (worker/pool.ts) and its limits:
//   PDF page ──pdftoppm──▶ RGB ─┐
//   JPEG/PNG/TIFF ──sharp──▶ RGB ┴▶ red layer split ─▶ paper flattened ─▶ skew measured, page
//   turned back ─▶ tesseract -l vie (TSV: words, boxes, confidences) on the page with the red ink
//   painted as paper; on page 1 also the left header column alone (psm 6), and the first patch of
//   red ink in the header alone (red stamps: MẬT, KHẨN, HỎA TỐC…). docs/extraction.md has the
//   measurements behind each step.
// Only the pages where the metadata lives are read by default (the first, and the last when there
// are more): the header is on the first page, the signature and "Nơi nhận" where the text ends.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OcrOptions, Secrecy, Urgency } from '../types.js';
import { fold } from '../text/fold.js';
import { runTool, ToolFailed, ToolTimeout } from './proc.js';
import { crop, flatten, inkBox, measureSkew, parsePnm, rotate, splitRed, toPgm, type Grey, type Rgb } from './pixels.js';
import { lineOf, tesseract, type OcrLine } from './tesseract.js';
import { splitLine } from './columns.js';

export type OcrSettings = OcrOptions;

export const DEFAULT_OCR: OcrSettings = { enabled: true, dpi: 200, pages: 'first-last', maxPages: 20, deskew: true };

/** A page is never rasterised larger than this (a 200 × 200 inch page at 200 dpi would be 1.6 G
 *  pixels): the resolution is lowered to fit. A4 at 300 dpi is 8.7 M. */
export const MAX_PAGE_PIXELS = 12_000_000;

/** The shorter side, in pixels, below which an image is not taken for a page. */
export const MIN_PAGE_SIDE = 400;

export interface Stamp {
  kind: 'secrecy' | 'urgency';
  value: Secrecy | Urgency;
  text: string;
  conf: number;
  page: number;
}

export interface OcrPage {
  page: number;
  lines: OcrLine[];
  /** The first page's left header column read again on its own (organ, number): it replaces
   *  what the page's reading gave there. */
  header: { lines: OcrLine[]; right: number; bottom: number } | null;
  skewDeg: number | null;
  stamps: Stamp[];
  width: number;
  height: number;
  dpi: number;
}

export class OcrError extends Error {
  constructor(
    readonly code: 'OCR_FAILED' | 'TIMEOUT' | 'TOO_LARGE' | 'UNSUPPORTED_FORMAT' | 'NOT_A_PAGE' | 'CORRUPT',
    message: string,
  ) {
    super(message);
  }
}

export interface OcrContext {
  settings: OcrSettings;
  /** Epoch ms: the reader's own deadline (a little before the pool's). */
  deadline: number;
  /** Address-space limit of each tool, MiB. */
  toolMemoryMb: number;
}

/** Which pages (1-based) to read of a document of `count` pages. */
export function pagesToRead(count: number, s: OcrSettings): number[] {
  if (count <= 0) return [];
  if (s.pages === 'all') return Array.from({ length: Math.min(count, s.maxPages) }, (_, i) => i + 1);
  return count > 1 ? [1, count] : [1];
}

function wrapErr(e: unknown): OcrError {
  if (e instanceof OcrError) return e;
  if (e instanceof ToolTimeout) return new OcrError('TIMEOUT', `OCR did not finish within the time limit (${e.tool} was stopped).`);
  if (e instanceof ToolFailed) return new OcrError('OCR_FAILED', `OCR failed: ${e.message}`);
  return new OcrError('OCR_FAILED', `OCR failed: ${e instanceof Error ? e.message : String(e)}`);
}

/** OCR of the chosen pages of an image-only PDF. */
export async function ocrPdf(pdf: Uint8Array, pageCount: number, ctx: OcrContext): Promise<OcrPage[]> {
  const dir = await mkdtemp(join(tmpdir(), 'vanthu-ocr-'));
  try {
    const file = join(dir, 'doc.pdf');
    await writeFile(file, pdf);
    const out: OcrPage[] = [];
    for (const p of pagesToRead(pageCount, ctx.settings)) {
      const info = (await runTool('pdfinfo', ['-f', String(p), '-l', String(p), file], { deadline: ctx.deadline, memoryMb: ctx.toolMemoryMb, maxStdout: 1 << 20 })).toString('latin1');
      const size = new RegExp(`Page\\s+${p} size:\\s+([\\d.]+) x ([\\d.]+)`).exec(info);
      const rot = Number(new RegExp(`Page\\s+${p} rot:\\s+(\\d+)`).exec(info)?.[1] ?? 0);
      const wIn = size ? Number(size[1]) / 72 : 8.27;
      const hIn = size ? Number(size[2]) / 72 : 11.69;
      const fit = Math.floor(Math.sqrt(MAX_PAGE_PIXELS / Math.max(0.01, wIn * hIn)));
      const dpi = Math.max(20, Math.min(ctx.settings.dpi, fit));
      void rot; // pdftoppm applies the page's /Rotate itself
      const ppm = await runTool('pdftoppm', ['-r', String(dpi), '-f', String(p), '-l', String(p), file], {
        deadline: ctx.deadline,
        memoryMb: ctx.toolMemoryMb,
        maxStdout: MAX_PAGE_PIXELS * 3 + 1024,
      });
      if (!ppm.length) throw new OcrError('OCR_FAILED', `pdftoppm gave no image for page ${p}.`);
      out.push(await ocrPage(parsePnm(ppm), p, dpi, dir, ctx));
    }
    return out;
  } catch (e) {
    throw wrapErr(e);
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** OCR of an image attachment (JPEG, PNG, TIFF with one or more pages, WebP, GIF): its page
 *  count and the chosen pages. */
const LIMIT_INPUT_PIXELS = MAX_PAGE_PIXELS * 4;

async function loadSharp(): Promise<typeof import('sharp').default> {
  const { default: sharp } = await import('sharp');
  sharp.cache(false);
  sharp.concurrency(1);
  return sharp;
}

/** An image's header (no pixels decoded): its size and pages. NOT_A_PAGE when it is smaller than
 *  a page, CORRUPT when it cannot be decoded, TOO_LARGE past the pixel limit. */
export async function probeImage(buf: Uint8Array): Promise<import('sharp').Metadata & { pageCount: number }> {
  const sharp = await loadSharp();
  let meta;
  try {
    meta = await sharp(buf, { limitInputPixels: LIMIT_INPUT_PIXELS }).metadata();
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    if (/pixel limit/i.test(m)) throw new OcrError('TOO_LARGE', `The image is larger than ${LIMIT_INPUT_PIXELS / 1e6} M pixels.`);
    throw new OcrError('CORRUPT', `The image could not be decoded: ${m}`);
  }
  // A logo or an icon in a mail's signature is not a scanned page (A4 at 50 dpi is 413 × 585).
  if (Math.min(meta.width ?? 0, meta.height ?? 0) < MIN_PAGE_SIDE) {
    throw new OcrError('NOT_A_PAGE', `An image of ${meta.width ?? 0} × ${meta.height ?? 0} pixels is too small to be a scanned page.`);
  }
  return { ...meta, pageCount: Math.max(1, meta.pages ?? 1) };
}

/** OCR of an image attachment (JPEG, PNG, TIFF with one or more pages): its page count and the
 *  chosen pages. */
export async function ocrImage(buf: Uint8Array, ctx: OcrContext, onPages?: (count: number, format: string) => void): Promise<{ pageCount: number; pages: OcrPage[]; format: string }> {
  const sharp = await loadSharp();
  const limitInputPixels = LIMIT_INPUT_PIXELS;
  const meta = await probeImage(buf);
  const pageCount = meta.pageCount;
  onPages?.(pageCount, meta.format ?? 'image');
  const dir = await mkdtemp(join(tmpdir(), 'vanthu-ocr-'));
  try {
    const out: OcrPage[] = [];
    for (const p of pagesToRead(pageCount, ctx.settings)) {
      if (Date.now() > ctx.deadline) throw new ToolTimeout('sharp');
      const img = sharp(buf, { limitInputPixels, page: p - 1, pages: 1 }).rotate();
      const m = p === 1 ? meta : await sharp(buf, { limitInputPixels, page: p - 1, pages: 1 }).metadata();
      let w = m.width ?? 0;
      let h = m.height ?? 0;
      if ((m.orientation ?? 1) >= 5) [w, h] = [h, w];
      // A scanner records its resolution; a photo or a screenshot does not (or says 72): then the
      // page is taken to be A4 across its shorter side.
      const recorded = m.density && m.density >= 100 && m.density <= 1200 ? m.density : null;
      let dpi = recorded ?? Math.min(w, h) / 8.27;
      const target = Math.min(ctx.settings.dpi * 1.5, Math.sqrt(MAX_PAGE_PIXELS / Math.max(1, (w / dpi) * (h / dpi))));
      if (dpi > target) {
        const scale = target / dpi;
        img.resize(Math.max(1, Math.round(w * scale)), Math.max(1, Math.round(h * scale)), { fit: 'fill' });
        dpi = target;
      }
      const { data, info } = await img.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
      const rgb = toRgb(data, info.width, info.height, info.channels);
      out.push(await ocrPage(rgb, p, dpi, dir, ctx));
    }
    return { pageCount, pages: out, format: meta.format ?? 'image' };
  } catch (e) {
    throw wrapErr(e);
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

function toRgb(data: Buffer, width: number, height: number, channels: number): Rgb {
  if (channels === 3) return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  const out = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const s = i * channels;
    out[i * 3] = data[s]!;
    out[i * 3 + 1] = data[channels >= 3 ? s + 1 : s]!;
    out[i * 3 + 2] = data[channels >= 3 ? s + 2 : s]!;
  }
  return { width, height, data: out };
}

/** Fewer red pixels than this share of the header zone is anti-aliasing or a speck, not a stamp. */
const MIN_RED_SHARE = 0.0004;

async function ocrPage(rgb: Rgb, page: number, dpi: number, dir: string, ctx: OcrContext): Promise<OcrPage> {
  const layers = splitRed(rgb);
  let main: Grey = flatten(layers.page, Math.max(24, Math.round(dpi / 4)));
  let red: Grey = layers.red;
  const skew = ctx.settings.deskew ? measureSkew(main) : null;
  if (skew !== null && Math.abs(skew) >= 0.1) {
    main = rotate(main, skew);
    if (layers.redPixels) red = rotate(red, skew);
  }
  const mainFile = join(dir, `p${page}.pgm`);
  await writeFile(mainFile, toPgm(main));
  const tool = { deadline: ctx.deadline, memoryMb: ctx.toolMemoryMb, dpi };
  const lines = await tesseract(mainFile, { ...tool, psm: 3 });
  const header = page === 1 ? await readHeaderLeft(main, lines, join(dir, `p${page}-head.pgm`), tool) : null;
  const stamps: Stamp[] = [];
  if (page === 1 && layers.redPixels) {
    // Stamps sit in the header (Decree 30: under the number, on the left): the red ink of the top
    // of the page, left of its middle, is read alone; a seal lower down is never read.
    const zone = headerZone(lines, main.width, main.height);
    const first = firstInk(red, zone.right, zone.bottom, Math.round(dpi / 8));
    const box = first && inkBox(red, first.x0, first.y0, first.x1, first.y1);
    if (box && box.count >= MIN_RED_SHARE * zone.right * zone.bottom) {
      const pad = Math.round(dpi / 10);
      stamps.push(...(await readStamp(crop(red, box.x - pad, box.y - pad, box.w + 2 * pad, box.h + 2 * pad), join(dir, `p${page}-red.pgm`), tool, page)));
    }
  }
  return { page, lines, header, skewDeg: skew, stamps, width: main.width, height: main.height, dpi };
}

/** The red ink of the header read alone. A rubber stamp is pressed askew and boxed (once or
 *  twice): it is turned level, its box's rules are erased (rows and columns mostly ink), and it is
 *  read as one line, then, failing that, as scattered words (a mark beside another). */
async function readStamp(part: Grey, file: string, tool: { deadline: number; memoryMb: number; dpi: number }, page: number): Promise<Stamp[]> {
  const tilt = measureSkew(part, 8);
  let g = tilt !== null && Math.abs(tilt) >= 0.3 ? rotate(part, tilt) : part;
  g = eraseRules(g);
  await writeFile(file, toPgm(g));
  for (const psm of [7, 11]) {
    const found: Stamp[] = [];
    for (const l of await tesseract(file, { ...tool, psm })) {
      const hit = stampOf(l.text);
      if (hit) found.push({ ...hit, text: l.text, conf: l.conf, page });
    }
    if (found.length) return found;
  }
  return [];
}

/** Rules (a box's sides: an unbroken run of ink across most of a row or a column) made white,
 *  with the pixel either side. The red layer is white but for the ink, so any grey is ink. */
function eraseRules(g: Grey): Grey {
  const { width: w, height: h } = g;
  const d = new Uint8Array(g.data);
  const INK = 230;
  const longest = (n: number, at: (i: number) => number): number => {
    let best = 0;
    let cur = 0;
    for (let i = 0; i < n; i++) {
      // A gap of a pixel or two (a worn rubber stamp) does not break the rule.
      if (at(i) < INK || (i + 1 < n && at(i + 1) < INK && cur > 0)) best = Math.max(best, ++cur);
      else cur = 0;
    }
    return best;
  };
  for (let y = 0; y < h; y++) {
    if (longest(w, (x) => g.data[y * w + x]!) > w * 0.5) for (let yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) d.fill(255, yy * w, yy * w + w);
  }
  for (let x = 0; x < w; x++) {
    if (longest(h, (y) => g.data[y * w + x]!) > h * 0.5) for (let xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) for (let y = 0; y < h; y++) d[y * w + xx] = 255;
  }
  return { width: w, height: h, data: d };
}

/** The left column of the header (the organ's name over one to three lines, its rule, the number)
 *  read again on its own as one block of text (psm 6). Read with the whole page, tesseract's page
 *  layout sometimes takes a short line ("TẠO" wrapped from "PHÒNG GIÁO DỤC VÀ ĐÀO") or a line
 *  beside a stamp for noise and drops it; the organ's name is the field that needs every word. */
async function readHeaderLeft(main: Grey, lines: OcrLine[], file: string, tool: { deadline: number; memoryMb: number; dpi: number }): Promise<OcrPage['header']> {
  const so = lines.find((l) => /(^|\s)so\s*[:.;]/.test(fold(l.text)) && l.y < main.height * 0.4);
  const bottom = so ? so.y + Math.round(so.h * 1.4) : Math.round(main.height * 0.2);
  // Up to the right column (the motto, the date): where its words begin, left of the middle.
  const rightCol = lines
    .filter((l) => l.y < bottom)
    .flatMap(splitLine)
    .filter((p) => p.x > main.width * 0.35)
    .map((p) => p.x);
  const right = Math.round(Math.min(main.width * 0.5, ...rightCol.map((x) => x - 8)));
  const part = crop(main, 0, 0, right, bottom);
  await writeFile(file, toPgm(part));
  // Lines tesseract itself doubts (a rule read as "cảng lệ 0N") are not text.
  const read = (await tesseract(file, { ...tool, psm: 6 }))
    .map((l) => l.words.filter((w) => /[\p{L}\p{N}]/u.test(w.text) && (w.conf >= 50 || w.text.length >= 3)))
    .filter((ws) => ws.length)
    .map(lineOf)
    .filter((l) => l.conf >= 0.6 && /[\p{L}\p{N}]{2}/u.test(l.text));
  return read.length ? { lines: read, right, bottom } : null;
}

/** The topmost patch of red ink in the zone, and of it the leftmost: the mark under the number,
 *  not the seal of a short document whose signature is high on the page (rows, then columns, with
 *  no ink for `gap` pixels separate patches). */
function firstInk(red: Grey, right: number, bottom: number, gap: number): { x0: number; y0: number; x1: number; y1: number } | null {
  const w = red.width;
  const run = (len: number, inked: (i: number) => boolean): [number, number] | null => {
    let start = -1;
    let last = -1;
    for (let i = 0; i < len; i++) {
      if (!inked(i)) continue;
      if (start < 0) start = i;
      else if (i - last > gap) break;
      last = i;
    }
    return start < 0 ? null : [start, last + 1];
  };
  const rows = run(Math.min(bottom, red.height), (y) => {
    let n = 0;
    for (let x = 0; x < right; x++) if (red.data[y * w + x]! < 200) n++;
    return n >= 2;
  });
  if (!rows) return null;
  const cols = run(right, (x) => {
    let n = 0;
    for (let y = rows[0]; y < rows[1]; y++) if (red.data[y * w + x]! < 200) n++;
    return n >= 2;
  });
  return cols && { x0: cols[0], y0: rows[0], x1: cols[1], y1: rows[1] };
}

/** Where red stamps may be: left of 60 % of the width, from the top down to a quarter of the page
 *  below the "Số:" line (or to 45 % of the page when no number line was read). */
function headerZone(lines: OcrLine[], width: number, height: number): { right: number; bottom: number } {
  const so = lines.find((l) => /(^|\s)so\s*[:.;]/.test(fold(l.text)) && l.y < height * 0.5);
  const bottom = so ? Math.min(height * 0.6, so.y + so.h + height * 0.25) : height * 0.45;
  return { right: Math.round(width * 0.6), bottom: Math.round(bottom) };
}

const STAMPS: Array<[string, Stamp['kind'], Secrecy | Urgency]> = [
  ['tuyet mat', 'secrecy', 'Tuyệt mật'],
  ['toi mat', 'secrecy', 'Tối mật'],
  ['mat', 'secrecy', 'Mật'],
  ['thuong khan', 'urgency', 'Thượng khẩn'],
  ['hoa toc', 'urgency', 'Hỏa tốc'],
  ['khan', 'urgency', 'Khẩn'],
];

/** A red line that is a stamp and nothing else ("MẬT", "[ KHẨN ]"): box borders and specks read
 *  as punctuation are dropped; any other word (a seal's ring, a body word) means no stamp. */
export function stampOf(text: string): { kind: Stamp['kind']; value: Secrecy | Urgency } | null {
  const f = fold(text.normalize('NFC'))
    .replace(/[^a-z\s]/g, ' ')
    .split(/\s+/)
    .filter((t) => t.length > 1)
    .join(' ');
  for (const [k, kind, value] of STAMPS) if (f === k) return { kind, value };
  return null;
}
