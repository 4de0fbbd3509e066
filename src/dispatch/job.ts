// The `dispatch` job: send one delivery's copy by SMTP and record what the relay said.
//
// At-most-once-unless-proven-lost (docs/dispatch.md states the guarantee in full):
//   before SMTP   the delivery gets `inFlight` {attempt, startedAt} (one write);
//   after 250     'attempt' and 'accepted' events (relay queue id) and `inFlight` cleared.
// A job that starts and finds `inFlight` still set knows that an earlier attempt died somewhere
// between those two writes: the relay may hold the message. It does not resend; it marks the
// delivery in-doubt and waits (re-checking every inDoubtRecheckMs) for evidence — any receipt
// matching the delivery (DSN, MDN, acknowledgement) resolves it. Only when inDoubtGraceMs passes
// without evidence is it sent again, with the same Message-ID so that a peer deduplicates.
import { DelayedError, type Job } from 'bullmq';
import type { AppContext } from '../runtime/context.js';
import type { DeliveryDoc, DeliveryState, OutgoingDoc } from './models.js';
import { appendEvent, insertEvent, insertEvents, refreshDelivery, refreshOutgoing, type NewEvent } from './events.js';
import { RANK } from './state.js';
import { composeDelivery, type ComposeFile } from './compose.js';
import { dispatchTransport, sendComposed, type SmtpOutcome } from './smtp.js';
import { DomainLimiter } from './limiter.js';
import { senderOf } from './sender.js';
import { dispatchSettings, type DispatchSettings } from './settings.js';
import type { DispatchJob } from '../queue/queues.js';

/**
 * Test-only fault injection (documented in docs/dispatch.md): with VT_TEST_CRASH_AFTER_SMTP=1 the
 * process kills itself right after the relay accepted a message and before that is recorded —
 * the one crash the in-doubt logic exists for. Not a VANTHU_* name: configuration rejects
 * unknown VANTHU_* variables, and this must never look like a setting.
 */
export const CRASH_AFTER_SMTP_ENV = 'VT_TEST_CRASH_AFTER_SMTP';

export type JobResult = 'accepted' | 'already-done' | 'rejected' | 'gave-up' | 'missing' | 'resolved';

interface Loaded {
  doc: OutgoingDoc & { _id: string };
  files: ComposeFile[];
}

/** When each in-process attempt started (for its event, written with the outcome). */
const startedAtOf = new Map<string, Date>();

/** Files of recent documents, so 300 copies of one document read GridFS once per process. */
const fileCache = new Map<string, Loaded>();

async function loadDocument(ctx: AppContext, docId: string): Promise<Loaded | null> {
  const hit = fileCache.get(docId);
  if (hit) return hit;
  const doc = (await ctx.models.Outgoing.findById(docId).lean()) as (OutgoingDoc & { _id: string }) | null;
  if (!doc) return null;
  const files = await Promise.all(
    doc.files.map(async (f) => ({ filename: f.filename ?? 'document', contentType: f.contentType ?? 'application/octet-stream', kind: f.kind, content: await ctx.raw.get(f.fileId!) })),
  );
  const loaded = { doc, files };
  fileCache.set(docId, loaded);
  if (fileCache.size > 32) fileCache.delete(fileCache.keys().next().value!);
  return loaded;
}

export class DispatchJobRunner {
  readonly settings: DispatchSettings;
  private readonly limiter: DomainLimiter;

  constructor(
    private readonly ctx: AppContext,
    settings: Partial<DispatchSettings> = {},
  ) {
    this.settings = dispatchSettings(ctx.cfg, settings);
    this.limiter = new DomainLimiter(ctx.redis, ctx.prefix, ctx.cfg.smtp.perDomainConcurrency, this.settings.domainSlotTtlMs);
  }

  async run(job: Job<DispatchJob>, token?: string): Promise<JobResult> {
    const { models } = this.ctx;
    const id = job.data.deliveryId;
    const d = (await models.Delivery.findById(id).lean()) as (DeliveryDoc & { _id: string }) | null;
    if (!d) return 'missing';
    const state = d.state as DeliveryState;
    if (RANK[state] >= RANK.accepted) {
      if (d.inFlight) await models.Delivery.updateOne({ _id: id }, { $unset: { inFlight: 1, inDoubtSince: 1 } });
      return 'already-done';
    }
    let resend = false;
    if (d.inFlight) {
      const r = await this.inDoubt(job, token, d);
      if (r !== 'resend') return r;
      resend = true;
    }
    const r = await this.attempt(job, token, d, resend);
    if (r !== 'unknown') return r;
    // The connection broke without a reply: the relay may hold the message. Same path as a crash.
    const again = (await models.Delivery.findById(id).lean()) as DeliveryDoc & { _id: string };
    const after = await this.inDoubt(job, token, again);
    if (after === 'resolved') return 'resolved';
    throw new Error('SMTP outcome unknown and the grace period is over; retrying');
  }

