// Registration in arrival order (Decree 30 Art. 22.2: consecutive, in order of receipt, within the
// year). Within a mailbox, documents are numbered in the order they arrived (UID order = the
// message's seq); if an earlier one is still being analysed, numbering waits for it.
import { DelayedError, type Job } from 'bullmq';
import type { AppContext } from '../runtime/context.js';
import { Lease } from '../ingest/lease.js';
import { CalendarConfigError, loadCalendarFresh, receiptTime } from '../calendar/index.js';
import type { OfficeHoursOverride } from '../calendar/schema.js';
import { searchTextOf } from './search.js';
import { indexEntries } from './listing.js';
import { entryIdFor } from './numbering.js';
import { isDuplicateKey } from '../store/db.js';
import { ackJobOf } from './ack-queue.js';
import { presentJobOf } from '../workflow/jobs.js';
import { vietnamYear } from './arrival.js';
import type { Analysis } from './analyse.js';
import type { IncomingEntry } from './models.js';
import { flagProbableDuplicates } from './duplicates.js';
import { recordEvent, recordEventForMany } from '../ingest/message-state.js';
import { messageLogger } from '../log.js';
import { metrics } from '../runtime/metrics.js';
import type { RegisterJob } from '../queue/queues.js';

/** What makes a document unique in an agency: its Message-ID, else the raw bytes' digest. */
export function identityOf(agencyCode: string, messageId: string | null | undefined, sha256: string): string {
  return messageId ? `${agencyCode}:mid:${messageId.replace(/^<|>$/g, '').toLowerCase()}` : `${agencyCode}:sha:${sha256}`;
}

type Candidate = { _id: string; mailboxId: string; seq: number; state: string; agencyCode: string; messageId?: string | null; sha256: string; analysis?: unknown; createdAt?: Date };

/**
 * Which ready messages may be numbered now, in order: within a mailbox strictly by seq, stopping
 * at the first one still being analysed; across mailboxes, earliest arrival first. Pure.
 */
export function registrationOrder(active: Candidate[]): Candidate[] {
  const byMailbox = new Map<string, Candidate[]>();
  for (const m of active) (byMailbox.get(m.mailboxId) ?? byMailbox.set(m.mailboxId, []).get(m.mailboxId)!).push(m);
  const queues = [...byMailbox.values()].map((list) => {
    list.sort((a, b) => a.seq - b.seq);
    const blocked = list.findIndex((m) => m.state !== 'ready');
    return blocked < 0 ? list : list.slice(0, blocked);
  });
  const arrivalOf = (m: Candidate) => new Date((m.analysis as Analysis).arrivalInstant ?? 0).getTime();
  const out: Candidate[] = [];
  const heads = queues.map(() => 0);
  for (;;) {
    let best = -1;
    queues.forEach((q, i) => {
      const h = q[heads[i]!];
      if (h && (best < 0 || arrivalOf(h) < arrivalOf(queues[best]![heads[best]!]!))) best = i;
    });
    if (best < 0) return out;
    out.push(queues[best]![heads[best]!]!);
    heads[best]! += 1;
  }
}

/** The entry (without its number) for a ready message. Pure apart from the calendar lookup. */
function entryFor(m: Candidate, officeHours: OfficeHoursOverride | null): IncomingEntry & { _id: string; agencyCode: string; year: number } {
  const a = m.analysis as Analysis;
  const arrival = new Date(a.arrivalInstant!);
  const rt = receiptTime(arrival, loadCalendarFresh({ agency: m.agencyCode, officeHours }));
  const md = a.metadata;
  const identity = identityOf(m.agencyCode, m.messageId, m.sha256);
  return {
    _id: entryIdFor(identity),
    identity,
    agencyCode: m.agencyCode,
    year: vietnamYear(rt.receiptTime),
    source: 'email',
    messageKey: m._id,
    mailboxId: m.mailboxId,
    arrivalInstant: arrival,
    arrivalSource: a.arrivalSource ?? 'internaldate',
    receiptTime: rt.receiptTime,
    receiptAdjusted: rt.adjusted,
    receiptReason: rt.reason ?? undefined,
    metadata: md,
    fieldSources: { ...Object.fromEntries(Object.entries(md.evidence ?? {}).map(([k, e]) => [k, (e as { source: string }).source])), ...(a.envelope?.dueDate ? { deadline: 'edxml' } : {}) },
    attachments: a.attachments,
    signatures: a.signatures,
    sender: a.sender ?? undefined,
    senderMessageId: a.senderMessageId ?? undefined,
    senderReferences: a.senderReferences ?? undefined,
    senderOrganId: a.envelope?.fromOrganId ?? undefined,
    documentId: a.envelope?.documentId ?? undefined,
    // Thời hạn giải quyết from the envelope's DueDate; the clerk may change it.
    deadline: a.envelope?.dueDate ?? undefined,
    // The policy's remark (e.g. secrecy not checked on an unreadable scan) opens the Ghi chú.
    note: a.decision.action === 'register' ? a.decision.noteVi : undefined,
    // Unreadable and not yet looked at by a clerk (a release from quarantine says who looked).
    unreadable: (a.secrecyUnchecked ?? a.extractError) && a.decision.action === 'register' && !a.decision.noteEn?.startsWith('released by') ? true : undefined,
    searchText: searchTextOf({ metadata: md as unknown as Record<string, unknown>, sender: a.sender, note: a.decision.action === 'register' ? a.decision.noteVi : null }),
  } as unknown as IncomingEntry & { _id: string; agencyCode: string; year: number };
}

