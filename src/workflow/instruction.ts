// Reading a leader's instruction (ý kiến phân phối, chỉ đạo giải quyết; Decree 30/2020 Art. 24)
// from his reply to a routing slip, in the words leaders really write: "Chuyển Phòng Kế hoạch chủ
// trì, Phòng Tài chính phối hợp, hạn 20/12", "Đồng ý đề xuất", "Lưu", with or without marks, with
// a signature and the quoted slip below. Pure.
//
// The rule that governs everything here: never guess. A unit is taken only when the words name
// exactly one entry of the agency's list; a deadline only when it is written and is a real date.
// Anything else — an unknown or ambiguous unit, a question, a refusal, two deadlines — is
// 'unreadable' with the reason, and the clerk reads it (the clerk is told, the leader is not
// answered with a guess).
import { fold } from '../extract/text/fold.js';
import { readDeadline } from './deadline.js';
import { looksAutomatic, ownText } from './reply-text.js';

export type Role = 'lead' | 'support' | 'informed';

/** A unit or a person an instruction can name (the agency's list, `src/workflow/settings.ts`). */
export interface Target {
  code: string;
  name: string;
  aliases: readonly string[];
}

export interface Assignment {
  code: string;
  role: Role;
}

export type Reading =
  | { kind: 'assign'; units: Assignment[]; deadline: string | null; text: string }
  | { kind: 'approve'; units: Assignment[]; deadline: string | null; text: string }
  | { kind: 'file'; units: []; deadline: null; text: string }
  | { kind: 'unreadable'; units: []; deadline: null; text: string; reason: string };

export interface InstructionInput {
  /** The reply's plain-text body, as received (quoted text and signature are removed here). */
  body: string;
  targets: readonly Target[];
  /** What the slip proposed: "Đồng ý đề xuất" means these units and deadline. */
  proposal: { units: readonly Assignment[]; deadline: string | null } | null;
  /** The local day the reply arrived (YYYY-MM-DD): a day/month without a year is on or after it. */
  received: string;
  isWorkingDay: (isoDay: string) => boolean;
  /** The writer's name: a line of it (or its last word, "Phước") starts his signature. */
  writer?: string;
}

const ROLE_WORDS: Array<[Role, RegExp]> = [
  ['support', /\bphoi hop\b/],
  ['informed', /\b(?:de biet|biet|nam(?: thong tin)?|theo doi)\b/],
  ['lead', /\b(?:chu tri|xu ly|giai quyet|tham muu|thuc hien|xem xet|nghien cuu|tong hop|bao cao|tra loi|kiem tra|de xuat)\b/],
];
const APPROVE = /^(?:(?:em\s+|anh\s+|toi\s+)?(?:dong y|nhat tri|thong nhat|chap thuan|duyet|ok|oke|okay|dong y de xuat|dong y nhu de xuat|thong nhat nhu de xuat|nhu de xuat|theo de xuat))\b/;
/** "Không đồng ý": never an approval (an instruction may follow it). */
const DISAGREE = /\b(?:khong|chua)\s+(?:dong y|nhat tri|thong nhat|duyet)\b/;
/** "Chưa chuyển", "khoan xử lý": the leader holds the document back. */
const HOLD = /\b(?:khong|chua|dung|khoan|tam)\s+(?:chuyen|giao|xu ly|phan cong|dung)\b/;
/** "không (cần) xử lý" after "Lưu" only confirms the filing. */
const NO_ACTION = /^(?:khong(?:\s+can)?\s+xu ly|khong can|de luu)$/;
/** An outside organ ("Sở KH&ĐT", "Bộ Tài chính", "UBND huyện"): whatever letters follow are not our units. */
const OUTSIDE = /(?:^|\s)(?:so|bo|ubnd|uy ban|cuc|tong cuc|kho bac|kbnn|huyen|tinh)\s*$/;
const FILE = /^luu\b(?!\s*y\b)/;
/** Words that name a unit or a person; left over after the known names are taken, they name someone not in the list. */
const UNKNOWN_UNIT = /(?<![a-z0-9])(?:cac\s+)?(?:phong|p|trung tam|chi cuc|bo phan|van phong|thanh tra)(?:\s+(?!(?:phoi|chu|xu|de|nam|theo|va|cung|han|truoc|giai|tham|thuc|lien|chuc)\b)[a-z]{1,12}|\s*$|\s+(?:lien quan|chuc nang)\b)/;
const UNKNOWN_PERSON = /(?<![a-z0-9])(?:anh|chi|d\/c|dc|dong chi|ong|ba|pgd|pho giam doc|giam doc|gd)\s+(?=\p{Lu})/u;
const VAGUE = /\b(?:cac (?:phong|don vi|bo phan)|don vi lien quan|phong lien quan|bo phan lien quan|cac noi|ai do)\b/;

