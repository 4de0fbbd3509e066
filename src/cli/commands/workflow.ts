// `vanthu workflow settings|show|instruct|sign|complete|tick` — presenting registered documents to
// the leader, handing them to units and following them up (src/workflow/). The agency's settings
// are read from and written to a JSON file (leaders, routing rules, schedule; docs/workflow.md).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { withServices } from '../services.js';
import { action, emit, UserError } from '../output.js';
import { assignmentText, isoToVn, stateVi } from '../../workflow/compose.js';
import type { HandlingView } from '../../workflow/handling.js';
import type { Assignment } from '../../workflow/instruction.js';
import type { InstructionInput } from '../../workflow/service.js';

function entryArgs(agency: string, year: string, number: string): [string, number, number] {
  const y = Number(year);
  const n = Number(number);
  if (!Number.isInteger(y) || !Number.isInteger(n) || n < 1) throw new UserError('give the entry as <agency> <year> <number>, e.g. 000.00.15.H41 2026 12');
  return [agency, y, n];
}

function human(h: HandlingView | null): string {
  if (!h) return 'not presented: the agency has no workflow, or the document is waiting for the day’s batch';
  const names = h.events.flatMap((e) => (e.detail?.names ?? []) as Array<{ code: string; name: string }>);
  const lines = [
    `${h.agencyCode} ${h.arrivalNumber}/${h.year}: ${stateVi(h.state)} (${h.state})`,
    `  leader: ${h.leader ?? '—'}   deadline: ${isoToVn(h.deadline) || '—'}`,
    `  units: ${assignmentText(h.units, names) || '—'}`,
    ...h.units.map((u) => `    ${u.code}: handed over ${u.handedOverAt ? new Date(u.handedOverAt).toISOString() : '—'}, signed ${u.receivedAt ? `${new Date(u.receivedAt).toISOString()} by ${u.receivedBy}` : '—'}, done ${u.completedAt ? new Date(u.completedAt).toISOString() : '—'}`),
    '  timeline:',
    ...h.events.map((e) => `    ${new Date(e.at).toISOString()}  ${e.event.padEnd(12)} ${e.by}${e.detail?.reason ? `  (${String(e.detail.reason)})` : ''}`),
  ];
  return lines.join('\n');
}

function unitOption(v: string, all: Assignment[] = []): Assignment[] {
  const [code, role = all.length ? 'support' : 'lead'] = v.split(':');
  if (!code || !['lead', 'support', 'informed'].includes(role)) throw new UserError(`--unit ${v}: write CODE or CODE:lead|support|informed`);
  return [...all, { code: code.toUpperCase(), role: role as Assignment['role'] }];
}