/**
 * The entries of a batch. A message whose entry cannot be made (an arrival outside the calendar's
 * years, say from a forged Received header) is closed as failed with its reason, so that it does
 * not stop every later document of the agency.
 */
async function entriesFor(ctx: AppContext, order: Candidate[], officeHours: OfficeHoursOverride | null): Promise<{ entries: ReturnType<typeof entryFor>[]; failed: string[] }> {
  const entries: ReturnType<typeof entryFor>[] = [];
  const failed: string[] = [];
  for (const m of order) {
    try {
      entries.push(entryFor(m, officeHours));
    } catch (err) {
      // A broken calendar file is the administrator's to fix and concerns every message: retry later.
      if (err instanceof CalendarConfigError) throw err;
      const reason = `cannot register: ${(err as Error).message}`;
      messageLogger(ctx.log, m._id).error({ agency: m.agencyCode, err: (err as Error).message }, 'document cannot be registered');
      await recordEvent(ctx.models, m._id, 'failed', { fields: { error: reason }, detail: { reason } });
      metrics().messagesFailed.inc({ agency: m.agencyCode });
      failed.push(m._id);
    }
  }
  return { entries, failed };
}

const ACTIVE: ('stored' | 'classified' | 'ready')[] = ['stored', 'classified', 'ready'];
const BATCH = 500;

export interface RegistrarRun {
  status: 'done' | 'busy';
  registered: string[];
  /** Messages still waiting (not ready, or behind one that is not). */
  waiting: string[];
}

/**
 * Registers the ready documents of an agency. One registrar per agency at a time (a Redis lease),
 * so the next number is known in memory; the unique index on (agency, year, number) still guards
 * it, and a collision (a lease lost during a long pause) re-reads the register and retries.
 * Each batch costs a few collection reads however many documents it holds — FerretDB 1.x answers
 * most queries by scanning, so per-document reads would make registration quadratic.
 */
