// Diacritic folding for matching. Scanned (OCR) text often loses its marks ("Quyet dinh"), so every
// recogniser matches on a folded copy of the text. Folding is length-preserving on NFC input: each
// UTF-16 unit maps to exactly one unit, so an index found in the folded string is valid in the
// original and the value can be cut from the original, marks and all.

const cache = new Map<string, string>();

function foldChar(ch: string): string {
  let out = cache.get(ch);
  if (out !== undefined) return out;
  if (ch === 'đ' || ch === 'Đ') out = 'd';
  else {
    const base = ch.normalize('NFD')[0] ?? ch;
    const lower = base.toLowerCase();
    out = lower.length === 1 ? lower : ch;
  }
  cache.set(ch, out);
  return out;
}

/** Lower-case, strip Vietnamese marks, keep length. Input should be NFC. */
export function fold(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = ch.charCodeAt(0);
    if (code < 0x80) out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
    else out += foldChar(ch);
  }
  return out;
}

/** Remove marks but keep case ("Quyết định" -> "Quyet dinh"); used by the corpus for OCR-like text. */
export function stripMarks(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

const LETTER = /\p{L}/u;

/** Share of letters that are upper-case; 1 for an all-caps line. Lines without letters give 0. */
export function upperRatio(s: string): number {
  let letters = 0;
  let upper = 0;
  for (const ch of s) {
    if (!LETTER.test(ch)) continue;
    letters++;
    if (ch !== ch.toLowerCase() && ch === ch.toUpperCase()) upper++;
  }
  return letters === 0 ? 0 : upper / letters;
}

export function hasLetters(s: string): boolean {
  return LETTER.test(s);
}

/** Collapse runs of white space to one space and trim. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
