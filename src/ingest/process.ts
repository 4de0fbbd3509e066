// The ingest job: parse and classify a stored message, then hand it to what deals with its kind:
// documents go on to registration; delivery reports, read receipts and acknowledgements update
// the outgoing document they are about; the rest is recorded and left alone. It is idempotent:
// a message already past classification is not processed again.
import { classifyMessage, type Classification } from '../mail/classify/index.js';
import type { AppContext } from '../runtime/context.js';
import type { CoreModels } from '../store/models.js';
import type { RawStore } from '../store/raw-store.js';
import { classifiedFields, classifiedStep, ignoredStep, routeOf } from './triage.js';
import { closeClassified, closingEvent, recordEvent, recordEvents, type Outcome } from './message-state.js';

export type { Outcome };

export interface IngestHandlers {
  /** A document: analyse it and decide (register, refuse, quarantine). */
  document?: (ctx: AppContext, messageKey: string, raw: Buffer, c: Classification) => Promise<Outcome>;
  /** A report or acknowledgement about something we sent. */
  receipt?: (ctx: AppContext, messageKey: string, raw: Buffer, c: Classification) => Promise<Outcome>;
  /** A person's answer to one of the workflow's mails (src/workflow/reply.ts). */
  workflow?: (ctx: AppContext, messageKey: string, raw: Buffer, c: Classification) => Promise<Outcome>;
}

export async function loadRaw(ctx: { models: Pick<CoreModels, 'Message' | 'Blob'>; raw: RawStore }, messageKey: string): Promise<Buffer> {
  const msg = await ctx.models.Message.findById(messageKey, { rawFileId: 1 }).lean();
  if (!msg) throw new Error(`message ${messageKey} is not stored`);
  if (msg.rawFileId) return ctx.raw.get(msg.rawFileId);
  const blob = await ctx.models.Blob.findById(messageKey).lean();
  if (!blob) throw new Error(`message ${messageKey} has no stored content`);
  // lean() gives BSON Binary for Buffer fields; its .buffer holds the bytes.
  return Buffer.isBuffer(blob.data) ? blob.data : Buffer.from((blob.data as unknown as { buffer: Uint8Array }).buffer);
}


/**
 * The bytes are read back from the raw store, not carried in the job: a backlog of jobs holding
 * whole messages would fill Redis's memory. The poller usually classified the message already
 * (state `classified`, see triage.ts); the classification is recomputed here (CPU only,
 * deterministic) rather than stored in full.
 */
export async function processIngest(ctx: AppContext, messageKey: string, handlers: IngestHandlers): Promise<Outcome | 'skipped'> {
  const msg = await ctx.models.Message.findById(messageKey, { state: 1, mailboxId: 1 }).lean();
  if (!msg) throw new Error(`message ${messageKey} is not stored`);
  if (msg.state !== 'stored' && msg.state !== 'classified') return 'skipped';
  const raw = await loadRaw(ctx, messageKey);
  // "Ours" is the receiving mailbox itself: one instance often serves many agencies, and a
  // document from one of them to another is real mail. Loops between instances are stopped by
  // the Auto-Submitted marking of everything the service sends.
  const mailbox = await ctx.models.Mailbox.findById(msg.mailboxId, { address: 1 }).lean();
  const c = await classifyMessage(raw, { ourAddresses: mailbox ? [mailbox.address] : [] });
  const route = routeOf(c);
  const handler = route ? handlers[route] : undefined;
  const fresh = msg.state === 'stored'; // not classified by the poller (a large, streamed message)
  if (!handler) {
    // Nothing more to do with it: one write records the classification and the outcome together.
    await recordEvents(ctx.models, messageKey, fresh ? [classifiedStep(c), ignoredStep(c)] : [ignoredStep(c)], classifiedFields(c));
    return 'ignored';
  }
  if (fresh) await recordEvents(ctx.models, messageKey, [classifiedStep(c)], classifiedFields(c));
  const outcome = await handler(ctx, messageKey, raw, c);
  if (route === 'receipt') {
    // Nothing comes after a receipt's handler (no registrar): this job is the record's only
    // writer, so it is closed by `_id` alone. The conditional write below costs FerretDB a scan of
    // the whole collection, once per receipt — and every acknowledgement now brings back a DSN.
    await recordEvent(ctx.models, messageKey, closingEvent(outcome), { detail: { kind: c.kind, fromUs: c.fromUs } });
    return outcome;
  }
  // Handlers that do not record their own outcome leave the message 'classified': close it here,
  // without overwriting a state the handler (or the registrar after it) already set.
  await closeClassified(ctx.models, messageKey, closingEvent(outcome), { kind: c.kind, fromUs: c.fromUs });
  return outcome;
}
