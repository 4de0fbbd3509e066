// `vanthu run` — the API and every worker in one process (small agencies); `vanthu api` alone.
import type { Command } from 'commander';
import { openContext } from '../../runtime/context.js';
import { startWorkers, stopOnSignal, WORKER_KINDS } from '../../runtime/run.js';
import { startApi } from '../../api/server.js';
import { action } from '../output.js';

export function register(program: Command): void {
  program
    .command('run')
    .description('the API and all workers in one process')
    .option('--no-api', 'workers only')
    .action(
      action(async (o: { api: boolean }) => {
        const ctx = await openContext();
        const running = await startWorkers(ctx, WORKER_KINDS);
        if (o.api) running.push(await startApi(ctx));
        stopOnSignal(ctx, running);
      }),
    );
  program
    .command('api')
    .description('the HTTP API alone')
    .action(
      action(async () => {
        const ctx = await openContext();
        stopOnSignal(ctx, [await startApi(ctx)]);
      }),
    );
}