/** Regex source matching `words` as written with or without dots and spaces between the letters of an abbreviation. */
function phrase(words: string[]): string {
  return words.map((w) => w.replace(/[^a-z0-9]/g, '')).filter(Boolean).join(String.raw`[\s./-]*`);
}

/** The ways one target's name and aliases can be written (folded, punctuation-blind). */
export function namePatterns(t: Target, all: readonly Target[]): string[] {
  const variants = new Set<string>();
  const words = (s: string) => fold(s.normalize('NFC')).split(/[^a-z0-9]+/).filter(Boolean);
  for (const s of [t.name, ...t.aliases]) {
    const w = words(s);
    if (!w.length) continue;
    variants.add(phrase(w));
    // "P.KH" is also written "Phòng KH", and the other way round.
    if (w[0] === 'p' && w.length > 1) variants.add(phrase(['phong', ...w.slice(1)]));
    if (w[0] === 'phong' && w.length > 1) variants.add(phrase(['p', ...w.slice(1)]));
  }
  // "Phòng Kế hoạch - Đầu tư" is often just "Phòng Kế hoạch": the part before a dash, when no
  // other target's name starts the same way.
  const head = t.name.split(/\s[-–—]\s|\s*[-–—]\s*/)[0]!;
  if (head !== t.name) {
    const w = words(head);
    const clash = all.some((o) => o.code !== t.code && words(o.name).slice(0, w.length).join(' ') === w.join(' '));
    if (w.length >= 2 && !clash) variants.add(phrase(w));
  }
  return [...variants];
}

interface Mention {
  start: number;
  end: number;
  code: string;
}

