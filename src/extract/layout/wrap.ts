// Lines that wrapped inside a block (a table cell of the header or the foot, a narrow block) are
// joined back into the line the author typed when the next line goes on the sentence: it starts
// in lower case or with a number ("…, ngày 12 tháng 3 năm" / "2026"), is aligned with the line
// above and no wider. A line broken after a hyphen inside a token ("Nghị quyết số 57-" / "NQ/TW")
// is joined without a space: Vietnamese words are not hyphenated at a line end.
//
// Lines in capitals are never joined. Whether the author ended a line or the word processor
// wrapped it cannot be told from positions: the test "the next word would not have fitted"
// (measured against the cell's width, known from its centred lines and the justified body's
// margin) joined "KT. TRƯỞNG PHÒNG HÀNH" / "CHÍNH TƯ PHÁP" rightly but also "KT. BỘ TRƯỞNG, CHỦ
// NHIỆM" / "PHÓ CHỦ NHIỆM", two lines the author typed, and in the header a parent organ that
// fills the column and the organ under it (agencies that print both in bold, against Decree 30's
// regular parent). The recognisers group capital lines by their words instead (fields/header.ts
// splitNames, fields/footer.ts readSigner).
/** A line, or the part of it on one side of a region's gutter. */
export interface Piece {
  text: string;
  y: number;
  size: number;
  x0: number;
  x1: number;
}

// "2026", "3 năm 2026": a number that goes on; not a numbered item ("1. …", "2) …").
// A lettered item ("a) Sở Tư pháp", "b. …") starts in lower case but is an item, not a wrap.
const CONTINUATION = /^(?:(?!\p{Ll}{1,2}[.)]\s)\p{Ll}|\d{1,4}(?![\d.)/]*[.)]\s))/u;
const RULE_TEXT = /^[-_=.…*~\s]{3,}$/;

/** Whether piece b is the wrapped continuation of piece a (the line right above it in its block). */
function continues(a: Piece, b: Piece, maxWidth: number): boolean {
  if (!a.text || !b.text || a.x1 - a.x0 > maxWidth) return false;
  if (Math.abs(a.size - b.size) > 0.15 * a.size) return false;
  if (b.y <= a.y || b.y - a.y > 1.8 * a.size) return false;
  if (/[.;:!?]$/.test(a.text) || RULE_TEXT.test(a.text)) return false;
  const tol = 0.6 * a.size;
  const aligned = Math.abs(a.x0 - b.x0) <= tol || Math.abs(a.x1 - b.x1) <= tol || Math.abs(a.x0 + a.x1 - b.x0 - b.x1) / 2 <= tol;
  if (!aligned) return false;
  // A token broken after its hyphen by the word processor ("số 57-" / "NQ/TW"): the line above
  // ended early, so the next may be wider.
  if (/[\p{L}\d]-$/u.test(a.text) && /^[\p{L}\d]/u.test(b.text)) return true;
  return CONTINUATION.test(b.text) && b.x1 - b.x0 <= a.x1 - a.x0 + tol;
}

export function joinWrapped(pieces: readonly Piece[], maxWidth: number): string[] {
  const out: string[] = [];
  let prev: Piece | null = null;
  for (const p of pieces) {
    if (prev && out.length && continues(prev, p, maxWidth)) out[out.length - 1] += /[\p{L}\d]-$/u.test(out[out.length - 1]!) ? p.text : ` ${p.text}`;
    else out.push(p.text);
    prev = p;
  }
  return out;
}
