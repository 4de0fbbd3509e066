// The incoming register as a service (CLI, API and console all call this): list with filters,
// search and cursor paging; one entry's Art. 11.4b record with its edits and audit trail; a
// clerk's edit; a paper entry; the original e-mail and its documents; the book for export.
// Every method takes the person asking first and keeps them to their agency.
import type { Principal } from '../access/roles.js';
import { requirePermission, scopeAgency, requireAgency } from '../access/roles.js';
import type { AppContext } from '../runtime/context.js';
import { VanthuError, invalid, notFound } from '../errors.js';
import { decodeCursor, encodeCursor, pageLimit, pageOf, type Page, type SortKey } from '../store/paging.js';
import { lastNumber, slotId, yearsOf, type ListingRow } from './listing.js';
import { parseMime } from '../mail/classify/mime-walk.js';
import { documentAttachmentParts } from '../mail/classify/document.js';
import { loadRaw } from '../ingest/process.js';
import { dateProblem } from '../calendar/civil-date.js';
import { parseInstant, vnDay } from '../calendar/index.js';
import { entryRecord, type EntryRecord } from './record.js';
import { bookTitle, INCOMING_COLUMNS, incomingRow } from './book.js';
import { writeBook } from './export.js';
import { editEntry, EditError, type EditResult } from './edit.js';
import { addPaperEntry, paperMetadata, PaperInputError, type PaperFields } from './paper.js';
import { searchPattern } from './search.js';
import type { AuditEvent } from '../audit/model.js';
import { writeArchive, type ArchiveResult } from './archive.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipFolder } from './zip.js';
import { enqueueWorkflow } from '../workflow/jobs.js';

export interface ArchiveZip {
  filename: string;
  contentType: 'application/zip';
  bytes: Buffer;
  entries: number;
  messages: number;
  outgoing: number;
  /** As ArchiveResult: anything that does not match; empty for a sound package. */
  problems: string[];
}

export type RegisterDeps = Pick<AppContext, 'cfg' | 'models' | 'raw' | 'agencies' | 'audit' | 'redis' | 'prefix' | 'queues'>;

export const URGENCIES = ['Hỏa tốc', 'Thượng khẩn', 'Khẩn', 'Thường'] as const;
/** pending: not yet passed on; forwarded: passed on (Ngày chuyển set); duplicate: probably registered before; unchecked: its text could not be read; overdue: its deadline has passed. */
export const ENTRY_STATES = ['pending', 'forwarded', 'duplicate', 'unchecked', 'overdue'] as const;
export const REGISTER_SORTS = ['number', '-number', 'receiptTime', '-receiptTime'] as const;

export interface RegisterQuery {
  agencyCode?: string | null;
  year?: number | null;
  /** Receipt date from / to, YYYY-MM-DD (Vietnam time), inclusive. */
  from?: string | null;
  to?: string | null;
  organ?: string | null;
  type?: string | null;
  urgency?: (typeof URGENCIES)[number] | null;
  state?: (typeof ENTRY_STATES)[number] | null;
  /** Free text over number and notation, organ, type, subject, sender — without diacritics. */
  q?: string | null;
  number?: number | null;
  sort?: (typeof REGISTER_SORTS)[number] | null;
  limit?: number;
  cursor?: string | null;
}

/** One line of the register as lists show it (what the book prints, plus what a list filters by). */
export interface RegisterRow {
  id: string;
  agencyCode: string;
  year: number;
  arrivalNumber: number;
  receiptTime: Date;
  receiptAdjusted: boolean;
  source: string;
  organName: string | null;
  code: string | null;
  issuedDate: string | null;
  typeName: string | null;
  subject: string | null;
  urgency: string | null;
  recipientUnit: string | null;
  forwardedAt: Date | null;
  /** The book's "Ký nhận" column, filled from the handling (src/workflow/handling.ts). */
  signedFor: string | null;
  deadline: string | null;
  duplicateOfNumber: string | null;
  note: string | null;
  sender: string | null;
  ackState: string | null;
  /** The worst signature verdict among the documents (PASSED, INDETERMINATE, FAILED) or null when unsigned. */
  signature: string | null;
}

const ROW_PROJECTION = { edits: 0, searchText: 0, fieldSources: 0, attachments: 0 } as const;

