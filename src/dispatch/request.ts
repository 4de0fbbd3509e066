// Dispatch by email: a clerk sends the document to the agency's dispatch address, naming the
// recipients in To/Cc or by agency code in the subject; the service checks it, registers and
// sends it exactly as `vanthu send` would, and answers the clerk in Vietnamese (threaded,
// Auto-Submitted: auto-replied). Idempotent per request message: the document id derives from
// the message key, and the reply is recorded once in `dispatch_requests`. A request whose origin
// is not proven (origin.ts: envelope sender and a trusted server's Authentication-Results) is
// never acted on; the owner of the From address is told (origin-notice.ts).
import { simpleParser } from 'mailparser';
import type { AppContext } from '../runtime/context.js';
import type { Principal } from '../access/roles.js';
import type { Classification } from '../mail/classify/index.js';
import { parseMime, header, type MimePart } from '../mail/classify/mime-walk.js';
import { isDaemonAddress } from '../mail/classify/bounce-formats.js';
import { parseDispatchRequest } from './email-request.js';
import { sendDocument, type SendResult } from './send.js';
import { domainOf, requestDocId } from './ids.js';
import { dispatchTransport } from './smtp.js';
import { dispatchSettings, type DispatchSettings } from './settings.js';
import { domainsOf, type Agency } from '../agency/agency.js';
import { decideOrigin, originInput, type OriginReason } from './origin.js';
import { sendOriginNotice } from './origin-notice.js';

/** Who asked, as the audit log names them: the clerk's proven address, acting by e-mail. */
function requester(from: string, agencyCode: string): Principal {
  return { login: from, role: 'clerk', agencyCode, via: 'email' };
}

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
 * A request whose origin is not proven: logged at warn, and the owner of the From address (never
 * the envelope sender) and the agency's alertTo told once (origin-notice.ts).
 */
async function refuseUnproven(
  ctx: AppContext,
  o: { messageKey: string; root: MimePart; c: Classification; from: string; agency: Agency; dispatchAddress: string; receivedAt: Date; reasons: OriginReason[] },
): Promise<void> {
  const { c, agency, from } = o;
  ctx.log.warn({ messageKey: o.messageKey, agency: agency.code, from, envelopeSender: c.returnPath, reasons: o.reasons.map((r) => `${r.code}: ${r.en}`) }, 'dispatch request refused: origin not proven');
  const to = isDaemonAddress(from) ? [] : [from];
  const cc = agency.alertTo.filter((a) => a !== from);
  if (!to.length && !cc.length) return;
  const noticeId = await sendOriginNotice(ctx, {
    messageKey: o.messageKey,
    to,
    cc,
    references: header(o.root, 'references'),
    notice: { agencyName: agency.name, dispatchAddress: o.dispatchAddress, from, envelopeSender: c.returnPath, subject: c.subject, messageId: c.messageId, receivedAt: o.receivedAt, reasons: o.reasons },
  });
  await ctx.models.DispatchRequest.updateOne({ _id: o.messageKey }, { $set: { noticeMessageId: noticeId, noticeTo: [...to, ...cc], noticedAt: new Date() } });
}

/**
 * Called by ingest for a message that arrived in a mailbox whose role is 'dispatch' and is not
 * from us. 'handled' = dispatched, 'refused' = the clerk was told why not (or, origin not proven,
 * the owner of the From address was warned), 'ignored' = not a request (a report, an automatic
 * message, a stranger) — recorded, never answered.
 */
export async function handleDispatchRequest(ctx: AppContext, messageKey: string, raw: Buffer, c: Classification, settings: Partial<DispatchSettings> = {}): Promise<RequestOutcome> {
  const s = dispatchSettings(ctx.cfg, settings);
  const M = ctx.models.DispatchRequest;
  const prior = await M.findById(messageKey).lean();
  if (prior?.repliedAt || prior?.noticedAt || prior?.outcome === 'ignored') return prior.outcome === 'dispatched' ? 'handled' : prior.outcome === 'refused' ? 'refused' : 'ignored';

  const msg = await ctx.models.Message.findById(messageKey, { agencyCode: 1, mailboxId: 1, internalDate: 1 }).lean();
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
  // Who asked? From names the agency but proves nothing (origin.ts); decided before anything is
  // numbered. A request once refused on origin stays refused: a replay only completes the notice.
  // One already dispatched was proven then and is not judged again.
  const origin = prior?.originRefused
    ? { proven: false, reasons: (prior.originReasons ?? []) as OriginReason[], evidence: null }
    : prior?.outcome === 'dispatched'
      ? { proven: true, reasons: [], evidence: prior.originEvidence ?? null }
      : decideOrigin(originInput(root, [...agency.authservIds, ...s.authservIds]));
  if (!origin.proven) {
    await record('refused', { reason: `origin not proven: ${origin.reasons.map((r) => r.en).join('; ')}`, originRefused: true, originReasons: origin.reasons, envelopeSender: c.returnPath });
    if (!prior?.originRefused) {
      await ctx.audit.record(requester(c.from, agency.code), { action: 'dispatch.origin-refused', target: `request/${messageKey}`, agencyCode: agency.code, after: { envelopeSender: c.returnPath ?? null, reasons: origin.reasons.map((r) => r.code) } });
    }
    await refuseUnproven(ctx, { messageKey, root, c, from: c.from, agency, dispatchAddress: mailbox.address, receivedAt: msg?.internalDate ? new Date(msg.internalDate) : new Date(), reasons: origin.reasons });
    return 'refused';
  }
  ctx.log.info({ messageKey, agency: agency.code, from: c.from, evidence: origin.evidence }, 'dispatch request: origin proven');

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
  // Audited once: a replay of the same request (a retried job) finds its outcome recorded.
  if (!prior?.outcome) {
    await ctx.audit.record(requester(c.from, agency.code), {
      action: result.ok ? 'outgoing.send' : 'outgoing.refused',
      target: result.ok ? `outgoing/${result.id}` : `request/${messageKey}`,
      agencyCode: agency.code,
      after: result.ok ? { id: result.id, number: result.codeRaw, to: result.deliveries.map((d) => d.address), via: 'dispatch address' } : { reasons: result.reasons.map((r) => r.code) },
    });
  }
  await record(outcome, { originEvidence: origin.evidence ?? undefined, outgoingId: result.ok ? result.id : undefined, reason: result.ok ? undefined : result.reasons.map((r) => r.en).join('; ') });

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
