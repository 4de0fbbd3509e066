// "Số và ký hiệu": "Số: 36/2013/QĐ-UBND" -> number "36", notation "2013/QĐ-UBND". Tolerates
// "So:", "Số 05 / QĐ - STC", a notation broken after "-" or "/" at a line end, and the right column
// (place and date) flattened onto the same line.
import type { Line } from './lines.js';
import { fold } from '../text/fold.js';

export interface CodeHit {
  raw: string;
  /** null for an unnumbered "Số:    /TTr-STTTT". */
  number: string | null;
  notation: string;
  line: number;
  evidence: string;
  confidence: number;
}

// The notation of an unnumbered code: the groups after "Số: /".
const UNNUMBERED = /^\s*so\s*:\s*[._…]*\s*\/\s*([a-z0-9&.]+(?:[ ]*[-/][ ]*[a-z0-9&.]+)*)/;
// One space at most beside a separator inside the notation ("QĐ - UBND"), or a line break and the
// next line's indent: a run of spaces is a column gap, and "Số: 12/2024/QĐ-      Long An, ngày …"
// (a notation cut at the end of the left column, the right column flattened after it) was read
// "2024/QĐ-Long" (found by fuzzing).
const CODE = /(?<![a-z])so\s*(?:[:.]\s*|\s+)(\d{1,6})\s*\/\s*([a-z0-9&.]+(?:[ ]?(?:\n[ ]*)?[-/][ ]?(?:\n[ ]*)?[a-z0-9&.]+)*)/;

/** Decree 30 form of a number: Arabic, zero-padded below 10. */
export function canonicalNumber(digits: string): string {
  const n = parseInt(digits, 10);
  return n < 10 ? `0${n}` : String(n);
}

export function parseCodeString(raw: string): { number: string; notation: string } | null {
  const m = /^\s*(\d{1,6})\s*\/\s*(\S.*?)\s*$/.exec(raw.replace(/\s+/g, ' '));
  if (!m || !/\p{L}/u.test(m[2]!)) return null;
  return { number: canonicalNumber(m[1]!), notation: m[2]!.replace(/\s+/g, '').replace(/\.+$/, '') };
}

export function findCode(lines: Line[], from: number, to: number): CodeHit | null {
  // "Số" opens its line in every layout (the left column comes first when columns are flattened);
  // "Nghị định số 30/2020/NĐ-CP" in a sentence is a reference, so mid-line hits are a fallback.
  return scanCode(lines, from, to, true) ?? scanCode(lines, from, to, false) ?? scanUnnumbered(lines, from, to);
}

/** "Số:      /TTr-STTTT": the notation without a number (a draft, or a number to be written by
 *  hand on the paper copy). The number stays null; it is never guessed. */
function scanUnnumbered(lines: Line[], from: number, to: number): CodeHit | null {
  for (let i = from; i < Math.min(to, lines.length); i++) {
    const l = lines[i]!;
    const m = UNNUMBERED.exec(l.fold);
    if (!m || !/[a-z]/.test(m[1]!)) continue;
    const start = m.index + m[0].length - m[1]!.length;
    const notation = l.text.slice(start, m.index + m[0].length).replace(/\s+/g, '').replace(/\.+$/, '');
    return { raw: `/${notation}`, number: null, notation, line: i, evidence: l.text.trim(), confidence: 0.8 };
  }
  return null;
}

function scanCode(lines: Line[], from: number, to: number, atStart: boolean): CodeHit | null {
  for (let i = from; i < Math.min(to, lines.length); i++) {
    const l = lines[i]!;
    if (atStart ? !/^\s*so\s*[:.\s]\s*\d/.test(l.fold) : !/(?<![a-z])so\s*:\s*\d/.test(l.fold)) continue;
    // Join the next line when the notation is cut after a separator.
    let text = l.text;
    const next = lines[i + 1];
    if (/[-/]\s*$/.test(l.text) && next) text = l.text + '\n' + next.text;
    const f = fold(text);
    const m = CODE.exec(f);
    if (!m) continue;
    const start = m.index + m[0].search(/\d/);
    const end = m.index + m[0].length;
    const raw = text.slice(start, end).replace(/\s*\n\s*/g, '').trim();
    const parsed = parseCodeString(raw);
    if (!parsed) continue;
    // A notation needs a letter group; "Số 12/2013" alone is a reference, not a code.
    if (!/\p{L}/u.test(parsed.notation)) continue;
    const hasLabel = /(?<![a-z])so\s*:/.test(l.fold);
    return {
      raw: raw.replace(/\.+$/, ''),
      number: parsed.number,
      notation: parsed.notation,
      line: i,
      evidence: l.text.trim(),
      confidence: hasLabel ? 0.97 : 0.85,
    };
  }
  return null;
}
