// The clerk's notice for a received message that could not be processed at all (a poison message,
// ingest/poison.ts): sent to the mailbox it arrived in — where the clerk reads the agency's mail and
// sees the message itself — and copied to the agency's administrators (alertTo). Without it the
// clerk would see a mail in the mailbox and nothing in the register, and no one would know why.
// Queued as an `alert` ack job (retried while the relay is down), sent once: a deterministic
// Message-ID and `failure.noticedAt`. Auto-Submitted: auto-generated (RFC 3834 §5), so neither our
// own poller (it classifies it as automatic mail, never a document) nor anyone else answers it.
import type { Job } from 'bullmq';
import type { AppContext } from '../runtime/context.js';
import type { FailureRecord } from '../ingest/poison.js';
import { messageLogger } from '../log.js';
import { ackEnvelopeId, ackMessageId, type AckSettings } from './ack-state.js';
import { sendGuarded, sentDetail } from './ack-send.js';
import { formatInstant } from '../calendar/index.js';

/** The header that marks the notice (tests and filters find it by this). */
export const NOTICE_HEADER = 'X-VanThu-Notice';

export interface FailureNoticeInput {
  agencyName: string;
  messageKey: string;
  failure: Pick<FailureRecord, 'code' | 'reason' | 'reasonVi' | 'sender' | 'refusal' | 'noRefusalReasons'>;
  subject: string | null;
  mailboxId: string;
  uid: number | null;
  arrivedAt: Date | null;
}

/** A value written by a stranger, made safe to quote on one line. */
const quote = (s: string, max = 200): string => {
  const clean = s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
};

/** The notice's subject and text (pure). */
export function failureNoticeText(n: FailureNoticeInput): { subject: string; text: string } {
  const f = n.failure;
  const subject = `[vanthu] Thư đến không xử lý được: ${n.subject ? quote(n.subject, 120) : n.messageKey}`;
  const text = [
    `Hệ thống văn thư điện tử của ${n.agencyName} đã nhận một thư nhưng không xử lý được; thư KHÔNG được vào sổ văn bản đến.`,
    `Lý do: ${f.reasonVi} (mã lỗi: ${f.code})`,
    '',
    `Người gửi: ${f.sender ? quote(f.sender) : 'không rõ'}`,
    `Tiêu đề thư: ${n.subject ? quote(n.subject) : '(không có)'}`,
    `Thời điểm thư đến: ${n.arrivedAt ? formatInstant(n.arrivedAt, 420) : 'không rõ'}   Hộp thư: ${n.mailboxId} (UID ${n.uid ?? '?'})`,
    `Mã tham chiếu: ${n.messageKey}`,
    '',
    f.refusal
      ? 'Người gửi đã được gửi hồi báo không tiếp nhận (02) kèm lý do trên.'
      : `Người gửi không được trả lời tự động (${f.noRefusalReasons.join('; ') || 'không rõ'}).`,
    'Thư gốc vẫn còn trong hộp thư. Nếu đây là văn bản cần tiếp nhận, đề nghị liên hệ người gửi để gửi lại,',
    'hoặc vào sổ thủ công. Danh sách thư không xử lý được: vanthu messages --state failed.',
    '',
    `English: a received message could not be processed and was not registered (${f.code}: ${f.reason}); message ${n.messageKey}.`,
  ].join('\n');
  return { subject, text };
}

/**
 * Sends the notice for a message that failed for good, once. Returns what happened, or null when
 * the message did not fail for good (the caller's alert is about something else).
 */
export async function sendFailureNotice(ctx: AppContext, messageKey: string, job: Job, token: string | undefined, settings: Partial<AckSettings> = {}): Promise<string | null> {
  const msg = await ctx.models.Message.findById(messageKey, { failure: 1, agencyCode: 1, mailboxId: 1, uid: 1, subject: 1, internalDate: 1 } as never).lean();
  const failure = (msg as { failure?: FailureRecord } | null)?.failure;
  if (!msg || !failure?.permanent) return null;
  if (failure.noticedAt) return 'already noticed';
  const agency = await ctx.agencies.get(msg.agencyCode);
  const mailbox = await ctx.models.Mailbox.findById(msg.mailboxId, { address: 1 }).lean();
  if (!agency) return 'no agency';
  const to = [...new Set([mailbox?.address ?? agency.address])];
  const cc = agency.alertTo.filter((a) => !to.includes(a));
  const { subject, text } = failureNoticeText({ agencyName: agency.name, messageKey, failure, subject: msg.subject ?? null, mailboxId: msg.mailboxId, uid: msg.uid ?? null, arrivedAt: msg.internalDate ?? null });
  const domain = agency.address.split('@')[1] ?? 'localhost';
  const id = messageKey.replace(/[^A-Za-z0-9.-]/g, '').slice(0, 120);
  const envid = ackEnvelopeId('failed', id);
  const mail = {
    from: { name: `vanthu — ${agency.name}`, address: agency.address },
    to,
    ...(cc.length ? { cc } : {}),
    subject,
    text,
    messageId: ackMessageId('failed', id, ctx.cfg.instanceId, domain),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', 'X-VanThu-Instance': ctx.cfg.instanceId, [NOTICE_HEADER]: `failed; code=${failure.code}` },
  };
  const once = { field: 'notice', value: 'failed' };
  // Sent through the `ack` queue like an acknowledgement: at most once unless proven lost (ack-send.ts).
  return sendGuarded(ctx, job, token, {
    envid,
    kind: 'failed',
    mail,
    to: [...to, ...cc],
    agencyCode: agency.code,
    messageKey,
    entryId: null,
    log: messageLogger(ctx.log, messageKey),
    alreadySent: () => ctx.journal.has(messageKey, 'alerted', once),
    // One write, under the message's lock (held by sendGuarded): the 02 to the sender may be journalled at this moment.
    recordSent: async (r) => {
      await ctx.journal.noteHeld(messageKey, 'alerted', { fields: { 'failure.noticedAt': new Date() }, detail: { notice: 'failed', code: failure.code, to: [...to, ...cc], ...sentDetail(envid, mail.messageId, r) }, once });
    },
  }, settings);
}
