// The foot of the document: "Nơi nhận:" and its list bottom left, the signature block bottom
// right (authority "TM./KT./TL./TUQ./Q.", position in capitals, full name). PDF text puts both
// columns on shared lines ("- Như trên; PHÓ GIÁM ĐỐC"), so every line is split into a recipient
// part and a signer part.
import type { Line } from './lines.js';
import { isBlank } from './lines.js';
import type { Signer, SignerAuthority } from '../types.js';
import { fold, squash, upperRatio } from '../text/fold.js';

export interface FooterInfo {
  recipients: string[] | null;
  recipientsEvidence: string;
  signer: Signer | null;
  signerEvidence: string;
  signerConfidence: number;
}

// Followed by a word in capitals: "KT. GIÁM ĐỐC", not the unit code in "- Lưu: VT, KT. Lê Minh Tâm".
const AUTHORITY = /(?:^|\s)(TM|KT|TL|TUQ|Q)\s*\.\s*(?=\p{Lu}\p{Lu})/u;
// The signature placeholder of a published copy: "(Đã ký)", "(đã ký và đóng dấu)", "(Ký)".
const SIGNED = /\(\s*(?:đã\s+ký|da\s+ky|ký|ky)(?=[\s)])[^)]*\)/iu;
const POSITION = /^(pho\s+)?(chu tich|giam doc|tong giam doc|chanh van phong|chanh thanh tra|chanh an|truong phong|truong ban|truong khoa|bo truong|thu truong|cuc truong|vu truong|chi cuc truong|tong cuc truong|hieu truong|vien truong|bi thu|thu tuong|ke toan truong|chi huy truong|uy vien|truong|chanh|chu nhiem|thu ky|can bo|chuyen vien|giam doc so|tong bien tap)\b/;
// Common Vietnamese family names (folded): a name check that keeps "Sở Nội Vụ" or "Kiến Tường"
// from being read as the signer.
const SURNAMES = new Set(
  'nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh doan mai trinh truong lam luong luu cao ta kieu thai ha chau quach to tang thach la dao cu kim vuong lai van diep hua chu giang khuc khong nghiem quang tieu tong banh ong au chung lu mac trieu thieu son mang ninh lo thi'.split(' '),
);

const NAME_WORD = /^\p{Lu}\p{Ll}*$/u;
const RANK = /(^|[\s;.,:)])(dai|thuong|trung|thieu)\s+(ta|uy|tuong)$/;

/** Trailing personal name of a line ("- Lưu: VT, NS. Nguyễn Văn An" -> "Nguyễn Văn An"). */
function trailingName(text: string): { name: string; before: string } | null {
  const words = text.trim().split(/\s+/);
  let k = words.length;
  while (k > 0 && NAME_WORD.test(words[k - 1]!) && words.length - k < 5) k--;
  // Shrink from the left until the first word is a family name (at least two words).
  for (let s = k; s <= words.length - 2; s++) {
    if (!SURNAMES.has(fold(words[s]!))) continue;
    let before = words.slice(0, s).join(' ');
    // A military or police rank is printed before the name ("Thượng tá Nguyễn Văn Hậu"); it is
    // not part of the name.
    const rank = RANK.exec(fold(before));
    if (rank) before = before.slice(0, rank.index + rank[1]!.length).trim();
    // The name must stand apart: at the line start or after punctuation closing a recipient.
    if (before && !/[;.,:)]$/.test(before) && !/^[-+•]$/.test(before)) return null;
    return { name: words.slice(s).join(' '), before };
  }
  return null;
}

function capsRun(words: string[]): number {
  // Number of trailing words written in capitals (letters only, "VT," does not qualify), joined
  // by dashes as in "TRƯỞNG PHÒNG HÀNH CHÍNH - TỔNG HỢP".
  let k = words.length;
  while (k > 0 && (/^\p{Lu}+$/u.test(words[k - 1]!) || (words[k - 1] === '-' && k > 1 && /^\p{Lu}+$/u.test(words[k - 2]!)))) k--;
  while (words[k] === '-') k++;
  return words.length - k;
}

