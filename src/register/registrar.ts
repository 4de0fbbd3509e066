// Registration in arrival order (Decree 30 Art. 22.2: consecutive, in order of receipt, within the
// year). Within a mailbox, documents are numbered in the order they arrived (UID order = the
// message's seq); if an earlier one is still being analysed, numbering waits for it.
import { DelayedError, type Job } from 'bullmq';
import type { AppContext } from '../runtime/context.js';
import { Lease } from '../ingest/lease.js';
import { loadCalendar, receiptTime, type Calendar } from '../calendar/index.js';
import { entryIdFor } from './numbering.js';
import { isDuplicateKey } from '../store/db.js';
import { ackJobId } from '../ingest/jobs.js';
import { vietnamYear } from './arrival.js';
import type { Analysis } from './analyse.js';
import type { IncomingEntry } from './models.js';

const calendars = new Map<string, Calendar>();
function calendarFor(agencyCode: string): Calendar {
  let c = calendars.get(agencyCode);
  if (!c) calendars.set(agencyCode, (c = loadCalendar({ agency: agencyCode })));
  return c;
}

/** What makes a document unique in an agency: its Message-ID, else the raw bytes' digest. */
export function identityOf(agencyCode: string, messageId: string | null | undefined, sha256: string): string {
  return messageId ? `${agencyCode}:mid:${messageId.replace(/^<|>$/g, '').toLowerCase()}` : `${agencyCode}:sha:${sha256}`;
}

type Candidate = { _id: string; mailboxId: string; seq: number; state: string; agencyCode: string; messageId?: string | null; sha256: string; analysis?: unknown };

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
function entryFor(m: Candidate): IncomingEntry & { _id: string; agencyCode: string; year: number } {
  const a = m.analysis as Analysis;
  const arrival = new Date(a.arrivalInstant!);
  const rt = receiptTime(arrival, calendarFor(m.agencyCode));
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
    fieldSources: Object.fromEntries(Object.entries(md.evidence ?? {}).map(([k, e]) => [k, (e as { source: string }).source])),
    attachments: a.attachments,
    signatures: a.signatures,
    sender: a.sender ?? undefined,
    senderMessageId: a.senderMessageId ?? undefined,
  } as unknown as IncomingEntry & { _id: string; agencyCode: string; year: number };
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
      const active = (await ctx.models.Message.find({ agencyCode, state: { $in: ACTIVE } }, { _id: 1, mailboxId: 1, seq: 1, state: 1, agencyCode: 1, messageId: 1, sha256: 1, analysis: 1 }).lean()) as unknown as Candidate[];
      const order = registrationOrder(active).slice(0, BATCH);
      if (!order.length) return { status: 'done', registered, waiting: active.map((m) => m._id) };
      const entries = order.map(entryFor);
      const done = new Map((await ctx.models.Incoming.find({ _id: { $in: entries.map((e) => e._id) } }, { _id: 1, messageKey: 1 }).lean()).map((e) => [e._id as string, e.messageKey]));
      const acks: string[] = [];
      const dupes: string[] = [];
      for (const e of entries) {
        if (lost) throw new Error(`lost the registration lease of ${agencyCode}`);
        if (done.has(e._id)) {
          if (done.get(e._id) !== e.messageKey) dupes.push(e.messageKey!);
          continue;
        }
        for (let attempt = 0; ; attempt++) {
          const n = (await lastNumber(e.year, attempt > 0)) + 1;
          try {
            await ctx.models.Incoming.create({ ...e, arrivalNumber: n } as never);
            last.set(e.year, n);
            if ((order.find((m) => m._id === e.messageKey)!.analysis as Analysis).mayAutoAnswer) acks.push(e._id);
            break;
          } catch (err) {
            if (!isDuplicateKey(err)) throw err;
            // Same document already registered (another message with the same Message-ID)?
            const twin = await ctx.models.Incoming.findById(e._id, { messageKey: 1 }).lean();
            if (twin) {
              if (twin.messageKey !== e.messageKey) dupes.push(e.messageKey!);
              break;
            }
            if (attempt > 1000) throw new Error('could not take an incoming number', { cause: err });
          }
        }
      }
      const keys = order.map((m) => m._id);
      await ctx.models.Message.updateMany(
        { _id: { $in: keys.filter((k) => !dupes.includes(k)) } },
        { $set: { state: 'registered' }, $push: { stages: { stage: 'registered', at: new Date() } } },
      );
      if (dupes.length) {
        await ctx.models.Message.updateMany({ _id: { $in: dupes } }, { $set: { state: 'registered' }, $push: { stages: { stage: 'duplicate', at: new Date(), detail: { reason: 'same Message-ID already registered' } } } });
      }
      await flagProbableDuplicates(ctx, entries);
      if (acks.length) await ctx.queues.ack.addBulk(acks.map((entryId) => ({ name: 'ack', data: { kind: 'registered', entryId }, opts: { jobId: ackJobId(`registered:${entryId}`) } })));
      registered.push(...keys);
      // Lets the register jobs of these messages finish without reading the database.
      await ctx.redis.sadd(registeredSetKey(ctx, agencyCode), ...keys);
      await ctx.redis.expire(registeredSetKey(ctx, agencyCode), 86_400);
    }
  } finally {
    await lease.release();
  }
}