type EntryDoc = Record<string, unknown> & { _id: string; agencyCode: string; year: number; arrivalNumber: number; metadata?: Record<string, unknown>; signatureSummary?: string | null };

function toRow(e: EntryDoc): RegisterRow {
  const md = (e.metadata ?? {}) as Record<string, string | null | undefined>;
  const ack = e.ack as { state?: string } | undefined;
  return {
    id: e._id,
    agencyCode: e.agencyCode,
    year: e.year,
    arrivalNumber: e.arrivalNumber,
    receiptTime: e.receiptTime as Date,
    receiptAdjusted: !!e.receiptAdjusted,
    source: e.source as string,
    organName: md.organName ?? null,
    code: md.codeRaw ?? (md.codeNumber && md.codeNotation ? `${md.codeNumber}/${md.codeNotation}` : null),
    issuedDate: md.issuedDate ?? null,
    typeName: md.typeName ?? null,
    subject: md.subject ?? null,
    urgency: md.urgency ?? null,
    recipientUnit: (e.recipientUnit as string) ?? null,
    forwardedAt: (e.forwardedAt as Date) ?? null,
    signedFor: (e.signedFor as string) ?? null,
    deadline: (e.deadline as string) ?? null,
    duplicateOfNumber: (e.duplicateOfNumber as string) ?? null,
    note: (e.note as string) ?? null,
    sender: (e.sender as string) ?? null,
    ackState: ack?.state ?? null,
    signature: e.signatureSummary ?? null,
  };
}

function dayStart(date: string, field: string): Date {
  const problem = dateProblem(date);
  if (problem) throw invalid(field, `"${date}" is not a date (YYYY-MM-DD): ${problem}`);
  return parseInstant(`${date}T00:00:00+07:00`);
}

/** The filter a query stands for, over the listing rows (listing.ts; agency already scoped). Pure. */
export function registerFilter(q: RegisterQuery, agencyCode: string | null, today = vnDay()): Record<string, unknown> {
  const f: Record<string, unknown> = {};
  if (agencyCode) f.a = agencyCode;
  if (q.year) f.y = q.year;
  if (q.number) f.n = q.number;
  if (q.from || q.to) {
    const range: Record<string, Date> = {};
    if (q.from) range.$gte = dayStart(q.from, 'from');
    if (q.to) range.$lt = new Date(dayStart(q.to, 'to').getTime() + 86_400_000);
    f.t = range;
  }
  if (q.urgency) f.u = q.urgency === 'Thường' ? null : q.urgency;
  const and: Record<string, unknown>[] = [];
  if (q.q?.trim()) and.push({ s: { $regex: searchPattern(q.q) } });
  if (q.organ?.trim()) and.push({ o: { $regex: searchPattern(q.organ) } });
  if (q.type?.trim()) and.push({ k: { $regex: searchPattern(q.type) } });
  switch (q.state) {
    case 'pending':
      f.fw = false;
      break;
    case 'forwarded':
      f.fw = true;
      break;
    case 'duplicate':
      f.dup = true;
      break;
    case 'unchecked':
      f.un = true;
      break;
    case 'overdue':
      f.d = { $lt: today, $ne: null };
      break;
  }
  return and.length ? { ...f, $and: and } : f;
}

/** Only the book's order is asked for (no filter but the year): the page can be read by number. */
function byNumberOnly(q: RegisterQuery): boolean {
  return !q.from && !q.to && !q.organ?.trim() && !q.type?.trim() && !q.urgency && !q.state && !q.q?.trim() && !q.number && q.sort !== 'receiptTime' && q.sort !== '-receiptTime';
}

function sortKeys(sort: RegisterQuery['sort'], allAgencies: boolean): SortKey[] {
  const dir: 1 | -1 = sort?.startsWith('-') || !sort ? -1 : 1;
  const keys: SortKey[] = sort === 'receiptTime' || sort === '-receiptTime' ? [{ field: 't', dir }] : [{ field: 'y', dir }, { field: 'n', dir }];
  // (year, number) is unique only within an agency; the row id ends every other order.
  if (allAgencies || keys[0]!.field === 't') keys.push({ field: '_id', dir });
  return keys;
}

