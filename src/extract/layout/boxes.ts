// The text items of one PDF page (pdf.js getTextContent) as boxes on the page as it is displayed:
// origin top left, y down, in points, the page's /Rotate applied through the viewport transform.
// Only upright text (baseline left to right, not mirrored) is placed; a synthetic italic (a skewed
// text matrix) is upright, and so is text turned by at most 20° (a stamp set at a slant, as
// clerks draw "MẬT" or "KHẨN"), placed by where its baseline starts. Other text is returned apart
// (`turned`). The caller decides from the share of upright characters whether the positions can
// be used at all (a page drawn sideways or in pieces falls back to the stream order).
// Pure: no pdf.js import, so the layout can be tested on boxes written by hand.

/** What the layout reads of a pdf.js TextItem (marked-content items have no `str`). */
export interface PdfTextItemLike {
  str?: unknown;
  transform?: unknown;
  width?: unknown;
  fontName?: unknown;
}

export interface TextBox {
  str: string;
  /** Start of the baseline, points from the top left corner of the displayed page. */
  x: number;
  y: number;
  /** Advance width along the baseline and the font size (em height), in points. */
  w: number;
  size: number;
  font: string;
  /** Index in the content stream (drawing order), to keep ties stable. */
  order: number;
}

export interface PageBoxes {
  boxes: TextBox[];
  /** Non-space characters of every text item, and of the upright ones kept in `boxes`. */
  chars: number;
  uprightChars: number;
  /** Text of the items that are not upright (a stamp set at 30°, a note up the margin), in
   *  drawing order: not placed, but not lost either. */
  turned: string[];
}

/** tan 20°: text turned further than this is not read by position. */
const MAX_SLANT = 0.364;

/** pdf.js Util.transform: the product m1 × m2 of two PDF matrices [a b c d e f]. */
export function multiply(m1: readonly number[], m2: readonly number[]): number[] {
  const [a1, b1, c1, d1, e1, f1] = m1 as [number, number, number, number, number, number];
  const [a2, b2, c2, d2, e2, f2] = m2 as [number, number, number, number, number, number];
  return [a1 * a2 + c1 * b2, b1 * a2 + d1 * b2, a1 * c2 + c1 * d2, b1 * c2 + d1 * d2, a1 * e2 + c1 * f2 + e1, b1 * e2 + d1 * f2 + f1];
}

/** Boxes of a page from its text items and its viewport transform (getViewport({ scale: 1 })). */
export function pageBoxes(items: readonly unknown[], viewport: readonly number[]): PageBoxes {
  const boxes: TextBox[] = [];
  let chars = 0;
  let uprightChars = 0;
  const turned: string[] = [];
  items.forEach((raw, order) => {
    const it = raw as PdfTextItemLike;
    if (typeof it.str !== 'string' || !Array.isArray(it.transform) || it.transform.length !== 6) return;
    const n = it.str.replace(/\s+/g, '').length;
    if (!n) return;
    chars += n;
    const m = multiply(viewport, it.transform as number[]);
    const w = Number(it.width);
    if (![...m, w].every(Number.isFinite)) return;
    const [a, b, c, d, e, f] = m as [number, number, number, number, number, number];
    // Upright: the baseline runs left to right (a > 0, |b| ≤ tan 20° · a) and the glyphs are not
    // mirrored (with y pointing down, the determinant is negative). A skew (c) is an italic.
    if (a <= 0 || Math.abs(b) > MAX_SLANT * a || a * d - b * c >= 0) {
      turned.push(it.str.trim());
      return;
    }
    const cos = a / Math.hypot(a, b);
    // The glyphs' height: the matrix's area over its baseline's length.
    const size = Math.abs(a * d - b * c) / Math.hypot(a, b);
    if (size < 1 || size > 300 || w < 0) return;
    uprightChars += n;
    boxes.push({ str: it.str, x: e, y: f, w: w * cos, size, font: typeof it.fontName === 'string' ? it.fontName : '', order });
  });
  return { boxes: dropOverprint(boxes), chars, uprightChars, turned };
}

/** Some producers fake bold by drawing the same text twice, a fraction of a point apart: keep one. */
function dropOverprint(boxes: TextBox[]): TextBox[] {
  const seen = new Map<string, TextBox[]>();
  return boxes.filter((b) => {
    const same = seen.get(b.str);
    const tol = 0.15 * b.size;
    if (same?.some((o) => Math.abs(o.x - b.x) < tol && Math.abs(o.y - b.y) < tol)) return false;
    if (same) same.push(b);
    else seen.set(b.str, [b]);
    return true;
  });
}
