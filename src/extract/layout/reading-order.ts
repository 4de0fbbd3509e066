// Reading order of a page from the positions of its text (boxes.ts), not from the order the
// producer drew it in. Three steps:
//
// 1. Lines: boxes on one baseline (within 0.35 em), left to right, a space where they are apart.
// 2. Two-column regions: a run of consecutive lines, without a blank line's worth of white between
//    two of them (or with it, when the line after the white is a row of the same table: text on
//    both sides of the gutter), that leaves an x range free of text in every line (the gutter between the cells
//    of a table without borders: Decree 30's header — organ | motto — and its foot — Nơi nhận |
//    signature). The run must hold at least three lines, text on each side in at least two of
//    them, each side a line at least 3 em wide (a column of list markers "1." "2." beside the
//    items' indented text is not a table), and the two sides must stand beside each other (their
//    vertical spans overlap). One text line does not make a region: pdf.js already joins glyphs
//    less than 0.6 em apart into one item, so a word space never opens a gutter, and a table of
//    several rows is needed.
// 3. Output: outside regions, the lines top to bottom; a region as its left column (top to
//    bottom), then its right column. So the motto never shares a line with the organ, a stamp
//    drawn last but printed under "Số:" comes right after it, and "Nơi nhận" and the signature
//    block come out each in one piece. Lines that wrapped within a column (and in a narrow block
//    outside regions) are joined back: wrap.ts.
import type { TextBox } from './boxes.js';
import { joinWrapped, type Piece } from './wrap.js';

export interface Line {
  /** Left to right. */
  boxes: TextBox[];
  /** Baseline (mean of the boxes'), font size (largest), horizontal extent. */
  y: number;
  size: number;
  x0: number;
  x1: number;
}

/** A two-column region: lines [from, to) split at x = cut. */
export interface Region {
  from: number;
  to: number;
  cut: number;
}

/** Boxes whose baselines differ by at most this share of the smaller font size share a line. */
const BASELINE_TOLERANCE = 0.35;
/** A region ends where the white between two consecutive lines exceeds this many ems (an empty
 *  line: the space between the header table and the title, or before the foot). */
const REGION_BREAK_EM = 1.0;
/** White that always ends a region, rows of one table or not (an empty paragraph is ~1–1.5 em). */
const MAX_ROW_WHITE_EM = 3.0;
/** Narrowest gutter: 0.4 em of the page's body text, at least 4 pt (two cells whose text fills
 *  them, LibreOffice's 0.1 cm padding on each side). */
const GUTTER_EM = 0.4;
const MIN_GUTTER_PT = 4;
const MAX_REGION_LINES = 80;
/** Each column of a region holds a line at least this many ems wide: a column of list markers
 *  ("1.", "a)", "-") with the items' text indented beside it is one column of text, not two. */
const MIN_COLUMN_EM = 3;
/** Outside regions only lines narrower than this share of the page's text width are joined when
 *  they wrap (a body line is full width; its paragraph is left as printed). */
const NARROW_SHARE = 0.75;

export function buildLines(boxes: readonly TextBox[]): Line[] {
  const sorted = [...boxes].sort((p, q) => p.y - q.y || p.x - q.x || p.order - q.order);
  const groups: TextBox[][] = [];
  let anchor: TextBox | null = null;
  for (const b of sorted) {
    const cur = groups[groups.length - 1];
    if (cur && anchor && b.y - anchor.y <= BASELINE_TOLERANCE * Math.min(anchor.size, b.size)) cur.push(b);
    else {
      groups.push([b]);
      anchor = b;
    }
  }
  return groups.map(lineOf);
}

function lineOf(boxes: TextBox[]): Line {
  boxes.sort((p, q) => p.x - q.x || p.order - q.order);
  let x0 = Infinity;
  let x1 = -Infinity;
  let size = 0;
  let y = 0;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    x1 = Math.max(x1, b.x + b.w);
    size = Math.max(size, b.size);
    y += b.y;
  }
  return { boxes, y: y / boxes.length, size, x0, x1 };
}

/** Text of boxes on one line, left to right: a space where they stand apart (more than 0.15 em);
 *  none where a word was drawn in pieces (a font change inside a word, kerning). */
export function textOf(boxes: readonly TextBox[]): string {
  let out = '';
  let end = -Infinity;
  let size = 0;
  for (const b of boxes) {
    if (out && b.x - end > 0.15 * Math.max(size, b.size) && !/\s$/.test(out) && !/^\s/.test(b.str)) out += ' ';
    out += b.str;
    end = Math.max(end, b.x + b.w);
    size = b.size;
  }
  return out.trim();
}

type Span = [number, number];

