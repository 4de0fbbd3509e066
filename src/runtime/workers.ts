// The worker kinds, each a BullMQ Worker (or the poll supervisor) wired to its handler. A job that
// fails is retried with backoff; after its last attempt the message is marked failed with the
// reason, and the worker goes on with the next one. An ingest failure that will not change on
// retry (a poison message, src/ingest/poison.ts) fails once instead: it is recorded, told to the
// clerk and the sender, and the job ends as unrecoverable so BullMQ does not try it again.
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { MailInDoubt } from '../workflow/mail.js';
import { withLogger, type AppContext } from './context.js';
import { PollSupervisor } from '../ingest/supervisor.js';
import { processIngest, type IngestHandlers } from '../ingest/process.js';
import { failureLine, ingestFailure } from '../ingest/poison.js';
import { failPermanently } from '../ingest/poison-failure.js';
import { recordEvent } from '../ingest/message-state.js';
import { messageLogger } from '../log.js';
import { cidOf, type JobData, type QueueName } from '../queue/queues.js';
import { metrics } from './metrics.js';

export interface Stoppable {
  stop(): Promise<void>;
}

/** A queue worker that can be stopped in two steps: drain (finish what it holds), then hand back. */
export interface DrainableWorker extends Stoppable {
  worker: Worker;
  /** Stops taking jobs and resolves when the jobs it holds have finished. */
  drain(): Promise<void>;
  /**
   * Returns the jobs still running to their queue (waiting, at the front) and closes without
   * waiting for them; their processors are abandoned mid-way, which the handlers allow
   * (at-least-once, idempotent effects). Returns how many were handed back.
   */
  handBack(): Promise<number>;
}

export async function startPollWorker(ctx: AppContext, opts: { backfill?: boolean; leaseTtlMs?: number; scanEveryMs?: number } = {}): Promise<PollSupervisor & Stoppable> {
  const sup = new PollSupervisor(
    { models: ctx.models, raw: ctx.raw, ingestQueue: ctx.queues.ingest, log: ctx.log, redis: ctx.redis, secrets: ctx.secrets },
    { prefix: ctx.prefix, ...opts },
  );
  await sup.start();
  return sup;
}

/** How long a job's lock lasts unless workers.jobLockMs says otherwise. */
export const DEFAULT_JOB_LOCK_MS = 30_000;

type Processor<N extends QueueName> = (job: Job<JobData[N]>, token?: string) => Promise<unknown>;

function bullWorker<N extends QueueName>(ctx: AppContext, name: N, fn: Processor<N>, concurrency: number): DrainableWorker {
  // The jobs this process holds, with their lock tokens: what handBack returns to the queue.
  const inFlight = new Map<string, { job: Job<JobData[N]>; token?: string }>();
  const connection = ctx.redis.duplicate();
  const w = new Worker<JobData[N]>(
    name,
    async (job, token) => {
      const id = job.id ?? '';
      inFlight.set(id, { job, token });
      try {
        return await fn(job, token);
      } finally {
        inFlight.delete(id);
      }
    },
    {
      connection,
      prefix: ctx.prefix,
      concurrency,
      // A killed worker's jobs return to the queue after the lock expires (workers.jobLockMs);
      // at-least-once with idempotent effects.
      stalledInterval: 5000,
      maxStalledCount: 3,
      lockDuration: ctx.cfg.workers?.jobLockMs ?? DEFAULT_JOB_LOCK_MS,
    },
  );
  w.on('error', (err) => ctx.log.error({ queue: name, err: err.message }, 'worker error'));
  // BullMQ leaves a connection it was given open: this one is ours to close.
  const closeConnection = () => connection.quit().then(() => undefined, () => connection.disconnect());
  return {
    worker: w,
    drain: async () => {
      await w.close();
      await closeConnection();
    },
    handBack: async () => {
      const held = [...inFlight.values()];
      inFlight.clear();
      // Fails for a job that finished meanwhile (its lock is gone): then it is not ours to return.
      const back = await Promise.all(held.map(({ job, token }) => job.moveToWait(token).then(() => 1, () => 0)));
      // Not awaited: a close() already asked for (drain) waits for the abandoned processors, and
      // a forced one returns that same promise.
      void w.close(true).catch(() => undefined);
      connection.disconnect();
      return back.reduce<number>((a, b) => a + b, 0);
    },
    stop: async () => {
      await w.close();
      await closeConnection();
    },
  };
}

export function startIngestWorker(ctx: AppContext, handlers: IngestHandlers, concurrency = 4): DrainableWorker {
  const w = bullWorker(
    ctx,
    'ingest',
    async (job, token) => {
      const { messageKey } = job.data;
      // Every line about this message, whichever module writes it, carries its correlation id.
      const log = messageLogger(ctx.log, messageKey, cidOf(job.data));
      let outcome: Awaited<ReturnType<typeof processIngest>>;
      try {
        outcome = await processIngest(withLogger(ctx, log), messageKey, handlers);
      } catch (err) {
        // A workflow mail of this message's step (an answer to a leader, a notice to a clerk) is in
        // doubt: the job looks again later, delayed rather than failed (workflow/mail.ts).
        if (err instanceof MailInDoubt) {
          log.warn({ messageId: err.messageId, retryAt: err.retryAt }, 'a workflow mail is in doubt: waiting for the relay\'s report');
          await job.moveToDelayed(err.retryAt.getTime(), token);
          throw new DelayedError();
        }
        const f = ingestFailure(err);
        if (!f.permanent) throw err; // ours (database, Redis, network, a volume): retried with backoff
        // Recorded before the job ends; if recording fails (ours again), that error is retried.
        await failPermanently(withLogger(ctx, log), messageKey, f, job.attemptsMade + 1, log);
        throw new UnrecoverableError(failureLine(f));
      }
      if (outcome === 'skipped') log.debug('message already processed');
      else log.info({ outcome }, 'message processed');
      return outcome;
    },
    concurrency,
  );
  w.worker.on('failed', (job, err) => {
    if (!job) return;
    // A poison message was recorded by the processor itself (failPermanently) before it ended.
    const permanent = err instanceof UnrecoverableError || err.name === 'UnrecoverableError';
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    const log = messageLogger(ctx.log, job.data.messageKey, cidOf(job.data));
    log.warn({ attempt: job.attemptsMade, final: final || permanent, permanent, err: err.message }, 'ingest failed');
    if (final && !permanent) void markFailed(ctx, job.data.messageKey, err.message).catch((e: unknown) => log.error({ err: (e as Error).message }, 'could not mark the message failed'));
  });
  return w;
}

async function markFailed(ctx: AppContext, messageKey: string, error: string): Promise<void> {
  await recordEvent(ctx.models, messageKey, 'failed', { fields: { error }, detail: { error } });
  // Rare, so the extra read for the label costs nothing that matters.
  const msg = await ctx.models.Message.findById(messageKey, { agencyCode: 1 }).lean();
  metrics().messagesFailed.inc({ agency: msg?.agencyCode ?? 'unknown' });
}

export function startQueueWorker<N extends QueueName>(ctx: AppContext, name: N, fn: Processor<N>, concurrency = 4): DrainableWorker {
  const w = bullWorker(ctx, name, fn, concurrency);
  w.worker.on('failed', (job, err) => {
    const data = (job?.data ?? {}) as { cid?: string; messageKey?: string };
    ctx.log.warn({ queue: name, job: job?.id, cid: cidOf(data), messageKey: data.messageKey, attempt: job?.attemptsMade, err: err.message }, 'job failed');
  });
  return w;
}
