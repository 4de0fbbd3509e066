// `vanthu register export|add|list|edit|archive|check-archive` — the incoming register book.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { withContext, type AppContext } from '../../runtime/context.js';
import { bookTitle, INCOMING_COLUMNS, incomingRow } from '../../register/book.js';
import { writeBook } from '../../register/export.js';
import { addPaperEntry, paperMetadata, PaperInputError } from '../../register/paper.js';
import { editEntry, EditError, EDITABLE_FIELDS } from '../../register/edit.js';
import { entryRecord } from '../../register/record.js';
import { formatInstant, parseInstant } from '../../calendar/index.js';
import { OUTGOING_REGISTER_COLUMNS, outgoingBookRows } from '../../dispatch/register-rows.js';
import { checkArchive, writeArchive } from '../../register/archive.js';
import { action, emit, UserError } from '../output.js';


async function agencyOf(ctx: AppContext, code?: string): Promise<string> {
  const all = await ctx.agencies.all();
  const a = code ? all.find((x) => x.code === code) : all[0];
  if (!a) throw new UserError(`unknown agency ${code ?? ''}; known: ${all.map((x) => x.code).join(', ')}`);
  return a.code;
}

/** Runs a parser of the user's text; its error becomes a usage error naming the option. */
function userInput<T>(fn: () => T, option: string): T {
  try {
    return fn();
  } catch (err) {
    throw new UserError(`${option}: ${(err as Error).message}`);
  }
}

/** Turns the given error class (a refusal of what the user typed) into a usage error (exit 2). */
function asUserError(cls: new (...a: never[]) => Error) {
  return (err: unknown): never => {
    throw err instanceof cls ? new UserError(err.message) : err;
  };
}

function year(v: string): number {
  if (!/^\d{4}$/.test(v)) throw new UserError(`year must be four digits, got "${v}"`);
  return Number(v);
}

