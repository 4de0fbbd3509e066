// `vanthu messages` — what became of each received message: every stage with its time, so an
// administrator can answer "what became of the mail that arrived at 9:14?".
import type { Command } from 'commander';
import { parseInstant } from '../../calendar/index.js';
import { MESSAGE_STATES, type MessageQuery } from '../../ingest/messages-service.js';
import { action, emit, UserError } from '../output.js';
import { withServices } from '../services.js';

export function register(program: Command): void {
  program
    .command('messages')
    .description('received messages and what became of each (stored, classified, registered, failed…), newest first')
    .option('--agency <code>', 'one agency')
    .option('--mailbox <id>', 'one mailbox')
    .option('--since <instant>', 'arrived at or after (ISO-8601 with time zone)')
    .option('--until <instant>', 'arrived at or before')
    .option('--state <state>', `only this state (${MESSAGE_STATES.join(', ')})`)
    .option('--sender <address>', 'from this address (or a part of it, e.g. a domain)')
    .option('--limit <n>', 'at most this many', '100')
    .option('--cursor <cursor>', 'continue after the previous page (its nextCursor)')
    .option('--json', 'machine-readable output')
    .action(
      action(async (o: { agency?: string; mailbox?: string; since?: string; until?: string; state?: string; sender?: string; limit: string; cursor?: string; json?: boolean }) => {
        if (o.state && !(MESSAGE_STATES as readonly string[]).includes(o.state)) throw new UserError(`--state must be one of ${MESSAGE_STATES.join(', ')}`);
        if (!/^\d+$/.test(o.limit)) throw new UserError(`--limit must be a whole number, got "${o.limit}"`);
        const instant = (v: string | undefined, name: string) => {
          if (!v) return null;
          try {
            return parseInstant(v);
          } catch (err) {
            throw new UserError(`${name}: ${(err as Error).message}`);
          }
        };
        const q: MessageQuery = { agencyCode: o.agency, mailboxId: o.mailbox, state: o.state as MessageQuery['state'], sender: o.sender, since: instant(o.since, '--since'), until: instant(o.until, '--until'), limit: Number(o.limit), cursor: o.cursor };
        const page = await withServices((s, actor) => s.messages.list(actor, q));
        emit({ messages: page.items, nextCursor: page.nextCursor }, o, (r) =>
          [
            r.messages
              .map((m) => `${m.internalDate?.toISOString() ?? '?'}  ${m.mailboxId}  uid ${m.uid}  ${m.state}${m.error ? ` (${m.error})` : ''}  ${m.subject ?? ''}\n` + failureLines(m) + m.stages.map((s) => `    ${s.at.toISOString()} ${s.stage}`).join('\n'))
              .join('\n') || 'no messages',
            r.nextCursor ? `more: --cursor ${r.nextCursor}` : '',
          ].filter(Boolean).join('\n'),
        );
      }),
    );
}

/** A message that failed for good: its code and the clerk's reason, on a line of its own. */
function failureLines(m: { failure?: unknown }): string {
  const f = m.failure as { code?: string; reasonVi?: string; refusal?: boolean } | undefined;
  if (!f?.code) return '';
  return `    không xử lý được [${f.code}]: ${f.reasonVi ?? ''}${f.refusal ? ' — đã gửi hồi báo 02 cho người gửi' : ''}\n`;
}
