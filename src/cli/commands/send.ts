// `vanthu send --from <mailbox-or-agency-code> --to <addr>… --file <doc>… [--number N]
// [--subject …] [--json]` — register an outgoing document and queue one copy per recipient.
// Prints the document id (for `vanthu status`) and its outgoing number. A dispatch worker
// (`vanthu worker dispatch` or `vanthu run`) does the sending.
import type { Command } from 'commander';
import type { SendResult } from '../../dispatch/send.js';
import { withServices } from '../services.js';
import { action, emit, UserError } from '../output.js';

interface Opts {
  from?: string;
  to?: string[];
  file?: string[];
  number?: string;
  subject?: string;
  json?: boolean;
}

function human(r: SendResult): string {
  if (!r.ok) return `refused:\n${r.reasons.map((x) => `  - ${x.en}\n    ${x.vi}`).join('\n')}`;
  return [
    `${r.id}  outgoing number ${r.codeRaw} (${r.agencyCode}, ${r.year})${r.created ? '' : '  [already registered]'}`,
    ...r.deliveries.map((d) => `  queued  ${d.address}  ${d.messageId}`),
    ...r.warnings.map((w) => `  warning: ${w}`),
    `follow it with: vanthu status ${r.id}`,
  ].join('\n');
}

export function register(program: Command): void {
  program
    .command('send')
    .description('register an outgoing document and send it to each recipient (SMTP with DSN and read receipt)')
    .requiredOption('--from <mailbox-or-agency-code>', 'the sending agency (code) or its mailbox address')
    .requiredOption('--to <address...>', 'recipient addresses')
    .requiredOption('--file <path...>', 'the document (PDF, DOC, DOCX, ODT, edXML) and any appendices')
    .option('--number <n>', 'the outgoing number the clerk gives (default: the next one in the register)')
    .option('--subject <text>', 'subject line (default: type, number and abstract of the document)')
    .option('--json', 'machine-readable output')
    .action(
      action(async (o: Opts) => {
        const number = o.number === undefined ? undefined : Number(o.number);
        if (number !== undefined && !(Number.isInteger(number) && number > 0)) throw new UserError(`--number must be a positive whole number, got "${o.number}"`);
        const r = await withServices((s, actor) => s.outgoing.send(actor, { from: o.from!, to: o.to ?? [], files: (o.file ?? []).map((path) => ({ path })), number, subject: o.subject }, 'cli'));
        emit(r, o, human);
        if (!r.ok) process.exitCode = 3;
      }),
    );
}
