// `vanthu stack up|down|status [--json]`.
import type { Command } from 'commander';
import { stackDown, stackStatus, stackUp, type ServiceStatus } from '../../stack/stack.js';
import { action, emit } from '../output.js';

function table(rows: ServiceStatus[]): string {
  return rows
    .map((r) => `${r.answering ? 'up  ' : 'DOWN'}  ${r.name.padEnd(13)} ${r.address.padEnd(16)} ${r.pid ? `pid ${r.pid}` : r.managed ? '' : 'external'}  ${r.detail}`)
    .join('\n');
}

/** Prints the services; exits non-zero when one does not answer. */
function report(services: ServiceStatus[], opts: { json?: boolean }): void {
  const ok = services.every((s) => s.answering);
  emit({ services, ok }, opts, (r) => table(r.services));
  if (!ok) process.exitCode = 1;
}

export function register(program: Command): void {
  const stack = program.command('stack').description('the local stack: Redis, FerretDB, Dovecot, Postfix on loopback');
  stack
    .command('up')
    .description('install what is missing and start every service (a no-op when running)')
    .option('--json', 'machine-readable output')
    .action(
      action(async (opts: { json?: boolean }) => {
        report(await stackUp({ quiet: opts.json }), opts);
      }),
    );
  stack
    .command('status')
    .description('each service with its address and whether it answers')
    .option('--json', 'machine-readable output')
    .action(
      action(async (opts: { json?: boolean }) => {
        report(await stackStatus(), opts);
      }),
    );
  stack
    .command('down')
    .description('stop the processes that `stack up` started')
    .option('--json', 'machine-readable output')
    .action(
      action(async (opts: { json?: boolean }) => {
        const r = await stackDown();
        emit(r, opts, (x) => (x.stopped.length ? `stopped ${x.stopped.join(', ')}` : 'nothing was running'));
      }),
    );
}
