// The administrators' alert for a quarantined document (Decision 36 Art. 6.4, 11.5: secret content
// must not travel by the network, so someone responsible has to act): a plain mail to the agency's
// alertTo addresses, sent once. The document itself is never attached — it may be secret.
import type { Job } from 'bullmq';
import type { AppContext } from '../runtime/context.js';
import { messageLogger } from '../log.js';
import { formatInstant } from '../calendar/index.js';
import { sendFailureNotice } from './failure-notice.js';
import { ackEnvelopeId, ackMessageId, type AckSettings } from './ack-state.js';
import { sendGuarded, sentDetail } from './ack-send.js';

/** Sent through the `ack` queue like an acknowledgement: at most once unless proven lost (ack-send.ts). */
export async function sendAlert(ctx: AppContext, messageKey: string, job: Job, token: string | undefined, settings: Partial<AckSettings> = {}): Promise<string> {
  const q = await ctx.models.Quarantine.findById(messageKey).lean();
  // A message that failed for good (ingest/poison.ts) is told to its clerk through the same queue.
  if (!q) return (await sendFailureNotice(ctx, messageKey, job, token, settings)) ?? 'not quarantined';
  if (q.alertedAt) return 'already alerted';
  const agency = await ctx.agencies.get(q.agencyCode);
  if (!agency?.alertTo.length) return 'no alert address';
  const msg = await ctx.models.Message.findById(messageKey, { subject: 1, internalDate: 1, mailboxId: 1, uid: 1 }).lean();
  const md = (q.metadata ?? {}) as { codeRaw?: string | null; organName?: string | null; secrecy?: string | null };
  const domain = agency.address.split('@')[1] ?? 'localhost';
  const id = messageKey.replace(/[^A-Za-z0-9.-]/g, '');
  const envid = ackEnvelopeId('alert', id);
  const log = messageLogger(ctx.log, messageKey);
  const mail = {
    from: { name: `vanthu — ${agency.name}`, address: agency.address },
    to: agency.alertTo,
    subject: `[vanthu] Văn bản bị giữ lại: ${md.codeRaw ?? msg?.subject ?? messageKey}`,
    text: [
      `Hệ thống văn thư điện tử của ${agency.name} đã giữ lại một văn bản đến và không vào sổ.`,
      `Lý do: ${q.reasonVi ?? q.reason}`,
      '',
      `Người gửi: ${q.sender ?? 'không rõ'}`,
      `Tiêu đề thư: ${msg?.subject ?? ''}`,
      `Số, ký hiệu: ${md.codeRaw ?? 'không rõ'}   Cơ quan ban hành: ${md.organName ?? 'không rõ'}   Độ mật: ${md.secrecy ?? 'không rõ'}`,
      `Thời điểm thư đến: ${msg?.internalDate ? formatInstant(new Date(msg.internalDate), 420) : 'không rõ'}   Hộp thư: ${msg?.mailboxId ?? ''} (UID ${msg?.uid ?? '?'})`,
      `Mã tham chiếu: ${messageKey}`,
      '',
      'Văn bản không được đính kèm thư này. Xem danh sách: vanthu quarantine list (hoặc GET /quarantine).',
      '',
      `English: a document was quarantined (${q.reason}); message ${messageKey}.`,
    ].join('\n'),
    messageId: ackMessageId('alert', id, ctx.cfg.instanceId, domain),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', 'X-VanThu-Instance': ctx.cfg.instanceId },
  };
  return sendGuarded(ctx, job, token, {
    envid,
    kind: 'alert',
    mail,
    to: agency.alertTo,
    agencyCode: agency.code,
    messageKey,
    entryId: null,
    log,
    // The journal first, then alertedAt: a run stopped in between finds the journal and sets it.
    alreadySent: async () => {
      if ((await ctx.models.Quarantine.findById(messageKey, { alertedAt: 1 }).lean())?.alertedAt) return true;
      if (!(await ctx.journal.has(messageKey, 'alerted'))) return false;
      await ctx.models.Quarantine.updateOne({ _id: messageKey }, { $set: { alertedAt: new Date() } });
      return true;
    },
    // Under the message's lock already (sendGuarded): the journal's noteHeld, not note.
    recordSent: async (r) => {
      await ctx.journal.noteHeld(messageKey, 'alerted', { detail: { to: agency.alertTo, ...sentDetail(envid, mail.messageId, r) }, once: true });
      await ctx.models.Quarantine.updateOne({ _id: messageKey }, { $set: { alertedAt: new Date() } });
    },
  }, settings);
}
