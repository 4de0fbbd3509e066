// `vanthu status <id> [--json]` — an outgoing document's trail: per recipient its state and each
// event (SMTP, DSN, read receipt, acknowledgement) with its time.
import type { Command } from 'commander';
import { openContext } from '../../runtime/context.js';
import { getStatus, renderStatus } from '../../dispatch/status.js';
import { action, emit, UserError } from '../output.js';

export function register(program: Command): void {
  program
    .command('status <id>')
    .description('the receipts of an outgoing document, per recipient')
    .option('--json', 'machine-readable output')
    .action(
      action(async (id: string, o: { json?: boolean }) => {
        const ctx = await openContext();
        try {
          const s = await getStatus(ctx, id);
          if (!s) throw new UserError(`no outgoing document ${id}`);
          emit(s, o, renderStatus);
        } finally {
          await ctx.close();
        }
      }),
    );
}