/** The x ranges covered by text, merged, left to right. */
function cover(spans: Span[]): Span[] {
  const sorted = spans.filter(([a, b]) => b > a).sort((p, q) => p[0] - q[0]);
  const out: Span[] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function spansOf(line: Line): Span[] {
  return line.boxes.map((b) => [b.x, b.x + b.w]);
}

/** The widest free x range between covered ranges, at least `min` wide. */
function widestGap(covered: Span[], min: number): Span | null {
  let best: Span | null = null;
  for (let k = 1; k < covered.length; k++) {
    const g: Span = [covered[k - 1]![1], covered[k]![0]];
    if (g[1] - g[0] >= min && (!best || g[1] - g[0] > best[1] - best[0])) best = g;
  }
  return best;
}

/** Font size of most of the page's text (weighted by characters). */
export function bodySize(boxes: readonly TextBox[]): number {
  const bySize = new Map<number, number>();
  for (const b of boxes) {
    const s = Math.round(b.size * 2) / 2;
    bySize.set(s, (bySize.get(s) ?? 0) + b.str.length);
  }
  let best = 12;
  let most = -1;
  for (const [s, n] of bySize) if (n > most) [best, most] = [s, n];
  return best;
}

export function findRegions(lines: readonly Line[], body: number): Region[] {
  const minGutter = Math.max(MIN_GUTTER_PT, GUTTER_EM * body);
  const out: Region[] = [];
  for (let i = 0; i < lines.length; ) {
    const r = regionAt(lines, i, minGutter, MIN_COLUMN_EM * body);
    if (r) {
      out.push(r);
      i = r.to;
    } else i++;
  }
  return out;
}

/** The region that starts at line i, if any: grown downwards while a gutter stays free. */
function regionAt(lines: readonly Line[], i: number, minGutter: number, minColumn: number): Region | null {
  let covered = cover(spansOf(lines[i]!));
  let j = i + 1;
  for (; j < lines.length && j - i < MAX_REGION_LINES; j++) {
    const prev = lines[j - 1]!;
    const cur = lines[j]!;
    // White between the descent of one line and the ascent of the next (~0.25 and ~0.75 em).
    const white = cur.y - prev.y - (0.75 * cur.size + 0.25 * prev.size);
    const em = Math.max(prev.size, cur.size);
    if (white > MAX_ROW_WHITE_EM * em) break;
    const next = cover([...covered, ...spansOf(cur)]);
    const gap = widestGap(next, minGutter);
    if (!gap) break;
    // An empty line inside the table (between its organ | motto row and its Số | date row) keeps
    // the region when the line after it is a row of the same table: text on both sides of the
    // same gutter. Anything else after white (a title, the body, "Kính gửi") ends it.
    if (white > REGION_BREAK_EM * em && !bothSides(cur, gap)) break;
    covered = next;
  }
  if (j - i < 3) return null;
  const gap = widestGap(covered, minGutter);
  if (!gap) return null;
  const cut = (gap[0] + gap[1]) / 2;
  const left = { n: 0, top: Infinity, bottom: -Infinity, widest: 0 };
  const right = { n: 0, top: Infinity, bottom: -Infinity, widest: 0 };
  for (let k = i; k < j; k++) {
    const l = lines[k]!;
    const a = l.boxes.filter((b) => b.x + b.w / 2 < cut);
    const c = l.boxes.filter((b) => b.x + b.w / 2 >= cut);
    for (const [side, part] of [[left, a], [right, c]] as const) {
      if (!part.length) continue;
      side.n++;
      side.top = Math.min(side.top, l.y);
      side.bottom = Math.max(side.bottom, l.y);
      side.widest = Math.max(side.widest, Math.max(...part.map((b) => b.x + b.w)) - Math.min(...part.map((b) => b.x)));
    }
  }
  if (left.n < 2 || right.n < 2 || left.widest < minColumn || right.widest < minColumn) return null;
  // Side by side, not one above the other (that order is the lines' own).
  if (left.top > right.bottom || right.top > left.bottom) return null;
  return { from: i, to: j, cut };
}

/** Whether a line has text on each side of a gutter. */
function bothSides(line: Line, gap: Span): boolean {
  const cut = (gap[0] + gap[1]) / 2;
  return line.boxes.some((b) => b.x + b.w / 2 < cut) && line.boxes.some((b) => b.x + b.w / 2 >= cut);
}

function pieceOf(boxes: readonly TextBox[]): Piece {
  const l = lineOf([...boxes]);
  return { text: textOf(l.boxes), y: l.y, size: l.size, x0: l.x0, x1: l.x1 };
}

/** The page's lines in reading order (regions column by column). */
export function readingOrder(lines: readonly Line[], regions: readonly Region[]): string[] {
  let x0 = Infinity;
  let x1 = -Infinity;
  for (const l of lines) {
    x0 = Math.min(x0, l.x0);
    x1 = Math.max(x1, l.x1);
  }
  const narrow = NARROW_SHARE * (x1 - x0);
  const out: string[] = [];
  let plain: Piece[] = [];
  const flush = () => {
    out.push(...joinWrapped(plain, narrow));
    plain = [];
  };
  let r = 0;
  for (let k = 0; k < lines.length; ) {
    const reg = regions[r];
    if (reg && reg.from === k) {
      flush();
      const left: Piece[] = [];
      const right: Piece[] = [];
      for (let t = reg.from; t < reg.to; t++) {
        const l = lines[t]!;
        const a = l.boxes.filter((b) => b.x + b.w / 2 < reg.cut);
        const c = l.boxes.filter((b) => b.x + b.w / 2 >= reg.cut);
        if (a.length) left.push(pieceOf(a));
        if (c.length) right.push(pieceOf(c));
      }
      out.push(...joinWrapped(left, Infinity), ...joinWrapped(right, Infinity));
      k = reg.to;
      r++;
    } else {
      plain.push(pieceOf(lines[k]!.boxes));
      k++;
    }
  }
  flush();
  return out.filter((t) => t !== '');
}