function mentions(normed: string, targets: readonly Target[]): Mention[] | { ambiguous: string } {
  const found: Mention[] = [];
  for (const t of targets) {
    for (const p of namePatterns(t, targets)) {
      for (const m of normed.matchAll(new RegExp(String.raw`(?<![a-z0-9])${p}(?![a-z0-9])`, 'g'))) found.push({ start: m.index!, end: m.index! + m[0].length, code: t.code });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Mention[] = [];
  for (const m of found) {
    const last = out[out.length - 1];
    if (last && m.start < last.end) {
      // The same words name two targets (an alias given to both): not for us to choose.
      if (m.start === last.start && m.end === last.end && m.code !== last.code) return { ambiguous: normed.slice(m.start, m.end).trim() };
      continue;
    }
    out.push(m);
  }
  return out;
}

function unreadable(text: string, reason: string): Reading {
  return { kind: 'unreadable', units: [], deadline: null, text, reason };
}

/** Drops a greeting to the clerk on the first line ("Gửi chị Lan,", "Em Lan ơi"). */
function withoutGreeting(text: string): string {
  const [first, ...rest] = text.split('\n');
  const f = fold(first ?? '').trim();
  if (rest.length && /^(?:gui|kinh gui|chao|than gui)?\s*(?:anh|chi|em|ban|d\/c|dong chi|van thu)\b[\p{L}\s]{0,25}(?:oi)?[,:!]?$/u.test(f) && f.split(/\s+/).length <= 5) return rest.join('\n');
  if (/^(?:gui|kinh gui|chao)\s+[\p{L}\s]{0,30}[,:]$/u.test(f) && rest.length) return rest.join('\n');
  return text;
}

export function readInstruction(i: InstructionInput): Reading {
  const text = withoutGreeting(ownText(i.body, i.writer)).trim();
  if (!text) return unreadable('', 'the reply has no words of its own');
  const folded = fold(text);
  const normed = folded.replace(/[^a-z0-9/\n]/g, ' ');
  if (text.includes('?')) return unreadable(text, 'the reply asks a question');
  if (looksAutomatic(text)) return unreadable(text, 'an automatic answer (out of office), not an instruction');

  const deadline = readDeadline(folded, i.received, i.isWorkingDay);
  if ('error' in deadline) return unreadable(text, `deadline: ${deadline.error}`);

  const found = mentions(normed, i.targets);
  if ('ambiguous' in found) return unreadable(text, `"${found.ambiguous}" names more than one unit`);
  // Clauses: split at line ends, commas, semicolons and sentence ends (a dot before a space; not
  // the dots of "P.KH" or "20.12.2026").
  const clauses: Array<{ start: number; end: number }> = [];
  for (let s = 0, k = 0; k <= folded.length; k++) {
    const ch = folded[k];
    const cut = k === folded.length || ch === '\n' || ch === ',' || ch === ';' || (ch === '.' && /\s/.test(folded[k + 1] ?? ' '));
    if (!cut) continue;
    if (folded.slice(s, k).trim()) clauses.push({ start: s, end: k });
    s = k + 1;
  }
  const units: Assignment[] = [];
  let filingOnly = true;
  let filed = false;
  let unmarked = 0;
  for (const c of clauses) {
    const words = normed.slice(c.start, c.end).replace(/\s+/g, ' ').trim();
    const inClause = found.filter((m) => m.start >= c.start && m.end <= c.end);
    if (FILE.test(words)) {
      filed = true; // "Lưu VP", "lưu hồ sơ": where the paper is kept, not someone to act
      continue;
    }
    if (filed && NO_ACTION.test(words)) continue;
    if (HOLD.test(words)) return unreadable(text, `"${text.slice(c.start, c.end).trim()}" holds the document back`);
    const outside = inClause.find((m) => OUTSIDE.test(folded.slice(Math.max(0, m.start - 12), m.start)));
    if (outside) return unreadable(text, `"${text.slice(Math.max(0, outside.start - 4), outside.end).trim()}" names an outside organ, not a unit of the agency`);
    let rest = normed.slice(c.start, c.end);
    for (const m of inClause) rest = rest.slice(0, m.start - c.start) + ' '.repeat(m.end - m.start) + rest.slice(m.end - c.start);
    const original = text.slice(c.start, c.end);
    let origRest = original;
    for (const m of inClause) origRest = origRest.slice(0, m.start - c.start) + ' '.repeat(m.end - m.start) + origRest.slice(m.end - c.start);
    if (VAGUE.test(rest)) return unreadable(text, `"${original.trim()}" does not say which unit`);
    const unknown = UNKNOWN_UNIT.exec(rest.replace(/\s+/g, ' ').trim());
    if (unknown && !/^\s*(?:dong y|nhat tri)/.test(rest)) return unreadable(text, `"${unknown[0].trim()}" is not in the agency's list of units`);
    if (UNKNOWN_PERSON.test(origRest.replace(/\s+/g, ' ')) && !inClause.length) {
      const who = fold(origRest).replace(/\s+/g, ' ');
      if (/\b(?:chuyen|giao|nho|de nghi|phan cong)\b/.test(who) || ROLE_WORDS.some(([, re]) => re.test(who))) return unreadable(text, `"${original.trim()}" names someone not in the agency's list`);
    }
    if (!inClause.length) {
      if (!/^\s*$/.test(rest) && !FILE.test(rest.trim())) filingOnly = false;
      continue;
    }
    filingOnly = false;
    const role = ROLE_WORDS.find(([, re]) => re.test(rest))?.[0] ?? null;
    for (const m of inClause) {
      const before = units.find((u) => u.code === m.code);
      if (before && role && before.role !== role) return unreadable(text, `${m.code} is named twice with two roles`);
      if (before) continue;
      // One unit is in charge (Decree 30/2020 Art. 24.2): "chị Thảo chỉ đạo VP thực hiện" puts
      // the first named in charge and the others with her.
      if (role === 'lead' && units.some((u) => u.role === 'lead')) units.push({ code: m.code, role: 'support' });
      else if (role) units.push({ code: m.code, role });
      else units.push({ code: m.code, role: unmarked++ === 0 && !units.some((u) => u.role === 'lead') ? 'lead' : 'support' });
    }
  }

  const approves = APPROVE.test(normed.replace(/\s+/g, ' ').trim()) && !DISAGREE.test(normed);
  if (filed && units.length) return unreadable(text, 'files the document and assigns it in the same reply');
  if (!units.length) {
    if (FILE.test(normed.trim()) && !approves) return { kind: 'file', units: [], deadline: null, text };
    if (approves) {
      if (!i.proposal?.units.length) return unreadable(text, 'agrees with a proposal that names no unit');
      return { kind: 'approve', units: [...i.proposal.units], deadline: deadline.deadline ?? i.proposal.deadline, text };
    }
    return unreadable(text, filingOnly ? 'no instruction found' : 'names no unit or person from the agency\'s list');
  }
  if (!units.some((u) => u.role === 'lead')) {
    // "P.KH phối hợp" alone: someone must be in charge (Decree 30 Art. 24.2); the clerk asks.
    return unreadable(text, 'names no unit in charge (chủ trì)');
  }
  return { kind: 'assign', units, deadline: deadline.deadline, text };
}
