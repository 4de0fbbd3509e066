// Reading a unit's answer to the document handed to it (chuyển giao): its ký nhận ("Đã nhận"),
// its report that the work is done ("Đã xử lý", "Hoàn thành"), or anything else — a request for
// more time, "not our field" — which the clerk reads. Pure; never guesses (see instruction.ts).
import { fold } from '../extract/text/fold.js';
import { ownText } from './reply-text.js';

export type UnitReading = { kind: 'received' | 'done'; note: string | null; text: string } | { kind: 'unreadable'; note: null; text: string; reason: string };

const DONE = /\b(?:da|vua)\s+(?:xu ly|hoan thanh|giai quyet|thuc hien|bao cao|tra loi|tham muu|ban hanh|gui)\b|\bhoan thanh\b|\bxong\b|\bket thuc\b/;
const RECEIVED = /\b(?:da|vua)\s+(?:nhan|tiep nhan|ro|nam)\b|\bnhan duoc\b|^(?:ok|oke|okay|vang|nhan|da nhan)\b/;
const NOT_YET = /\b(?:chua|khong|chang)\s+(?:xu ly|hoan thanh|giai quyet|thuc hien|xong|nhan)\b/;
const ASKS = /\b(?:gia han|xin (?:them|lui|hoan)|de nghi|khong thuoc|khong phai|sai|nham|tra lai|chuyen lai|chuyen (?:cho|sang)|lui han)\b/;

export function readUnitReply(body: string): UnitReading {
  const text = ownText(body).trim();
  if (!text) return { kind: 'unreadable', note: null, text: '', reason: 'the reply has no words of its own' };
  const f = fold(text).replace(/[^a-z0-9/\n]/g, ' ').replace(/[ \t]+/g, ' ');
  if (text.includes('?')) return { kind: 'unreadable', note: null, text, reason: 'the reply asks a question' };
  if (ASKS.test(f)) return { kind: 'unreadable', note: null, text, reason: 'the reply asks the clerk for something' };
  if (NOT_YET.test(f) && !DONE.test(f.replace(NOT_YET, ''))) return { kind: 'unreadable', note: null, text, reason: 'the reply says the work is not done' };
  if (DONE.test(f)) {
    // The sentence that says what was done, as the unit wrote it.
    const sentences = text.split(/\n|(?<=[.!])\s+/).map((s) => s.trim()).filter(Boolean);
    const note = sentences.find((s) => DONE.test(fold(s).replace(/[^a-z0-9/]/g, ' ').replace(/\s+/g, ' '))) ?? text;
    return { kind: 'done', note: note.replace(/[.\s]+$/, ''), text };
  }
  if (RECEIVED.test(f.trim()) || RECEIVED.test(f)) return { kind: 'received', note: null, text };
  return { kind: 'unreadable', note: null, text, reason: 'neither received nor done' };
}