export async function registerAgency(ctx: AppContext, agencyCode: string): Promise<RegistrarRun> {
  const lease = new Lease(ctx.redis, `${ctx.prefix}:lock:register:${agencyCode}`, 30_000);
  if (!(await lease.acquire())) return { status: 'busy', registered: [], waiting: [] };
  let lost = false;
  lease.keepAlive(() => (lost = true));
  const registered: string[] = [];
  const last = new Map<number, number>();
  const lastNumber = async (year: number, fresh = false) => {
    if (fresh || !last.has(year)) {
      const top = await ctx.models.Incoming.findOne({ agencyCode, year }, { arrivalNumber: 1 }).sort({ arrivalNumber: -1 }).lean();
      last.set(year, top?.arrivalNumber ?? 0);
    }
    return last.get(year)!;
  };
  try {
    for (;;) {
      const active = (await ctx.models.Message.find({ agencyCode, state: { $in: ACTIVE } }, { _id: 1, mailboxId: 1, seq: 1, state: 1, agencyCode: 1, messageId: 1, sha256: 1, analysis: 1, createdAt: 1 }).lean()) as unknown as Candidate[];
      const order = registrationOrder(active).slice(0, BATCH);
      if (!order.length) return { status: 'done', registered, waiting: active.map((m) => m._id) };
      const { entries, failed } = await entriesFor(ctx, order, (await ctx.agencies.get(agencyCode))?.officeHours ?? null);
      const done = new Map((await ctx.models.Incoming.find({ _id: { $in: entries.map((e) => e._id) } }, { _id: 1, messageKey: 1, arrivalNumber: 1 }).lean()).map((e) => [e._id as string, e]));
      const acks: string[] = [];
      const dupes: string[] = [];
      /** This batch's own entries, with their numbers (for the probable-duplicate check). */
      const numbered: typeof entries = [];
      const answers = new Map(order.map((m) => [m._id, (m.analysis as Analysis).mayAutoAnswer]));
      const mayAnswer = (e: (typeof entries)[number]) => answers.get(e.messageKey!) === true;
      for (const e of entries) {
        if (lost) throw new Error(`lost the registration lease of ${agencyCode}`);
        const earlier = done.get(e._id);
        if (earlier) {
          if (earlier.messageKey !== e.messageKey) dupes.push(e.messageKey!);
          else {
            // Our own entry from a run that stopped before its message was closed: its
            // acknowledgement and duplicate check may not have happened (both are idempotent).
            numbered.push({ ...e, arrivalNumber: earlier.arrivalNumber } as never);
            if (mayAnswer(e)) acks.push(e._id);
          }
          continue;
        }
        for (let attempt = 0; ; attempt++) {
          const n = (await lastNumber(e.year, attempt > 0)) + 1;
          try {
            await ctx.models.Incoming.create({ ...e, arrivalNumber: n, ...(mayAnswer(e) ? {} : { ack: { state: 'suppressed' } }) } as never);
            last.set(e.year, n);
            numbered.push({ ...e, arrivalNumber: n } as never);
            if (mayAnswer(e)) acks.push(e._id);
            break;
          } catch (err) {
            if (!isDuplicateKey(err)) throw err;
            // Same document already registered (another message with the same Message-ID)?
            const twin = await ctx.models.Incoming.findById(e._id, { messageKey: 1 }).lean();
            if (twin) {
              if (twin.messageKey !== e.messageKey) dupes.push(e.messageKey!);
              else if (mayAnswer(e)) acks.push(e._id);
              break;
            }
            if (attempt > 1000) throw new Error('could not take an incoming number', { cause: err });
          }
        }
      }
      await flagProbableDuplicates(ctx, agencyCode, numbered as never);
      // The listing rows, before the messages are closed: a run that stops here finds these entries
      // again (as its own, above) and writes their rows then.
      await indexEntries(ctx.models, numbered.map((e) => e._id));
      // Acknowledgements are queued before the messages are closed: a crash in between leaves the
      // messages ready, and the next run finds their entries and queues them again (same job id).
      const messageOf = new Map(entries.map((e) => [e._id, e.messageKey!]));
      if (acks.length) await ctx.queues.ack.addBulk(acks.map((entryId) => ackJobOf({ kind: 'registered', entryId }, messageOf.get(entryId)!)));
      // Then each is presented to the agency's leader (src/workflow/present.ts; a no-op without
      // a workflow), queued before the close for the same reason and with the same fixed job id.
      if (numbered.length) await ctx.queues.workflow.addBulk(numbered.map((e) => presentJobOf(e._id, e.messageKey!)));
      const keys = entries.map((e) => e.messageKey!);
      const closing = keys.filter((k) => !dupes.includes(k));
      await recordEventForMany(ctx.models, closing, 'registered');
      await recordEventForMany(ctx.models, dupes, 'duplicate', { reason: 'same Message-ID already registered' });
      observeRegistered(ctx, agencyCode, order, closing, dupes, numbered);
      const closed = [...keys, ...failed];
      registered.push(...closed);
      // Lets the register jobs of these messages finish without reading the database.
      await ctx.redis.sadd(registeredSetKey(ctx, agencyCode), ...closed);
      await ctx.redis.expire(registeredSetKey(ctx, agencyCode), 86_400);
    }
  } finally {
    await lease.release();
  }
}

/** Counts, times and logs the messages a batch closed. */
function observeRegistered(ctx: AppContext, agencyCode: string, order: Candidate[], closed: string[], dupes: string[], numbered: { messageKey?: string | null; arrivalNumber?: number; year: number }[]): void {
  const m = metrics();
  const now = Date.now();
  const storedAt = new Map(order.map((c) => [c._id, c.createdAt]));
  const numberOf = new Map(numbered.map((e) => [e.messageKey, e]));
  if (closed.length) m.documentsRegistered.inc({ agency: agencyCode }, closed.length);
  for (const key of closed) {
    const at = storedAt.get(key);
    if (at) m.registrationLatency.observe({ agency: agencyCode }, Math.max(0, now - new Date(at).getTime()) / 1000);
    const e = numberOf.get(key);
    messageLogger(ctx.log, key).info({ agency: agencyCode, year: e?.year, arrivalNumber: e?.arrivalNumber }, 'document registered');
  }
  for (const key of dupes) messageLogger(ctx.log, key).info({ agency: agencyCode }, 'duplicate of a registered document: closed without a number');
}

function registeredSetKey(ctx: AppContext, agencyCode: string): string {
  return `${ctx.prefix}:registered:${agencyCode}`;
}

/** The `register` job: done once its own message has been numbered (or left the active states). */
export async function registerJob(ctx: AppContext, job: Job<RegisterJob>, token?: string): Promise<string> {
  const { messageKey } = job.data;
  // Jobs queued before agencyCode was part of the payload name only the message.
  const agencyCode = (job.data.agencyCode as string | undefined) ?? (await ctx.models.Message.findById(messageKey, { agencyCode: 1 }).lean())?.agencyCode;
  if (!agencyCode) return 'gone';
  if (await ctx.redis.sismember(registeredSetKey(ctx, agencyCode), messageKey)) return 'registered';
  const run = await registerAgency(ctx, agencyCode);
  if (run.status === 'done' && !run.waiting.includes(messageKey)) return 'registered';
  // Another registrar holds the agency, or an earlier message of the mailbox is still being
  // analysed: come back shortly (not a failure, so no attempt is spent).
  await job.moveToDelayed(Date.now() + 300 + Math.floor(Math.random() * 300), token);
  throw new DelayedError();
}
