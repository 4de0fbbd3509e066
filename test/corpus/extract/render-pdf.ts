// PDF renderings of corpus documents (pdf-lib + fontkit + DejaVu), in three templates whose text
// comes out of a PDF differently:
// - classic: the two header columns centred at x=150 / x=420 on shared baselines (Decree 30's
//   table without borders, as Word exports it): text extraction flattens each row onto one line.
// - narrow: a narrow left column (organ names wrap over two or three lines by width) and the right
//   column on its own baselines (4 pt lower, larger leading), so rows interleave or split; body
//   with a first-line indent; "Nơi nhận" and the signature as separate blocks at different heights.
// - grid: the header as a bordered two-row table (organ | motto, number and V/v | date and place),
//   condensed fonts and an italic date, stamps in a box above the table.
// The OCR-like variant draws every string with its diacritics removed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import type { CorpusDoc, Logical } from './generate.js';
import { alignFooter, alignHeader, bodyLines, encodeLine } from './render-text.js';

const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const fontCache = new Map<string, Buffer>();
function font(name: string): Buffer {
  let b = fontCache.get(name);
  if (!b) fontCache.set(name, (b = readFileSync(join(FONT_DIR, name))));
  return b;
}

const FACES = {
  classic: { regular: 'DejaVuSerif.ttf', bold: 'DejaVuSerif-Bold.ttf', italic: 'DejaVuSerif.ttf' },
  narrow: { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italic: 'DejaVuSans-Oblique.ttf' },
  grid: { regular: 'DejaVuSerifCondensed.ttf', bold: 'DejaVuSerifCondensed-Bold.ttf', italic: 'DejaVuSerifCondensed-Italic.ttf' },
};

type Template = keyof typeof FACES;

/** A page cursor: draws top-down, wraps by width, starts a new page near the bottom. */
class Pen {
  page: PDFPage;
  y = 790;
  constructor(
    private readonly pdf: PDFDocument,
    readonly reg: PDFFont,
    readonly bold: PDFFont,
    readonly italic: PDFFont,
    private readonly enc: (s: string) => string,
  ) {
    this.page = pdf.addPage([595, 842]);
  }
  need(h: number): void {
    if (this.y - h < 60) {
      this.page = this.pdf.addPage([595, 842]);
      this.y = 790;
    }
  }
  width(t: string, f: PDFFont, size: number): number {
    return f.widthOfTextAtSize(this.enc(t), size);
  }
  at(t: string, x: number, y: number, f: PDFFont, size: number, align: 'left' | 'center' | 'right' = 'left'): void {
    const s = this.enc(t);
    if (!s) return;
    const w = f.widthOfTextAtSize(s, size);
    const x0 = align === 'center' ? x - w / 2 : align === 'right' ? x - w : x;
    this.page.drawText(s, { x: x0, y, size, font: f });
  }
  /** Split a line into pieces no wider than `max`, at spaces. */
  wrap(t: string, f: PDFFont, size: number, max: number): string[] {
    const out: string[] = [];
    let line = '';
    for (const w of t.split(' ')) {
      const cand = line ? `${line} ${w}` : w;
      if (line && this.width(cand, f, size) > max) {
        out.push(line);
        line = w;
      } else line = cand;
    }
    if (line) out.push(line);
    return out;
  }
  paragraph(t: string, x: number, width: number, size: number, indent = 0, lead = 15): void {
    const lines = this.wrap(t, this.reg, size, width - indent);
    lines.forEach((l, i) => {
      this.need(lead);
      this.at(l, x + (i === 0 ? indent : 0), this.y, this.reg, size);
      this.y -= lead;
    });
  }
}

const isDate = (s: string) => /,\s*(ngày|ngay|\d)/.test(s);
const isMotto = (s: string) => /^(CỘNG|CONG|Độc|Doc)/.test(s);
const isRuleText = (s: string) => /^[-_]{3,}$/.test(s);

function titleAndBody(pen: Pen, L: Logical, doc: CorpusDoc, o: { x: number; width: number; indent: number; size: number }): void {
  if (L.title) {
    pen.need(20);
    pen.at(L.title, 297, pen.y, pen.bold, 13, 'center');
    pen.y -= 16;
  }
  for (const s of L.subject) {
    pen.at(s, 297, pen.y, pen.bold, 12, 'center');
    pen.y -= 15;
  }
  pen.y -= 12;
  for (const para of bodyLines(L, doc.bodyRepeat)) pen.paragraph(para, o.x, o.width, o.size, o.indent);
  pen.y -= 10;
}

function classic(pen: Pen, L: Logical, doc: CorpusDoc): void {
  for (const t of L.top ?? []) {
    pen.at(t, 150, pen.y, pen.bold, 12, 'center');
    pen.y -= 16;
  }
  for (const [a, b] of alignHeader(L)) {
    pen.at(a, 150, pen.y, a.startsWith('Số') || a.startsWith('V/v') ? pen.reg : pen.bold, 11, 'center');
    pen.at(b, 420, pen.y, isDate(b) ? pen.reg : pen.bold, b.startsWith('CỘNG') ? 10.5 : 11, 'center');
    pen.y -= 15;
  }
  pen.y -= 12;
  titleAndBody(pen, L, doc, { x: 60, width: 475, indent: 0, size: 12 });
  pen.need(15 * alignFooter(L).length);
  for (const [a, b] of alignFooter(L)) {
    const head = /^N[ơo]i nh[ậa]n/.test(a);
    pen.at(a, 50, pen.y, head ? pen.bold : pen.reg, head ? 10.5 : 9.5);
    pen.at(b, 420, pen.y, b.startsWith('(') ? pen.reg : pen.bold, 11, 'center');
    pen.y -= 14;
  }
}

