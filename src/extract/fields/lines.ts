// The document as lines, each with its diacritic-folded twin (same length, see text/fold.ts), and
// the phrases every layout shares. Recognisers match on `fold` and cut values out of `text`.
import { fold, squash } from '../text/fold.js';

export interface Line {
  index: number;
  text: string;
  fold: string;
}

export function toLines(text: string): Line[] {
  return text.split('\n').map((raw, index) => {
    const t = raw.replace(/\s+$/, '');
    return { index, text: t, fold: fold(t) };
  });
}

// The national motto, folded, with spacing and OCR-lost marks tolerated; and as an 8-bit text read
// as UTF-8 leaves it: a body in windows-1258 declared UTF-8 turns each marked letter into U+FFFD
// ("C��NG HO�A XA� H��I CHU� NGHI�A VI��T NAM"), which a tool may print as "?". Consonants
// survive; a vowel (or đ) may be lost or followed by such characters.
const LOST = '[?\\uFFFD]';
function damaged(words: string[], between: string): string {
  const word = (w: string) => [...w].map((c) => (/[aeiouyd]/.test(c) ? `(?:${c}|${LOST}{1,3})${LOST}{0,2}` : c)).join('');
  return words.map(word).join(between);
}
const MOTTO1_STRICT = 'c\\s?o\\s?n\\s?g\\s*h\\s?o\\s?a\\s*x\\s?a\\s*h\\s?o\\s?i\\s*c\\s?h\\s?u\\s*n\\s?g\\s?h\\s?i\\s?a\\s*v\\s?i\\s?e\\s?t\\s*n\\s?a\\s?m';
const MOTTO2_STRICT = 'doc\\s*lap\\s*[-–,.]?\\s*tu\\s*do\\s*[-–,.]?\\s*hanh\\s*phuc';
/** "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (folded). */
export const MOTTO1 = new RegExp(`${MOTTO1_STRICT}|${damaged(['cong', 'hoa', 'xa', 'hoi', 'chu', 'nghia', 'viet', 'nam'], '\\s*')}`);
/** "Độc lập - Tự do - Hạnh phúc". */
export const MOTTO2 = new RegExp(`${MOTTO2_STRICT}|${damaged(['doc', 'lap'], '\\s*')}\\s*[-–,.]?\\s*${damaged(['tu', 'do'], '\\s*')}\\s*[-–,.]?\\s*${damaged(['hanh', 'phuc'], '\\s*')}`);
/** A piece of the motto that the patterns above miss (a misread word, a line cut short): such a line
 *  is never the issuing organ. */
export const MOTTO_LIKE = /cong\s*hoa\s*xa\s*hoi|xa\s*hoi\s*chu\s*nghia|chu\s*nghia\s*viet\s*nam|doc\s*lap\s*[-–,.]?\s*tu\s*do|tu\s*do\s*[-–,.]?\s*hanh\s*phuc/;
/** "Số: 12/…", "So 12/…", or an unnumbered "Số:    /TTr-STTTT" (the number is written by hand on
 *  the paper copy, or not given yet), on folded text. */
export const CODE_LABEL = /(?<![a-z])so\s*(?:[:.]?\s*\d|:\s*[._…]*\s*\/)/;
export const CODE_LABEL_AT_START = new RegExp(`^\\s*${CODE_LABEL.source}`);
/** A rule drawn as text: "-------", "___", "=====". */
export const RULE = /[-_=~*.]{3,}/g;

export function isBlank(l: Line | undefined): boolean {
  return !l || l.text.trim() === '';
}

export function isRule(l: Line): boolean {
  const t = l.text.trim();
  return t.length > 0 && t.replace(RULE, '').trim() === '';
}

/** Remove ranges [start,end) from a line and squash the rest. */
export function cut(text: string, ranges: Array<[number, number]>): string {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let out = '';
  let pos = 0;
  for (const [s, e] of sorted) {
    if (s > pos) out += text.slice(pos, s) + ' ';
    pos = Math.max(pos, e);
  }
  out += text.slice(pos);
  return squash(out);
}

/** Index ranges of a regex (global copy) in a string. */
export function ranges(re: RegExp, s: string): Array<[number, number]> {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  const out: Array<[number, number]> = [];
  for (const m of s.matchAll(g)) out.push([m.index, m.index + m[0].length]);
  return out;
}