function worstSignature(signatures: unknown): string | null {
  const list = Array.isArray(signatures) ? (signatures as Array<{ overall?: { indication?: string } }>) : [];
  if (!list.length) return null;
  const ind = list.map((s) => s.overall?.indication ?? 'INDETERMINATE');
  return ind.includes('TOTAL-FAILED') || ind.includes('FAILED') ? 'FAILED' : ind.includes('INDETERMINATE') ? 'INDETERMINATE' : 'PASSED';
}

export interface EntryDetail {
  id: string;
  record: EntryRecord;
  row: RegisterRow;
  edits: unknown[];
  audit: AuditEvent[];
  attachments: Array<{ index: number; filename: string | null; contentType: string | null; size: number | null }>;
  signatures: unknown;
  ack: unknown;
  /** The original e-mail can be downloaded (email entries whose message is kept). */
  hasOriginal: boolean;
  messageKey: string | null;
  receiptTime: Date;
  receiptReason: string | null;
  arrivalInstant: Date;
}

export class RegisterService {
  constructor(private readonly d: RegisterDeps) {}

  async list(actor: Principal, q: RegisterQuery): Promise<Page<RegisterRow>> {
    requirePermission(actor, 'register:read');
    const agencyCode = scopeAgency(actor, q.agencyCode);
    const rows =
      agencyCode && byNumberOnly(q)
        ? await this.pageByNumber(agencyCode, q)
        : await pageOf<ListingRow & Record<string, unknown>>(this.d.models.RegisterRow as never, registerFilter(q, agencyCode), sortKeys(q.sort, !agencyCode), { limit: q.limit, cursor: q.cursor });
    // The page's entries by _id (the one query FerretDB answers from an index); signature reports
    // come with them and leave as one verdict per entry.
    const entries = await Promise.all(rows.items.map((r) => this.d.models.Incoming.findById(r.e, ROW_PROJECTION).lean()));
    const items = entries.filter((e): e is NonNullable<typeof e> => !!e).map((e) => toRow({ ...(e as unknown as EntryDoc), signatureSummary: worstSignature((e as { signatures?: unknown }).signatures) }));
    return { items, nextCursor: rows.nextCursor };
  }