export function register(program: Command): void {
  const reg = program.command('register').description('the incoming register (sổ đăng ký văn bản đến)');
  reg
    .command('export')
    .description('write the register book with the Decree 30 columns')
    .requiredOption('--year <YYYY>', 'the year of the register')
    .option('--agency <code>', 'agency code (default: the first configured)')
    .option('--format <fmt>', 'csv or xlsx', 'csv')
    .option('--book <book>', 'incoming (sổ văn bản đến) or outgoing (sổ văn bản đi)', 'incoming')
    .option('--out <file>', 'write to this file (default: standard output for csv)')
    .option('--json', 'print rows as JSON instead')
    .action(
      action(async (o: { year: string; agency?: string; format: string; book: string; out?: string; json?: boolean }) => {
        if (!['csv', 'xlsx'].includes(o.format)) throw new UserError(`format must be csv or xlsx, got "${o.format}"`);
        if (!['incoming', 'outgoing'].includes(o.book)) throw new UserError(`book must be incoming or outgoing, got "${o.book}"`);
        await withContext(async (ctx) => {
          const code = await agencyOf(ctx, o.agency);
          const outgoing = o.book === 'outgoing';
          const columns: readonly string[] = outgoing ? OUTGOING_REGISTER_COLUMNS : INCOMING_COLUMNS;
          const rows = outgoing
            ? await outgoingBookRows(ctx, code, year(o.year))
            : (await ctx.models.Incoming.find({ agencyCode: code, year: year(o.year) }).sort({ arrivalNumber: 1 }).lean()).map((e) => incomingRow(e as never));
          if (o.json) return emit({ agency: code, year: Number(o.year), book: o.book, columns, rows }, o, () => '');
          const name = (await ctx.agencies.get(code))!.name;
          const buf = await writeBook(o.format as 'csv' | 'xlsx', bookTitle(outgoing ? 'outgoing' : 'incoming', year(o.year), name), columns, rows);
          if (o.out) {
            writeFileSync(o.out, buf);
            process.stderr.write(`wrote ${rows.length} entries to ${o.out}\n`);
          } else if (o.format === 'xlsx') throw new UserError('--format xlsx needs --out FILE');
          else process.stdout.write(buf);
        });
      }),
    );
  reg
    .command('add')
    .description('enter a paper document into the same sequence')
    .requiredOption('--arrival <instant>', 'when it arrived (ISO-8601 with time zone)')
    .option('--agency <code>', 'agency code (default: the first configured)')
    .option('--organ <name>', 'issuing organ (tác giả)')
    .option('--code <number/notation>', 'số và ký hiệu, e.g. 12/UBND-VX')
    .option('--date <YYYY-MM-DD>', 'date of the document')
    .option('--type <name>', 'type name, e.g. Công văn')
    .option('--subject <text>', 'trích yếu')
    .option('--to-unit <unit>', 'unit or person it goes to')
    .option('--note <text>', 'ghi chú')
    .option('--json', 'machine-readable output')
    .action(
      action(async (o: { arrival: string; agency?: string; organ?: string; code?: string; date?: string; type?: string; subject?: string; toUnit?: string; note?: string; json?: boolean }) => {
        const arrival = userInput(() => parseInstant(o.arrival), '--arrival');
        if (o.code && !/^\d+\/\S+$/.test(o.code)) throw new UserError(`--code: "${o.code}" must look like 12/UBND-VX`);
        const r = await withContext(async (ctx) =>
          addPaperEntry(ctx, {
            agencyCode: await agencyOf(ctx, o.agency),
            arrival,
            metadata: paperMetadata({ organName: o.organ, code: o.code, issuedDate: o.date, typeName: o.type, subject: o.subject }),
            recipientUnit: o.toUnit,
            note: o.note,
          }).catch(asUserError(PaperInputError)),
        );
        emit(r, o, (x) => `registered: số đến ${x.arrivalNumber}/${x.year}, receipt time ${formatInstant(x.receiptTime, 420)}`);
      }),
    );
  reg
    .command('list')
    .description('the entries of a year')
    .requiredOption('--year <YYYY>', 'year')
    .option('--agency <code>', 'agency code')
    .option('--json', 'machine-readable output')
    .action(
      action(async (o: { year: string; agency?: string; json?: boolean }) => {
        const entries = await withContext(async (ctx) => ctx.models.Incoming.find({ agencyCode: await agencyOf(ctx, o.agency), year: year(o.year) }, { signatures: 0, attachments: 0 }).sort({ arrivalNumber: 1 }).lean());
        emit({ entries }, o, (r) => r.entries.map((e) => incomingRow(e as never).slice(0, 6).join(' | ')).join('\n') || 'no entries');
      }),
    );
  reg
    .command('edit <year> <number> <field> <value>')
    .description(`correct or complete a field of an entry (kept as the clerk’s edit; "" clears it). Fields: ${EDITABLE_FIELDS.join(', ')}`)
    .option('--agency <code>', 'agency code')
    .option('--by <clerk>', 'who edits', 'clerk')
    .option('--json', 'machine-readable output')
    .action(
      action(async (y: string, n: string, field: string, value: string, o: { agency?: string; by: string; json?: boolean }) => {
        if (!/^\d+$/.test(n)) throw new UserError(`number must be a whole number, got "${n}"`);
        const r = await withContext(async (ctx) => editEntry(ctx, await agencyOf(ctx, o.agency), year(y), Number(n), field, value, o.by).catch(asUserError(EditError)));
        emit({ edited: true, ...r }, o, () => `entry ${n}/${y}: ${field} updated`);
      }),
    );
  reg
    .command('show <year> <number>')
    .description('one entry with every field of Decision 36 Art. 11.4b and where each came from')
    .option('--agency <code>', 'agency code')
    .option('--json', 'machine-readable output')
    .action(
      action(async (y: string, n: string, o: { agency?: string; json?: boolean }) => {
        if (!/^\d+$/.test(n)) throw new UserError(`number must be a whole number, got "${n}"`);
        const r = await withContext(async (ctx) => {
          const code = await agencyOf(ctx, o.agency);
          const e = await ctx.models.Incoming.findOne({ agencyCode: code, year: year(y), arrivalNumber: Number(n) }).lean();
          if (!e) throw new UserError(`no entry number ${n} in the ${y} register of ${code}`);
          return entryRecord(e as never);
        });
        emit(r, o, (x) => x.fields.map((f) => `${f.label}: ${f.value ?? '—'}${f.source ? `  [${f.source}]` : ''}`).join('\n'));
      }),
    );
  reg
    .command('archive')
    .description('write the handover package of a year (nộp lưu): register book, original messages, SHA-256 manifest')
    .requiredOption('--year <YYYY>', 'year')
    .requiredOption('--out <dir>', 'a new (or empty) folder')
    .option('--agency <code>', 'agency code')
    .option('--json', 'machine-readable output')
    .action(
      action(async (o: { year: string; out: string; agency?: string; json?: boolean }) => {
        const r = await withContext(async (ctx) => writeArchive(ctx, await agencyOf(ctx, o.agency), year(o.year), o.out));
        emit(r, o, (x) => [`wrote ${x.entries} entries (${x.messages} original messages) to ${x.dir}`, ...x.problems.map((p) => `PROBLEM: ${p}`)].join('\n'));
        if (r.problems.length) process.exitCode = 1;
      }),
    );
  reg
    .command('check-archive <dir>')
    .description('check a handover package: every file present and unchanged, every message as captured')
    .option('--json', 'machine-readable output')
    .action(
      action(async (dir: string, o: { json?: boolean }) => {
        const r = checkArchive(dir);
        emit(r, o, (x) => (x.ok ? `sound: ${x.files} files as listed in the manifest` : x.problems.map((p) => `PROBLEM: ${p}`).join('\n')));
        if (!r.ok) process.exitCode = 1;
      }),
    );
}