  /** The previous attempt died mid-way. Resolved by evidence, or resent after the grace period. */
  private async inDoubt(job: Job<DispatchJob>, token: string | undefined, d: DeliveryDoc & { _id: string }): Promise<'resolved' | 'resend'> {
    const { models } = this.ctx;
    const attempt = d.inFlight!.attempt ?? d.attempts;
    let since = d.inDoubtSince;
    if (!since) {
      since = new Date();
      await models.Delivery.updateOne({ _id: d._id }, { $set: { inDoubtSince: since } });
      // The lost attempt's own event was never written (it is written with the outcome).
      await insertEvent(models, { deliveryId: d._id, docId: d.docId, event: 'attempt', key: `attempt.${attempt}`, at: d.inFlight!.startedAt ?? since, source: 'smtp', detail: { attempt } });
      await appendEvent(models, {
        deliveryId: d._id,
        docId: d.docId,
        event: 'in-doubt',
        key: `in-doubt.${attempt}`,
        source: 'dispatch',
        detail: { attempt, startedAt: d.inFlight!.startedAt, reason: 'the previous attempt ended between SMTP and recording its outcome' },
      });
    }
    const f = await refreshDelivery(models, d._id);
    if (RANK[f.state] >= RANK.accepted) {
      await models.Delivery.updateOne({ _id: d._id }, { $unset: { inFlight: 1, inDoubtSince: 1 } });
      return 'resolved';
    }
    const waited = Date.now() - since.getTime();
    if (waited < this.settings.inDoubtGraceMs) {
      const next = Math.min(this.settings.inDoubtRecheckMs, this.settings.inDoubtGraceMs - waited + 50);
      await job.moveToDelayed(Date.now() + next, token);
      throw new DelayedError();
    }
    await appendEvent(models, {
      deliveryId: d._id,
      docId: d.docId,
      event: 'resend',
      key: `resend.${attempt + 1}`,
      source: 'dispatch',
      detail: { afterMs: waited, reason: 'no receipt within the grace period; sending again with the same Message-ID' },
    });
    return 'resend';
  }

  private async attempt(job: Job<DispatchJob>, token: string | undefined, d: DeliveryDoc & { _id: string }, resend: boolean): Promise<JobResult | 'unknown'> {
    const { models, cfg } = this.ctx;
    const loaded = await loadDocument(this.ctx, d.docId);
    if (!loaded) return 'missing';
    const { doc, files } = loaded;
    const sender = await senderOf(this.ctx.agencies, doc.agencyCode, doc.fromAddress, doc.agencyName ?? undefined);
    const slot = await this.limiter.acquire(d.domain);
    if (!slot) {
      // The domain is saturated: come back shortly rather than hold a worker slot.
      await job.moveToDelayed(Date.now() + 1000 + Math.random() * 1000, token);
      throw new DelayedError();
    }
    let outcome: SmtpOutcome;
    const n = d.attempts + 1;
    try {
      const startedAt = new Date();
      // Written before SMTP: if we die after the relay says 250, the next job sees it (in-doubt).
      // Hot path: the state is known (below accepted, checked above; no receipt can precede the
      // send), so it is written directly and eventCount bumped instead of refolding the timeline.
      // The one write before SMTP: the trace a crash leaves behind. The attempt's event is
      // written with its outcome (or, after a crash, by the in-doubt handler from this trace).
      await models.Delivery.updateOne({ _id: d._id }, { $set: { inFlight: { attempt: n, startedAt }, attempts: n, state: 'sending' } });
      startedAtOf.set(d._id, startedAt);
      const peer = await this.ctx.agencies.byAddress(d.address);
      const mail = composeDelivery({
        instanceId: cfg.instanceId,
        peer: peer ? { code: peer.code, name: peer.name } : null,
        from: sender,
        to: d.address,
        envid: d._id,
        messageId: d.messageId,
        subject: doc.subject ?? 'Văn bản',
        codeRaw: doc.codeRaw ?? null,
        metadata: (doc.metadata ?? {}) as Record<string, unknown>,
        files,
        date: startedAt,
      });
      outcome = await sendComposed(dispatchTransport(cfg), mail, doc.agencyCode);
      if (outcome.kind === 'accepted' && process.env[CRASH_AFTER_SMTP_ENV] === '1') process.kill(process.pid, 'SIGKILL');
    } finally {
      await this.limiter.release(d.domain, slot).catch(() => undefined);
    }
    return this.record(job, d, n, outcome, resend);
  }