export function register(program: Command): void {
  const w = program.command('workflow').description('present registered documents to the leader, hand them to units, follow them up (trình, chuyển giao, theo dõi)');
  w.command('settings <agency>')
    .description('show the agency’s units and workflow settings, or set them from a JSON file')
    .option('--file <settings.json>', 'the settings to set: {"leaders":[…],"rules":[…],"presentAt":"15:30",…}')
    .option('--json', 'machine-readable output')
    .action(
      action(async (agency: string, o: { file?: string; json?: boolean }) => {
        let input: unknown;
        if (o.file) {
          try {
            input = JSON.parse(readFileSync(o.file, 'utf8'));
          } catch (err) {
            throw new UserError(`--file: ${(err as Error).message}`);
          }
        }
        const a = await withServices((s, actor) => (input === undefined ? s.agencies.workflowOf(actor, agency) : s.agencies.edit(actor, agency, { workflow: input as never })));
        emit({ code: a.code, units: a.units, workflow: a.workflow }, o, (r) =>
          [
            `${r.code}: workflow ${r.workflow?.enabled ? 'on' : 'off'}`,
            `  units: ${r.units.map((u) => `${u.code} ${u.name} <${u.address ?? 'no address'}>`).join('; ') || '—'}`,
            `  leaders: ${(r.workflow?.leaders ?? []).map((l) => `${l.title} ${l.name} <${l.address}>`).join('; ') || '—'}`,
            `  rules: ${r.workflow?.rules.length ?? 0}   present at ${r.workflow?.presentAt ?? '—'}   digest at ${r.workflow?.digestAt ?? '—'}`,
          ].join('\n'),
        );
      }),
    );
  w.command('show <agency> <year> <number>')
    .description('one document’s handling: state, units, deadline and timeline')
    .option('--json', 'machine-readable output')
    .action(
      action(async (agency: string, year: string, number: string, o: { json?: boolean }) => {
        const h = await withServices((s, actor) => s.workflow.get(actor, ...entryArgs(agency, year, number)));
        emit({ handling: h }, o, (r) => human(r.handling));
      }),
    );
  w.command('instruct <agency> <year> <number>')
    .description('record the leader’s instruction given outside e-mail (or correct one that could not be read); the document is then handed over')
    .option('--text <words>', 'the leader’s words, read as a reply would be ("Chuyển P.KH chủ trì, hạn 20/12")')
    .option('--unit <CODE[:role]>', 'a unit and its role (lead, support, informed); repeat for several', unitOption)
    .option('--deadline <YYYY-MM-DD>', 'with --unit: the deadline')
    .option('--file-away', 'the leader said "Lưu": nothing to hand over')
    .option('--json', 'machine-readable output')
    .action(
      action(async (agency: string, year: string, number: string, o: { text?: string; unit?: Assignment[]; deadline?: string; fileAway?: boolean; json?: boolean }) => {
        const given = [o.text !== undefined, !!o.unit, !!o.fileAway].filter(Boolean).length;
        if (given !== 1) throw new UserError('give exactly one of --text, --unit, --file-away');
        const input: InstructionInput = o.fileAway ? { kind: 'file' } : o.text !== undefined ? { kind: 'text', text: o.text } : { kind: 'assign', units: o.unit!, deadline: o.deadline ?? null };
        const h = await withServices((s, actor) => s.workflow.instruct(actor, ...entryArgs(agency, year, number), input));
        emit({ handling: h }, o, (r) => human(r.handling));
      }),
    );
  w.command('sign <agency> <year> <number>')
    .description('record a unit’s ký nhận taken on paper')
    .requiredOption('--unit <CODE>', 'the unit that signed')
    .option('--by <name>', 'who signed')
    .option('--json', 'machine-readable output')
    .action(
      action(async (agency: string, year: string, number: string, o: { unit: string; by?: string; json?: boolean }) => {
        const h = await withServices((s, actor) => s.workflow.sign(actor, ...entryArgs(agency, year, number), o.unit, o.by));
        emit({ handling: h }, o, (r) => human(r.handling));
      }),
    );
  w.command('complete <agency> <year> <number>')
    .description('record that the work is done (for one unit with --unit, else for the document)')
    .option('--unit <CODE>', 'the unit that finished')
    .option('--note <text>', 'what was done (e.g. the number of the answer)')
    .option('--json', 'machine-readable output')
    .action(
      action(async (agency: string, year: string, number: string, o: { unit?: string; note?: string; json?: boolean }) => {
        const h = await withServices((s, actor) => s.workflow.complete(actor, ...entryArgs(agency, year, number), { unitCode: o.unit, note: o.note }));
        emit({ handling: h }, o, (r) => human(r.handling));
      }),
    );
  w.command('tick')
    .description('run the follow-up once: reminders before and after deadlines, the daily digest (the workflow worker runs it every 5 minutes)')
    .option('--now <instant>', 'as if it were this instant (e.g. 2026-12-21T09:00:00+07:00): a controllable clock for drills')
    .option('--json', 'machine-readable output')
    .action(
      action(async (o: { now?: string; json?: boolean }) => {
        const r = await withServices((s, actor) => s.workflow.tick(actor, o.now ? new Date(o.now) : undefined));
        emit(r, o, (x) => `follow-up at ${x.now}: ${x.reminders} reminder(s), ${x.digests} digest(s) sent`);
      }),
    );
}
