// Starts worker kinds by name in this process: `vanthu worker <kind>` runs one, `vanthu run` all.
// Stops cleanly on SIGINT/SIGTERM (jobs in flight finish or return to the queue).
import type { AppContext } from './context.js';
import { startIngestWorker, startPollWorker, startQueueWorker, type Stoppable } from './workers.js';
import { registerJob } from '../register/registrar.js';
import { ackJob } from '../register/ack-queue.js';
import { ingestHandlers } from './handlers.js';
import { dispatchProcessor } from '../dispatch/job.js';

export const WORKER_KINDS = ['poll', 'ingest', 'register', 'ack', 'dispatch'] as const;
export type WorkerKind = (typeof WORKER_KINDS)[number];

export interface WorkerOptions {
  leaseTtlMs?: number;
  backfill?: boolean;
  concurrency?: number;
}

export async function startWorkers(ctx: AppContext, kinds: readonly WorkerKind[], opts: WorkerOptions = {}): Promise<Stoppable[]> {
  const running: Stoppable[] = [];
  for (const kind of kinds) {
    switch (kind) {
      case 'poll':
        running.push(await startPollWorker(ctx, { leaseTtlMs: opts.leaseTtlMs, backfill: opts.backfill }));
        break;
      case 'ingest':
        running.push(startIngestWorker(ctx, ingestHandlers(), opts.concurrency));
        break;
      case 'register':
        running.push(startQueueWorker(ctx, 'register', (job, token) => registerJob(ctx, job, token), opts.concurrency ?? 4));
        break;
      case 'ack':
        running.push(startQueueWorker(ctx, 'ack', (job) => ackJob(ctx, job), opts.concurrency ?? 2));
        break;
      case 'dispatch':
        // Concurrency above the SMTP pool size keeps the pool busy while jobs do database work.
        running.push(startQueueWorker(ctx, 'dispatch', dispatchProcessor(ctx), opts.concurrency ?? 16));
        break;
    }
    ctx.log.info({ kind }, 'worker started');
  }
  return running;
}

export function stopOnSignal(ctx: AppContext, running: Stoppable[]): void {
  let stopping = false;
  const stop = async (sig: string) => {
    if (stopping) return;
    stopping = true;
    ctx.log.info({ sig }, 'stopping');
    // Jobs in flight get a grace period; whatever is left returns to its queue when we exit.
    setTimeout(() => process.exit(1), 15_000).unref();
    await Promise.all(running.map((r) => r.stop().catch(() => undefined)));
    await ctx.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
