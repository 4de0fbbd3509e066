// Acknowledgements go out through the `ack` queue (retried with backoff when the relay is down).
// The Message-ID is derived from what is acknowledged, so a peer can recognise a repeat; the
// entry records that its acknowledgement was sent.
import type { Job } from 'bullmq';
import type { AppContext } from '../runtime/context.js';
import { ackJobId } from '../ingest/jobs.js';
import { recordStage } from '../ingest/journal.js';
import { smtpTransport } from '../mail/smtp.js';
import { composeAck, type AckInput } from './ack-compose.js';
import type { Analysis } from './analyse.js';
import { sendAlert } from './alert.js';

/** registered: 03 with the số đến; refusal: 02 with the reason; received: 01, held for a clerk; alert: to the administrators. */
export type AckRequest = { kind: 'registered'; entryId: string } | { kind: 'refusal' | 'received' | 'alert'; messageKey: string };

export async function enqueueAck(ctx: AppContext, req: AckRequest): Promise<void> {
  const key = req.kind === 'registered' ? req.entryId : req.messageKey;
  await ctx.queues.ack.add('ack', req, { jobId: ackJobId(`${req.kind}:${key}`) });
}

function domainOf(address: string): string {
  return address.split('@')[1] ?? 'localhost';
}

export async function ackJob(ctx: AppContext, job: Job): Promise<string> {
  const req = job.data as AckRequest;
  if (req.kind === 'alert') return sendAlert(ctx, req.messageKey);
  let input: AckInput;
  if (req.kind === 'registered') {
    const e = await ctx.models.Incoming.findById(req.entryId).lean();
    if (!e) return 'gone';
    if (e.ack?.state === 'sent') return 'already sent';
    const agency = await ctx.agencies.get(e.agencyCode);
    if (!agency || !e.sender) return 'no sender';
    input = {
      statusCode: '03',
      agency: { code: agency.code, name: agency.name, address: agency.address },
      to: e.sender,
      inReplyTo: e.senderMessageId ?? null,
      references: e.senderReferences ?? null,
      metadata: e.metadata as AckInput['metadata'],
      senderOrganId: e.senderOrganId ?? null,
      documentId: e.documentId ?? null,
      arrivalNumber: e.arrivalNumber,
      receiptTime: e.receiptTime,
      reasonVi: null,
      reasonEn: null,
      messageId: `<ack.${e._id}.${ctx.cfg.instanceId}@${domainOf(agency.address)}>`,
      instanceId: ctx.cfg.instanceId,
      now: new Date(),
    };
  } else {
    const m = await ctx.models.Message.findById(req.messageKey).lean();
    const a = m?.analysis as Analysis | undefined;
    if (!m || !a || !a.sender) return 'no sender';
    const agency = await ctx.agencies.get(m.agencyCode);
    if (!agency) return 'no agency';
    const d = a.decision as { reasonVi?: string; reasonEn?: string };
    input = {
      statusCode: req.kind === 'received' ? '01' : '02',
      agency: { code: agency.code, name: agency.name, address: agency.address },
      to: a.sender,
      inReplyTo: a.senderMessageId,
      references: a.senderReferences ?? null,
      metadata: a.metadata,
      senderOrganId: a.envelope?.fromOrganId ?? null,
      documentId: a.envelope?.documentId ?? null,
      arrivalNumber: null,
      receiptTime: null,
      reasonVi: d.reasonVi ?? null,
      reasonEn: d.reasonEn ?? null,
      messageId: `<${req.kind}.${m.sha256.slice(0, 24)}.${ctx.cfg.instanceId}@${domainOf(agency.address)}>`,
      instanceId: ctx.cfg.instanceId,
      now: new Date(),
    };
  }
  const info = await smtpTransport(ctx.cfg).sendMail(composeAck(input));
  if (req.kind === 'registered') {
    await ctx.models.Incoming.updateOne({ _id: req.entryId }, { $set: { 'ack.state': 'sent', 'ack.messageId': input.messageId, 'ack.sentAt': new Date() } });
    const e = await ctx.models.Incoming.findById(req.entryId, { messageKey: 1 }).lean();
    if (e?.messageKey) await recordStage(ctx.models, e.messageKey, 'acknowledged', {}, { statusCode: '03', messageId: input.messageId, response: info.response });
  } else {
    await recordStage(ctx.models, req.messageKey, 'acknowledged', {}, { statusCode: input.statusCode, messageId: input.messageId, response: info.response });
  }
  return String(info.response ?? 'sent');
}