/** Split a footer line into the left (recipient) text and the right (signature) text. */
function split(text: string): { left: string; right: string } {
  let t = text.trim();
  const signed = SIGNED.exec(t);
  if (signed) t = (t.slice(0, signed.index) + t.slice(signed.index + signed[0].length)).trim();
  if (!t) return { left: '', right: signed ? signed[0] : '' };
  const a = AUTHORITY.exec(t);
  if (a) return { left: t.slice(0, a.index).trim(), right: t.slice(a.index).trim() };
  const name = trailingName(t);
  if (name) return { left: name.before, right: name.name };
  const words = t.split(/\s+/);
  const n = capsRun(words);
  for (let s = words.length - n; s < words.length; s++) {
    const cand = words.slice(s).join(' ');
    if (POSITION.test(fold(cand))) return { left: words.slice(0, s).join(' '), right: cand };
  }
  // Capitals after a recipient closed by ";" or "." are the signature column: the second line of
  // a long position ("- Phòng NVDTPC; VÀ HỖ TRỢ NGƯỜI NỘP THUẾ").
  if (n >= 2 && /[;.]$/.test(words[words.length - n - 1] ?? '')) return { left: words.slice(0, words.length - n).join(' '), right: words.slice(words.length - n).join(' ') };
  return { left: t, right: '' };
}

export function findFooter(lines: Line[], from: number): FooterInfo {
  const empty: FooterInfo = { recipients: null, recipientsEvidence: '', signer: null, signerEvidence: '', signerConfidence: 0 };
  let start = -1;
  for (let i = from; i < lines.length; i++) {
    if (/^noi\s*nhan\b/.test(lines[i]!.fold.trim())) {
      start = i;
      break;
    }
  }
  // Without "Nơi nhận" (a copy from the Công báo, a letter), look for the signature block alone.
  const heading = start >= 0;
  let startCol = 0;
  if (start < 0) {
    const block = signatureBlockStart(lines, from);
    if (!block) return empty;
    start = block.line;
    startCol = block.col;
  }

  const items: string[] = [];
  const rights: Array<{ text: string; line: number }> = [];
  let pendingDash = false;
  // Some clerks type the list without dashes ("Như trên;" / "Lưu: VT."): then every line closed by
  // ";" or "." is an item and a line that is not closed runs on into the next.
  let undashed = false;
  let listOpen = heading;
  let lastItemClosed = false;
  const evid: string[] = [];
  for (let i = start; i < Math.min(lines.length, start + 40); i++) {
    const l = lines[i]!;
    if (isBlank(l)) continue;
    let text = l.text.trim();
    if (i === start) text = heading ? text.replace(/^n\S*\s*nh\S*\s*:?/i, '').trim() : l.text.slice(startCol).trim();
    // Once the list is closed ("Lưu: …"), everything left is the signature block.
    const { left, right } = listOpen ? split(text) : { left: '', right: text };
    if (right) rights.push({ text: right, line: i });
    // The block ends at the full name: anything further is an annex ("QUY ĐỊNH …").
    const nameFound = rights.some((r) => trailingName(r.text) !== null || (/^\p{Lu}\p{Ll}/u.test(r.text) && !AUTHORITY.test(r.text)));
    if (listOpen && left) {
      evid.push(l.text.trim());
      if (/^[-+•*]\s*$/.test(left)) pendingDash = true;
      else if (/^[-+•*]/.test(left) || pendingDash) {
        items.push(left.replace(/^[-+•*]\s*/, ''));
        pendingDash = false;
        lastItemClosed = /[;.]$/.test(left);
      } else if (items.length && !lastItemClosed && !right) {
        items[items.length - 1] += ' ' + left;
        lastItemClosed = /[;.]$/.test(left);
      } else if (!items.length || (undashed && lastItemClosed)) {
        undashed = true;
        items.push(left);
        lastItemClosed = /[;.]$/.test(left);
      } else if (items.length) listOpen = false;
      if (items.length && /^luu\b/.test(fold(items[items.length - 1]!))) listOpen = false;
    }
    if (nameFound && (!listOpen || !left)) break;
  }

  const recipients = items.map((s) => squash(s).replace(/[;,.\s]+$/, '')).filter(Boolean);
  const signer = readSigner(rights.map((r) => r.text));
  return {
    recipients: recipients.length ? recipients : null,
    recipientsEvidence: evid.join(' | '),
    signer: signer.signer,
    signerEvidence: rights.map((r) => r.text).join(' | '),
    signerConfidence: signer.confidence,
  };
}

/** A personal name on a line of its own ("Lê Thành Long"), its first word a family name. */
function nameLine(text: string): boolean {
  const t = text.trim();
  return /^\p{Lu}\p{Ll}*(\s+\p{Lu}\p{Ll}*){1,4}$/u.test(t) && trailingName(t)?.name === t;
}

