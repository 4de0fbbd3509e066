// `vanthu worker <kind>` — one worker kind, for scaled deployments; `vanthu run` — all of them.
import type { Command } from 'commander';
import { openContext } from '../../runtime/context.js';
import { startWorkers, stopOnSignal, WORKER_KINDS, type WorkerKind } from '../../runtime/run.js';
import { action, UserError } from '../output.js';

interface Opts {
  leaseTtl?: string;
  backfill?: boolean;
  concurrency?: string;
  metricsPort?: string;
}

function workerOptions(o: Opts) {
  return {
    leaseTtlMs: o.leaseTtl ? Number(o.leaseTtl) : undefined,
    backfill: o.backfill,
    concurrency: o.concurrency ? Number(o.concurrency) : undefined,
    metricsPort: o.metricsPort ? Number(o.metricsPort) : undefined,
  };
}

export function register(program: Command): void {
  program
    .command('worker <kind>')
    .description(`run one worker kind (${WORKER_KINDS.join(', ')})`)
    .option('--lease-ttl <ms>', 'mailbox lease time-to-live (poll)')
    .option('--backfill', 'take messages already in newly added mailboxes (poll)')
    .option('--concurrency <n>', 'jobs processed at once')
    .option('--metrics-port <port>', 'serve this process’s Prometheus metrics at GET /metrics on this port')
    .action(
      action(async (kind: string, o: Opts) => {
        if (!WORKER_KINDS.includes(kind as WorkerKind)) throw new UserError(`unknown worker kind "${kind}" (one of ${WORKER_KINDS.join(', ')})`);
        if (o.metricsPort !== undefined && !/^\d{1,5}$/.test(o.metricsPort)) throw new UserError(`--metrics-port must be a port number, got "${o.metricsPort}"`);
        const ctx = await openContext();
        const running = await startWorkers(ctx, [kind as WorkerKind], workerOptions(o));
        stopOnSignal(ctx, running);
      }),
    );
}
