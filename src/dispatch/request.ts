// Dispatch by email: a clerk sends the document to the agency's dispatch address, naming the
// recipients in To/Cc or by agency code in the subject; the service checks it, registers and
// sends it exactly as `vanthu send` would, and answers the clerk in Vietnamese (threaded,
// Auto-Submitted: auto-replied). Idempotent per request message: the document id derives from
// the message key, and the reply is recorded once in `dispatch_requests`.
import { simpleParser } from 'mailparser';
import type { AppContext } from '../runtime/context.js';
import type { Classification } from '../mail/classify/index.js';
import { parseMime, header } from '../mail/classify/mime-walk.js';
import { parseDispatchRequest } from './email-request.js';
import { sendDocument, type SendResult } from './send.js';
import { domainOf, requestDocId } from './ids.js';
import { dispatchTransport } from './smtp.js';
import { dispatchSettings, type DispatchSettings } from './settings.js';
import { domainsOf } from '../agency/agency.js';

export type RequestOutcome = 'handled' | 'refused' | 'ignored';

function replyText(agencyName: string, r: SendResult, extra: string[]): string {
  if (r.ok) {
    const lines = [
      `${agencyName} — hệ thống văn thư điện tử đã tiếp nhận yêu cầu gửi văn bản.`,
      '',
      `Số đi đã đăng ký: ${r.codeRaw} (số ${r.number}, năm ${r.year}). Mã theo dõi: ${r.id}.`,
      `Văn bản đang được gửi tới ${r.deliveries.length} nơi nhận:`,
      ...r.deliveries.map((d) => `  - ${d.address}`),
      '',
      `Xem tình trạng gửi và hồi báo: vanthu status ${r.id}`,
      ...(r.warnings.length ? ['', 'Lưu ý:', ...r.warnings.map((w) => `  - ${w}`)] : []),
      ...extra,
    ];
    return lines.join('\n');
  }
  return [
    `${agencyName} — hệ thống văn thư điện tử KHÔNG gửi văn bản này.`,
    '',
    'Lý do:',
    ...r.reasons.map((x) => `  - ${x.vi}`),
    ...extra,
    '',
    'Đề nghị kiểm tra và gửi lại yêu cầu. Đây là thư trả lời tự động.',
  ].join('\n');
}

async function reply(ctx: AppContext, o: { from: string; fromName: string; to: string; subject: string | null; inReplyTo: string | null; references: string | null; messageKey: string; text: string }): Promise<string> {
  const id = `<reply.${requestDocId(o.messageKey)}.${ctx.cfg.instanceId.replace(/[^A-Za-z0-9-]/g, '-')}@${domainOf(o.from)}>`;
  const subject = o.subject ? (/^re:/i.test(o.subject) ? o.subject : `Re: ${o.subject}`) : 'Re: yêu cầu gửi văn bản';
  await dispatchTransport(ctx.cfg).sendMail({
    from: { name: o.fromName, address: o.from },
    to: o.to,
    subject,
    text: o.text,
    messageId: id,
    inReplyTo: o.inReplyTo ?? undefined,
    references: [o.references, o.inReplyTo].filter(Boolean).join(' ') || undefined,
    headers: { 'Auto-Submitted': 'auto-replied', 'X-VanThu-Instance': ctx.cfg.instanceId, 'X-Auto-Response-Suppress': 'All' },
    // A reply to a person: no DSN success noise, failures only.
    dsn: { id: `reply.${requestDocId(o.messageKey)}`, return: 'headers', notify: ['failure'], recipient: o.to },
  } as Parameters<ReturnType<typeof dispatchTransport>['sendMail']>[0]);
  return id;
}

/**
 * Called by ingest for a message that arrived in a mailbox whose role is 'dispatch' and is not
 * from us. 'handled' = dispatched, 'refused' = the clerk was told why not, 'ignored' = not a
 * request (a report, an automatic message, a stranger) — recorded, never answered.
 */