/** Decree 30 App. VI III.1.h: the same number + notation + issuing organ seen again is flagged. */
async function flagProbableDuplicates(ctx: AppContext, entries: { _id: string; agencyCode: string; metadata?: unknown }[]): Promise<void> {
  const withCode = entries.filter((e) => (e.metadata as Analysis['metadata'])?.codeNumber && (e.metadata as Analysis['metadata'])?.codeNotation);
  if (!withCode.length) return;
  const agencyCode = withCode[0]!.agencyCode;
  const numbers = [...new Set(withCode.map((e) => (e.metadata as Analysis['metadata']).codeNumber!))];
  const same = await ctx.models.Incoming.find({ agencyCode, 'metadata.codeNumber': { $in: numbers } }, { _id: 1, arrivalNumber: 1, year: 1, metadata: 1 }).lean();
  const key = (md: Analysis['metadata']) => `${md.codeNumber}|${md.codeNotation}|${md.organName ?? ''}`;
  const first = new Map<string, string>();
  for (const e of [...same].sort((a, b) => a.year - b.year || a.arrivalNumber - b.arrivalNumber)) {
    const k = key(e.metadata as Analysis['metadata']);
    if (!first.has(k)) first.set(k, e._id as string);
    else if (withCode.some((w) => w._id === e._id)) {
      await ctx.models.Incoming.updateOne({ _id: e._id }, { $set: { duplicateOf: first.get(k), duplicateReason: 'same number, notation and issuing organ as an entry already registered' } });
    }
  }
}

function registeredSetKey(ctx: AppContext, agencyCode: string): string {
  return `${ctx.prefix}:registered:${agencyCode}`;
}

/** The `register` job: done once its own message has been numbered (or left the active states). */
export async function registerJob(ctx: AppContext, job: Job, token?: string): Promise<string> {
  const { messageKey } = job.data as { mailboxId: string; messageKey: string };
  const agencyCode = (job.data as { agencyCode?: string }).agencyCode ?? (await ctx.models.Message.findById(messageKey, { agencyCode: 1 }).lean())?.agencyCode;
  if (!agencyCode) return 'gone';
  if (await ctx.redis.sismember(registeredSetKey(ctx, agencyCode), messageKey)) return 'registered';
  const run = await registerAgency(ctx, agencyCode);
  if (run.status === 'done' && !run.waiting.includes(messageKey)) return 'registered';
  // Another registrar holds the agency, or an earlier message of the mailbox is still being
  // analysed: come back shortly (not a failure, so no attempt is spent).
  await job.moveToDelayed(Date.now() + 300 + Math.floor(Math.random() * 300), token);
  throw new DelayedError();
}