/**
 * Where a signature block starts when there is no "Nơi nhận" before it: an authority line in
 * capitals ("KT. BỘ TRƯỞNG"), also at the end of the body's last line ("… kể từ ngày ký./. KT. BỘ
 * TRƯỞNG", flattened); or a position alone in capitals ("BỘ TRƯỞNG") with a name a few lines
 * below ("(Đã ký)" and blank lines between). A position line without a name under it is the
 * competence line of a decision ("GIÁM ĐỐC SỞ NỘI VỤ"), not a signature.
 */
function signatureBlockStart(lines: Line[], from: number): { line: number; col: number } | null {
  for (let i = from; i < lines.length; i++) {
    const text = lines[i]!.text;
    const a = AUTHORITY.exec(text);
    if (a) {
      const col = a.index + (a[0].length - a[0].trimStart().length);
      const rest = text.slice(col);
      if (upperRatio(rest) > 0.8 && (col === 0 || rest.length <= 60) && (col === 0 || /[.;:]\s*$/.test(text.slice(0, col)) || !text.slice(0, col).trim())) return { line: i, col };
    }
    const t = text.trim();
    if (!t || upperRatio(t) < 0.9 || !POSITION.test(fold(t)) || t.length > 60) continue;
    for (let j = i + 1, seen = 0; j < lines.length && seen < 4; j++) {
      const n = lines[j]!.text.trim();
      if (!n || SIGNED.test(n)) continue;
      seen++;
      if (nameLine(n)) return { line: i, col: 0 };
      if (upperRatio(n) < 0.8) break;
    }
  }
  return null;
}

function readSigner(parts: string[]): { signer: Signer | null; confidence: number } {
  let authority: SignerAuthority | null = null;
  let position: string | null = null;
  let fullName: string | null = null;
  let authorityRest: string | null = null;
  const chain: string[] = [];
  const clean = parts.map((raw) => raw.replace(/\((đã ký|da ky|ký|ky)[^)]*\)/giu, '').trim());
  const caps = (p: string) => !!p && upperRatio(p) > 0.8;
  for (const [k, p] of clean.entries()) {
    if (!p) continue;
    const a = AUTHORITY.exec(p);
    // An authority line the cell wrapped ("KT. TRƯỞNG PHÒNG HÀNH" / "CHÍNH TƯ PHÁP" / "PHÓ TRƯỞNG
    // PHÒNG"): a capitals line that names no position, right under the authority, with the
    // position on the next line, ends the authority's name.
    if (!a && chain.length && position === null && fullName === null && caps(p) && !POSITION.test(fold(p)) && caps(clean[k + 1] ?? '') && POSITION.test(fold(clean[k + 1]!))) {
      chain[chain.length - 1] = `${chain[chain.length - 1]} ${squash(p)}`;
      authorityRest = `${authorityRest ?? ''} ${squash(p)}`.trim();
      continue;
    }
    // Authority lines stack above the position ("TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH"); the one
    // nearest the position says how this person signs.
    if (a && position === null && fullName === null) {
      chain.push(squash(p.slice(a.index)));
      authority = `${a[1]}.` as SignerAuthority;
      authorityRest = p.slice(a.index + a[0].length).trim();
      continue;
    }
    if (upperRatio(p) > 0.8 && fullName === null) {
      // A long position wraps onto a second line ("TRƯỞNG PHÒNG TUYÊN TRUYỀN" / "VÀ HỖ TRỢ NGƯỜI
      // NỘP THUẾ"); everything in capitals between the authority and the name belongs to it.
      position = position === null ? squash(p) : `${position} ${squash(p)}`;
      continue;
    }
    const n = trailingName(p);
    if (n && fullName === null) fullName = n.name;
    else if (fullName === null && /^\p{Lu}\p{Ll}+(\s+\p{Lu}\p{Ll}*){1,4}$/u.test(p)) fullName = p;
  }
  // "Q. GIÁM ĐỐC" or "KT. CHỦ TỊCH" with no second line: the authority line names the position.
  if (position === null && authorityRest && authority !== 'TM.') position = authorityRest;
  if (!authority && !position && !fullName) return { signer: null, confidence: 0 };
  const found = [authority || position, position, fullName].filter(Boolean).length;
  return { signer: { authority, authorityChain: chain, position, fullName }, confidence: 0.5 + 0.15 * found };
}
