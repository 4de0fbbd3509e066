// `vanthu register export|add|list|edit|archive|check-archive` — the incoming register book.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Principal } from '../../access/roles.js';
import type { Services } from '../../service/index.js';
import { incomingRow } from '../../register/book.js';
import { EDITABLE_FIELDS } from '../../register/edit.js';
import { ENTRY_STATES, REGISTER_SORTS, URGENCIES, type RegisterQuery } from '../../register/service.js';
import { formatInstant, parseInstant } from '../../calendar/index.js';
import { checkArchive } from '../../register/archive.js';
import { action, emit, UserError } from '../output.js';
import { withServices } from '../services.js';


/**
 * The agency a command is about: the one named, or, only where the directory holds a single
 * agency (a small installation), that one — in a province a forgotten --agency must not land a
 * document in whichever agency sorts first.
 */
async function agencyOf(s: Services, actor: Principal, code?: string): Promise<string> {
  if (code) return (await s.agencies.get(actor, code)).code;
  const all = await s.agencies.list(actor);
  if (all.length === 1) return all[0]!.code;
  throw new UserError(`--agency is required (the directory has ${all.length} agencies; \`vanthu agency list\` shows them)`);
}

/** Runs a parser of the user's text; its error becomes a usage error naming the option. */
function userInput<T>(fn: () => T, option: string): T {
  try {
    return fn();
  } catch (err) {
    throw new UserError(`${option}: ${(err as Error).message}`);
  }
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
        await withServices(async (s, actor) => {
          const code = await agencyOf(s, actor, o.agency);
          const y = year(o.year);
          const book = o.book === 'outgoing' ? await s.outgoing.book(actor, code, y) : await s.register.book(actor, code, y);
          if (o.json) return emit({ agency: code, year: y, book: o.book, columns: book.columns, rows: book.rows }, o, () => '');
          if (o.format === 'xlsx' && !o.out) throw new UserError('--format xlsx needs --out FILE');
          const file = o.book === 'outgoing' ? await s.outgoing.exportBook(actor, code, y, o.format as 'csv' | 'xlsx') : await s.register.exportBook(actor, code, y, o.format as 'csv' | 'xlsx');
          if (o.out) {
            writeFileSync(o.out, file.bytes);
            process.stderr.write(`wrote ${file.rows} entries to ${o.out}\n`);
          } else process.stdout.write(file.bytes);
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
        const r = await withServices(async (s, actor) =>
          s.register.addPaper(actor, await agencyOf(s, actor, o.agency), { arrival, organName: o.organ, code: o.code, issuedDate: o.date, typeName: o.type, subject: o.subject, recipientUnit: o.toUnit, note: o.note }),
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
        const entries = await withServices(async (s, actor) => s.register.entriesOfYear(actor, await agencyOf(s, actor, o.agency), year(o.year)));
        emit({ entries }, o, (r) => r.entries.map((e) => incomingRow(e as never).slice(0, 6).join(' | ')).join('\n') || 'no entries');
      }),
    );
  reg
    .command('edit <year> <number> <field> <value>')
    .description(`correct or complete a field of an entry (kept as the clerk’s edit; "" clears it). Fields: ${EDITABLE_FIELDS.join(', ')}`)
    .option('--agency <code>', 'agency code')
    .option('--by <clerk>', 'the clerk who made the correction (default: the shell user)')
    .option('--json', 'machine-readable output')
    .action(
      action(async (y: string, n: string, field: string, value: string, o: { agency?: string; by?: string; json?: boolean }) => {
        if (!/^\d+$/.test(n)) throw new UserError(`number must be a whole number, got "${n}"`);
        const r = await withServices(async (s, actor) => s.register.edit(actor, await agencyOf(s, actor, o.agency), year(y), Number(n), field, value, o.by));
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
        const r = await withServices(async (s, actor) => (await s.register.get(actor, await agencyOf(s, actor, o.agency), year(y), Number(n))).record);
        emit(r, o, (x) => x.fields.map((f) => `${f.label}: ${f.value ?? '—'}${f.source ? `  [${f.source}]` : ''}`).join('\n'));
      }),
    );
  reg
    .command('search')
    .description('find entries: filters, search without diacritics (number/notation, organ, subject, sender), a page at a time')
    .option('--agency <code>', 'agency code (default: every agency)')
    .option('--year <YYYY>', 'year')
    .option('--from <YYYY-MM-DD>', 'received on or after')
    .option('--to <YYYY-MM-DD>', 'received on or before')
    .option('--organ <text>', 'issuing organ contains')
    .option('--type <text>', 'type name contains (Công văn, Quyết định…)')
    .option('--urgency <level>', URGENCIES.join(' | '))
    .option('--state <state>', ENTRY_STATES.join(' | '))
    .option('-q, --query <text>', 'free text')
    .option('--sort <order>', REGISTER_SORTS.join(' | '), '-number')
    .option('--limit <n>', 'entries per page', '50')
    .option('--cursor <cursor>', 'the nextCursor of the previous page')
    .option('--json', 'machine-readable output')
    .action(
      action(async (o: { agency?: string; year?: string; from?: string; to?: string; organ?: string; type?: string; urgency?: string; state?: string; query?: string; sort?: string; limit: string; cursor?: string; json?: boolean }) => {
        if (o.urgency && !(URGENCIES as readonly string[]).includes(o.urgency)) throw new UserError(`--urgency must be one of ${URGENCIES.join(', ')}`);
        if (o.state && !(ENTRY_STATES as readonly string[]).includes(o.state)) throw new UserError(`--state must be one of ${ENTRY_STATES.join(', ')}`);
        if (o.sort && !(REGISTER_SORTS as readonly string[]).includes(o.sort)) throw new UserError(`--sort must be one of ${REGISTER_SORTS.join(', ')}`);
        if (!/^\d+$/.test(o.limit)) throw new UserError(`--limit must be a whole number, got "${o.limit}"`);
        const q: RegisterQuery = {
          agencyCode: o.agency,
          year: o.year ? year(o.year) : null,
          from: o.from,
          to: o.to,
          organ: o.organ,
          type: o.type,
          urgency: o.urgency as RegisterQuery['urgency'],
          state: o.state as RegisterQuery['state'],
          q: o.query,
          sort: o.sort as RegisterQuery['sort'],
          limit: Number(o.limit),
          cursor: o.cursor,
        };
        const page = await withServices((s, actor) => s.register.list(actor, q));
        emit(page, o, (p) =>
          [
            ...p.items.map((e) => `${e.agencyCode} ${e.arrivalNumber}/${e.year}  ${formatInstant(e.receiptTime, 420).slice(0, 16)}  ${e.code ?? '-'}  ${e.organName ?? e.sender ?? ''}  ${e.subject ?? ''}`),
            p.items.length ? '' : 'no entries',
            p.nextCursor ? `more: --cursor ${p.nextCursor}` : '',
          ].filter(Boolean).join('\n'),
        );
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
        const r = await withServices(async (s, actor) => s.register.archive(actor, await agencyOf(s, actor, o.agency), year(o.year), o.out));
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
