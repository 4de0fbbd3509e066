// The agency directory's service: list, show, add, edit and import (CLI, API and console call
// these). Only an administrator changes the directory; every authenticated person may read it
// (a clerk chooses recipients from it). Each change is audited with its before and after.
import type { Model } from 'mongoose';
import { z } from 'zod';
import { requirePermission, type Principal } from '../access/roles.js';
import type { AuditLog } from '../audit/log.js';
import { VanthuError, fromZod, notFound } from '../errors.js';
import { isDuplicateKey } from '../store/db.js';
import { agencyFromDoc, agencyInput, agencyPatch, docFromAgency, type Agency, type AgencyInput, type AgencyPatch } from './agency.js';
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
  return {
    code: a.code,
    name: a.name,
    address: a.address,
    addresses: a.addresses.filter((x) => x !== a.address),
    dispatchAddress: a.dispatchAddress ?? null,
    parentCode: a.parentCode ?? null,
    units: a.units.map((u) => ({ name: u.name, address: u.address ?? null })),
    officeHours: a.officeHours ?? null,
    requireValidSignature: a.requireValidSignature,
    acceptUncheckedRevocation: a.acceptUncheckedRevocation,
    requireSignatureOnDispatch: a.requireSignatureOnDispatch,
    unreadable: a.unreadable ?? null,
    alertTo: a.alertTo,
    authservIds: a.authservIds,
  };
}

function same(a: Agency, b: Agency): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class AgencyService {
  constructor(private readonly d: AgencyServiceDeps) {}

  async list(actor: Principal): Promise<Agency[]> {
    requirePermission(actor, 'agencies:read');
    return this.d.directory.all();
  }

  async get(actor: Principal, code: string): Promise<Agency> {
    requirePermission(actor, 'agencies:read');
    const doc = await this.d.Agency.findById(code.toUpperCase()).lean();
    if (!doc) throw notFound(`no agency with code ${code}`, `Không có cơ quan mã ${code}.`);
    return agencyFromDoc(doc as AgencyDoc);
  }

  async add(actor: Principal, input: AgencyInput): Promise<Agency> {
    requirePermission(actor, 'agencies:write');
    const a = checked(input);
    await this.checkReferences(a);
    try {
      await this.d.Agency.create(docFromAgency(a));
    } catch (err) {
      if (isDuplicateKey(err, '_id')) throw new VanthuError('ALREADY_EXISTS', `an agency with code ${a.code} exists already`, { field: 'code' });
      if (isDuplicateKey(err)) throw new VanthuError('ALREADY_EXISTS', `the address ${a.address} belongs to another agency`, { field: 'address' });
      throw err;
    }
    this.d.directory.invalidate();
    await this.d.audit.record(actor, { action: 'agency.add', target: `agency/${a.code}`, agencyCode: a.code, after: a });
    return a;
  }

  async edit(actor: Principal, code: string, patch: AgencyPatch): Promise<Agency> {
    requirePermission(actor, 'agencies:write');
    const before = await this.get(actor, code);
    const p = parse(agencyPatch, patch);
    const after = checked({ ...before, ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) } as AgencyInput);
    if (same(before, after)) return before;
    await this.checkReferences(after);
    try {
      await this.d.Agency.replaceOne({ _id: before.code }, docFromAgency(after));
    } catch (err) {
      if (isDuplicateKey(err)) throw new VanthuError('ALREADY_EXISTS', `the address ${after.address} belongs to another agency`, { field: 'address' });
      throw err;
    }
    this.d.directory.invalidate();
    await this.d.audit.record(actor, { action: 'agency.edit', target: `agency/${after.code}`, agencyCode: after.code, before, after });
    return after;
  }

  /**
   * A province's directory from CSV (one agency per row; see csv.ts for the columns). Rows are
   * checked first; with any problem nothing is written (and the problems name line and column).
   */
  async import(actor: Principal, csv: string, opts: { dryRun?: boolean } = {}): Promise<ImportResult> {
    requirePermission(actor, 'agencies:write');
    const { rows, problems } = parseAgencyCsv(csv);
    const result: ImportResult = { dryRun: !!opts.dryRun, added: [], updated: [], unchanged: [], problems };
    const plan: Array<{ agency: Agency; before: Agency | null; line: number }> = [];
    const seen = new Map<string, number>();
    for (const row of rows) {
      try {
        const agency = checked(row.input);
        const prev = seen.get(agency.code);
        if (prev) throw new VanthuError('INVALID_INPUT', `code ${agency.code} is also on line ${prev}`, { field: 'code' });
        seen.set(agency.code, row.line);
        const doc = await this.d.Agency.findById(agency.code).lean();
        plan.push({ agency, before: doc ? agencyFromDoc(doc as AgencyDoc) : null, line: row.line });
      } catch (err) {
        if (!(err instanceof VanthuError)) throw err;
        problems.push({ line: row.line, column: err.field ?? null, message: err.message });
      }
    }
    // Addresses must stay unique across the directory after the import; parents must exist.
    const existing = await this.d.directory.all();
    const owner = new Map(existing.map((a) => [a.address, a.code]));
    const known = new Set([...existing.map((a) => a.code), ...plan.map((p) => p.agency.code)]);
    for (const p of plan) {
      if (p.agency.parentCode && (p.agency.parentCode === p.agency.code || !known.has(p.agency.parentCode))) {
        problems.push({ line: p.line, column: 'parentCode', message: `parentCode: no agency with code ${p.agency.parentCode}` });
      }
      const other = owner.get(p.agency.address);
      if (other && other !== p.agency.code && !plan.some((q) => q.agency.code === other && q.agency.address !== p.agency.address)) {
        problems.push({ line: p.line, column: 'address', message: `address: ${p.agency.address} belongs to agency ${other}` });
      }
    }
    for (const p of plan) {
      if (!p.before) result.added.push(p.agency.code);
      else if (same(p.before, p.agency)) result.unchanged.push(p.agency.code);
      else result.updated.push(p.agency.code);
    }
    if (problems.length || opts.dryRun) return result;
    for (const p of plan) {
      if (p.before && same(p.before, p.agency)) continue;
      await this.d.Agency.replaceOne({ _id: p.agency.code }, docFromAgency(p.agency), { upsert: true });
      await this.d.audit.record(actor, { action: p.before ? 'agency.edit' : 'agency.add', target: `agency/${p.agency.code}`, agencyCode: p.agency.code, before: p.before ?? undefined, after: p.agency });
    }
    this.d.directory.invalidate();
    return result;
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

  private async checkReferences(a: Agency): Promise<void> {
    if (a.parentCode && a.parentCode !== a.code && !(await this.d.Agency.exists({ _id: a.parentCode }))) {
      throw new VanthuError('INVALID_INPUT', `parentCode: no agency with code ${a.parentCode}`, { field: 'parentCode' });
    }
    if (a.parentCode === a.code) throw new VanthuError('INVALID_INPUT', 'parentCode: an agency cannot be its own parent', { field: 'parentCode' });
  }
}
