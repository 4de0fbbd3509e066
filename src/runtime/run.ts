// Starts worker kinds by name in this process: `vanthu worker <kind>` runs one, `vanthu run` all.
// Stops cleanly on SIGINT/SIGTERM: no new work is taken, jobs in flight get a grace period to
// finish and are otherwise handed back to their queue, mailboxes are logged out of, connections
// closed, and the process exits 0. A second signal exits at once.
import { constants } from 'node:os';
import type { AppContext } from './context.js';
import { startIngestWorker, startPollWorker, startQueueWorker, type DrainableWorker, type Stoppable } from './workers.js';
import { registerJob } from '../register/registrar.js';
import { ackJob } from '../register/ack-queue.js';
import { ingestHandlers } from './handlers.js';
import { dispatchProcessor } from '../dispatch/job.js';
import { closeSmtpTransports } from '../mail/smtp.js';
import { startMetricsServer } from './metrics.js';
import { scheduleFollowUp, workflowJob } from '../workflow/jobs.js';

export const WORKER_KINDS = ['poll', 'ingest', 'register', 'ack', 'dispatch', 'workflow'] as const;
export type WorkerKind = (typeof WORKER_KINDS)[number];

export interface WorkerOptions {
  leaseTtlMs?: number;
  backfill?: boolean;
  concurrency?: number;
  /**
   * Serve GET /metrics (Prometheus) from this process on this port: for worker processes that
   * run without the API (`vanthu worker <kind> --metrics-port N`). Defaults to the configuration's
   * workers.metricsPort (VANTHU_METRICS_PORT); unset, no endpoint. 0 takes a free port.
   */
  metricsPort?: number;
  /** Where that endpoint listens; default workers.metricsHost, else api.host. */
  metricsHost?: string;
}

/** The default grace period for jobs in flight at shutdown (configuration: workers.shutdownGraceMs). */
export const DEFAULT_SHUTDOWN_GRACE_MS = 8000;

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
        running.push(startQueueWorker(ctx, 'ack', (job, token) => ackJob(ctx, job, token), opts.concurrency ?? 2));
        break;
      case 'dispatch':
        // Concurrency above the SMTP pool size keeps the pool busy while jobs do database work.
        running.push(startQueueWorker(ctx, 'dispatch', dispatchProcessor(ctx), opts.concurrency ?? 16));
        break;
      case 'workflow':
        // Presenting, handing over and following up registered documents (src/workflow/).
        await scheduleFollowUp(ctx);
        running.push(startQueueWorker(ctx, 'workflow', (job, token) => workflowJob(ctx, job, token), opts.concurrency ?? 2));
        break;
    }
    ctx.log.info({ kind }, 'worker started');
  }
  const port = opts.metricsPort ?? ctx.cfg.workers?.metricsPort;
  if (port !== undefined) {
    // Loopback unless told otherwise: a worker's endpoint has no credential check (the API's has).
    const server = await startMetricsServer(port, opts.metricsHost ?? ctx.cfg.workers?.metricsHost ?? '127.0.0.1', { queues: ctx.queues, models: ctx.models });
    ctx.log.info({ url: server.url }, 'metrics listening');
    running.push(server);
  }
  return running;
}

function isDrainable(r: Stoppable): r is DrainableWorker {
  return typeof (r as Partial<DrainableWorker>).handBack === 'function';
}

/** Resolves true when `p` settles within `ms`, false when the time runs out first. */
async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([p.then(() => true as const, () => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ShutdownOptions {
  /** How long jobs in flight may take to finish; default workers.shutdownGraceMs, else 8 s. */
  graceMs?: number;
}

/**
 * Stops what runs and closes the context; resolves with the exit code. Queue workers stop taking
 * jobs at once and finish the ones they hold; the poll supervisor stops its watchers (each ends
 * its sync in progress and logs out of its mailbox) and releases its leases. Whatever has not
 * finished when the grace period ends is handed back to its queue (waiting, at the front), so no
 * job is lost and none waits out the stalled-job timeout.
 */
export async function shutdown(ctx: AppContext, running: Stoppable[], reason: string, opts: ShutdownOptions = {}): Promise<number> {
  const graceMs = opts.graceMs ?? ctx.cfg.workers?.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  const started = Date.now();
  ctx.log.info({ reason, graceMs }, 'stopping');
  const stops = running.map((r) => (isDrainable(r) ? r.drain() : r.stop()).catch((err: unknown) => ctx.log.warn({ err: (err as Error).message }, 'error while stopping')));
  const drained = await within(Promise.all(stops), graceMs);
  let handedBack = 0;
  if (!drained) {
    handedBack = (await Promise.all(running.filter(isDrainable).map((r) => r.handBack()))).reduce((a, b) => a + b, 0);
    ctx.log.warn({ graceMs, handedBack }, 'grace period over: jobs still running were handed back to their queues');
  }
  closeSmtpTransports();
  const closed = await within(ctx.close(), 5000);
  ctx.log.info({ reason, ms: Date.now() - started, drained, handedBack, closed }, 'stopped');
  return 0;
}

/**
 * On the first SIGINT or SIGTERM, shuts down (see shutdown) and exits with its code; on a second
 * one, exits at once (128 + the signal number, as a shell reports a process killed by it).
 */
export function stopOnSignal(ctx: AppContext, running: Stoppable[], opts: ShutdownOptions = {}): void {
  let stopping = false;
  const onSignal = (sig: NodeJS.Signals) => {
    if (stopping) {
      ctx.log.warn({ sig }, 'second signal: exiting now');
      process.exit(128 + (constants.signals[sig] ?? 0));
    }
    stopping = true;
    shutdown(ctx, running, sig, opts).then(
      (code) => process.exit(code),
      (err: unknown) => {
        ctx.log.error({ err: (err as Error).message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
