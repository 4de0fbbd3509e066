// `vanthu quarantine list|release|handover|wipe` — documents held back instead of registered.
import { closeSync, fsyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { withServices } from '../services.js';
import { formatInstant } from '../../calendar/index.js';
import { action, emit, UserError } from '../output.js';

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
              const state = x.wipedAt
                ? `handed over to ${x.handedOverBy}, wiped (SHA-256 ${x.sha256})`
                : x.releasedAt
                  ? `released by ${x.releasedBy}`
                  : x.alertedAt
                    ? 'alerted'
                    : 'not alerted yet';
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
  q.command('handover <id>')
    .description('hand a secret document over, once, to take it to the paper / offline channel; then wipe it from the server (Decision 36 Art. 6.4, 11.5)')
    .requiredOption('--out <file.eml>', 'a new file for the original message (it must not exist)')
    .option('--by <name>', 'who takes it (default: your name in the directory, or your login)')
    .option('--json', 'machine-readable output')
    .action(
      action(async (id: string, o: { out: string; by?: string; json?: boolean }) => {
        // The file is made before the claim: a bad path must not use up the one handover.
        let fd: number;
        try {
          fd = openSync(o.out, 'wx', 0o600);
        } catch (err) {
          throw new UserError(`--out: cannot create ${o.out} (${(err as Error).message})`);
        }
        const r = await withServices(async (s, actor) => {
          let h;
          try {
            h = await s.quarantine.handOver(actor, id, { by: o.by });
          } catch (err) {
            closeSync(fd);
            unlinkSync(o.out);
            throw err;
          }
          // On disk for good before the server's copy goes.
          for (let off = 0; off < h.bytes.length; ) off += writeSync(fd, h.bytes, off);
          fsyncSync(fd);
          closeSync(fd);
          const t = await s.quarantine.wipe(actor, id, { by: o.by });
          return { id, out: o.out, sha256: h.sha256, size: h.bytes.length, handedOverBy: h.by, wipedAt: t.wipedAt };
        });
        emit(r, o, (x) => `wrote ${x.out} (${x.size} bytes, SHA-256 ${x.sha256}), handed over to ${x.handedOverBy}; the server's copy is wiped`);
      }),
    );
  q.command('wipe [id]')
    .description('finish the wipe of a handed-over secret document (or, with --pending, of every one left unwiped)')
    .option('--pending', 'every handover whose wipe is overdue')
    .option('--agency <code>', 'with --pending: one agency')
    .option('--by <name>', 'who wipes it')
    .option('--json', 'machine-readable output')
    .action(
      action(async (id: string | undefined, o: { pending?: boolean; agency?: string; by?: string; json?: boolean }) => {
        if (!id && !o.pending) throw new UserError('name the document (its id) or give --pending');
        const wiped = await withServices((s, actor) => (id ? s.quarantine.wipe(actor, id, { by: o.by }).then((t) => [t]) : s.quarantine.wipePending(actor, o.agency)));
        emit({ wiped }, o, (r) => r.wiped.map((t) => `wiped ${t.id} (SHA-256 ${t.sha256}), handed over to ${t.handedOverBy}`).join('\n') || 'nothing to wipe');
      }),
    );
}
