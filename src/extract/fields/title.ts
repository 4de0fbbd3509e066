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

// What ends a subject: the body's usual openings and structure. The first line under a title is
// only refused for structure (FIRST_STOP): a Hướng dẫn's subject may well start "Thực hiện …".
// The salutation: "Kính gửi", the southern "Kính gởi", "Đồng kính gửi" (copied to), "Kính trình".
export const SALUTATION = /^(dong )?kinh (gui|goi|trinh)\b/;
// Numbered items: "Điều 1.", "Chương I", "Mục 2", "Phần thứ nhất", "I.", "1.", "1/ ", "a) ". A
// number followed by "/" and a digit is a notation wrapped onto the line ("30/2020/NĐ-CP"), not
// an item.
const FIRST_STOP = new RegExp(
  `${SALUTATION.source}|^(can cu|dieu \\d|chuong [ivx\\d]|phan [ivx\\d]|phan thu\\b|muc (\\d+|[ivx]+)\\b|[ivx]+\\s*[.)]|[ivx]+\\s*\\/\\s|\\d+\\s*[.)]|\\d{1,2}\\s*\\/\\s|[a-z]\\)\\s|noi nhan|quyet dinh\\s*:|quyet nghi\\s*:|(quyet dinh|quyet nghi)\\s*$)`,
);
const STOP = new RegExp(`${FIRST_STOP.source}|^(thuc hien|theo de nghi|xet de nghi|nham\\b)`);
// An article cited in a subject wrapped onto its second line ("V/v hướng dẫn thi hành" / "Điều 12
// Luật Văn thư"): a number without the "." or ":" of an article heading ("Điều 1. Phạm vi").
const CITED_ARTICLE = /^dieu \d+(?![\d\s]*[.:])/;
const COMPETENCE = /^(uy ban nhan dan|hoi dong nhan dan|chu tich|giam doc|bo truong|thu tuong|tong cuc truong|cuc truong|chanh van phong|truong ban|hieu truong|vien truong|chanh thanh tra)\b/;
// How the body's first sentence opens ("Ngày 20 tháng 6 năm 2024, Giám đốc Sở chủ trì…", "Từ
// ngày 01 đến ngày 04 …", "Trên địa bàn …", "Thời gian qua, …", "Trân trọng kính mời…"): a line
// starting so is not a subject line, capital or not.
const BODY_OPENER =
  /^(ngay\s*(\d|\.)|tu (ngay|dau (nam|thang|quy))\b|tren dia ban\b|thoi gian qua|vua qua|hien nay|sau khi|trong (thoi gian|nam|nhung)|tran trong|de (thuc hien|trien khai|bao dam|dam bao|nang cao|kip thoi|tang cuong)|theo (quy dinh|chi dao|de nghi|ke hoach)|nhan duoc|phuc dap|tra loi|duoc su|tiep theo|thi hanh|trien khai|tiep nhan|hom nay|vao (luc|hoi)|xet\b|qua\b)/;
// Verbs of a body sentence ("Trường … trân trọng kính mời …", "Giám đốc Sở … thông báo … như
// sau"), which a wrapped name in a subject does not carry.
const BODY_VERB = /\b(tran trong|kinh moi|kinh trinh|kinh de nghi|thong bao|de nghi cac|yeu cau|nhu sau|chu tri|bao cao ket qua|nhan duoc|da nhan)\b/;
/** Longest subject accepted when lines run on with capitals (a trích yếu is a line or three). */
const MAX_SUBJECT = 300;

export interface SubjectOptions {
  /** The organ's name, folded: a stacked header repeats it under the title of some templates. */
  organFold?: string | null;
  /** A line's own text in the left column (the right column of a flattened header removed). */
  textOf?: (l: Line) => string;
}

/** Whether a mixed-case subject runs on to a line that starts with a capital: a name wrapped onto
 *  it ("… cải cách hành chính và" / "Tổ giúp việc …"), not the body's first sentence. The
 *  previous line must not end a sentence, and this one must be short, not a body opener, and not
 *  end a sentence itself with a colon. */
function capitalRunOn(prev: string, t: string, f: string, soFar: number): boolean {
  if (/[.:;!?]$/.test(prev) || /:$/.test(t)) return false;
  if (BODY_OPENER.test(f) || BODY_VERB.test(f) || upperRatio(t) >= 0.8) return false;
  if (/\p{Ll}{2,}\.\s+\p{Lu}/u.test(t)) return false; // a sentence ends inside it
  // A subject line is centred and short (bold 13-14 pt: ~70 characters); a body line runs the
  // full width of the page (~85-95), and a DOCX/ODT body paragraph is one long line.
  return t.length <= 80 && soFar + t.length <= MAX_SUBJECT;
}

/** Collect the subject starting at line `from` (or with `first` already read from the title line).
 *  Continuation lines keep the first line's style: capitals follow capitals; a mixed-case subject
 *  continues on lines that start in lower case (a wrapped sentence) and on short lines that start
 *  with a capital when the line before runs on (capitalRunOn). */
export function collectSubject(lines: Line[], from: number, first: string | null, opts: SubjectOptions = {}): { text: string; lines: number[] } | null {
  const textOf = opts.textOf ?? ((l: Line) => l.text);
  const parts: string[] = [];
  const used: number[] = [];
  let i = from;
  if (first === null) {
    while (i < lines.length && (isBlank(lines[i]) || isRule(lines[i]!)) && i < from + 3) i++;
    const l = lines[i];
    if (!l || isBlank(l)) return null;
    const t = textOf(l).trim();
    if (!t || FIRST_STOP.test(fold(t))) return null;
    parts.push(t);
    used.push(i);
    i++;
  } else parts.push(first);
  const caps = upperRatio(parts[0]!) > 0.8;
  for (; i < lines.length && parts.length < 5; i++) {
    const l = lines[i]!;
    const t = textOf(l).trim();
    const f = fold(t);
    if (!t || isRule(l)) break;
    if (STOP.test(f)) {
      // A công văn's "V/v …" may wrap before the article it cites; an article heading of the body
      // ("Điều 1.") still ends it, as does a line before that closes a sentence.
      const cites = CITED_ARTICLE.test(f) && /^(v\s*[/.]\s*v|ve viec)\b/.test(fold(parts[0]!)) && !/[.:;!?]$/.test(parts[parts.length - 1]!);
      if (!cites) break;
      parts.push(t);
      used.push(i);
      continue;
    }
    if (opts.organFold && f === opts.organFold) break;
    if (caps) {
      if (upperRatio(t) < 0.8 || COMPETENCE.test(f)) break;
    } else if (!/^[\p{Ll}\d(]/u.test(t) && !capitalRunOn(parts[parts.length - 1]!, t, f, parts.join(' ').length)) break;
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
