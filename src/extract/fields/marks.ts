// Urgency (Khẩn, Thượng khẩn, Hỏa tốc) and secrecy (Mật, Tối mật, Tuyệt mật) stamps. They are
// printed in capitals in the header zone (near the number, above the title), as a line of their
// own or flattened onto a header line, or written with a label ("Độ mật: Mật"). The same words in
// lower case run through ordinary prose ("khẩn trương", "bí mật nhà nước"), and a capitalised
// "MẬT" line in the body is a list or table entry: neither counts.
import type { Line } from './lines.js';
import type { Secrecy, Urgency } from '../types.js';
import { upperRatio } from '../text/fold.js';

export interface MarkHit<T> {
  value: T;
  evidence: string;
  confidence: number;
}

const URGENCY: Array<[RegExp, Urgency]> = [
  [/hoa\s*toc/, 'Hỏa tốc'],
  [/thuong\s*khan/, 'Thượng khẩn'],
  [/khan/, 'Khẩn'],
];
const SECRECY: Array<[RegExp, Secrecy]> = [
  [/tuyet\s*mat/, 'Tuyệt mật'],
  [/toi\s*mat/, 'Tối mật'],
  [/mat/, 'Mật'],
];

function scan<T>(lines: Line[], table: Array<[RegExp, T]>, headerFrom: number, headerTo: number, skip: Set<number>): MarkHit<T> | null {
  // 1. A labelled stamp ("Độ mật: Tối mật", as forms and transmittal slips write it), anywhere.
  for (const l of lines) {
    const label = /^do\s*(mat|khan)\s*:\s*/.exec(l.fold.trim());
    if (!label) continue;
    const f = l.fold.trim().slice(label[0].length);
    for (const [re, value] of table) if (new RegExp(`^${re.source}$`).test(f)) return { value, evidence: l.text.trim(), confidence: 0.95 };
  }
  // 2. A line that is only the stamp, in capitals, in the header zone.
  for (let i = headerFrom; i < Math.min(headerTo, lines.length); i++) {
    const l = lines[i]!;
    if (upperRatio(l.text) !== 1) continue;
    const f = l.fold.trim();
    for (const [re, value] of table) {
      if (new RegExp(`^${re.source}$`).test(f)) return { value, evidence: l.text.trim(), confidence: 0.95 };
    }
  }
  // 3. A capitalised stamp flattened onto a header line ("Số: 12/UBND-VX KHẨN Long An, …").
  for (let i = headerFrom; i < Math.min(headerTo, lines.length); i++) {
    if (skip.has(i)) continue;
    const l = lines[i]!;
    for (const [re, value] of table) {
      const g = new RegExp(`(?<![\\p{L}])${re.source}(?![\\p{L}])`, 'gu');
      for (const m of l.fold.matchAll(g)) {
        const orig = l.text.slice(m.index, m.index + m[0].length);
        if (upperRatio(orig) < 1) continue;
        // Inside a capitalised phrase ("BẢO VỆ BÍ MẬT NHÀ NƯỚC") it is a word, not a stamp.
        const before = l.text.slice(0, m.index).trimEnd().split(/\s+/).pop() ?? '';
        const after = l.text.slice(m.index + m[0].length).trimStart().split(/\s+/)[0] ?? '';
        const capsWord = (w: string) => /^\p{Lu}{2,}$/u.test(w) && !/[\d/-]/.test(w);
        if (capsWord(before) || capsWord(after)) continue;
        return { value, evidence: l.text.trim(), confidence: 0.8 };
      }
    }
  }
  return null;
}

export function findUrgency(lines: Line[], from: number, to: number, skip: Set<number>): MarkHit<Urgency> | null {
  return scan(lines, URGENCY, from, to, skip);
}

export function findSecrecy(lines: Line[], from: number, to: number, skip: Set<number>): MarkHit<Secrecy> | null {
  return scan(lines, SECRECY, from, to, skip);
}
