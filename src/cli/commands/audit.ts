// `vanthu audit` — who did what: edits, releases, sends, mailbox, agency, user and token changes.
import type { Command } from 'commander';
import { formatInstant } from '../../calendar/index.js';
import { action, emit, UserError } from '../output.js';
import { withServices } from '../services.js';

export function register(program: Command): void {
  program
    .command('audit')
    .description('the audit log, newest first')
    .option('--agency <code>', 'one agency’s')
    .option('--target <target>', 'one thing, e.g. incoming/000.00.15.H41/2026/12 or mailbox/stttt')
    .option('--action <action>', 'one kind, e.g. register.edit')
    .option('--actor <login>', 'one person’s')
    .option('--limit <n>', 'at most this many', '50')
    .option('--cursor <cursor>', 'continue after the previous page')
    .option('--json', 'machine-readable output')
    .action(
      action(async (o: { agency?: string; target?: string; action?: string; actor?: string; limit: string; cursor?: string; json?: boolean }) => {
        if (!/^\d+$/.test(o.limit)) throw new UserError(`--limit must be a whole number, got "${o.limit}"`);
        const page = await withServices((s, actor) => s.audit.list(actor, { agencyCode: o.agency, target: o.target, action: o.action, actor: o.actor, limit: Number(o.limit), cursor: o.cursor }));
        emit(page, o, (p) =>
          [
            ...p.items.map((e) => `${formatInstant(e.at, 420).slice(0, 19)}  ${e.actor.padEnd(18)} ${e.action.padEnd(20)} ${e.target}${e.before !== undefined || e.after !== undefined ? `\n    ${JSON.stringify(e.before ?? null)} → ${JSON.stringify(e.after ?? null)}` : ''}`),
            p.items.length ? '' : 'nothing recorded',
            p.nextCursor ? `more: --cursor ${p.nextCursor}` : '',
          ].filter(Boolean).join('\n'),
        );
      }),
    );
}
