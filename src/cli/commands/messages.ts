// `vanthu messages` — what became of each received message: every stage with its time, so an
// administrator can answer "what became of the mail that arrived at 9:14?".
import type { Command } from 'commander';
import { openContext } from '../../runtime/context.js';
import { parseInstant } from '../../calendar/index.js';
import { action, emit } from '../output.js';

export function register(program: Command): void {
  program
    .command('messages')
    .description('received messages and what became of each (stored, classified, registered, failed…)')
    .option('--mailbox <id>', 'one mailbox')
    .option('--since <instant>', 'arrived at or after (ISO-8601 with time zone)')
    .option('--until <instant>', 'arrived at or before')
    .option('--state <state>', 'only this state (e.g. failed)')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'machine-readable output')
    .action(
      action(async (o: { mailbox?: string; since?: string; until?: string; state?: string; limit: string; json?: boolean }) => {
        const ctx = await openContext();
        try {
          const filter: Record<string, unknown> = {};
          if (o.mailbox) filter.mailboxId = o.mailbox;
          if (o.state) filter.state = o.state;
          if (o.since || o.until) filter.internalDate = { ...(o.since ? { $gte: parseInstant(o.since) } : {}), ...(o.until ? { $lte: parseInstant(o.until) } : {}) };
          const messages = await ctx.models.Message.find(filter, { analysis: 0 }).sort({ internalDate: -1 }).limit(Number(o.limit)).lean();
          emit({ messages }, o, (r) =>
            r.messages
              .map((m) => `${m.internalDate?.toISOString() ?? '?'}  ${m.mailboxId}  uid ${m.uid}  ${m.state}${m.error ? ` (${m.error})` : ''}  ${m.subject ?? ''}\n` + m.stages.map((s) => `    ${s.at.toISOString()} ${s.stage}`).join('\n'))
              .join('\n') || 'no messages',
          );
        } finally {
          await ctx.close();
        }
      }),
    );
}
