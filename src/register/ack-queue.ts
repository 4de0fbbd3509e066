// Acknowledgements go out through the `ack` queue (retried with backoff when the relay is down).
// The Message-ID is derived from what is acknowledged, so a peer can recognise a repeat; the
// entry records that its acknowledgement was sent.
import { DelayedError, type Job } from 'bullmq';
import { withLogger, type AppContext } from '../runtime/context.js';
import { ackJobId } from '../ingest/jobs.js';
import { ACTIVE_STATES, hasStage } from '../ingest/message-state.js';
import { correlationId, messageLogger } from '../log.js';
import type { AckJob } from '../queue/queues.js';
import { metrics, observeSmtp } from '../runtime/metrics.js';
import { smtpTransport } from '../mail/smtp.js';
import { composeAck, type AckInput } from './ack-compose.js';
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

/** The journal's "this acknowledgement went out": one per status code and message. */
const onceFor = (statusCode: string) => ({ field: 'statusCode', value: statusCode });

export async function ackJob(ctx: AppContext, job: Job<AckJob>, token?: string): Promise<string> {
  const req = job.data;
  if (req.kind === 'alert') return sendAlert(withLogger(ctx, messageLogger(ctx.log, req.messageKey, req.cid)), req.messageKey);
  let input: AckInput;
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
      messageId: `<ack.${e._id}.${ctx.cfg.instanceId}@${domainOf(agency.address)}>`,
      instanceId: ctx.cfg.instanceId,
      now: new Date(),
    };
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
      messageId: `<${req.kind}.${m.sha256.slice(0, 24)}.${ctx.cfg.instanceId}@${domainOf(agency.address)}>`,
      instanceId: ctx.cfg.instanceId,
      now: new Date(),
    };
  }
  const sendAndRecord = async (): Promise<string> => {
    // Under the message's lock, a second run of this job (a stalled job handed out again while the
    // first still runs, after a Redis restart say) finds the first one's journal entry and stops;
    // so does a run after one that stopped between the journal and the entry (it marks the entry).
    if (messageKey && (await ctx.journal.has(messageKey, 'acknowledged', onceFor(input.statusCode)))) {
      if (req.kind === 'registered') await ctx.models.Incoming.updateOne({ _id: req.entryId }, { $set: { 'ack.state': 'sent', 'ack.sentAt': new Date() } });
      return 'already sent';
    }
    const info = await observeSmtp(smtpTransport(ctx.cfg).sendMail(composeAck(input)), input.agency.code);
    metrics().acknowledgementsSent.inc({ agency: input.agency.code, status: input.statusCode });
    log.info({ agency: input.agency.code, statusCode: input.statusCode, ackMessageId: input.messageId, response: info.response }, 'acknowledgement sent');
    // The journal first, then the entry: a run stopped in between finds the journal entry and only
    // marks the entry (above). A run stopped between the relay's 250 and the journal sends again,
    // with the same Message-ID, which the peer recognises as a repeat (at least once; SMTP offers
    // no exactly-once). From here a failed write must not fail the job (its retry would send a
    // second copy), so the records are retried in place while the database is away.
    const detail = { statusCode: input.statusCode, messageId: input.messageId, response: info.response };
    await untilWritten(log, async () => {
      if (messageKey) await ctx.journal.noteHeld(messageKey, 'acknowledged', { detail, once: onceFor(input.statusCode) });
      if (req.kind === 'registered') await ctx.models.Incoming.updateOne({ _id: req.entryId }, { $set: { 'ack.state': 'sent', 'ack.messageId': input.messageId, 'ack.sentAt': new Date() } });
    });
    return String(info.response ?? 'sent');
  };
  return messageKey ? ctx.journal.locked(messageKey, sendAndRecord, SEND_LOCK_MS) : sendAndRecord();
}

/**
 * The message's lock while its acknowledgement is sent and recorded: a relay answers in seconds,
 * and a worker that died holding it (or handed its job back at shutdown) must not keep the next
 * one waiting longer than the journal's lock wait (30 s).
 */
const SEND_LOCK_MS = 20_000;

/** How long a sent acknowledgement's records are retried in place before the job gives up. */
const RECORD_RETRY_MS = 5 * 60_000;

/** Runs `write` until it succeeds (idempotent writes only), waiting 1–5 s between tries. */
async function untilWritten(log: { warn: (o: object, m: string) => void }, write: () => Promise<void>): Promise<void> {
  const until = Date.now() + RECORD_RETRY_MS;
  for (let wait = 1000; ; wait = Math.min(wait * 2, 5000)) {
    try {
      return await write();
    } catch (err) {
      if (Date.now() > until) throw err;
      log.warn({ err: (err as Error).message, retryInMs: wait }, 'acknowledgement sent, but not yet recorded: retrying the record');
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
