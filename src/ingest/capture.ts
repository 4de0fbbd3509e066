// Stores fetched messages exactly as received, once each. A message's identity is its mailbox and
// the SHA-256 of its bytes, so a re-fetch after a crash or a UIDVALIDITY change finds the stored
// copy instead of making a second one. New messages take the next arrival sequence numbers in UID
// order; a unique index on (mailbox, seq) stops two watchers that overlap from both taking one.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { CoreModels } from '../store/models.js';
import type { RawStore, StoredBlob } from '../store/raw-store.js';
import { isDuplicateKey } from '../store/db.js';
import { triage } from './triage.js';
import { newRecord } from './message-state.js';
import { metrics } from '../runtime/metrics.js';
import { headerBlock, normalizeMessageId } from '../mail/parse.js';

export const INLINE_MAX_BYTES = 255 * 1024;

export interface FetchedMessage {
  uid: number;
  internalDate: Date | null;
  /** The whole message (small messages), or a stream for a large one. */
  source: Buffer | (() => Promise<Readable>);
}

export interface CaptureTarget {
  mailboxId: string;
  /** The mailbox's own address: what classification counts as "from us". */
  address?: string;
  agencyCode: string;
  folder: string;
  uidValidity: string;
}

export interface CapturedMessage {
  id: string;
  uid: number;
  isNew: boolean;
  /** True when an ingest job must be (re)enqueued: nothing has processed it yet. */
  needsIngest: boolean;
}

export function messageKey(mailboxId: string, sha256: string): string {
  return `${mailboxId}:${sha256}`;
}

/** Reads Message-ID, Subject and From from the header block only (cheap, no MIME parse). */
export function headerSummary(raw: Buffer): { messageId?: string; subject?: string; from?: string } {
  const head = headerBlock(raw);
  const get = (name: string) => head.match(new RegExp(`^${name}:[ \\t]*(.*)$`, 'im'))?.[1]?.trim();
  // The same form classification gives (<id@host>), whichever of the two fills the record.
  return { messageId: normalizeMessageId(get('Message-ID')) ?? undefined, subject: get('Subject'), from: get('From') };
}

/**
 * What the watcher knows from its own last batch. `lastSeq` null means "read it from the
 * database": the first batch after taking a mailbox over (the previous owner may have crashed
 * after storing and before moving the checkpoint) and after any failed batch. Otherwise the batch
 * is known to be above what this watcher itself stored, and the two lookups that FerretDB can only
 * answer by scanning the mailbox are skipped; the unique indexes still catch any surprise.
 */
export interface SeqHint {
  lastSeq: number | null;
  /** Set after a batch collided: the next one asks the messages themselves, not the ArrivalHead. */
  verify?: boolean;
}

