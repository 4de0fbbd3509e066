// Sổ văn bản đến: the register as a table in the Decree 30 columns with filters, search and
// paging; one entry with every Art. 11.4b field, its sources, history, signatures,
// acknowledgement and documents; a clerk's edit; a paper document into the same sequence.
import type { FastifyInstance } from 'fastify';
import { can } from '../../access/roles.js';
import { parseInstant } from '../../calendar/index.js';
import { invalid } from '../../errors.js';
import { EDITABLE_FIELDS } from '../../register/edit.js';
import { ENTRY_STATES, REGISTER_SORTS, URGENCIES, type RegisterQuery } from '../../register/service.js';
import { sendFile } from '../../api/http.js';
import type { Services } from '../../service/index.js';
import { page, redirect, type PageContext } from '../view.js';
import { handlingVi } from '../workflow-format.js';
import { ACK_STATE_VI, EDIT_LABELS_VI, ENTRY_STATE_VI, receiptReasonVi, rowView, signaturesVi, SOURCE_VI, vnDateTime, vnToday } from '../format.js';

export type EntryParams = { agency: string; year: string; number: string };

/** An entry's address in a page's path: agency, year and number, checked. */
export function entryKey(p: EntryParams): [string, number, number] {
  if (!/^\d{4}$/.test(p.year)) throw invalid('year', 'must be four digits');
  if (!/^\d{1,9}$/.test(p.number)) throw invalid('number', 'must be a whole number');
  return [p.agency.toUpperCase(), Number(p.year), Number(p.number)];
}

