// Sổ văn bản đi and sending: the list, composing (recipient agencies from the directory, the
// files, a number given or the next one), the policy's refusals in words before anything is sent,
// and each document's trail per recipient.
import type { FastifyInstance } from 'fastify';
import { can, type Principal } from '../../access/roles.js';
import type { UploadedFile } from '../index.js';
import { invalid } from '../../errors.js';
import { OUTGOING_STATES } from '../../dispatch/service.js';
import { sendFile } from '../../api/http.js';
import type { Services } from '../../service/index.js';
import { page, redirect, type PageContext } from '../view.js';
import { DELIVERY_STATE_VI, EVENT_VI, OUTGOING_STATE_VI, vnDateTime, warningVi } from '../format.js';

const one = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const many = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]);

export function outgoingPages(app: FastifyInstance, s: Services, deps: PageContext): void {
  app.get('/outgoing', { config: { page: true } }, async (req, reply) => {
    const me = req.principal!;
    const q = req.query as Record<string, unknown>;
    const state = (OUTGOING_STATES as readonly string[]).includes(String(q.state)) ? (q.state as (typeof OUTGOING_STATES)[number]) : undefined;
    const query = { agencyCode: one(q.agency), year: one(q.year) && /^\d{4}$/.test(String(q.year)) ? Number(q.year) : null, state, q: one(q.q), limit: 50, cursor: one(q.cursor) };
    const result = await s.outgoing.list(me, query);
    const params = new URLSearchParams(Object.entries(q).filter(([k, v]) => k !== 'cursor' && typeof v === 'string' && v) as [string, string][]);
    return page(req, reply, deps, 'outgoing-list', {
      title: 'Sổ văn bản đi',
      query,
      rows: result.items.map((r) => ({ ...r, stateVi: OUTGOING_STATE_VI[r.state] ?? r.state, createdVi: vnDateTime(r.createdAt), sendVi: vnDateTime(r.sendTime) })),
      states: OUTGOING_STATES.map((v) => ({ v, label: OUTGOING_STATE_VI[v] })),
      next: result.nextCursor ? `/outgoing?${new URLSearchParams([...params, ['cursor', result.nextCursor]]).toString()}` : null,
      canSend: can(me, 'outgoing:send'),
    });
  });

  const composeData = async (me: Principal) => {
    const all = await s.agencies.list(me);
    return { title: 'Gửi văn bản', senders: me.role === 'admin' ? all : all.filter((a) => a.code === me.agencyCode), recipients: all.filter((a) => a.code !== me.agencyCode) };
  };

  app.get('/outgoing/new', { config: { page: true } }, async (req, reply) => page(req, reply, deps, 'outgoing-new', { ...(await composeData(req.principal!)), reasons: [], form: {} }));

  app.post('/outgoing/new', { config: { page: true }, bodyLimit: 128 * 1024 * 1024 }, async (req, reply) => {
    const me = req.principal!;
    const b = (req.body ?? {}) as Record<string, unknown>;
    const from = one(b.from) ?? me.agencyCode ?? '';
    const agencies = new Map((await s.agencies.list(me)).map((a) => [a.code, a]));
    const to = [
      ...many(b.to).map((c) => agencies.get(String(c))?.address).filter((x): x is string => !!x),
      ...String(b.extra ?? '').split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean),
    ];
    const files = many(b.files)
      .filter((f): f is UploadedFile => !!f && typeof f === 'object' && Buffer.isBuffer((f as UploadedFile).data) && (f as UploadedFile).data.length > 0)
      .map((f) => ({ filename: f.filename, content: f.data }));
    const numberText = one(b.number);
    if (numberText && !/^\d{1,6}$/.test(numberText)) throw invalid('number', 'must be a whole number');
    const result = await s.outgoing.send(me, { from, to, files, number: numberText ? Number(numberText) : undefined, subject: one(b.subject) }, 'console');
    if (!result.ok) {
      // Nothing was numbered or sent: the clerk reads why, with the form as filled in.
      return page(req, reply, deps, 'outgoing-new', { ...(await composeData(me)), reasons: result.reasons, form: { from, to: many(b.to).map(String), extra: String(b.extra ?? ''), number: numberText ?? '', subject: one(b.subject) ?? '' } }, 422);
    }
    return redirect(reply, `/outgoing/${result.id}`, { kind: 'ok', text: `Đã vào sổ văn bản đi số ${result.codeRaw} và đang gửi tới ${result.deliveries.length} nơi nhận.` });
  });

  app.get('/outgoing/:id', { config: { page: true } }, async (req, reply) => {
    const st = await s.outgoing.get(req.principal!, (req.params as { id: string }).id);
    return page(req, reply, deps, 'outgoing-doc', {
      title: `Văn bản đi số ${st.codeRaw ?? st.number}`,
      st,
      stateVi: OUTGOING_STATE_VI[st.state] ?? st.state,
      // Refreshed every few seconds (htmx) until every recipient has a final answer.
      final: st.recipients.every((r) => ['registered', 'failed', 'refused'].includes(r.state)),
      sendVi: vnDateTime(st.sendTime),
      warnings: st.warnings.map(warningVi),
      recipients: st.recipients.map((r) => ({
        ...r,
        stateVi: DELIVERY_STATE_VI[r.state] ?? r.state,
        bad: r.state === 'failed' || r.state === 'refused',
        good: r.state === 'registered',
        events: r.events.map((e) => ({ ...e, atVi: vnDateTime(e.at), label: EVENT_VI[e.event] ?? e.event, note: [e.detail.diagnostic, e.detail.reason, e.detail.arrivalNumber ? `số đến ${String(e.detail.arrivalNumber)}` : null].filter(Boolean).join('; ') })),
      })),
    });
  });

  app.get('/outgoing/:id/files/:index', { config: { page: true } }, async (req, reply) => {
    const p = req.params as { id: string; index: string };
    if (!/^\d{1,3}$/.test(p.index)) throw invalid('index', 'must be a whole number');
    return sendFile(reply, await s.outgoing.file(req.principal!, p.id, Number(p.index)));
  });
}
