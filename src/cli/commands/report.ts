// `vanthu report` — the six-monthly report on the use of electronic documents (Decision 36
// Art. 14.1e), as JSON, readable text, or a spreadsheet.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { reportRows, reportTitle } from '../../register/report.js';
import { action, emit, printJson, printText, UserError } from '../output.js';
import { withServices } from '../services.js';

export function register(program: Command): void {
  program
    .command('report')
    .description('the six-monthly report on electronic documents (Decision 36 Art. 14.1e)')
    .requiredOption('--agency <code>', 'agency code')
    .requiredOption('--year <YYYY>', 'year')
    .requiredOption('--half <1|2>', '1: January–June, 2: July–December (Vietnam time)')
    .option('--format <fmt>', 'text, json or xlsx', 'text')
    .option('--out <file>', 'write to this file (required for xlsx)')
    .option('--json', 'same as --format json')
    .action(
      action(async (o: { agency: string; year: string; half: string; format: string; out?: string; json?: boolean }) => {
        const format = o.json && o.format === 'text' ? 'json' : o.format;
        if (!['text', 'json', 'xlsx'].includes(format)) throw new UserError(`--format must be text, json or xlsx, got "${o.format}"`);
        if (!/^\d{4}$/.test(o.year)) throw new UserError(`--year must be four digits, got "${o.year}"`);
        if (o.half !== '1' && o.half !== '2') throw new UserError(`--half must be 1 or 2, got "${o.half}"`);
        if (format === 'xlsx' && !o.out) throw new UserError('--out is required with --format xlsx');
        const [year, half] = [Number(o.year), Number(o.half)];
        if (format === 'xlsx') {
          const x = await withServices((s, actor) => s.reports.halfYearXlsx(actor, o.agency, year, half));
          writeFileSync(o.out!, x.bytes);
          return emit({ out: o.out, bytes: x.bytes.length }, { json: o.json }, (r) => `wrote ${r.out} (${r.bytes} bytes)`);
        }
        const r = await withServices((s, actor) => s.reports.halfYear(actor, o.agency, year, half));
        if (format === 'json') {
          if (o.out) writeFileSync(o.out, JSON.stringify(r, null, 2) + '\n');
          else printJson(r);
          return;
        }
        const text = [...reportTitle(r), '', ...reportRows(r).map(([n, label, v, note]) => `${n.padEnd(5)} ${label}: ${v}${note ? `  (${note})` : ''}`)].join('\n');
        if (o.out) writeFileSync(o.out, text + '\n');
        else printText(text);
      }),
    );
}
