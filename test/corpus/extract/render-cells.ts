// PDFs drawn the way producers draw them (the layout tests and the corpus's 'adverse' template): every line placed by position,
// in a content stream whose order is not the reading order. A Decree 30 page on A4 (left margin
// 30 mm, right 20 mm): the header is a borderless two-column table whose left column is 35 % of
// the text width, text centred in each cell, wrapped by width inside the cell's padding (5.4 pt,
// Word's default), 1.15 line spacing; rules are drawn as lines, not text; the foot is a second
// table, "Nơi nhận" (left, 40 %) beside the signature block (right), whose lines have their own
// baselines. The order the lines go into the content stream is the test's choice:
// - 'cells': row by row, each cell top to bottom, left cell first (Word's PDF export);
// - 'right-first': the right cell before the left (the motto before the organ);
// - 'lines': top to bottom by baseline across both cells (a printer driver), which interleaves
//   the two columns wherever their baselines do.
import { readFileSync } from 'node:fs';
import { PDFDocument, degrees, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';

const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const FACES = {
  regular: 'DejaVuSerifCondensed.ttf',
  bold: 'DejaVuSerifCondensed-Bold.ttf',
  italic: 'DejaVuSerifCondensed-Italic.ttf',
  boldItalic: 'DejaVuSerifCondensed-BoldItalic.ttf',
};
export type Face = keyof typeof FACES;

export interface Para {
  text: string;
  face?: Face;
  size?: number;
  /** Extra space before the paragraph, in points (the signature's room before the name). */
  before?: number;
  align?: 'center' | 'left';
}

/** One line as drawn: where, in which face; `cell` names the table cell it belongs to. */
export interface Drawn {
  text: string;
  x: number;
  y: number;
  face: Face;
  size: number;
  cell: string;
  /** Turned by this many degrees (a stamp set at a slant). */
  tilt?: number;
}

export const PAGE = { width: 595, height: 842, left: 85, right: 538 };
const PAD = 5.4;
const LEADING = 1.15;

/** Measures text for the wrap; the fonts are the ones drawn with. */
export interface Measure {
  (text: string, face: Face, size: number): number;
}

export async function measurer(): Promise<Measure> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const fonts = await embed(pdf);
  return (t, face, size) => fonts[face].widthOfTextAtSize(t, size);
}

async function embed(pdf: PDFDocument): Promise<Record<Face, PDFFont>> {
  const out = {} as Record<Face, PDFFont>;
  for (const [k, file] of Object.entries(FACES)) out[k as Face] = await pdf.embedFont(readFileSync(`${FONT_DIR}/${file}`), { subset: true });
  return out;
}

/** Word-wrap `text` into lines no wider than `max`. */
function wrap(text: string, max: number, width: (s: string) => number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    const cand = line ? `${line} ${w}` : w;
    if (line && width(cand) > max) {
      out.push(line);
      line = w;
    } else line = cand;
  }
  if (line) out.push(line);
  return out;
}

/** Lays paragraphs out in a cell [x0, x1] from the baseline `top` down; returns the lines and
 *  the baseline under the last one. */
export function layCell(m: Measure, cell: string, paras: Para[], x0: number, x1: number, top: number): { lines: Drawn[]; bottom: number } {
  const lines: Drawn[] = [];
  let y = top;
  for (const p of paras) {
    const face = p.face ?? 'regular';
    const size = p.size ?? 13;
    y -= p.before ?? 0;
    for (const text of wrap(p.text, x1 - x0 - 2 * PAD, (s) => m(s, face, size))) {
      const w = m(text, face, size);
      const x = p.align === 'left' ? x0 + PAD : (x0 + x1) / 2 - w / 2;
      lines.push({ text, x, y, face, size, cell });
      y -= size * LEADING;
    }
  }
  return { lines, bottom: y };
}

export type DrawOrder = 'cells' | 'right-first' | 'lines';

