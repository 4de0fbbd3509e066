// Acknowledgements go out through the `ack` queue (retried with backoff when the relay is down).
// This file decides what to send; ack-send.ts sends it at most once unless proven lost. The
// Message-ID and the DSN envelope id are derived from what is acknowledged, so a peer can
// recognise a repeat and the relay's report finds its acknowledgement (ack-state.ts).
import { DelayedError, type Job } from 'bullmq';
import { withLogger, type AppContext } from '../runtime/context.js';
import { ackJobId } from '../ingest/jobs.js';
import { ACTIVE_STATES, hasStage } from '../ingest/message-state.js';
import { correlationId, messageLogger } from '../log.js';
import type { AckJob } from '../queue/queues.js';
import { type AckInput } from './ack-compose.js';
import { ackEnvelopeId, ackMessageId, type AckSettings } from './ack-state.js';
import { acknowledgement, onceFor, sendGuarded } from './ack-send.js';
import type { Analysis } from './analyse.js';
import { sendAlert } from './alert.js';
import { refusalAnalysisOf } from '../ingest/poison.js';

/** registered: 03 with the số đến; refusal: 02 with the reason; received: 01, held for a clerk; alert: to the administrators. */
export type AckRequest = { kind: 'registered'; entryId: string } | { kind: 'refusal' | 'received' | 'alert'; messageKey: string };

/** The job that sends `req`; `messageKey` is the received message it answers (its correlation id). */
export function ackJobOf(req: AckRequest, messageKey: string): { name: 'ack'; data: AckJob; opts: { jobId: string } } {
  const key = req.kind === 'registered' ? req.entryId : req.messageKey;
  return { name: 'ack', data: { ...req, cid: correlationId(messageKey) }, opts: { jobId: ackJobId(`${req.kind}:${key}`) } };
}

/** Queues a 01, a 02 or an alert about a message (the registrar queues its 03s in bulk, with ackJobOf). */
export async function enqueueAck(ctx: AppContext, req: Exclude<AckRequest, { kind: 'registered' }>): Promise<void> {
  const j = ackJobOf(req, req.messageKey);
  await ctx.queues.ack.add(j.name, j.data, j.opts);
}

function domainOf(address: string): string {
  return address.split('@')[1] ?? 'localhost';
}

/** `settings` overrides the configuration's acknowledgement settings (tests). */
export async function ackJob(ctx: AppContext, job: Job<AckJob>, token?: string, settings: Partial<AckSettings> = {}): Promise<string> {
  const req = job.data;
  if (req.kind === 'alert') return sendAlert(withLogger(ctx, messageLogger(ctx.log, req.messageKey, req.cid)), req.messageKey, job, token, settings);
  let input: AckInput;
  let envid: string;
  /** The received message whose journal records the acknowledgement (none for an entry typed in by hand). */
  let messageKey: string | null | undefined;
  let log = req.kind === 'registered' ? ctx.log.child({ cid: req.cid }) : messageLogger(ctx.log, req.messageKey, req.cid);
  if (req.kind === 'registered') {
    const e = await ctx.models.Incoming.findById(req.entryId).lean();
    if (!e) return 'gone';
    messageKey = e.messageKey;
    if (e.messageKey) log = messageLogger(ctx.log, e.messageKey, req.cid);
    if (e.messageKey) {
      // The registrar queues the 03s of a batch just before it closes their messages (so that a
      // crash in between loses none). Wait for the close: the journal then says "registered"
      // before "acknowledged", and the registrar's write and ours never meet on one record.
      const m = await ctx.models.Message.findById(e.messageKey, { state: 1 }).lean();
      if (m && (ACTIVE_STATES as readonly string[]).includes(m.state)) {
        await job.moveToDelayed(Date.now() + 200 + Math.floor(Math.random() * 200), token);
        throw new DelayedError();
      }
    }
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
      messageId: ackMessageId('03', e._id, ctx.cfg.instanceId, domainOf(agency.address)),
      instanceId: ctx.cfg.instanceId,
      now: new Date(),
    };
    envid = ackEnvelopeId('03', e._id);
  } else {
    messageKey = req.messageKey;
    const m = await ctx.models.Message.findById(req.messageKey).lean();
    // A poison message has no analysis: its 02 is built from its recorded failure (ingest/poison.ts).
    const a = (m?.analysis ?? refusalAnalysisOf(m)) as Analysis | undefined;
    const statusCode = req.kind === 'received' ? '01' : '02';
    if (m && hasStage(m.stages ?? [], 'acknowledged', onceFor(statusCode))) return 'already sent';
    if (!m || !a || !a.sender) return 'no sender';
    const agency = await ctx.agencies.get(m.agencyCode);
    if (!agency) return 'no agency';
    const d = a.decision as { reasonVi?: string; reasonEn?: string };
    input = {
      statusCode,
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
      messageId: ackMessageId(statusCode, m.sha256.slice(0, 24), ctx.cfg.instanceId, domainOf(agency.address)),
      instanceId: ctx.cfg.instanceId,
      now: new Date(),
    };
    envid = ackEnvelopeId(statusCode, m.sha256.slice(0, 24));
  }
  return sendGuarded(ctx, job, token, acknowledgement(ctx, { input, envid, messageKey: messageKey ?? null, entryId: req.kind === 'registered' ? req.entryId : null, log }), settings);
}
