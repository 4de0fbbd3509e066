// The agency directory's service: list, show, add, edit and import (CLI, API and console call
// these). Only an administrator changes the directory; every authenticated person may read it
// (a clerk chooses recipients from it). Each change is audited with its before and after.
import type { Model } from 'mongoose';
import { z } from 'zod';
import { actsFor, requireAgency, requirePermission, type Principal } from '../access/roles.js';
import type { AuditLog } from '../audit/log.js';
import { VanthuError, fromZod, invalid, notFound } from '../errors.js';
import { isDuplicateKey } from '../store/db.js';
import { agencyFromDoc, withCodes, agencyInput, agencyPatch, docFromAgency, type Agency, type AgencyInput, type AgencyPatch } from './agency.js';
import type { AgencyDirectory } from './directory.js';
import type { AgencyDoc } from './model.js';
import { parseAgencyCsv, type CsvProblem } from './csv.js';

export interface AgencyServiceDeps {
  Agency: Model<AgencyDoc>;
  directory: AgencyDirectory;
  audit: AuditLog;
}

export interface ImportResult {
  dryRun: boolean;
  added: string[];
  updated: string[];
  unchanged: string[];
  problems: CsvProblem[];
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw fromZod(r.error);
  return r.data;
}

function checked(input: AgencyInput): Agency {
  const a = parse(agencyInput, input);
  const units = withCodes(a.units);
  const codes = new Set(units.map((u) => u.code));
  if (codes.size !== units.length) throw invalid('units', 'two units have the same code', 'Hai đơn vị trùng mã');
  if (a.workflow?.enabled && !a.workflow.leaders.length) throw invalid('workflow.leaders', 'name at least one leader to present documents to (or set enabled: false)', 'Cần khai báo ít nhất một lãnh đạo để trình văn bản');
  for (const [i, r] of (a.workflow?.rules ?? []).entries()) {
    for (const u of r.units) if (!codes.has(u.code)) throw invalid(`workflow.rules.${i}.units`, `no unit has the code ${u.code}`, `Không có đơn vị mã ${u.code}`);
    // A rule's leader that is not among the leaders would be silently ignored by the routing.
    if (r.leader && !a.workflow!.leaders.some((l) => l.address === r.leader)) throw invalid(`workflow.rules.${i}.leader`, `${r.leader} is not one of the workflow's leaders`, `${r.leader} không có trong danh sách lãnh đạo`);
  }
  return {
    code: a.code,
    name: a.name,
    address: a.address,
    addresses: a.addresses.filter((x) => x !== a.address),
    dispatchAddress: a.dispatchAddress ?? null,
    parentCode: a.parentCode ?? null,
    units,
    officeHours: a.officeHours ?? null,
    requireValidSignature: a.requireValidSignature,
    acceptUncheckedRevocation: a.acceptUncheckedRevocation,
    requireSignatureOnDispatch: a.requireSignatureOnDispatch,
    unreadable: a.unreadable ?? null,
    alertTo: a.alertTo,
    authservIds: a.authservIds,
    workflow: a.workflow ?? null,
  };
}

/**
 * The agency after a patch: only the fields the caller gave change. The patch schema's defaults
 * (units [], policies false, …) fill fields the caller left out, which must not reset them: a
 * workflow-only edit (PUT …/workflow, the console's settings form) would otherwise wipe the units.
 */
export function patched(before: Agency, parsed: Record<string, unknown>, given: AgencyPatch): AgencyInput {
  const keys = new Set(Object.keys(given ?? {}));
  return { ...before, ...Object.fromEntries(Object.entries(parsed).filter(([k, v]) => v !== undefined && keys.has(k))) } as AgencyInput;
}

/**
 * What a principal sees of an agency. The directory (names, official and dispatch addresses, parent,
 * office hours, signature policies) is the province's; the agency's internal units, its leaders and
 * routing rules, its alert addresses and trusted authserv-ids are its own and the administrators'.
 */
export function seenBy(actor: Principal, a: Agency): Agency {
  if (actsFor(actor, a.code)) return a;
  return { ...a, units: [], alertTo: [], authservIds: [], workflow: null };
}