export const one = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export function incomingPages(app: FastifyInstance, s: Services, deps: PageContext): void {
  app.get('/incoming', { config: { page: true } }, async (req, reply) => {
    const me = req.principal!;
    const q = req.query as Record<string, unknown>;
    const pick = <T extends string>(v: unknown, allowed: readonly T[]): T | undefined => (allowed as readonly string[]).includes(String(v)) ? (v as T) : undefined;
    const query: RegisterQuery = {
      agencyCode: one(q.agency),
      year: one(q.year) && /^\d{4}$/.test(String(q.year)) ? Number(q.year) : null,
      from: one(q.from),
      to: one(q.to),
      organ: one(q.organ),
      type: one(q.type),
      urgency: pick(q.urgency, URGENCIES),
      state: pick(q.state, ENTRY_STATES),
      q: one(q.q),
      sort: pick(q.sort, REGISTER_SORTS) ?? '-number',
      limit: 50,
      cursor: one(q.cursor),
    };
    const result = await s.register.list(me, query);
    const agencies = me.role === 'admin' ? await s.agencies.list(me) : [];
    const params = new URLSearchParams(Object.entries(q).filter(([k, v]) => k !== 'cursor' && typeof v === 'string' && v) as [string, string][]);
    return page(req, reply, deps, 'incoming-list', {
      title: 'Sổ văn bản đến',
      query,
      rows: result.items.map((e) => rowView(e, !me.agencyCode)),
      next: result.nextCursor ? `/incoming?${new URLSearchParams([...params, ['cursor', result.nextCursor]]).toString()}` : null,
      first: query.cursor ? `/incoming?${params.toString()}` : null,
      urgencies: URGENCIES,
      states: ENTRY_STATES.map((v) => ({ v, label: ENTRY_STATE_VI[v] })),
      agencies,
      canWrite: can(me, 'register:write'),
      exportParams: params.toString(),
    });
  });

  app.get('/incoming/paper', { config: { page: true } }, async (req, reply) => {
    const me = req.principal!;
    const agencies = me.role === 'admin' ? await s.agencies.list(me) : [];
    return page(req, reply, deps, 'incoming-paper', { title: 'Vào sổ văn bản giấy', agencies, now: vnToday() });
  });

  app.post('/incoming/paper', { config: { page: true }, bodyLimit: 64 * 1024 }, async (req, reply) => {
    const me = req.principal!;
    const b = (req.body ?? {}) as Record<string, unknown>;
    const agency = me.agencyCode ?? one(b.agency);
    if (!agency) throw invalid('agency', 'choose the agency');
    const when = one(b.arrival);
    if (!when || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(when)) throw invalid('arrival', 'give the date and time it arrived');
    const r = await s.register.addPaper(me, agency, {
      arrival: parseInstant(`${when}:00+07:00`),
      organName: one(b.organName),
      code: one(b.code),
      issuedDate: one(b.issuedDate),
      typeName: one(b.typeName),
      subject: one(b.subject),
      recipientUnit: one(b.recipientUnit),
      note: one(b.note),
    });
    return redirect(reply, `/incoming/${agency}/${r.year}/${r.arrivalNumber}`, { kind: 'ok', text: `Đã vào sổ: số đến ${r.arrivalNumber}/${r.year}, thời điểm tiếp nhận ${vnDateTime(r.receiptTime)}.` });
  });

  app.get('/incoming/:agency/:year/:number', { config: { page: true } }, async (req, reply) => {
    const me = req.principal!;
    const [agency, year, number] = entryKey(req.params as EntryParams);
    const d = await s.register.get(me, agency, year, number, { withAudit: false });
    const pdf = d.attachments.find((a) => (a.contentType ?? '').includes('pdf'));
    // A scan sent as an image (Decision 36 Art. 7.1a) is shown when there is no PDF.
    const image = pdf ? undefined : d.attachments.find((a) => /^image\/(jpeg|png)\b/i.test(a.contentType ?? ''));
    const handling = await s.workflow.get(me, agency, year, number);
    const agencyDoc = await deps.agencies.get(agency);
    const ack = d.ack as { state?: string; messageId?: string; sentAt?: Date; error?: string } | null;
    return page(req, reply, deps, 'incoming-entry', {
      title: `Văn bản đến số ${number}/${year}`,
      d,
      base: `/incoming/${agency}/${year}/${number}`,
      fields: d.record.fields.map((f) => ({
        ...f,
        // The receipt time in Vietnamese words (Art. 9.2: moved to the next office hours, and why).
        value: f.key === 'receiptTime' ? `${vnDateTime(d.receiptTime)}${d.receiptReason ? ` (${receiptReasonVi(d.receiptReason)}; thư đến lúc ${vnDateTime(d.arrivalInstant)})` : ''}` : f.value,
        sourceVi: f.source ? (SOURCE_VI[f.source] ?? f.source) : null,
      })),
      signatures: signaturesVi(d.signatures),
      ack: ack ? { ...ack, stateVi: ACK_STATE_VI[ack.state ?? ''] ?? ack.state, sentVi: vnDateTime(ack.sentAt) } : null,
      pdfIndex: pdf ? pdf.index : null,
      imageIndex: image ? image.index : null,
      // Fields read by OCR from a scan: the clerk compares them with the scan before relying on them.
      readByOcr: d.record.fields.some((f) => f.source === 'ocr'),
      editable: EDITABLE_FIELDS.map((f) => ({ f, label: EDIT_LABELS_VI[f] ?? f })),
      canWrite: can(me, 'register:write'),
      edits: (d.edits as Array<{ field: string; from: unknown; to: unknown; by: string; at: Date }>).map((e) => ({ ...e, label: EDIT_LABELS_VI[e.field] ?? e.field, atVi: vnDateTime(e.at), fromText: e.from === null || e.from === undefined ? '—' : String(e.from), toText: e.to === null || e.to === undefined ? '—' : String(e.to) })),
      audit: d.audit.map((e) => ({ ...e, atVi: vnDateTime(e.at) })),
      handling: handling ? handlingVi(handling, agencyDoc, vnToday()) : null,
      // The forms of Xử lý văn bản: for clerks and leaders (the service keeps them to their agency).
      canHandle: can(me, 'workflow:write'),
      handlingUnits: (agencyDoc?.units ?? []).map((u) => ({ code: u.code, name: u.name })),
    });
  });

  app.post('/incoming/:agency/:year/:number/edit', { config: { page: true }, bodyLimit: 16 * 1024 }, async (req, reply) => {
    const [agency, year, number] = entryKey(req.params as EntryParams);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const field = typeof b.field === 'string' ? b.field : '';
    const r = await s.register.edit(req.principal!, agency, year, number, field, typeof b.value === 'string' ? b.value : '');
    return redirect(reply, `/incoming/${agency}/${year}/${number}#history`, { kind: 'ok', text: `Đã sửa “${EDIT_LABELS_VI[r.field] ?? r.field}”: ${r.from ?? '—'} → ${r.to ?? '—'}.` });
  });

  app.get('/incoming/:agency/:year/:number/original', { config: { page: true } }, async (req, reply) => {
    const [agency, year, number] = entryKey(req.params as EntryParams);
    return sendFile(reply, await s.register.original(req.principal!, agency, year, number));
  });

  app.get('/incoming/:agency/:year/:number/files/:index', { config: { page: true } }, async (req, reply) => {
    const p = req.params as EntryParams & { index: string };
    const [agency, year, number] = entryKey(p);
    if (!/^\d{1,3}$/.test(p.index)) throw invalid('index', 'must be a whole number');
    const inline = (req.query as { inline?: string }).inline === '1';
    return sendFile(reply, await s.register.file(req.principal!, agency, year, number, Number(p.index)), inline);
  });
}
