// `vanthu quarantine list|release` — documents held back instead of registered.
import type { Command } from 'commander';
import { withServices } from '../services.js';
import { formatInstant } from '../../calendar/index.js';
import { action, emit } from '../output.js';

export function register(program: Command): void {
  const q = program.command('quarantine').description('documents held back: secret content, or unreadable when the policy holds those');
  q.command('list')
    .description('what is held, why, and whether the administrators were alerted')
    .option('--agency <code>', 'one agency')
    .option('--json', 'machine-readable output')
    .action(
      action(async (o: { agency?: string; json?: boolean }) => {
        const held = await withServices((s, actor) => s.quarantine.list(actor, o.agency));
        emit({ quarantined: held }, o, (r) =>
          r.quarantined
            .map((x) => {
              const md = (x.metadata ?? {}) as { codeRaw?: string | null };
              const when = x.createdAt ? formatInstant(new Date(x.createdAt), 420) : '?';
              const state = x.releasedAt ? `released by ${x.releasedBy}` : x.alertedAt ? 'alerted' : 'not alerted yet';
              return `${when}  ${x.agencyCode}  ${x.kind}  ${md.codeRaw ?? '-'}  from ${x.sender ?? '?'}  [${state}]\n    ${x.reasonVi ?? x.reason}\n    id ${x._id}`;
            })
            .join('\n') || 'nothing is quarantined',
        );
      }),
    );
  q.command('release <id>')
    .description('send a document held as unreadable on to registration, once a clerk has looked at it')
    .requiredOption('--by <clerk>', 'who looked at it')
    .option('--remark <text>', 'what the clerk found (goes into Ghi chú)')
    .option('--json', 'machine-readable output')
    .action(
      action(async (id: string, o: { by: string; remark?: string; json?: boolean }) => {
        const r = await withServices((s, actor) => s.quarantine.release(actor, id, { by: o.by, remark: o.remark }));
        emit({ released: true, ...r }, o, () => `released ${id}: it will be numbered by the register worker`);
      }),
    );
}
