// The notice for a dispatch request whose origin was not proven (src/dispatch/origin.ts). It goes
// to the owner of the From address — someone may be sending documents in their name — and to the
// agency's alertTo administrators; never to the envelope sender, who is the one not proven (an
// answer to him would be backscatter, and would tell a forger what the check looks at). From is
// one of the agency's own addresses (or a listed requester), so this is not mail to a stranger.
// Auto-Submitted: auto-generated (RFC 3834 §5: not a reply to the request's sender), threaded
// on the request, sent once: a deterministic Message-ID and `noticedAt` in `dispatch_requests`.
import type { AppContext } from '../runtime/context.js';
import type { OriginReason } from './origin.js';
import { domainOf, requestDocId } from './ids.js';
import { dispatchTransport } from './smtp.js';
import { formatInstant } from '../calendar/index.js';

export interface OriginNotice {
  agencyName: string;
  /** The dispatch mailbox the request reached; the notice comes from it. */
  dispatchAddress: string;
  /** The From address the request claimed. */
  from: string;
  /** The request's Return-Path: '' for `<>`, null when absent. */
  envelopeSender: string | null;
  subject: string | null;
  messageId: string | null;
  receivedAt: Date;
  reasons: OriginReason[];
}

/** A value written by a stranger, made safe to quote in a plain-text line. */
const quote = (s: string, max = 200): string => {
  const clean = s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
};

export function envelopeSenderText(envelopeSender: string | null): string {
  if (envelopeSender === null) return '(không rõ: thư không có Return-Path)';
  if (envelopeSender === '') return '<> (địa chỉ rỗng của hệ thống thư)';
  return quote(envelopeSender);
}

/** The subject and text of the notice (pure). */
export function originNoticeText(n: OriginNotice): { subject: string; text: string } {
  const subject = `Cảnh báo: yêu cầu gửi văn bản nhân danh ${n.from} không được thực hiện`;
  const text = [
    `${n.agencyName} — hệ thống văn thư điện tử.`,
    '',
    `Hệ thống đã nhận được một yêu cầu gửi văn bản nhân danh địa chỉ ${n.from}, gửi tới ${n.dispatchAddress}` +
      ` lúc ${formatInstant(n.receivedAt, 420).slice(0, 19).replace('T', ' ')} (giờ Việt Nam).`,
    `Thư thực tế được gửi từ: ${envelopeSenderText(n.envelopeSender)}.`,
    '',
    'Hệ thống KHÔNG chứng minh được yêu cầu này do chính anh/chị gửi, nên đã KHÔNG thực hiện:',
    'văn bản không được đăng ký vào sổ văn bản đi và không được gửi tới bất kỳ nơi nhận nào.',
    '',
    'Lý do:',
    ...n.reasons.map((r) => `  - ${r.vi}`),
    '',
    `Tiêu đề thư yêu cầu: ${n.subject ? quote(n.subject) : '(không có)'}`,
    `Mã thư (Message-ID): ${n.messageId ? quote(n.messageId) : '(không có)'}`,
    '',
    'Nếu chính anh/chị đã gửi yêu cầu này: hãy gửi lại từ hộp thư công vụ của cơ quan, qua máy chủ thư',
    'của cơ quan; nếu vẫn không được, đề nghị liên hệ quản trị hệ thống thư điện tử.',
    'Nếu anh/chị KHÔNG gửi yêu cầu này: có thể ai đó đang mạo danh anh/chị; đề nghị báo ngay cho quản trị hệ thống.',
    '',
    'Đây là thư thông báo tự động; không trả lời thư này.',
    '',
    `English: a dispatch request claiming to be from ${n.from} (envelope sender ${n.envelopeSender === null ? 'none' : `<${quote(n.envelopeSender)}>`}) ` +
      `was not carried out: ${n.reasons.map((r) => r.code).join(', ')}.`,
  ];
  return { subject, text: text.join('\n') };
}

/**
 * Mails the notice to `to` (the From owner, when there is one to tell) and `cc` (alertTo).
 * Returns its Message-ID.
 */
export async function sendOriginNotice(ctx: AppContext, o: { messageKey: string; to: string[]; cc: string[]; references: string | null; notice: OriginNotice }): Promise<string> {
  const n = o.notice;
  const id = `<notice.${requestDocId(o.messageKey)}.${ctx.cfg.instanceId.replace(/[^A-Za-z0-9-]/g, '-')}@${domainOf(n.dispatchAddress)}>`;
  const { subject, text } = originNoticeText(n);
  await dispatchTransport(ctx.cfg).sendMail({
    from: { name: n.agencyName, address: n.dispatchAddress },
    to: o.to.length ? o.to : o.cc,
    cc: o.to.length && o.cc.length ? o.cc : undefined,
    subject,
    text,
    messageId: id,
    inReplyTo: n.messageId ?? undefined,
    references: [o.references, n.messageId].filter(Boolean).join(' ') || undefined,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-VanThu-Instance': ctx.cfg.instanceId, 'X-Auto-Response-Suppress': 'All' },
  });
  return id;
}