/** The content stream's order of the lines: cells in the given order, or by baseline. */
export function ordered(rows: Drawn[][][], order: DrawOrder): Drawn[] {
  if (order === 'lines') {
    const all = rows.flat(2);
    return all.sort((a, b) => b.y - a.y || a.x - b.x);
  }
  return rows.flatMap((cells) => (order === 'right-first' ? [...cells].reverse() : cells).flat());
}

export interface Sheet {
  lines: Drawn[];
  /** Horizontal rules under the organ and the motto: [x0, x1, y]. */
  rules?: Array<[number, number, number]>;
  /** Rectangles (a stamp's frame): [x, y, width, height]. */
  boxes?: Array<[number, number, number, number]>;
  /** Page rotation (/Rotate); lines are then drawn so that they read upright on screen. */
  rotate?: 0 | 90;
  /** Draw every line turned by this many degrees (text that is not upright). */
  tilt?: number;
}

/** One page with the lines drawn in the order given. */
export async function drawPdf(sheet: Sheet): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const fonts = await embed(pdf);
  const rotated = sheet.rotate === 90;
  const page: PDFPage = pdf.addPage(rotated ? [PAGE.height, PAGE.width] : [PAGE.width, PAGE.height]);
  if (rotated) page.setRotation(degrees(90));
  // With /Rotate 90 the page is shown turned a quarter clockwise: the point (x, y) of the upright
  // page is (height - y, x) in the user space of the stored (landscape) page, and text runs up.
  const at = (x: number, y: number): { x: number; y: number } => (rotated ? { x: PAGE.height - y, y: x } : { x, y });
  for (const l of sheet.lines) {
    const p = at(l.x, l.y);
    page.drawText(l.text, { ...p, size: l.size, font: fonts[l.face], rotate: degrees((rotated ? 90 : 0) + (l.tilt ?? sheet.tilt ?? 0)) });
  }
  for (const [x0, x1, y] of sheet.rules ?? []) page.drawLine({ start: at(x0, y), end: at(x1, y), thickness: 0.6, color: rgb(0, 0, 0) });
  for (const [x, y, w, h] of sheet.boxes ?? []) page.drawRectangle({ ...at(x, y), width: w, height: h, borderWidth: 1.2, borderColor: rgb(0, 0, 0), rotate: degrees(rotated ? 90 : 0) });
  return pdf.save();
}

export const MOTTO_PARAS: Para[] = [
  { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', face: 'bold', size: 12 },
  { text: 'Độc lập - Tự do - Hạnh phúc', face: 'bold', size: 13 },
];

/** Decree 30's header table with a narrow left column (by default 35 % of the text width). */
export function header(m: Measure, left: Para[], right: Para[], top = 790, share = 0.35): { left: Drawn[]; right: Drawn[]; bottom: number; cut: number } {
  const cut = PAGE.left + share * (PAGE.right - PAGE.left);
  const l = layCell(m, 'header-left', left, PAGE.left, cut, top);
  const r = layCell(m, 'header-right', right, cut, PAGE.right, top);
  return { left: l.lines, right: r.lines, bottom: Math.min(l.bottom, r.bottom), cut };
}

/** Title, subject and body paragraphs across the text width, from `top` down. */
export function body(m: Measure, paras: Para[], top: number): { lines: Drawn[]; bottom: number } {
  // A cell as wide as the text with its padding outside: the lines start at the margin.
  return layCell(m, 'body', paras, PAGE.left - PAD, PAGE.right + PAD, top);
}

/** The foot: "Nơi nhận" (left 40 %) beside the signature block; the block's first baseline is
 *  `offset` lower than the list's (its own paragraph spacing), so the baselines interleave. */
export function foot(m: Measure, recipients: Para[], signature: Para[], top: number, offset = 7): { left: Drawn[]; right: Drawn[] } {
  const cut = PAGE.left + 0.4 * (PAGE.right - PAGE.left);
  return { left: layCell(m, 'foot-left', recipients, PAGE.left, cut, top).lines, right: layCell(m, 'foot-right', signature, cut, PAGE.right, top - offset).lines };
}
