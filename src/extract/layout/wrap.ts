// Lines that wrapped inside a block (a table cell of the header or the foot, a narrow block) are
// joined back into the line the author typed. Two rules:
//
// - The next line goes on the sentence: it starts in lower case or with a number ("…, ngày 12
//   tháng 3 năm" / "2026"), is aligned with the line above and no wider.
// - In the right column of a table (the header's motto and date, the foot's signature block),
//   whose width is known from its centred lines, the next line's first word would not have fitted
//   at the end of the line above: the break was the word processor's, not the author's, capitals
//   too ("KT. TRƯỞNG PHÒNG HÀNH" / "CHÍNH TƯ PHÁP"). A line the author ended by hand leaves room
//   for the next word, or changes face. Lines that begin a new item by Decree 30's layout never
//   continue one ("Số:", "V/v", "TM.", "KT.", the motto's second line, a secrecy or urgency mark,
//   a list item). The header's left column is left to the recogniser's word rules: Decree 30
//   prints the parent organ in regular capitals and the organ in bold, but agencies that bold
//   both make a parent line that fills the column ("UBND TỈNH LONG AN" / "SỞ TƯ PHÁP") look
//   exactly like one name wrapped, and joining them would make one name of two.
// A line broken after a hyphen inside a notation ("Nghị quyết số 57-" / "NQ/TW") is joined
// without a space: Vietnamese words are not hyphenated at a line end.

/** A line, or the part of it on one side of a region's gutter. */
export interface Piece {
  text: string;
  y: number;
  size: number;
  x0: number;
  x1: number;
  /** Fonts of the first and last text items, and the advance of the first word. */
  firstFont: string;
  lastFont: string;
  firstWord: number;
}

/** Word processors' default cell padding (0.19 cm in Word and LibreOffice), each side. */
const CELL_PAD = 5.4;

// "2026", "3 năm 2026": a number that goes on; not a numbered item ("1. …", "2) …").
const CONTINUATION = /^(?:\p{Ll}|\d{1,4}(?![\d.)/]*[.)]\s))/u;
const RULE_TEXT = /^[-_=.…*~\s]{3,}$/;
const STARTS_ITEM = /^(?:S[ốo]\s*:|V\/v\b|(?:TM|KT|TL|TUQ|Q)\.|Độc lập|N[ơo]i nh[ậa]n|Kính g[ửở]i|[-+•*]\s|\()/u;
const MARK_LINE = /^(?:MẬT|TỐI MẬT|TUYỆT MẬT|KHẨN|THƯỢNG KHẨN|HỎA TỐC(?: HẸN GIỜ)?)$/u;

/** Whether piece b is the wrapped continuation of piece a (the line right above it in its block);
 *  `room` is the column's text width when it is known. */
function continues(a: Piece, b: Piece, maxWidth: number, room: number | null): boolean {
  if (!a.text || !b.text || a.x1 - a.x0 > maxWidth) return false;
  if (Math.abs(a.size - b.size) > 0.15 * a.size) return false;
  if (b.y <= a.y || b.y - a.y > 1.8 * a.size) return false;
  if (/[.;:!?]$/.test(a.text) || RULE_TEXT.test(a.text)) return false;
  if (MARK_LINE.test(a.text) || MARK_LINE.test(b.text) || STARTS_ITEM.test(b.text)) return false;
  const tol = 0.6 * a.size;
  const aligned = Math.abs(a.x0 - b.x0) <= tol || Math.abs(a.x1 - b.x1) <= tol || Math.abs(a.x0 + a.x1 - b.x0 - b.x1) / 2 <= tol;
  if (!aligned || b.x1 - b.x0 > a.x1 - a.x0 + tol) return false;
  if (CONTINUATION.test(b.text)) return true;
  // A token broken after its hyphen by the word processor ("số 57-" / "NQ/TW").
  if (/[\p{L}\d]-$/u.test(a.text) && /^[\p{L}\d]/u.test(b.text)) return true;
  if (room === null || a.lastFont !== b.firstFont || /^S[ốo]\s*:/.test(a.text)) return false;
  // A space is about a quarter of an em. The cell's edges are known to a padding (whether the
  // producer aligns the cell's text or the cell's border with the page margin): a line that
  // would have come within a padding of the edge with the next word is taken as wrapped.
  return a.x1 - a.x0 + 0.25 * a.size + b.firstWord > room - CELL_PAD;
}

export function joinWrapped(pieces: readonly Piece[], maxWidth: number, room: number | null = null): string[] {
  const out: string[] = [];
  let prev: Piece | null = null;
  for (const p of pieces) {
    if (prev && out.length && continues(prev, p, maxWidth, room)) out[out.length - 1] += /[\p{L}\d]-$/u.test(out[out.length - 1]!) ? p.text : ` ${p.text}`;
    else out.push(p.text);
    prev = p;
  }
  return out;
}

/** Text width of a right-hand table column whose lines are centred in their cell (Decree 30's
 *  motto and date, the signature block): the cell reaches from the page's right text edge to the
 *  mirror of that edge about the lines' common centre. Null when the lines are not centred on one
 *  axis. */
export function columnRoom(pieces: readonly Piece[], pageX1: number): number | null {
  if (pieces.length < 2) return null;
  const centres = pieces.map((p) => (p.x0 + p.x1) / 2).sort((p, q) => p - q);
  const c = centres[Math.floor(centres.length / 2)]!;
  const on = pieces.filter((p) => Math.abs((p.x0 + p.x1) / 2 - c) <= 0.5 * p.size).length;
  if (on < (2 / 3) * pieces.length) return null;
  const width = 2 * (pageX1 - c);
  const widest = Math.max(...pieces.map((p) => p.x1 - p.x0));
  return Math.max(width - 2 * CELL_PAD, widest);
}