function same(a: Agency, b: Agency): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class AgencyService {
  constructor(private readonly d: AgencyServiceDeps) {}

  /** The directory: every agency's public entry; an agency's own people and administrators see all of it. */
  async list(actor: Principal): Promise<Agency[]> {
    requirePermission(actor, 'agencies:read');
    return (await this.d.directory.all()).map((a) => seenBy(actor, a));
  }

  /** One agency: what list shows of it. */
  async get(actor: Principal, code: string): Promise<Agency> {
    requirePermission(actor, 'agencies:read');
    return seenBy(actor, await this.read(code));
  }

  /** Its units and workflow settings (leaders' addresses, routing rules): its own people and administrators only. */
  async workflowOf(actor: Principal, code: string): Promise<Pick<Agency, 'code' | 'units' | 'workflow'>> {
    requirePermission(actor, 'agencies:read');
    requireAgency(actor, code.toUpperCase());
    const a = await this.read(code);
    return { code: a.code, units: a.units, workflow: a.workflow };
  }

  private async read(code: string): Promise<Agency> {
    const doc = await this.d.Agency.findById(code.toUpperCase()).lean();
    if (!doc) throw notFound(`no agency with code ${code}`, `Không có cơ quan mã ${code}.`);
    return agencyFromDoc(doc as AgencyDoc);
  }

  async add(actor: Principal, input: AgencyInput): Promise<Agency> {
    requirePermission(actor, 'agencies:write');
    const a = checked(input);
    if (await this.d.Agency.exists({ _id: a.code })) throw new VanthuError('ALREADY_EXISTS', `an agency with code ${a.code} exists already`, { field: 'code' });
    await this.checkDirectory([a]);
    await this.write(a, null);
    await this.d.audit.record(actor, { action: 'agency.add', target: `agency/${a.code}`, agencyCode: a.code, after: a });
    return a;
  }

  async edit(actor: Principal, code: string, patch: AgencyPatch): Promise<Agency> {
    requirePermission(actor, 'agencies:write');
    const before = await this.read(code);
    const p = parse(agencyPatch, patch);
    const after = checked(patched(before, p, patch));
    if (same(before, after)) return before;
    await this.checkDirectory([after]);
    await this.write(after, before);
    await this.d.audit.record(actor, { action: 'agency.edit', target: `agency/${after.code}`, agencyCode: after.code, before, after });
    return after;
  }

  /**
   * A province's directory from CSV (one agency per row; see csv.ts for the columns). The whole
   * file is checked first — each row, and the directory it would make (addresses unique, parents
   * known, no cycles); with any problem nothing is written, and the problems name line and column.
   */
  async import(actor: Principal, csv: string, opts: { dryRun?: boolean } = {}): Promise<ImportResult> {
    requirePermission(actor, 'agencies:write');
    const { rows, problems } = parseAgencyCsv(csv);
    return this.importRows(actor, rows, problems, opts);
  }

  /** Agencies given as inputs (a line number each, for the problems), checked and written as import does. */
  async importRows(actor: Principal, rows: Array<{ line: number; input: AgencyInput }>, problems: CsvProblem[] = [], opts: { dryRun?: boolean } = {}): Promise<ImportResult> {
    requirePermission(actor, 'agencies:write');
    const result: ImportResult = { dryRun: !!opts.dryRun, added: [], updated: [], unchanged: [], problems };
    const plan: Array<{ agency: Agency; before: Agency | null; line: number }> = [];
    const seen = new Map<string, number>();
    const existing = new Map((await this.d.directory.all()).map((a) => [a.code, a]));
    for (const row of rows) {
      try {
        const agency = checked(row.input);
        const prev = seen.get(agency.code);
        if (prev) throw new VanthuError('INVALID_INPUT', `code: ${agency.code} is also on line ${prev}`, { field: 'code' });
        seen.set(agency.code, row.line);
        plan.push({ agency, before: existing.get(agency.code) ?? null, line: row.line });
      } catch (err) {
        if (!(err instanceof VanthuError)) throw err;
        problems.push({ line: row.line, column: err.field ?? null, message: err.message });
      }
    }
    const lineOf = new Map(plan.map((p) => [p.agency.code, p.line]));
    for (const c of directoryConflicts([...existing.values()], plan.map((p) => p.agency))) {
      problems.push({ line: lineOf.get(c.code) ?? 0, column: c.field, message: c.message });
    }
    for (const p of plan) {
      if (!p.before) result.added.push(p.agency.code);
      else if (same(p.before, p.agency)) result.unchanged.push(p.agency.code);
      else result.updated.push(p.agency.code);
    }
    if (problems.length || opts.dryRun) return result;
    for (const p of plan) {
      if (p.before && same(p.before, p.agency)) continue;
      await this.write(p.agency, p.before);
      await this.d.audit.record(actor, { action: p.before ? 'agency.edit' : 'agency.add', target: `agency/${p.agency.code}`, agencyCode: p.agency.code, before: p.before ?? undefined, after: p.agency });
    }
    return result;
  }

  /** Refuses a change whose directory would be inconsistent (the first conflict, naming its field). */
  private async checkDirectory(changed: Agency[]): Promise<void> {
    const c = directoryConflicts(await this.d.directory.all(), changed)[0];
    if (c) throw new VanthuError(c.field === 'parentCode' ? 'INVALID_INPUT' : 'ALREADY_EXISTS', c.message, { field: c.field });
  }

  /** Writes one agency. A unique-index refusal here means another writer got there first. */
  private async write(a: Agency, before: Agency | null): Promise<void> {
    try {
      if (before) await this.d.Agency.replaceOne({ _id: a.code }, docFromAgency(a));
      else await this.d.Agency.create(docFromAgency(a));
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const holder = await this.d.Agency.findOne({ address: a.address }, { _id: 1 }).lean();
      throw holder && holder._id !== a.code
        ? new VanthuError('ALREADY_EXISTS', `address: ${a.address} belongs to agency ${holder._id}`, { field: 'address' })
        : new VanthuError('ALREADY_EXISTS', `an agency with code ${a.code} exists already`, { field: 'code' });
    } finally {
      this.d.directory.invalidate();
    }
  }

  /** Seeds agencies that are missing (the sandbox's); existing ones are left as they are. */
  async seed(actor: Principal, inputs: readonly AgencyInput[]): Promise<string[]> {
    const added: string[] = [];
    for (const input of inputs) {
      const a = checked(input);
      const r = await this.d.Agency.updateOne({ _id: a.code }, { $setOnInsert: docFromAgency(a) }, { upsert: true });
      if (r.upsertedCount) {
        added.push(a.code);
        await this.d.audit.record(actor, { action: 'agency.add', target: `agency/${a.code}`, agencyCode: a.code, after: a });
      }
    }
    if (added.length) this.d.directory.invalidate();
    return added;
  }


}

