// What the person replying wrote, without what his mail client added below it: the quoted
// message, the client's "On … wrote:" line, an Outlook header block, a signature, "Sent from my
// iPhone". Pure. Leaders answer routing slips from every client there is (Outlook, Gmail, Zimbra,
// Thunderbird, phones), and the slip quoted below a reply carries dates, units and the proposal
// that must never be read as the leader's own words.
import { fold } from '../extract/text/fold.js';

/** A line that starts what the client quoted (the cut is made at the first one). */
const QUOTE_START: RegExp[] = [
  // Gmail, Apple Mail, Thunderbird: "On Thu, 3 Dec 2026 …, X <x@y> wrote:" / "Vào … đã viết:"
  /^\s*(?:vao|on|luc|ngay)\b.*(?:da viet|wrote|viet)\s*:\s*$/,
  /^-{2,}\s*(?:original message|thu goc|tin nhan goc|thu chuyen tiep|forwarded message|message goc)\s*-*/,
  /^_{6,}\s*$/,
  /^\*?(?:from|tu|nguoi gui)\s*:\*?\s+\S+/,
];

/** Lines after which nothing is the reply's own text (a signature or a client's tag line). */
const SIGNATURE_START: RegExp[] = [
  /^--\s*$/,
  /^(?:sent from|gui tu|duoc gui tu|get outlook for)\b/,
  /^(?:tran trong|than ai|than|thanks|thank you|cam on|best regards|regards|kinh thu)\b[\s,.!]*$/,
];

/** Outlook's header block ("From: … Sent: … To: … Subject: …") starts a quote only when the next lines agree. */
const HEADER_FIELD = /^\*?(?:sent|date|to|cc|subject|gui|ngay|den|chu de|tieu de|thoi gian|nguoi nhan)\s*:\*?/;

/** How a writer signs: his name, or its last words ("Nguyễn Hữu Phước", "Phước"). */
function nameLines(name: string): string[] {
  const w = fold(name.normalize('NFC')).replace(/[^a-z ]/g, ' ').split(/\s+/).filter(Boolean);
  return w.map((_, k) => w.slice(k).join(' '));
}

/** A signature's title or contact line: "Giám đốc", "Phó Giám đốc Sở …", "ĐT: …", "Email: …". */
const TITLE_LINE = /^(?:(?:pho\s+)?(?:giam doc|truong phong|pho truong phong|chanh van phong|chanh thanh tra|chuyen vien|van thu)(?:\s+(?:so|phong|van phong)\b.*)?|(?:dt|dd|dien thoai|tel|mobile|fax|email|e-mail)\s*[:.].*)$/;

/** A line that is only a person's name: two to five capitalised words. */
function isNameLine(line: string): boolean {
  const words = line.trim().split(/\s+/);
  return words.length >= 2 && words.length <= 5 && words.every((w) => /^\p{Lu}[\p{Ll}]*$/u.test(w));
}

/** Out-of-office and other automatic answers, by their words (their headers are checked at classification). */
const AUTOMATIC = /\b(?:dang (?:di )?cong tac|dang nghi phep|nghi phep tu|vang mat|khong co mat|out of office|away from the office|tu dong tra loi|auto(?:matic)? reply|it co dieu kien kiem tra thu|se tra loi khi tro lai)\b/;

export function looksAutomatic(text: string): boolean {
  return AUTOMATIC.test(fold(text.normalize('NFC')).replace(/\s+/g, ' '));
}

/**
 * The reply's own text: quoted lines and everything from the first quote header on are dropped,
 * then the signature. The result keeps the writer's line breaks (trimmed, blank runs collapsed).
 */
export function ownText(body: string, writer?: string): string {
  const lines = body.normalize('NFC').replace(/\r\n?/g, '\n').split('\n');
  const folded = lines.map((l) => fold(l).trim());
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const f = folded[i]!;
    if (f.startsWith('>')) {
      end = i;
      break;
    }
    if (QUOTE_START.slice(0, 3).some((re) => re.test(f))) {
      end = i;
      break;
    }
    // "Vào Th 5, 3 thg 12, 2026 lúc 09:14 Văn thư <vt@…>" wrapped before "đã viết:".
    if (/^(?:vao|on)\b/.test(f) && /(?:da viet|wrote)\s*:\s*$/.test(folded[i + 1] ?? '')) {
      end = i;
      break;
    }
    if (QUOTE_START[3]!.test(f) && folded.slice(i + 1, i + 5).some((n) => HEADER_FIELD.test(n))) {
      end = i;
      break;
    }
  }
  let own = lines.slice(0, end);
  // Bottom-posting: nothing above the quote, the words come after the last quoted line.
  if (!own.some((l) => l.trim()) && end < lines.length) {
    let last = -1;
    for (let i = end; i < lines.length; i++) if ((folded[i] ?? '').startsWith('>')) last = i;
    if (last >= 0) own = lines.slice(last + 1);
  }
  const names = writer ? nameLines(writer) : [];
  const sig = own.findIndex((l, k) => {
    if (k === 0) return false;
    const f = fold(l).trim();
    if (SIGNATURE_START.some((re) => re.test(f)) || names.includes(f.replace(/[^a-z ]/g, ' ').replace(/\s+/g, ' ').trim())) return true;
    if (TITLE_LINE.test(f)) return true;
    const next = fold(own[k + 1] ?? '').trim();
    return isNameLine(l) && (!next || TITLE_LINE.test(next) || /^(?:so|phong|ubnd)\b/.test(next) || k === own.length - 1);
  });
  if (sig >= 0) own = own.slice(0, sig);
  return own
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
