// The ingest job: parse and classify a stored message, then hand it to what deals with its kind:
// documents go on to registration; delivery reports, read receipts and acknowledgements update
// the outgoing document they are about; the rest is recorded and left alone. It is idempotent:
// a message already past classification is not processed again.
import { classifyMessage, type Classification } from '../mail/classify/index.js';
import type { AppContext } from '../runtime/context.js';
import type { CoreModels } from '../store/models.js';
import type { RawStore } from '../store/raw-store.js';
import { classifiedFields, classifiedStage, ignoredStage, routeOf } from './triage.js';

export type Outcome = 'ready' | 'registered' | 'refused' | 'quarantined' | 'handled' | 'ignored';

export interface IngestHandlers {
  /** A document: analyse it and decide (register, refuse, quarantine). */
  document?: (ctx: AppContext, messageKey: string, raw: Buffer, c: Classification) => Promise<Outcome>;
  /** A report or acknowledgement about something we sent. */
  receipt?: (ctx: AppContext, messageKey: string, raw: Buffer, c: Classification) => Promise<Outcome>;
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
    const stages = fresh ? [classifiedStage(c), ignoredStage(c)] : [ignoredStage(c)];
    await ctx.models.Message.updateOne({ _id: messageKey }, { $set: { ...classifiedFields(c), state: 'ignored' }, $push: { stages: { $each: stages } } });
    return 'ignored';
  }
  if (fresh) await ctx.models.Message.updateOne({ _id: messageKey }, { $set: { ...classifiedFields(c), state: 'classified' }, $push: { stages: classifiedStage(c) } });
  const outcome = await handler(ctx, messageKey, raw, c);
  // Handlers that do not record their own outcome leave the message 'classified': close it here,
  // conditionally, so a state the handler (or the registrar after it) already set is kept. Looked
  // at by _id first: most handlers did record it, and FerretDB scans for the conditional write.
  const now = await ctx.models.Message.findById(messageKey, { state: 1 }).lean();
  if (now?.state !== 'classified') return outcome;
  await ctx.models.Message.updateOne(
    { _id: messageKey, state: 'classified' },
    { $set: { state: outcome }, $push: { stages: { stage: outcome, at: new Date(), detail: { kind: c.kind, fromUs: c.fromUs } } } },
  );
  return outcome;
}