export interface DirectoryConflict {
  code: string;
  field: 'address' | 'addresses' | 'dispatchAddress' | 'parentCode';
  message: string;
}

/**
 * What would be inconsistent in the directory `existing` with `changed` put in (replacing any of
 * the same code). Pure. An address (official, other or dispatch) names one agency only — the
 * directory finds an agency by any of its addresses; a parent must exist; parents form no cycle.
 */
export function directoryConflicts(existing: readonly Agency[], changed: readonly Agency[]): DirectoryConflict[] {
  const byCode = new Map(existing.map((a) => [a.code, a]));
  for (const a of changed) byCode.set(a.code, a);
  const out: DirectoryConflict[] = [];
  const owner = new Map<string, string>();
  const changedCodes = new Set(changed.map((a) => a.code));
  // Existing agencies claim their addresses first, so a conflict is reported on the changed one.
  const order = [...[...byCode.values()].filter((a) => !changedCodes.has(a.code)), ...changed];
  for (const a of order) {
    const fields: Array<[DirectoryConflict['field'], string[]]> = [['address', [a.address]], ['addresses', a.addresses], ['dispatchAddress', a.dispatchAddress ? [a.dispatchAddress] : []]];
    for (const [field, list] of fields) {
      for (const addr of list) {
        const other = owner.get(addr);
        if (other && other !== a.code) {
          if (changedCodes.has(a.code)) out.push({ code: a.code, field, message: `${field}: ${addr} belongs to agency ${other}` });
        }
        else owner.set(addr, a.code);
      }
    }
  }
  for (const a of changed) {
    if (!a.parentCode) continue;
    if (a.parentCode === a.code) {
      out.push({ code: a.code, field: 'parentCode', message: 'parentCode: an agency cannot be its own parent' });
      continue;
    }
    if (!byCode.has(a.parentCode)) {
      out.push({ code: a.code, field: 'parentCode', message: `parentCode: no agency with code ${a.parentCode}` });
      continue;
    }
    const seen = new Set([a.code]);
    for (let p: string | null = a.parentCode; p; p = byCode.get(p)?.parentCode ?? null) {
      if (seen.has(p)) {
        out.push({ code: a.code, field: 'parentCode', message: `parentCode: ${a.parentCode} would make a cycle of parents (${[...seen, p].join(' → ')})` });
        break;
      }
      seen.add(p);
    }
  }
  return out;
}
