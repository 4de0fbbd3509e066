// Outgoing documents as a service (CLI, API, console): the sổ văn bản đi with filters and paging,
// one document's trail per recipient, sending, the sent files, the book for export, and receipts
// that matched nothing. A clerk sends only as their own agency.
import { requireAgency, requirePermission, scopeAgency, type Principal } from '../access/roles.js';
import type { AppContext } from '../runtime/context.js';
import { VanthuError, notFound } from '../errors.js';
import { pageOf, type Page, type SortKey } from '../store/paging.js';
import { markInsensitivePattern } from '../register/search.js';
import { bookTitle } from '../register/book.js';
import { writeBook } from '../register/export.js';
import { getStatus, type DocumentStatus } from './status.js';
import { sendDocument, type SendRequest, type SendResult } from './send.js';
import { resolveSender, SenderError } from './sender.js';
import { OUTGOING_REGISTER_COLUMNS, outgoingBookRows } from './register-rows.js';
import type { OutgoingDoc, UnmatchedDoc } from './models.js';

export type OutgoingDeps = Pick<AppContext, 'cfg' | 'models' | 'raw' | 'queues' | 'agencies' | 'audit'>;

export const OUTGOING_STATES = ['sending', 'sent', 'partly-failed', 'failed'] as const;

export interface OutgoingQuery {
  agencyCode?: string | null;
  year?: number | null;
  state?: (typeof OUTGOING_STATES)[number] | null;
  /** Number and notation or subject, without diacritics. */
  q?: string | null;
  limit?: number;
  cursor?: string | null;
}

export interface OutgoingRow {
  id: string;
  agencyCode: string;
  year: number;
  number: number;
  codeRaw: string | null;
  subject: string | null;
  state: string;
  sendTime: Date | null;
  createdAt: Date | null;
  recipients: string[];
  source: string;
  requestedBy: string | null;
}

function row(d: OutgoingDoc & { _id: string }): OutgoingRow {
  return {
    id: d._id,
    agencyCode: d.agencyCode,
    year: d.year,
    number: d.outgoingNumber,
    codeRaw: d.codeRaw ?? null,
    subject: d.subject ?? null,
    state: d.state,
    sendTime: d.sendTime ?? null,
    createdAt: (d as { createdAt?: Date }).createdAt ?? null,
    recipients: d.recipients ?? [],
    source: d.source,
    requestedBy: d.requestedBy ?? null,
  };
}

export type SendInput = Omit<SendRequest, 'source' | 'requestedBy' | 'requestMessageKey' | 'requestMessageId' | 'docId' | 'settings' | 'now' | 'fromAgencyCode'>;

export class OutgoingService {
  constructor(private readonly d: OutgoingDeps) {}

  async list(actor: Principal, q: OutgoingQuery): Promise<Page<OutgoingRow>> {
    requirePermission(actor, 'outgoing:read');
    const agencyCode = scopeAgency(actor, q.agencyCode);
    const f: Record<string, unknown> = {};
    if (agencyCode) f.agencyCode = agencyCode;
    if (q.year) f.year = q.year;
    if (q.state) f.state = q.state;
    if (q.q?.trim()) {
      const p = markInsensitivePattern(q.q);
      f.$or = [{ codeRaw: { $regex: p, $options: 'i' } }, { subject: { $regex: p, $options: 'i' } }];
    }
    const keys: SortKey[] = [{ field: 'year', dir: -1 }, { field: 'outgoingNumber', dir: -1 }, { field: '_id', dir: -1 }];
    const page = await pageOf<OutgoingDoc & { _id: string }>(this.d.models.Outgoing as never, f, keys, { limit: q.limit, cursor: q.cursor, projection: { metadata: 0, files: 0 } });
    return { items: page.items.map(row), nextCursor: page.nextCursor };
  }

  async get(actor: Principal, id: string): Promise<DocumentStatus> {
    requirePermission(actor, 'outgoing:read');
    const s = await getStatus(this.d, id);
    if (!s) throw notFound(`no outgoing document ${id}`, `Không có văn bản đi ${id}.`);
    requireAgency(actor, s.agencyCode);
    return s;
  }

  /**
   * Sends a document as `input.from` (agency code or mailbox address). A clerk may send only as
   * their own agency. A refusal by policy is a result (ok: false with reasons), not an error.
   */
  async send(actor: Principal, input: SendInput, source: 'cli' | 'api' | 'console' = 'api'): Promise<SendResult> {
    requirePermission(actor, 'outgoing:send');
    let agencyCode: string;
    try {
      agencyCode = (await resolveSender(this.d, input.from ?? '')).agency.code;
    } catch (err) {
      if (err instanceof SenderError) throw new VanthuError('INVALID_INPUT', `from: ${err.message}`, { field: 'from' });
      throw err;
    }
    requireAgency(actor, agencyCode);
    const result = await sendDocument(this.d, { ...input, source, requestedBy: actor.login });
    await this.d.audit.record(actor, {
      action: result.ok ? 'outgoing.send' : 'outgoing.refused',
      target: result.ok ? `outgoing/${result.id}` : `outgoing/refused`,
      agencyCode,
      after: result.ok ? { id: result.id, number: result.codeRaw, to: result.deliveries.map((x) => x.address) } : { reasons: result.reasons.map((r) => r.code), to: input.to },
    });
    return result;
  }

  async file(actor: Principal, id: string, index: number): Promise<{ filename: string; contentType: string; bytes: Buffer }> {
    requirePermission(actor, 'outgoing:read');
    const doc = await this.d.models.Outgoing.findById(id, { agencyCode: 1, files: 1 }).lean();
    if (!doc) throw notFound(`no outgoing document ${id}`);
    requireAgency(actor, doc.agencyCode);
    const f = doc.files?.[index];
    if (!f?.fileId) throw notFound(`outgoing document ${id} has no file number ${index}`);
    return { filename: f.filename ?? `tep-${index}`, contentType: f.contentType ?? 'application/octet-stream', bytes: await this.d.raw.get(f.fileId) };
  }

  async book(actor: Principal, agencyCode: string, year: number): Promise<{ agencyCode: string; year: number; title: string; columns: readonly string[]; rows: string[][] }> {
    requirePermission(actor, 'outgoing:read');
    requireAgency(actor, agencyCode);
    const agency = await this.d.agencies.get(agencyCode);
    if (!agency) throw notFound(`no agency with code ${agencyCode}`);
    return { agencyCode, year, title: bookTitle('outgoing', year, agency.name), columns: OUTGOING_REGISTER_COLUMNS, rows: await outgoingBookRows(this.d, agencyCode, year) };
  }

  async exportBook(actor: Principal, agencyCode: string, year: number, format: 'csv' | 'xlsx'): Promise<{ filename: string; contentType: string; bytes: Buffer; rows: number }> {
    const b = await this.book(actor, agencyCode, year);
    const contentType = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return { filename: `so-van-ban-di-${agencyCode}-${year}.${format}`, contentType, bytes: await writeBook(format, b.title, b.columns, b.rows), rows: b.rows.length };
  }

  /** Receipts (DSNs, read receipts, acknowledgements) that matched no outgoing document. */
  async unmatched(actor: Principal, agencyCode?: string | null): Promise<Array<UnmatchedDoc & { _id: string }>> {
    requirePermission(actor, 'outgoing:read');
    const scoped = scopeAgency(actor, agencyCode);
    return (await this.d.models.Unmatched.find(scoped ? { agencyCode: scoped } : {}).sort({ createdAt: -1 }).limit(500).lean()) as Array<UnmatchedDoc & { _id: string }>;
  }
}