export async function captureBatch(
  models: CoreModels,
  raw: RawStore,
  target: CaptureTarget,
  batch: FetchedMessage[],
  hint: SeqHint = { lastSeq: null },
): Promise<CapturedMessage[]> {
  // Hash the in-memory ones; stream large ones to GridFS one at a time (each download holds the
  // IMAP connection until it is read), hashing on the way.
  const prepared: { m: FetchedMessage; sha256: string; size: number; buffer?: Buffer; fileId?: StoredBlob['fileId'] }[] = [];
  for (const m of batch) {
    if (Buffer.isBuffer(m.source)) {
      prepared.push({ m, sha256: createHash('sha256').update(m.source).digest('hex'), size: m.source.length, buffer: m.source });
    } else {
      const stored = await raw.put(await m.source(), `${target.mailboxId}-${target.uidValidity}-${m.uid}.eml`, { mailboxId: target.mailboxId, uid: m.uid });
      prepared.push({ m, sha256: stored.sha256, size: stored.size, fileId: stored.fileId });
    }
  }
  const ids = prepared.map((p) => messageKey(target.mailboxId, p.sha256));
  const own = hint.lastSeq;
  const verify = hint.verify === true;
  hint.lastSeq = null; // until this batch is stored
  // Each by `_id` (an `$in` is a collection scan on FerretDB 1.x).
  const existing = new Map(
    own === null ? (await Promise.all(ids.map((id) => models.Message.findById(id, { state: 1 }).lean()))).filter((d) => d !== null).map((d) => [d._id as string, d.state]) : [],
  );
  // The watcher's own count; else the mailbox's head by `_id` (none: nothing stored yet, as far
  // as we know — a mailbox stored into before heads existed collides once); after a collision,
  // the highest seq stored, which FerretDB answers by scanning the messages.
  const head = own === null && !verify ? ((await models.ArrivalHead.findById(target.mailboxId).lean())?.seq ?? 0) : null;
  const known = own ?? head;
  let seq = known ?? (await models.Message.findOne({ mailboxId: target.mailboxId }, { seq: 1 }).sort({ seq: -1 }).lean())?.seq ?? 0;
  const out: CapturedMessage[] = [];
  const moved: Promise<unknown>[] = [];
  const blobs: { _id: string; data: Buffer }[] = [];
  const docs: Record<string, unknown>[] = [];
  const puts: Promise<void>[] = []; // the store's writes, side by side (each one fsyncs)
  const ordered = prepared.map((p, i) => ({ ...p, id: ids[i]! })).sort((a, b) => a.m.uid - b.m.uid);
  for (const p of ordered) {
    const state = existing.get(p.id);
    if (state !== undefined || out.some((o) => o.id === p.id)) {
      if (p.fileId) await raw.delete(p.fileId);
      // Same bytes seen again (re-fetch, new UIDVALIDITY, or a copy): remember where it is now.
      moved.push(models.Message.updateOne({ _id: p.id }, { $set: { uid: p.m.uid, uidValidity: target.uidValidity, folder: target.folder } }));
      out.push({ id: p.id, uid: p.m.uid, isNew: false, needsIngest: state === 'stored' || state === 'classified' });
      continue;
    }
    seq += 1;
    // Small messages go into one batched insert when the store prefers that (GridFS: a write per
    // message costs milliseconds on FerretDB); a file store takes each one directly.
    const big = !p.buffer || p.size > INLINE_MAX_BYTES || !raw.inlineSmallMessages;
    const doc: Record<string, unknown> = {};
    if (p.fileId) doc.rawFileId = p.fileId;
    else if (big) puts.push(raw.put(p.buffer!, `${p.id}.eml`, { mailboxId: target.mailboxId }).then((b) => void (doc.rawFileId = b.fileId)));
    else blobs.push({ _id: p.id, data: p.buffer! });
    const now = new Date();
    // Classified now, while the bytes are in hand, and stored with it in the same write.
    const t = p.buffer ? triage(p.buffer, { ourAddresses: target.address ? [target.address] : [] }) : null;
    docs.push(Object.assign(doc, {
      _id: p.id,
      mailboxId: target.mailboxId,
      agencyCode: target.agencyCode,
      folder: target.folder,
      uidValidity: target.uidValidity,
      uid: p.m.uid,
      seq,
      sha256: p.sha256,
      size: p.size,
      ...(p.m.internalDate ? { internalDate: p.m.internalDate } : {}),
      ...Object.fromEntries(Object.entries(headerSummary(p.buffer ?? Buffer.alloc(0))).filter(([, v]) => v !== undefined)),
      ...t?.fields,
      ...newRecord([{ event: 'stored', detail: { uid: p.m.uid, uidValidity: target.uidValidity, size: p.size, sha256: p.sha256 } }, ...(t?.steps ?? [])], now),
      createdAt: now,
      updatedAt: now,
    }));
    out.push({ id: p.id, uid: p.m.uid, isNew: true, needsIngest: t?.route !== null });
  }
  // One write for the bytes, then one for the records that point at them (a record never points at
  // nothing). Written as batches: on FerretDB each write costs milliseconds however small it is.
  await Promise.all(puts);
  await insertAll(models.Blob.collection, blobs);
  // Optimistic batches insert in order: at a collision the rest is left for the careful retry,
  // which then numbers it without a gap where the collided message was.
  const missing = await insertAll(models.Message.collection, docs, known !== null);
  // Counted as inserted, before any collision below is reported: those records are stored.
  if (docs.length > missing.length) metrics().messagesStored.inc({ mailbox: target.mailboxId, agency: target.agencyCode }, docs.length - missing.length);
  if (missing.length && known !== null) {
    // Optimistic batch collided (a copy of a stored message, another watcher, a stale head): the
    // next sync reads the database and sorts it out.
    hint.verify = true;
    throw new Error(`${missing.length} message(s) collided with stored ones; will re-read the mailbox state and retry`);
  }
  if (missing.length) {
    // A duplicate _id is a concurrent watcher that stored the same bytes: fine. Anything else (the
    // same seq taken by an overlapping watcher) fails the batch; the next sync fetches it again.
    const there = new Set((await models.Message.find({ _id: { $in: missing } }, { _id: 1 }).lean()).map((d) => d._id as string));
    const lost = missing.filter((id) => !there.has(id));
    if (lost.length) hint.verify = true;
    if (lost.length) throw new Error(`${lost.length} message(s) could not be stored (arrival sequence taken by another watcher); will retry`);
  }
  await Promise.all(moved);
  if (docs.length) await writeHead(models, target.mailboxId, seq);
  hint.lastSeq = seq;
  hint.verify = false;
  return out;
}

/** insertMany (unordered unless asked); returns the ids that hit a unique index (other errors are thrown). */
async function insertAll(collection: { insertMany(docs: never[], o: { ordered: boolean }): Promise<unknown> }, docs: Record<string, unknown>[], ordered = false): Promise<string[]> {
  if (!docs.length) return [];
  try {
    await collection.insertMany(docs as never[], { ordered });
    return [];
  } catch (err) {
    const writeErrors = (err as { writeErrors?: { code?: number; index?: number; err?: { index?: number } }[] }).writeErrors;
    if (!isDuplicateKey(err) && !writeErrors?.every((w) => w.code === 11000)) throw err;
    if (!writeErrors) return docs.map((d) => d._id as string);
    if (!writeErrors.every((w) => w.code === 11000)) throw err;
    return writeErrors.map((w) => docs[w.index ?? w.err?.index ?? -1]?._id as string).filter(Boolean);
  }
}


/** Moves the mailbox's ArrivalHead (a hint only: a lost or stale write costs a scan later, no more). */
async function writeHead(models: Pick<CoreModels, 'ArrivalHead'>, mailboxId: string, seq: number): Promise<void> {
  try {
    await models.ArrivalHead.updateOne({ _id: mailboxId }, { $set: { seq } }, { upsert: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}