  /**
   * A page of one agency's book in number order, read as fifty _id lookups: numbers are gapless,
   * so the page's slots are known from the book's last number (RegisterHead) and the cursor.
   */
  private async pageByNumber(agencyCode: string, q: RegisterQuery): Promise<Page<ListingRow>> {
    const limit = pageLimit(q.limit);
    const dir: 1 | -1 = q.sort === 'number' ? 1 : -1;
    const after = q.cursor ? decodeCursor(q.cursor, 2) : null;
    if (after && (typeof after[0] !== 'number' || typeof after[1] !== 'number')) throw invalid('cursor', 'is not a cursor this list gave out');
    const [ay, an] = (after ?? []) as number[];
    const years = q.year ? [q.year] : await yearsOf(this.d.models, agencyCode);
    if (dir === 1) years.sort((x, y) => x - y);
    const slots: Array<[number, number]> = [];
    for (const y of years) {
      if (ay !== undefined && (dir === -1 ? y > ay : y < ay)) continue;
      const last = await lastNumber(this.d.models, agencyCode, y);
      let n = ay === y ? an! + dir : dir === -1 ? last : 1;
      for (; slots.length <= limit && n >= 1 && n <= last; n += dir) slots.push([y, n]);
      if (slots.length > limit) break;
    }
    const rows = (await Promise.all(slots.map(([y, n]) => this.d.models.RegisterRow.findById(slotId(agencyCode, y, n)).lean()))).filter((r): r is NonNullable<typeof r> => !!r) as ListingRow[];
    const items = rows.slice(0, limit);
    const lastRow = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && lastRow ? encodeCursor([lastRow.y, lastRow.n]) : null };
  }

  /** Every entry of a year in number order, as the book prints them (exports, `register list`). */
  async entriesOfYear(actor: Principal, agencyCode: string, year: number) {
    requirePermission(actor, 'register:read');
    requireAgency(actor, agencyCode);
    return this.d.models.Incoming.find({ agencyCode, year }, { signatures: 0, attachments: 0, searchText: 0 }).sort({ arrivalNumber: 1 }).lean();
  }

  async book(actor: Principal, agencyCode: string, year: number): Promise<{ agencyCode: string; year: number; title: string; columns: readonly string[]; rows: string[][] }> {
    const entries = await this.entriesOfYear(actor, agencyCode, year);
    const agency = await this.d.agencies.get(agencyCode);
    if (!agency) throw notFound(`no agency with code ${agencyCode}`);
    return { agencyCode, year, title: bookTitle('incoming', year, agency.name), columns: INCOMING_COLUMNS, rows: entries.map((e) => incomingRow(e as never)) };
  }

  async exportBook(actor: Principal, agencyCode: string, year: number, format: 'csv' | 'xlsx'): Promise<{ filename: string; contentType: string; bytes: Buffer; rows: number }> {
    const b = await this.book(actor, agencyCode, year);
    const bytes = await writeBook(format, b.title, b.columns, b.rows);
    const contentType = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return { filename: `so-van-ban-den-${agencyCode}-${year}.${format}`, contentType, bytes, rows: b.rows.length };
  }

  private async entry(actor: Principal, agencyCode: string, year: number, arrivalNumber: number) {
    requirePermission(actor, 'register:read');
    requireAgency(actor, agencyCode);
    // By its listing row (an _id lookup); an entry not yet listed is looked for the slow way.
    const row = await this.d.models.RegisterRow.findById(slotId(agencyCode, year, arrivalNumber), { e: 1 }).lean();
    const e = (row ? await this.d.models.Incoming.findById(row.e).lean() : null) ?? (await this.d.models.Incoming.findOne({ agencyCode, year, arrivalNumber }).lean());
    if (!e) throw notFound(`no entry number ${arrivalNumber} in the ${year} register of ${agencyCode}`, `Không có văn bản đến số ${arrivalNumber}/${year} trong sổ của ${agencyCode}.`);
    return e as unknown as EntryDoc & { messageKey?: string; source: string };
  }

  /** One entry. `withAudit: false` leaves out its audit events (a scan of the log on FerretDB; the console shows the edits). */
  async get(actor: Principal, agencyCode: string, year: number, arrivalNumber: number, opts: { withAudit?: boolean } = {}): Promise<EntryDetail> {
    const e = await this.entry(actor, agencyCode, year, arrivalNumber);
    const audit = opts.withAudit === false ? { items: [] } : await this.d.audit.list({ target: entryTarget(agencyCode, year, arrivalNumber), limit: 200 });
    const attachments = ((e.attachments as Array<{ filename?: string; contentType?: string; size?: number }>) ?? []).map((a, index) => ({
      index,
      filename: a.filename ?? null,
      contentType: a.contentType ?? null,
      size: a.size ?? null,
    }));
    return {
      id: e._id,
      record: entryRecord(e as never),
      row: toRow({ ...e, signatureSummary: worstSignature(e.signatures) }),
      edits: (e.edits as unknown[]) ?? [],
      audit: audit.items,
      attachments,
      signatures: e.signatures ?? [],
      ack: e.ack ?? null,
      hasOriginal: !!e.messageKey,
      messageKey: e.messageKey ?? null,
      receiptTime: e.receiptTime as Date,
      receiptReason: (e.receiptReason as string) ?? null,
      arrivalInstant: e.arrivalInstant as Date,
    };
  }

  async edit(actor: Principal, agencyCode: string, year: number, arrivalNumber: number, field: string, value: string, by?: string): Promise<EditResult> {
    requirePermission(actor, 'register:write');
    requireAgency(actor, agencyCode);
    let r: EditResult;
    try {
      r = await editEntry(this.d, agencyCode, year, arrivalNumber, field, value, by ?? actor.login);
    } catch (err) {
      if (!(err instanceof EditError)) throw err;
      if (err.kind === 'no-entry') throw notFound(err.message);
      // An unknown field, or a value the field's rule refuses: a bad parameter, named.
      throw new VanthuError('INVALID_INPUT', err.message, { field: err.kind === 'unknown-field' ? 'field' : 'value' });
    }
    await this.d.audit.record(actor, { action: 'register.edit', target: entryTarget(agencyCode, year, arrivalNumber), agencyCode, before: { [field]: r.from }, after: { [field]: r.to } });
    return r;
  }

  async addPaper(actor: Principal, agencyCode: string, input: PaperFields & { arrival: Date; recipientUnit?: string; note?: string }) {
    requirePermission(actor, 'register:write');
    requireAgency(actor, agencyCode);
    try {
      const r = await addPaperEntry(this.d, { agencyCode, arrival: input.arrival, metadata: paperMetadata(input), recipientUnit: input.recipientUnit, note: input.note, clerk: actor.login });
      await this.d.audit.record(actor, { action: 'register.paper', target: entryTarget(agencyCode, r.year, r.arrivalNumber), agencyCode, after: { ...input, arrivalNumber: r.arrivalNumber } });
      // A paper document is presented like one received by e-mail (its slip says the original is
      // on paper at the office); a no-op for an agency without a workflow.
      await enqueueWorkflow(this.d, { kind: 'present', entryId: r.id });
      return r;
    } catch (err) {
      if (err instanceof PaperInputError) throw new VanthuError('INVALID_INPUT', err.message, { field: err.field });
      throw err;
    }
  }

  /**
   * The year's handover package (nộp lưu, Decision 36 Art. 13) written into `dir`. The agency's
   * clerk prepares it (Art. 13.4: the agency hands its records to its archive), or an administrator.
   */
  async archive(actor: Principal, agencyCode: string, year: number, dir: string): Promise<ArchiveResult> {
    requirePermission(actor, 'register:write');
    requireAgency(actor, agencyCode);
    const r = await writeArchive(this.d, agencyCode, year, dir);
    await this.d.audit.record(actor, { action: 'register.archive', target: `archive/${agencyCode}/${year}`, agencyCode, after: { dir: r.dir, entries: r.entries, problems: r.problems.length } });
    return r;
  }

  /**
   * The same package as one zip download: written into a temporary folder, zipped (the files at
   * the zip's root, so the unzipped folder is the package `checkArchive` reads), the folder removed.
   * The whole zip is held in memory: a year of one agency's mail, not an installation's.
   */
  async archiveZip(actor: Principal, agencyCode: string, year: number): Promise<ArchiveZip> {
    requirePermission(actor, 'register:write');
    requireAgency(actor, agencyCode);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw invalid('year', `must be a year between 2000 and 2100, got ${year}`);
    if (!(await this.d.agencies.get(agencyCode))) throw notFound(`no agency with code ${agencyCode}`);
    const tmp = await mkdtemp(join(tmpdir(), 'vanthu-archive-'));
    try {
      const r = await writeArchive(this.d, agencyCode, year, join(tmp, 'package'));
      const bytes = await zipFolder(r.dir);
      await this.d.audit.record(actor, { action: 'register.archive', target: `archive/${agencyCode}/${year}`, agencyCode, after: { zip: true, bytes: bytes.length, entries: r.entries, problems: r.problems.length } });
      return { filename: `nop-luu-${agencyCode}-${year}.zip`, contentType: 'application/zip', bytes, entries: r.entries, messages: r.messages, outgoing: r.outgoing, problems: r.problems };
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  /** The e-mail exactly as it was received (message/rfc822). */
  async original(actor: Principal, agencyCode: string, year: number, arrivalNumber: number): Promise<{ filename: string; contentType: string; bytes: Buffer }> {
    const e = await this.entry(actor, agencyCode, year, arrivalNumber);
    if (!e.messageKey) throw notFound(`entry ${arrivalNumber}/${year} was entered from paper: there is no e-mail`, 'Văn bản giấy: không có thư điện tử gốc.');
    const bytes = await loadRaw(this.d, e.messageKey);
    return { filename: `van-ban-den-${agencyCode}-${year}-${arrivalNumber}.eml`, contentType: 'message/rfc822', bytes };
  }

  /** One document of the entry's e-mail (index as in the entry's attachments), its bytes unchanged. */
  async file(actor: Principal, agencyCode: string, year: number, arrivalNumber: number, index: number): Promise<{ filename: string; contentType: string; bytes: Buffer }> {
    const { bytes } = await this.original(actor, agencyCode, year, arrivalNumber);
    const parts = documentAttachmentParts(parseMime(bytes));
    const p = parts[index];
    if (!p) throw notFound(`entry ${arrivalNumber}/${year} has no document number ${index} (it has ${parts.length})`);
    return { filename: p.part.filename ?? `tep-${index}`, contentType: p.part.contentType, bytes: p.part.body };
  }
}

export function entryTarget(agencyCode: string, year: number, arrivalNumber: number): string {
  return `incoming/${agencyCode}/${year}/${arrivalNumber}`;
}
