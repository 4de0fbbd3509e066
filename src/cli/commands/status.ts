// `vanthu status <id> [--json]` — an outgoing document's trail: per recipient its state and each
// event (SMTP, DSN, read receipt, acknowledgement) with its time.
import type { Command } from 'commander';
import { renderStatus } from '../../dispatch/status.js';
import { action, emit } from '../output.js';
import { withServices } from '../services.js';

export function register(program: Command): void {
  program
    .command('status <id>')
    .description('the receipts of an outgoing document, per recipient')
    .option('--json', 'machine-readable output')
    .action(
      action(async (id: string, o: { json?: boolean }) => {
        const s = await withServices((svc, actor) => svc.outgoing.get(actor, id));
        emit(s, o, renderStatus);
      }),
    );
}