export async function handleDispatchRequest(ctx: AppContext, messageKey: string, raw: Buffer, c: Classification, settings: Partial<DispatchSettings> = {}): Promise<RequestOutcome> {
  const s = dispatchSettings(ctx.cfg, settings);
  const M = ctx.models.DispatchRequest;
  const prior = await M.findById(messageKey).lean();
  if (prior?.repliedAt || prior?.outcome === 'ignored') return prior.outcome === 'dispatched' ? 'handled' : prior.outcome === 'refused' ? 'refused' : 'ignored';

  const msg = await ctx.models.Message.findById(messageKey, { agencyCode: 1, mailboxId: 1 }).lean();
  const mailbox = msg ? await ctx.models.Mailbox.findById(msg.mailboxId, { address: 1, agencyCode: 1 }).lean() : null;
  const agency = await ctx.agencies.get(mailbox?.agencyCode ?? msg?.agencyCode);
  const record = (outcome: 'dispatched' | 'refused' | 'ignored', extra: Record<string, unknown> = {}) =>
    M.updateOne({ _id: messageKey }, { $set: { agencyCode: agency?.code, from: c.from, outcome, ...extra } }, { upsert: true });

  const automatic = c.fromUs || c.isList || !!(c.autoSubmitted && c.autoSubmitted !== 'no') || ['delivery-report', 'read-receipt', 'acknowledgement', 'feedback-report', 'auto-reply'].includes(c.kind);
  if (!agency || !mailbox || !c.from || automatic) {
    await record('ignored', { reason: !agency ? 'mailbox of no configured agency' : automatic ? 'automatic message' : 'no sender' });
    return 'ignored';
  }
  const ownDomains = new Set(domainsOf(agency));
  const allowed = s.allowedRequesters ? s.allowedRequesters.map((x) => x.toLowerCase()).includes(c.from) : ownDomains.has(domainOf(c.from));
  if (!allowed) {
    // A stranger must not be able to make the agency send documents; no answer either (no backscatter).
    await record('ignored', { reason: `sender ${c.from} may not request dispatch for ${agency.code}` });
    ctx.log.warn({ messageKey, from: c.from, agency: agency.code }, 'dispatch request from a sender who may not request dispatch');
    return 'ignored';
  }

  const root = parseMime(raw);
  const parsedReq = parseDispatchRequest({ to: header(root, 'to'), cc: header(root, 'cc'), subject: c.subject }, mailbox.address, await ctx.agencies.all());
  const mail = await simpleParser(raw);
  const files = mail.attachments.filter((a) => a.filename && !/^text\/(plain|html)$/i.test(a.contentType)).map((a) => ({ filename: a.filename!, content: a.content }));
  const extra = parsedReq.unknownCodes.length ? ['', `Mã cơ quan không có trong danh sách: ${parsedReq.unknownCodes.join(', ')}.`] : [];

  const result: SendResult = parsedReq.unknownCodes.length
    ? { ok: false, reasons: [{ code: 'BAD_RECIPIENT', vi: `Không tìm thấy cơ quan có mã: ${parsedReq.unknownCodes.join(', ')}`, en: `Unknown agency codes: ${parsedReq.unknownCodes.join(', ')}` }] }
    : await sendDocument(ctx, {
        fromAgencyCode: agency.code,
        to: parsedReq.recipients,
        files,
        number: parsedReq.number ?? undefined,
        subject: parsedReq.subject ?? undefined,
        source: 'email',
        requestedBy: c.from,
        requestMessageKey: messageKey,
        requestMessageId: c.messageId ?? undefined,
        docId: requestDocId(messageKey),
        settings,
      });
  const outcome = result.ok ? 'dispatched' : 'refused';
  await record(outcome, { outgoingId: result.ok ? result.id : undefined, reason: result.ok ? undefined : result.reasons.map((r) => r.en).join('; ') });

  if (c.mayAutoAnswer) {
    const replyId = await reply(ctx, {
      from: mailbox.address,
      fromName: agency.name,
      to: c.from,
      subject: c.subject,
      inReplyTo: c.messageId,
      references: header(root, 'references'),
      messageKey,
      text: replyText(agency.name, result, extra),
    });
    await M.updateOne({ _id: messageKey }, { $set: { replyMessageId: replyId, repliedAt: new Date() } });
  }
  return result.ok ? 'handled' : 'refused';
}
