// Type name and trích yếu. The type is printed in capitals on its own line ("QUYẾT ĐỊNH") and the
// subject follows ("Về việc …", or in capitals); a công văn has no title and carries its subject
// as "V/v …" under the number. When the title is missing the notation's abbreviation decides.
import type { Line } from './lines.js';
import { RULE, isBlank, isRule } from './lines.js';
import { TITLES, typeFromAbbreviation } from './doctypes.js';
import { fold, squash, upperRatio } from '../text/fold.js';

export interface TypeHit {
  name: string;
  line: number;
  /** Text after the type name on the same line (flattened layouts). */
  rest: string;
  evidence: string;
  confidence: number;
}

export function findTitle(lines: Line[], from: number, to: number): TypeHit | null {
  for (let i = from; i < Math.min(to, lines.length); i++) {
    const l = lines[i]!;
    const t = l.fold.trim();
    if (!t) continue;
    for (const title of TITLES) {
      if (!t.startsWith(title.fold)) continue;
      const after = t.slice(title.fold.length);
      if (after && !/^[\s:.]/.test(after)) continue;
      const lead = l.text.trim().slice(0, title.fold.length);
      // Titles are capitals; "Quyết định này có hiệu lực…" in the body is not a title.
      if (upperRatio(lead) < 0.9) continue;
      const rest = l.text.trim().slice(title.fold.length).replace(/^[\s:.]+/, '');
      // A colon marks the operative "QUYẾT ĐỊNH:" of the body, not the title.
      if (/^\s*:\s*$/.test(after)) continue;
      if (rest && upperRatio(rest) > 0.9 && rest.length > 40 && !/^ve\b/.test(fold(rest))) continue;
      return { name: title.name, line: i, rest, evidence: l.text.trim(), confidence: 0.95 };
    }
  }
  return null;
}

/** Type from the notation: "2013/QĐ-UBND" -> Quyết định; "UBND-VX" (no abbreviation) -> Công văn. */
export function typeFromNotation(notation: string): { name: string; confidence: number; group: string } | null {
  const groups = notation.split(/[-/]/).filter((g) => g && !/^\d+$/.test(g));
  const first = groups[0];
  if (!first) return null;
  const t = typeFromAbbreviation(first);
  if (t) return { name: t.name, confidence: t.exact ? 0.85 : 0.7, group: first };
  return { name: 'Công văn', confidence: 0.75, group: first };
}

const STOP = /^(can cu|kinh gui|thuc hien|theo de nghi|xet de nghi|dieu \d|chuong [ivx\d]|phan [ivx\d]|[ivx]+\s*[.)]|\d+\s*[.)]|noi nhan|quyet dinh\s*:|quyet nghi\s*:|nham\b)/;
const COMPETENCE = /^(uy ban nhan dan|hoi dong nhan dan|chu tich|giam doc|bo truong|thu tuong|tong cuc truong|cuc truong|chanh van phong|truong ban|hieu truong|vien truong|chanh thanh tra)\b/;

/** Collect the subject starting at line `from` (or with `first` already read from the title line).
 *  Continuation lines keep the first line's style: capitals follow capitals; a mixed-case subject
 *  continues on lines that start in lower case (a wrapped sentence), not on a new sentence. */
export function collectSubject(lines: Line[], from: number, first: string | null, organFold: string | null): { text: string; lines: number[] } | null {
  const parts: string[] = [];
  const used: number[] = [];
  let i = from;
  if (first === null) {
    while (i < lines.length && (isBlank(lines[i]) || isRule(lines[i]!)) && i < from + 3) i++;
    const l = lines[i];
    if (!l || isBlank(l) || STOP.test(l.fold.trim())) return null;
    parts.push(l.text.trim());
    used.push(i);
    i++;
  } else parts.push(first);
  const caps = upperRatio(parts[0]!) > 0.8;
  for (; i < lines.length && parts.length < 5; i++) {
    const l = lines[i]!;
    const t = l.text.trim();
    const f = l.fold.trim();
    if (!t || isRule(l) || STOP.test(f)) break;
    if (organFold && f === organFold) break;
    if (caps) {
      if (upperRatio(t) < 0.8 || COMPETENCE.test(f)) break;
    } else if (!/^[\p{Ll}\d(]/u.test(t)) break;
    parts.push(t);
    used.push(i);
  }
  const text = squash(parts.join(' ').replace(RULE, ' '));
  return text ? { text, lines: used } : null;
}

/** "V/v …" of a công văn, looked for between the number and the body. */
export function findVv(lines: Line[], from: number, to: number): number {
  for (let i = from; i < Math.min(to, lines.length); i++) {
    if (/^v\s*[/.]\s*v\b/.test(lines[i]!.fold.trim())) return i;
  }
  return -1;
}
