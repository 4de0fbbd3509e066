// "<Place>, ngày 08 tháng 8 năm 2013" (or "Long An, 08/8/2013") -> 2013-08-08 and "Long An".
// The place is the run of capitalised words before the comma, after anything flattened in from
// the left column ("Số: …", the motto) is removed.
import type { Line } from './lines.js';
import { MOTTO1, MOTTO2, RULE, cut, ranges } from './lines.js';
import { fold, squash, upperRatio } from '../text/fold.js';

export interface DateHit {
  iso: string;
  place: string | null;
  line: number;
  /** Where the right column's "<Place>, ngày …" starts in the line's text (a flattened left column
   *  such as "V/v …" sits before it). */
  tailStart: number;
  evidence: string;
  confidence: number;
}

const WORDS = /ngay\s*(\d{1,2})\s*(?:,\s*)?thang\s*(\d{1,2})\s*(?:,\s*)?nam\s*(\d{4})/;
const NUMERIC = /(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})(?!\d)/;

export function isoDate(d: number, m: number, y: number): string | null {
  if (m < 1 || m > 12 || d < 1 || y < 1945 || y > 2100) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Parse a free-standing date text ("08/8/2013", "ngày 8 tháng 8 năm 2013", "2013-08-08",
 *  "2013/08/08" as edXML writes it). `foldS` is the folded text when the caller has it; by default
 *  the text is folded here (it defaulted to the text itself, so "ngày 8 tháng 8 năm 2013" with
 *  its marks was never read, e.g. as an edXML PromulgationDate; found by fuzzing). */
export function parseDateText(s: string, foldS: string = fold(s.normalize('NFC'))): string | null {
  const iso = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(s);
  if (iso) return isoDate(+iso[3]!, +iso[2]!, +iso[1]!);
  const w = WORDS.exec(foldS);
  if (w) return isoDate(+w[1]!, +w[2]!, +w[3]!);
  const n = NUMERIC.exec(s);
  if (n) return isoDate(+n[1]!, +n[2]!, +n[3]!);
  return null;
}

const STAMP_WORD = /^(mat|khan|hoa|toc|thuong|toi|tuyet)$/;
const LEVEL = /^(thanh pho|thi xa|thi tran)$/;
const PLACE_WORD = /^(?:\p{Lu}[\p{L}.'-]*|TP\.|Tp\.|TX\.|Q\.|-|\d+)$/u;

function placeBefore(line: Line, dateStart: number): string | null {
  const head = line.text.slice(0, dateStart);
  const comma = head.lastIndexOf(',');
  if (comma < 0 || head.slice(comma + 1).trim() !== '') return null;
  const f = line.fold.slice(0, comma);
  const drop: Array<[number, number]> = [...ranges(MOTTO1, f), ...ranges(MOTTO2, f), ...ranges(RULE, f)];
  // Drop "Số: 12/ABC-XYZ" and everything before it (left column flattened onto this line), with
  // the spaced separators the code reader accepts ("Số: 05/QĐ - STC"): the last group was taken for
  // a word of the place ("STC Long An"; found by fuzzing).
  const code = /(?<![a-z])so\s*(?:[:.]?\s*\d{1,6}|:\s*[._…]*)\s*\/\s*\S+(?: ?[-/] ?\S+)*/.exec(f);
  if (code) drop.push([0, code.index + code[0].length]);
  const rest = cut(line.text.slice(0, comma), drop.filter(([s]) => s < comma).map(([s, e]) => [s, Math.min(e, comma)]));
  const words = squash(rest).split(' ').filter(Boolean);
  const out: string[] = [];
  let i = words.length - 1;
  for (; i >= 0 && out.length < 6; i--) {
    const w = words[i]!;
    // A stamp flattened in from the left column ("Số: 7/SNV-VP MẬT Long An, ngày …").
    if (!PLACE_WORD.test(w) || (STAMP_WORD.test(fold(w)) && upperRatio(w) === 1)) break;
    out.unshift(w);
  }
  // "Thành phố Hồ Chí Minh", "Thị xã Kiến Tường": the level word is written in lower case.
  const level = words.slice(Math.max(0, i - 1), i + 1).join(' ');
  if (i >= 1 && out.length && LEVEL.test(fold(level)) && /^\p{Lu}/u.test(level)) out.unshift(...level.split(' '));
  while (out[0] === '-') out.shift();
  // A number belongs to the place only after a level word ("Quận 1"); "… năm 2024 Long An" is the
  // end of a flattened subject.
  while (out.length && /^\d+$/.test(out[0]!)) out.shift();
  return out.length ? out.join(' ') : null;
}

export function findDate(lines: Line[], from: number, to: number): DateHit | null {
  let fallback: DateHit | null = null;
  for (let i = from; i < Math.min(to, lines.length); i++) {
    const l = lines[i]!;
    for (const [re, conf] of [
      [WORDS, 0.95],
      [NUMERIC, 0.85],
    ] as const) {
      const m = re.exec(l.fold);
      if (!m) continue;
      const iso = re === WORDS ? isoDate(+m[1]!, +m[2]!, +m[3]!) : isoDate(+m[1]!, +m[2]!, +m[3]!);
      if (!iso) continue;
      // "ngày" directly before a numeric date belongs to it.
      let start = m.index;
      const pre = /ngay\s*$/.exec(l.fold.slice(0, start));
      if (pre) start = pre.index;
      const place = placeBefore(l, start);
      const tailStart = place ? l.text.lastIndexOf(place, start) : start;
      const hit: DateHit = { iso, place, line: i, tailStart: tailStart >= 0 ? tailStart : start, evidence: l.text.trim(), confidence: place ? conf : conf - 0.15 };
      // A date with a place before it is the promulgation line; others are references.
      if (place) return hit;
      // Without a place, only a line that is little more than the date itself ("ngày 8 tháng 8
      // năm 2013" on its own); "Căn cứ Luật … ngày 19 tháng 6 năm 2015" is a reference.
      const rest = l.text.slice(0, start) + l.text.slice(m.index + m[0].length);
      if (!fallback && re === WORDS && rest.replace(/[\s,.;:]/g, '').length <= 12) fallback = hit;
    }
  }
  return fallback;
}

// "<Place>, ngày      tháng 3 năm 2024": the day (or the month) is left blank on a draft, to be
// written in when the document is signed.
const UNFILLED = /,\s*ngay\s*[\d._…]*\s*thang\s*[\d._…]*\s*nam\s*(\d{4}|[._…]*)/;

/** The place of a promulgation line whose date is not filled in (the date itself stays null). */
export function findPlaceOnly(lines: Line[], from: number, to: number): { place: string; line: number; tailStart: number; evidence: string } | null {
  for (let i = from; i < Math.min(to, lines.length); i++) {
    const l = lines[i]!;
    const m = UNFILLED.exec(l.fold);
    if (!m) continue;
    const place = placeBefore(l, m.index + m[0].indexOf('ngay'));
    if (place) return { place, line: i, tailStart: Math.max(0, l.text.lastIndexOf(place, m.index)), evidence: l.text.trim() };
  }
  return null;
}
