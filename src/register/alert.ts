// The administrators' alert for a quarantined document (Decision 36 Art. 6.4, 11.5: secret content
// must not travel by the network, so someone responsible has to act): a plain mail to the agency's
// alertTo addresses, sent once. The document itself is never attached — it may be secret.
import type { AppContext } from '../runtime/context.js';
import { smtpTransport } from '../mail/smtp.js';
import { messageLogger } from '../log.js';
import { observeSmtp } from '../runtime/metrics.js';
import { formatInstant } from '../calendar/index.js';
import { sendFailureNotice } from './failure-notice.js';

export async function sendAlert(ctx: AppContext, messageKey: string): Promise<string> {
  const q = await ctx.models.Quarantine.findById(messageKey).lean();
  // A message that failed for good (ingest/poison.ts) is told to its clerk through the same queue.
  if (!q) return (await sendFailureNotice(ctx, messageKey)) ?? 'not quarantined';
  if (q.alertedAt) return 'already alerted';
  const agency = await ctx.agencies.get(q.agencyCode);
  if (!agency?.alertTo.length) return 'no alert address';
  const msg = await ctx.models.Message.findById(messageKey, { subject: 1, internalDate: 1, mailboxId: 1, uid: 1 }).lean();
  const md = (q.metadata ?? {}) as { codeRaw?: string | null; organName?: string | null; secrecy?: string | null };
  const domain = agency.address.split('@')[1] ?? 'localhost';
  const info = await observeSmtp(smtpTransport(ctx.cfg).sendMail({
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
    messageId: `<alert.${messageKey.replace(/[^A-Za-z0-9.-]/g, '')}.${ctx.cfg.instanceId}@${domain}>`,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', 'X-VanThu-Instance': ctx.cfg.instanceId },
  }), agency.code);
  await ctx.models.Quarantine.updateOne({ _id: messageKey }, { $set: { alertedAt: new Date() } });
  await ctx.journal.note(messageKey, 'alerted', { detail: { to: agency.alertTo, response: info.response }, once: true });
  messageLogger(ctx.log, messageKey).info({ agency: q.agencyCode, to: agency.alertTo.length, response: info.response }, 'alert sent');
  return String(info.response ?? 'sent');
}