function narrow(pen: Pen, L: Logical, doc: CorpusDoc): void {
  const top = pen.y;
  for (const t of L.top ?? []) {
    pen.at(t, 40, pen.y, pen.bold, 11);
    pen.y -= 15;
  }
  // Left column: centred at x=115, at most 180 pt wide; long names wrap by width.
  let yl = pen.y;
  for (const l of L.headerLeft) {
    const f = /^(Số|V\/v)/.test(l) ? pen.reg : pen.bold;
    for (const piece of isRuleText(l) ? ['--------'] : pen.wrap(l, f, 10.5, 180)) {
      pen.at(piece, 115, yl, f, 10.5, 'center');
      yl -= 13.5;
    }
  }
  // Right column: its own baselines, 4 pt lower and wider spaced; the date right-aligned.
  let yr = pen.y - 4;
  if ((L.top ?? []).length) yr = top - 4;
  for (const r of L.headerRight) {
    if (isDate(r)) pen.at(r, 555, yr - 4, pen.italic, 11, 'right');
    else pen.at(r, 390, yr, isMotto(r) ? pen.bold : pen.reg, r.startsWith('CỘNG') ? 10 : 11, 'center');
    yr -= isDate(r) ? 18 : 14.5;
  }
  pen.y = Math.min(yl, yr) - 14;
  titleAndBody(pen, L, doc, { x: 85, width: 440, indent: 28, size: 12.5 });
  // "Nơi nhận" block at x=70, the signature block centred at x=400 and starting 8 pt lower.
  const rows = Math.max(L.footerLeft.length, L.footerRight.length);
  pen.need(15 * rows + 10);
  const y0 = pen.y;
  L.footerLeft.forEach((a, i) => {
    const head = /^N[ơo]i nh[ậa]n/.test(a);
    pen.at(a, 70, y0 - i * 12.5, head ? pen.italic : pen.reg, head ? 11 : 9.5);
  });
  L.footerRight.forEach((b, i) => pen.at(b, 400, y0 - 8 - i * 15, b.startsWith('(') ? pen.italic : pen.bold, 11.5, 'center'));
  pen.y = y0 - 15 * rows - 10;
}

function grid(pen: Pen, L: Logical, doc: CorpusDoc): void {
  const black = rgb(0, 0, 0);
  for (const t of L.top ?? []) {
    const w = pen.width(t, pen.bold, 12) + 16;
    pen.page.drawRectangle({ x: 45, y: pen.y - 6, width: w, height: 20, borderColor: black, borderWidth: 1.2 });
    pen.at(t, 53, pen.y, pen.bold, 12);
    pen.y -= 28;
  }
  const left = L.headerLeft;
  const s = left.findIndex((l) => /^S[ốo]\s*:/.test(l));
  const d = L.headerRight.findIndex(isDate);
  const ls = s < 0 ? left.length : s;
  const rd = d < 0 ? L.headerRight.length : d;
  const rows: Array<[string[], string[]]> = [
    [left.slice(0, ls), L.headerRight.slice(0, rd)],
    [left.slice(ls), L.headerRight.slice(rd)],
  ];
  const x0 = 40;
  const w1 = 230;
  const w2 = 305;
  for (const [a, b] of rows) {
    const h = Math.max(a.length, b.length) * 14 + 10;
    pen.page.drawRectangle({ x: x0, y: pen.y - h + 12, width: w1, height: h, borderColor: black, borderWidth: 0.6 });
    pen.page.drawRectangle({ x: x0 + w1, y: pen.y - h + 12, width: w2, height: h, borderColor: black, borderWidth: 0.6 });
    a.forEach((t, i) => pen.at(t, x0 + w1 / 2, pen.y - 2 - i * 14, /^(Số|V\/v)/.test(t) ? pen.reg : pen.bold, 10.5, 'center'));
    b.forEach((t, i) => pen.at(t, x0 + w1 + w2 / 2, pen.y - 2 - i * 14, isDate(t) ? pen.italic : pen.bold, t.startsWith('CỘNG') ? 10.5 : 11, 'center'));
    pen.y -= h;
  }
  pen.y -= 14;
  titleAndBody(pen, L, doc, { x: 55, width: 485, indent: 20, size: 11.5 });
  pen.need(15 * alignFooter(L).length);
  for (const [a, b] of alignFooter(L)) {
    pen.at(a, 45, pen.y, /^N[ơo]i nh[ậa]n/.test(a) ? pen.bold : pen.reg, 10);
    pen.at(b, 425, pen.y, b.startsWith('(') ? pen.italic : pen.bold, 11.5, 'center');
    pen.y -= 14;
  }
}

const TEMPLATES: Record<Template, (pen: Pen, L: Logical, doc: CorpusDoc) => void> = { classic, narrow, grid };

export function pdfTemplate(doc: CorpusDoc): Template {
  return doc.layout === 'narrow' || doc.layout === 'grid' ? doc.layout : 'classic';
}

export async function renderPdf(doc: CorpusDoc): Promise<{ bytes: Uint8Array; pages: number }> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const tpl = pdfTemplate(doc);
  const faces = FACES[tpl];
  const [reg, bold, italic] = await Promise.all([faces.regular, faces.bold, faces.italic].map((f) => pdf.embedFont(font(f), { subset: true })));
  const pen = new Pen(pdf, reg!, bold!, italic!, (s) => encodeLine(doc, s));
  TEMPLATES[tpl](pen, doc.logical, doc);
  return { bytes: await pdf.save(), pages: pdf.getPageCount() };
}
