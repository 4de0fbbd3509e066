// Appending to a delivery's timeline and refreshing the cached state. An event is inserted once
// under a deterministic id (a replayed receipt or a retried job step is a no-op); the delivery's
// state is then recomputed from all its events and written only if this view has seen more events
// than the one already written (eventCount), so a slow writer never puts an older state back.
import type { AppContext } from '../runtime/context.js';
import { isDuplicateKey } from '../store/db.js';
import type { DeliveryState } from './models.js';
import { foldEvents, isSuccess, outgoingState, type DeliveryEventType, type FoldedState } from './state.js';

type Models = AppContext['models'];

let lastMs = 0;
let counter = 0;
/** Monotonic per process: ms clock × 1000 + counter. */
function nextSeq(now: number): number {
  if (now === lastMs) counter++;
  else {
    lastMs = now;
    counter = 0;
  }
  return now * 1000 + counter;
}

export interface NewEvent {
  deliveryId: string;
  docId: string;
  event: DeliveryEventType;
  /** Makes the event idempotent: the same key is appended once (e.g. the receipt's message key). */
  key: string;
  at?: Date;
  source?: string;
  messageKey?: string;
  detail?: Record<string, unknown>;
}

/** Insert one event; false when it was already there. */
export async function insertEvent(models: Models, e: NewEvent): Promise<boolean> {
  const at = e.at ?? new Date();
  try {
    await models.DeliveryEvent.create({
      _id: `${e.deliveryId}|${e.key}`,
      deliveryId: e.deliveryId,
      docId: e.docId,
      event: e.event,
      at,
      seq: nextSeq(at.getTime()),
      source: e.source,
      messageKey: e.messageKey,
      detail: e.detail ?? {},
    });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Insert many events at once (a new document's 'queued' events); duplicates are skipped. */
export async function insertEvents(models: Models, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const docs = events.map((e) => {
    const at = e.at ?? new Date();
    return { _id: `${e.deliveryId}|${e.key}`, deliveryId: e.deliveryId, docId: e.docId, event: e.event, at, seq: nextSeq(at.getTime()), source: e.source, messageKey: e.messageKey, detail: e.detail ?? {} };
  });
  try {
    await models.DeliveryEvent.insertMany(docs, { ordered: false });
  } catch (err) {
    if (!isDuplicateKey(err) && !(err as { writeErrors?: unknown[] }).writeErrors) throw err;
  }
}

export async function loadEvents(models: Models, deliveryId: string) {
  return models.DeliveryEvent.find({ deliveryId }).lean();
}

/**
 * Recompute the delivery's cached state from its events; returns the fold. `force` writes it even
 * if the cached eventCount is not lower (to repair a cache that an unconditional write spoilt).
 */
export async function refreshDelivery(models: Models, deliveryId: string, opts: { force?: boolean } = {}): Promise<FoldedState> {
  const events = await loadEvents(models, deliveryId);
  const f = foldEvents(events.map((e) => ({ event: e.event, at: e.at, seq: e.seq, detail: (e.detail ?? {}) as Record<string, unknown> })));
  const set: Record<string, unknown> = { state: f.state, eventCount: f.eventCount };
  for (const k of ['acceptedAt', 'relayQueueId', 'smtpResponse', 'status', 'diagnostic', 'peerArrivalNumber', 'peerReceiptTime', 'refusalReason'] as const) {
    if (f[k] !== null) set[k] = f[k];
  }
  await models.Delivery.updateOne(opts.force ? { _id: deliveryId } : { _id: deliveryId, eventCount: { $lt: f.eventCount } }, { $set: set });
  return f;
}

/** Append an event and refresh state; the outgoing document is refreshed when the state moved. */
export async function appendEvent(models: Models, e: NewEvent): Promise<{ inserted: boolean; state: DeliveryState }> {
  const inserted = await insertEvent(models, e);
  const f = await refreshDelivery(models, e.deliveryId);
  await refreshOutgoing(models, e.docId);
  return { inserted, state: f.state };
}

/**
 * The outgoing document's summary state, and its Art. 9.1 send time: the earliest acceptance
 * among recipients for whom a success receipt exists. Conditional writes keep it monotone.
 */
export async function refreshOutgoing(models: Models, docId: string): Promise<void> {
  const ds = await models.Delivery.find({ docId }, { state: 1, acceptedAt: 1 }).lean();
  const state = outgoingState(ds.map((d) => d.state as DeliveryState));
  await models.Outgoing.updateOne({ _id: docId, state: { $ne: state } }, { $set: { state } });
  const times = ds.filter((d) => isSuccess(d.state as DeliveryState) && d.acceptedAt).map((d) => d.acceptedAt!.getTime());
  if (times.length) {
    const t = new Date(Math.min(...times));
    await models.Outgoing.updateOne({ _id: docId, $or: [{ sendTime: { $exists: false } }, { sendTime: null }, { sendTime: { $gt: t } }] }, { $set: { sendTime: t } });
  }
}
