// The OCR's lines as a text reader would give them. tesseract reads a Decree 30 header as single
// lines across both columns ("UBND TỈNH LONG AN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), and the
// signature block beside "Nơi nhận" the same way; the recogniser (from-text.ts) expects what a
// PDF's text layer gives: the left column's lines, then the right column's. So each line is cut at
// its wide gaps, and a run of lines that are all column pieces (none crosses the page's middle) is
// written left column first, then right column. Lines crossing the middle (the body, "Kính gửi")
// end a run and are kept as they are.
import { lineOf, type OcrLine, type OcrWord } from './tesseract.js';

/** A gap wider than this many word heights separates two columns (words are ~0.3 apart). */
const COLUMN_GAP = 2.5;

/** Pieces of one line, cut where the gap between two words is a column's gap. */
export function splitLine(line: OcrLine): OcrLine[] {
  const words = [...line.words].sort((a, b) => a.x - b.x);
  const heights = words.map((w) => w.h).sort((a, b) => a - b);
  const h = heights[Math.floor(heights.length / 2)] ?? 0;
  const pieces: OcrWord[][] = [];
  let cur: OcrWord[] = [];
  for (const w of words) {
    const prev = cur[cur.length - 1];
    if (prev && w.x - (prev.x + prev.w) > COLUMN_GAP * h) {
      pieces.push(cur);
      cur = [];
    }
    cur.push(w);
  }
  if (cur.length) pieces.push(cur);
  // A piece that is only a dash or a speck (the end of a rule under the organ's name) is dropped.
  return pieces.filter((p) => p.some((w) => /[\p{L}\p{N}]/u.test(w.text))).map(lineOf);
}

/** The page's text in reading order, columns one after the other. */
export function columnText(lines: OcrLine[], pageWidth: number, header: { lines: OcrLine[]; right: number; bottom: number } | null = null): string[] {
  const mid = pageWidth / 2;
  if (header) {
    // The left header column read on its own replaces the pieces of the page's lines there.
    const inside = (p: OcrLine) => p.x + p.w / 2 < header.right && p.y + p.h / 2 < header.bottom;
    lines = [...lines.flatMap((l) => splitLine(l).filter((p) => !inside(p))), ...header.lines];
  }
  const out: string[] = [];
  let left: string[] = [];
  let right: string[] = [];
  const flush = () => {
    out.push(...left, ...right);
    left = [];
    right = [];
  };
  let prevBottom = -1;
  for (const line of [...lines].sort((a, b) => a.y - b.y)) {
    const pieces = splitLine(line);
    // A wider gap than between two lines of a paragraph is an empty line, as a text layer has it
    // (the recogniser ends a subject there: the body begins after it).
    const gap = prevBottom >= 0 && line.y - prevBottom > line.h * 0.6;
    prevBottom = Math.max(prevBottom, line.y + line.h);
    const crosses = pieces.some((p) => p.x < mid - pageWidth * 0.05 && p.x + p.w > mid + pageWidth * 0.05);
    if (crosses || pieces.length === 0) {
      flush();
      if (gap) out.push('');
      out.push(...pieces.map((p) => p.text));
      continue;
    }
    if (gap && !left.length && !right.length) out.push('');
    for (const p of pieces) (p.x + p.w / 2 < mid ? left : right).push(p.text);
  }
  flush();
  return out;
}
