// `vanthu agency add|list|show|edit|import` — the agency directory (danh bạ cơ quan).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseUnitText, unitText, type Agency, type AgencyInput, type AgencyPatch } from '../../agency/agency.js';
import { CSV_COLUMNS } from '../../agency/csv.js';
import { action, emit, UserError } from '../output.js';
import { withServices } from '../services.js';

interface FieldOpts {
  name?: string;
  address?: string;
  alias?: string[];
  dispatchAddress?: string;
  parent?: string;
  unit?: string[];
  alertTo?: string[];
  authservId?: string[];
  requireValidSignature?: string | boolean;
  acceptUncheckedRevocation?: string | boolean;
  requireSignatureOnDispatch?: string | boolean;
  unreadable?: string;
  officeHours?: string;
  json?: boolean;
}

function bool(v: string | boolean | undefined, name: string): boolean | undefined {
  if (v === undefined || typeof v === 'boolean') return v;
  if (/^(1|true|yes|có)$/i.test(v)) return true;
  if (/^(0|false|no|không)$/i.test(v)) return false;
  throw new UserError(`--${name} must be true or false, got "${v}"`);
}


/** The fields given on the command line (only those: an edit leaves the others as they are). */
function fields(o: FieldOpts): AgencyPatch {
  const f: Record<string, unknown> = {
    name: o.name,
    address: o.address,
    addresses: o.alias,
    dispatchAddress: o.dispatchAddress === '' ? null : o.dispatchAddress,
    parentCode: o.parent === '' ? null : o.parent,
    units: o.unit?.map(parseUnitText),
    alertTo: o.alertTo,
    authservIds: o.authservId,
    requireValidSignature: bool(o.requireValidSignature, 'require-valid-signature'),
    acceptUncheckedRevocation: bool(o.acceptUncheckedRevocation, 'accept-unchecked-revocation'),
    requireSignatureOnDispatch: bool(o.requireSignatureOnDispatch, 'require-signature-on-dispatch'),
    unreadable: o.unreadable === '' || o.unreadable === 'default' ? null : o.unreadable,
  };
  if (o.officeHours !== undefined) {
    try {
      f.officeHours = o.officeHours === '' ? null : JSON.parse(o.officeHours);
    } catch {
      throw new UserError('--office-hours must be JSON, e.g. \'{"periods":[["07:00","11:30"],["13:30","17:00"]]}\'');
    }
  }
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as AgencyPatch;
}

function withFieldOptions(c: Command): Command {
  return c
    .option('--name <name>', 'the agency name')
    .option('--address <email>', 'the official mailbox, where incoming documents arrive')
    .option('--alias <email...>', 'other addresses of the agency')
    .option('--dispatch-address <email>', 'where its clerks send documents to dispatch ("" to remove)')
    .option('--parent <code>', 'the superior agency ("" to remove)')
    .option('--unit <unit...>', 'units (phòng, ban) and people documents are passed on to, e.g. "KH | Phòng Kế hoạch <kh@x.gov.vn> | P.KH, Phòng KH"')
    .option('--alert-to <email...>', 'administrators told when a document is quarantined')
    .option('--authserv-id <id...>', 'authserv-ids of its mail system trusted for dispatch by e-mail (RFC 8601)')
    .option('--require-valid-signature [bool]', 'refuse incoming documents whose signature does not verify')
    .option('--accept-unchecked-revocation [bool]', 'count a signature whose revocation could not be checked as valid')
    .option('--require-signature-on-dispatch [bool]', 'refuse outgoing documents without a digital signature')
    .option('--unreadable <rule>', 'register | quarantine | default (the policy file’s rule)')
    .option('--office-hours <json>', 'its own office hours, e.g. {"periods":[["07:00","11:30"],["13:30","17:00"]]} ("" for the province’s)')
    .option('--json', 'machine-readable output');
}

function show(a: Agency): string {
  return [
    `${a.code}  ${a.name}`,
    `  address: ${a.address}${a.addresses.length ? ` (also ${a.addresses.join(', ')})` : ''}`,
    `  dispatch address: ${a.dispatchAddress ?? '—'}   parent: ${a.parentCode ?? '—'}`,
    `  units: ${a.units.map(unitText).join('; ') || '—'}`,
    `  signature required: ${a.requireValidSignature ? 'yes' : 'no'}; unchecked revocation accepted: ${a.acceptUncheckedRevocation ? 'yes' : 'no'}; signature on dispatch: ${a.requireSignatureOnDispatch ? 'yes' : 'no'}`,
    `  unreadable documents: ${a.unreadable ?? 'policy file'}   alerts to: ${a.alertTo.join(', ') || '—'}   trusted authserv-ids: ${a.authservIds.join(', ') || '—'}`,
    `  office hours: ${a.officeHours ? JSON.stringify(a.officeHours) : 'the province’s'}`,
  ].join('\n');
}

export function register(program: Command): void {
  const ag = program.command('agency').description('the agency directory: agencies served and sent to');
  withFieldOptions(ag.command('add <code>').description('add an agency (code = mã định danh, e.g. 000.00.15.H41)')).action(
    action(async (code: string, o: FieldOpts) => {
      const a = await withServices((s, actor) => s.agencies.add(actor, { code, ...fields(o) } as AgencyInput));
      emit(a, o, (x) => `added ${x.code} ${x.name}`);
    }),
  );
  ag.command('list')
    .description('every agency of the directory')
    .option('--json', 'machine-readable output')
    .action(
      action(async (o: { json?: boolean }) => {
        const list = await withServices((s, actor) => s.agencies.list(actor));
        emit({ agencies: list }, o, (r) => r.agencies.map((a) => `${a.code.padEnd(15)} ${a.address.padEnd(34)} ${a.name}`).join('\n') || 'the directory is empty; add agencies with `vanthu agency add` or `vanthu agency import FILE.csv`');
      }),
    );
  ag.command('show <code>')
    .description('one agency with its policies')
    .option('--json', 'machine-readable output')
    .action(
      action(async (code: string, o: { json?: boolean }) => {
        const a = await withServices((s, actor) => s.agencies.get(actor, code));
        emit(a, o, show);
      }),
    );
  withFieldOptions(ag.command('edit <code>').description('change an agency (only the options given)')).action(
    action(async (code: string, o: FieldOpts) => {
      const patch = fields(o);
      if (!Object.keys(patch).length) throw new UserError('nothing to change: give at least one option (see --help)');
      const a = await withServices((s, actor) => s.agencies.edit(actor, code, patch));
      emit(a, o, (x) => `changed ${x.code}\n${show(x)}`);
    }),
  );
  ag.command('import <file>')
    .description(`add or update agencies from a CSV file (UTF-8, comma or semicolon; columns: ${CSV_COLUMNS.join(', ')})`)
    .option('--dry-run', 'check and report, write nothing')
    .option('--json', 'machine-readable output')
    .action(
      action(async (file: string, o: { dryRun?: boolean; json?: boolean }) => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (err) {
          throw new UserError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        }
        const r = await withServices((s, actor) => s.agencies.import(actor, text, { dryRun: o.dryRun }));
        emit(r, o, (x) =>
          x.problems.length
            ? [`nothing imported: ${x.problems.length} problem(s)`, ...x.problems.map((p) => `  line ${p.line}${p.column ? ` (${p.column})` : ''}: ${p.message}`)].join('\n')
            : `${x.dryRun ? 'would add' : 'added'} ${x.added.length}, ${x.dryRun ? 'would update' : 'updated'} ${x.updated.length}, unchanged ${x.unchanged.length}`,
        );
        if (r.problems.length) process.exitCode = 3;
      }),
    );
}