  /**
   * The document's summary state changes only when its last delivery leaves the SMTP stage. A
   * Redis set of settled deliveries (idempotent, cheap) says when, instead of a query over all
   * deliveries after every send (FerretDB scans). It is only a trigger: receipts refresh the
   * summary too, and `vanthu status` derives it from the deliveries.
   */
  private async settled(d: DeliveryDoc & { _id: string }): Promise<void> {
    const key = `${this.ctx.prefix}:dispatch:settled:${d.docId}`;
    const res = await this.ctx.redis.multi().sadd(key, d._id).scard(key).pexpire(key, 7 * 24 * 3600_000).exec();
    const size = Number(res?.[1]?.[1] ?? 0);
    const total = await this.total(d.docId);
    if (size >= total) await refreshOutgoing(this.ctx.models, d.docId);
  }

  private async total(docId: string): Promise<number> {
    const cached = fileCache.get(docId);
    if (cached) return cached.doc.recipients.length;
    const doc = await this.ctx.models.Outgoing.findById(docId, { recipients: 1 }).lean();
    return doc?.recipients.length ?? 0;
  }

  private async record(job: Job<DispatchJob>, d: DeliveryDoc & { _id: string }, n: number, o: SmtpOutcome, resend: boolean): Promise<JobResult | 'unknown'> {
    const { models } = this.ctx;
    const base = { deliveryId: d._id, docId: d.docId, source: 'smtp' };
    const startedAt = startedAtOf.get(d._id) ?? new Date();
    startedAtOf.delete(d._id);
    const attemptEvent: NewEvent[] = resend ? [] : [{ ...base, event: 'attempt', key: `attempt.${n}`, at: startedAt, detail: { attempt: n } }];
    const clear = () => models.Delivery.updateOne({ _id: d._id }, { $unset: { inFlight: 1, inDoubtSince: 1 } });
    if (o.kind === 'accepted') {
      const at = new Date();
      const set = { state: 'accepted', acceptedAt: at, relayQueueId: o.queueId ?? undefined, smtpResponse: o.response };
      // The event and the cached state in parallel (the event's key makes a replay a no-op). The
      // write is by _id alone and the state it replaced is checked afterwards, instead of a
      // filter on the state: FerretDB 1.x serves only a bare {_id} filter from an index and scans
      // the whole collection for anything more. The timeline stays the truth either way.
      const [, before] = await Promise.all([
        insertEvents(models, [...attemptEvent, { ...base, event: 'accepted', key: 'accepted', at, detail: { attempt: n, response: o.response, queueId: o.queueId } }]),
        models.Delivery.findOneAndUpdate(
          { _id: d._id },
          { $set: set, $unset: { inFlight: 1, inDoubtSince: 1 }, $inc: { eventCount: attemptEvent.length + 1 } },
          { returnDocument: 'before' },
        ).lean(),
      ]);
      if (!before || !['queued', 'sending', 'in-doubt'].includes(before.state as string)) {
        // Something (a fast receipt, a replay) got there first and we wrote over it: fold the
        // timeline, which has both, and write that.
        await refreshDelivery(models, d._id, { force: true });
        await clear();
      }
      await this.settled(d);
      return 'accepted';
    }
    const detail = { attempt: n, response: o.response, responseCode: o.responseCode, code: o.code, message: o.message };
    await insertEvents(models, attemptEvent);
    if (o.kind === 'permanent') {
      await appendEvent(models, { ...base, event: 'rejected', key: `rejected.${n}`, detail: { ...detail, status: statusFromResponse(o.response), diagnostic: o.response ?? o.message } });
      await clear();
      await this.settled(d);
      return 'rejected';
    }
    if (o.kind === 'unknown') {
      // Leave inFlight set: the caller treats the delivery as in doubt.
      this.ctx.log.warn({ cid: job.data.cid, delivery: d._id, code: o.code, err: o.message }, 'SMTP outcome unknown; delivery in doubt');
      return 'unknown';
    }
    await appendEvent(models, { ...base, event: 'deferred', key: `deferred.${n}`, detail });
    await clear();
    if (job.attemptsMade + 1 >= (job.opts.attempts ?? this.settings.maxAttempts)) {
      await appendEvent(models, { ...base, event: 'gave-up', key: 'gave-up', detail: { ...detail, diagnostic: o.response ?? o.message } });
      await this.settled(d);
      return 'gave-up';
    }
    throw new Error(`SMTP deferred (${o.responseCode ?? o.code ?? 'error'}): ${o.response ?? o.message}`);
  }
}

/** The enhanced status code in an SMTP reply ("550 5.1.1 …" → "5.1.1"). */
export function statusFromResponse(r: string | null): string | null {
  const m = r ? /^\d{3}[ -](\d\.\d{1,3}\.\d{1,3})/.exec(r) : null;
  return m?.[1] ?? (r && /^5\d\d/.test(r) ? '5.0.0' : null);
}

/** Start the dispatch worker kind (used by src/runtime/run.ts). */
export function dispatchProcessor(ctx: AppContext, settings: Partial<DispatchSettings> = {}): (job: Job<DispatchJob>, token?: string) => Promise<JobResult> {
  const runner = new DispatchJobRunner(ctx, settings);
  return (job, token) => runner.run(job, token);
}
