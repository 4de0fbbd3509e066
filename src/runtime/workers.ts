// The worker kinds, each a BullMQ Worker (or the poll supervisor) wired to its handler. A job that
// fails is retried with backoff; after its last attempt the message is marked failed with the
// reason, and the worker goes on with the next one.
import { Worker, type Job } from 'bullmq';
import type { AppContext } from './context.js';
import { PollSupervisor } from '../ingest/supervisor.js';
import { processIngest, type IngestHandlers } from '../ingest/process.js';
import { recordStage } from '../ingest/journal.js';

export interface Stoppable {
  stop(): Promise<void>;
}

export async function startPollWorker(ctx: AppContext, opts: { backfill?: boolean; leaseTtlMs?: number; scanEveryMs?: number } = {}): Promise<PollSupervisor & Stoppable> {
  const sup = new PollSupervisor(
    { models: ctx.models, raw: ctx.raw, ingestQueue: ctx.queues.ingest, log: ctx.log, redis: ctx.redis, secrets: ctx.secrets },
    { prefix: ctx.prefix, ...opts },
  );
  await sup.start();
  return sup;
}

function bullWorker(ctx: AppContext, name: string, fn: (job: Job, token?: string) => Promise<unknown>, concurrency: number): Worker {
  const w = new Worker(name, fn, {
    connection: ctx.redis.duplicate(),
    prefix: ctx.prefix,
    concurrency,
    // A killed worker's jobs return to the queue after this; at-least-once with idempotent effects.
    stalledInterval: 5000,
    maxStalledCount: 3,
    lockDuration: 30_000,
  });
  w.on('error', (err) => ctx.log.error({ queue: name, err: err.message }, 'worker error'));
  return w;
}

export function startIngestWorker(ctx: AppContext, handlers: IngestHandlers, concurrency = 4): Stoppable {
  const w = bullWorker(
    ctx,
    'ingest',
    async (job) => processIngest(ctx, job.data.messageKey as string, handlers),
    concurrency,
  );
  w.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    ctx.log.warn({ messageKey: job.data.messageKey, attempt: job.attemptsMade, final, err: err.message }, 'ingest failed');
    if (final) {
      void recordStage(ctx.models, job.data.messageKey as string, 'failed', { state: 'failed', error: err.message }, { error: err.message }).catch(() => undefined);
    }
  });
  return { stop: () => w.close() };
}

export function startQueueWorker(ctx: AppContext, name: string, fn: (job: Job, token?: string) => Promise<unknown>, concurrency = 4): Stoppable & { worker: Worker } {
  const w = bullWorker(ctx, name, fn, concurrency);
  w.on('failed', (job, err) => ctx.log.warn({ queue: name, job: job?.id, attempt: job?.attemptsMade, err: err.message }, 'job failed'));
  return { worker: w, stop: () => w.close() };
}
