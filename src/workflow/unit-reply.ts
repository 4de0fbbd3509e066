// Reading a unit's answer to the document handed to it (chuyển giao): its ký nhận ("Đã nhận"),
// its report that the work is done ("Đã xử lý", "Hoàn thành"), or anything else — a request for
// more time, "not our field" — which the clerk reads. Pure; never guesses (see instruction.ts).
import { fold } from '../extract/text/fold.js';
import { looksAutomatic, ownText } from './reply-text.js';

/** Drops a greeting on the first line ("Chào chị Lan,"). */
function withoutGreeting(text: string): string {
  const [first, ...rest] = text.split('\n');
  return rest.length && /^(?:chao|gui|kinh gui|than gui)\b.{0,30}[,:!]\s*$/.test(fold(first ?? '').trim()) ? rest.join('\n').trim() : text;
}

export type UnitReading = { kind: 'received' | 'done'; note: string | null; text: string } | { kind: 'unreadable'; note: null; text: string; reason: string };

const DONE = /\b(?:da|vua)\s+(?:xu ly|hoan thanh|giai quyet|thuc hien|bao cao|tra loi|tham muu|ban hanh|gui)\b|\bhoan thanh\b|\bxong\b|\bket thuc\b/;
const RECEIVED = /\b(?:da|vua)\s+(?:nhan|tiep nhan|ro|nam)\b|\bnhan duoc\b|\bnhan roi\b|\bdang (?:xu ly|thuc hien|giai quyet|tham muu)\b|^(?:ok|oke|okay|vang|nhan|da nhan)\b/;
/** Handed on inside the unit ("Đã chuyển chuyên viên … xử lý"): the unit has it. */
const PASSED_ON = /\bda (?:chuyen|giao|phan cong)(?: cho)? (?:chuyen vien|can bo|dong chi|d\/c|anh|chi|em)\b/;
/** Work expected, not done: "dự kiến xong trước 11/12", "sẽ hoàn thành". */
const EXPECTED = /\b(?:du kien|se|sap|chua)\s+(?:xong|hoan thanh|xu ly xong)\b/g;
/** What a bare status reply is made of: nothing else to note. */
const STATUS_ONLY = /^(?:(?:da|vua|roi|nhe|a|da|xong|hoan thanh|xu ly|bao cao|giai quyet|phong|em|chung em)\s*)+$/;
const NOT_YET = /\b(?:chua|khong|chang)\s+(?:xu ly|hoan thanh|giai quyet|thuc hien|xong|nhan)(?:\s+xong)?\b/;
const ASKS = /\b(?:gia han|xin (?:them|lui|hoan)|de nghi|khong thuoc|khong phai|sai|nham|tra lai|chuyen lai|chuyen (?:cho|sang)|lui han)\b/;

export function readUnitReply(body: string): UnitReading {
  const text = withoutGreeting(ownText(body).trim());
  if (!text) return { kind: 'unreadable', note: null, text: '', reason: 'the reply has no words of its own' };
  const f = fold(text).replace(/[^a-z0-9/\n]/g, ' ').replace(/[ \t]+/g, ' ');
  if (text.includes('?')) return { kind: 'unreadable', note: null, text, reason: 'the reply asks a question' };
  if (looksAutomatic(text)) return { kind: 'unreadable', note: null, text, reason: 'an automatic answer (out of office)' };
  if (PASSED_ON.test(f) && !DONE.test(f.replace(PASSED_ON, ''))) return { kind: 'received', note: null, text };
  if (ASKS.test(f)) return { kind: 'unreadable', note: null, text, reason: 'the reply asks the clerk for something' };
  // "Chưa xử lý xong, đang chờ số liệu": not done, but the unit plainly has the document.
  if (NOT_YET.test(f) && !DONE.test(f.replace(NOT_YET, ' ').replace(EXPECTED, ' '))) return { kind: 'received', note: null, text };
  if (DONE.test(f.replace(EXPECTED, ' '))) {
    // The sentence that says what was done, as the unit wrote it; none for a bare "Hoàn thành".
    const lines = text.split('\n').map((s) => s.trim()).filter(Boolean);
    const norm = (s: string) => fold(s).replace(/[^a-z0-9/]/g, ' ').replace(/\s+/g, ' ').trim();
    const note = lines.find((s) => DONE.test(norm(s))) ?? text;
    return { kind: 'done', note: STATUS_ONLY.test(norm(note)) ? null : note, text };
  }
  if (RECEIVED.test(f.trim()) || RECEIVED.test(f)) return { kind: 'received', note: null, text };
  return { kind: 'unreadable', note: null, text, reason: 'neither received nor done' };
}
