// The dashboard: what needs doing today, most urgent first — today's arrivals, documents awaiting
// the clerk (urgent ones first), quarantined ones, failed deliveries, overdue deadlines, received
// messages that could not be processed at all (poison messages, src/ingest/poison.ts), and the
// mailboxes in trouble, and the documents being handled with a deadline (Theo dõi xử lý).
import type { FastifyInstance } from 'fastify';
import { can } from '../../access/roles.js';
import type { Services } from '../../service/index.js';
import { page, type PageContext } from '../view.js';
import { rowView, urgencyRank, vnToday } from '../format.js';

export function dashboardPage(app: FastifyInstance, s: Services, deps: PageContext): void {
  app.get('/', { config: { page: true } }, async (req, reply) => {
    const me = req.principal!;
    const today = vnToday();
    const readRegister = can(me, 'register:read');
    const [arrivals, pending, unchecked, overdue, held, failed, partly, mailboxes, unprocessed, following] = await Promise.all([
      readRegister ? s.register.list(me, { from: today, to: today, limit: 100 }) : null,
      readRegister ? s.register.list(me, { state: 'pending', limit: 200 }) : null,
      readRegister ? s.register.list(me, { state: 'unchecked', limit: 50 }) : null,
      readRegister ? s.register.list(me, { state: 'overdue', limit: 50 }) : null,
      can(me, 'quarantine:read') ? s.quarantine.list(me) : null,
      can(me, 'outgoing:read') ? s.outgoing.list(me, { state: 'failed', limit: 50 }) : null,
      can(me, 'outgoing:read') ? s.outgoing.list(me, { state: 'partly-failed', limit: 50 }) : null,
      can(me, 'mailboxes:read') ? s.mailboxes.list(me) : null,
      can(me, 'messages:read') ? s.messages.list(me, { state: 'failed', limit: 50 }) : null,
      readRegister ? s.workflow.dueCounts(me, null, { today }) : null,
    ]);
    const all = !me.agencyCode;
    const awaiting = (pending?.items ?? []).map((e) => rowView(e, all)).sort((a, b) => urgencyRank(a.urgency) - urgencyRank(b.urgency) || b.year - a.year || b.arrivalNumber - a.arrivalNumber);
    return page(req, reply, deps, 'dashboard', {
      title: 'Tổng quan',
      today,
      arrivals: arrivals?.items ?? null,
      awaiting: pending ? awaiting : null,
      urgent: awaiting.filter((e) => urgencyRank(e.urgency) < 3),
      unchecked: unchecked?.items ?? null,
      overdue: overdue?.items ?? null,
      held: held ? held.filter((q) => !q.releasedAt && !(q as { handedOverAt?: Date }).handedOverAt) : null,
      failed: failed ? [...failed.items, ...(partly?.items ?? [])] : null,
      unprocessed: unprocessed ? unprocessed.items.map(failedView) : null,
      following,
      troubled: mailboxes ? mailboxes.filter((m) => m.status && ['error', 'backoff'].includes(String(m.status.state))) : null,
    });
  });
}

/** A failed message as the dashboard lists it: when, from whom, what, and why in Vietnamese. */
function failedView(m: { _id: string; internalDate?: Date | null; from?: string | null; subject?: string | null; error?: string | null; failure?: unknown }) {
  const f = m.failure as { code?: string; reasonVi?: string } | undefined;
  return { key: m._id, at: m.internalDate ?? null, from: m.from ?? '', subject: m.subject ?? '', reason: f?.reasonVi ? `${f.reasonVi} (mã lỗi: ${f.code})` : (m.error ?? '') };
}
