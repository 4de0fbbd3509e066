// Xử lý văn bản in the console (Decree 30/2020 Art. 24–25): what a clerk or a leader records by
// hand on an entry — the leader's instruction (as written, read by the same reader as a reply by
// e-mail, or "Lưu"), a unit's ký nhận, the completion — and the follow-up list of the agency's open
// documents with a deadline. Everything goes through services.workflow.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { VanthuError, invalid } from '../../errors.js';
import type { Services } from '../../service/index.js';
import { page, redirect, type PageContext } from '../view.js';
import { vnDate, vnToday } from '../format.js';
import { daysLeftVi, WF_ROLE_VI } from '../workflow-format.js';
import { stateVi, isoToVn } from '../../workflow/compose.js';

import { entryKey, one, type EntryParams } from './incoming.js';

/**
 * Runs a handling form's action and goes back to the entry with what happened. A refusal the clerk
 * can correct (words that cannot be read, a unit not given the document) is said on the entry page
 * itself; no permission or no such entry goes to the error page like any other.
 */
async function act(reply: FastifyReply, back: string, ok: () => Promise<string>): Promise<FastifyReply> {
  try {
    return redirect(reply, `${back}#handling`, { kind: 'ok', text: await ok() });
  } catch (err) {
    if (err instanceof VanthuError && (err.code === 'INVALID_INPUT' || err.code === 'CONFLICT')) return redirect(reply, `${back}#handling`, { kind: 'error', text: err.vi ?? err.message });
    throw err;
  }
}

export function workflowPages(app: FastifyInstance, s: Services, deps: PageContext): void {
  app.post('/incoming/:agency/:year/:number/handling/instruction', { config: { page: true }, bodyLimit: 16 * 1024 }, async (req, reply) => {
    const [agency, year, number] = entryKey(req.params as EntryParams);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const text = one(b.text);
    const back = `/incoming/${agency}/${year}/${number}`;
    return act(reply, back, async () => {
      if (b.action === 'file') {
        await s.workflow.instruct(req.principal!, agency, year, number, { kind: 'file', text: text ?? 'Lưu' });
        return 'Đã ghi ý kiến: cho lưu, không giao xử lý.';
      }
      if (!text) throw invalid('text', 'write the instruction', 'Hãy ghi ý kiến chỉ đạo như lãnh đạo đã viết.');
      const v = await s.workflow.instruct(req.principal!, agency, year, number, { kind: 'text', text });
      const units = v.units.map((u) => `${u.code} ${WF_ROLE_VI[u.role] ?? u.role}`).join('; ');
      return `Đã ghi ý kiến chỉ đạo: ${units || 'đồng ý đề xuất'}${v.deadline ? `, hạn ${isoToVn(v.deadline)}` : ''}.`;
    });
  });

  app.post('/incoming/:agency/:year/:number/handling/sign', { config: { page: true }, bodyLimit: 4096 }, async (req, reply) => {
    const [agency, year, number] = entryKey(req.params as EntryParams);
    const b = (req.body ?? {}) as Record<string, unknown>;
    return act(reply, `/incoming/${agency}/${year}/${number}`, async () => {
      const unit = one(b.unit);
      if (!unit) throw invalid('unit', 'choose the unit', 'Hãy chọn đơn vị ký nhận.');
      await s.workflow.sign(req.principal!, agency, year, number, unit, one(b.by));
      return `Đã ghi ký nhận của đơn vị ${unit.toUpperCase()}.`;
    });
  });

  app.post('/incoming/:agency/:year/:number/handling/complete', { config: { page: true }, bodyLimit: 8192 }, async (req, reply) => {
    const [agency, year, number] = entryKey(req.params as EntryParams);
    const b = (req.body ?? {}) as Record<string, unknown>;
    return act(reply, `/incoming/${agency}/${year}/${number}`, async () => {
      const unit = one(b.unit);
      const v = await s.workflow.complete(req.principal!, agency, year, number, { unitCode: unit, note: one(b.note) });
      return v.state === 'done' ? 'Đã ghi: văn bản đã giải quyết xong.' : `Đã ghi: đơn vị ${unit ?? ''} hoàn thành phần việc của mình.`;
    });
  });

  // Theo dõi xử lý: overdue first, then due soonest (WorkflowService.open reads the due index).
  app.get('/follow-up', { config: { page: true } }, async (req, reply) => {
    const me = req.principal!;
    const q = req.query as Record<string, unknown>;
    const agencyCode = me.role === 'admin' ? (one(q.agency) ?? null) : me.agencyCode;
    const today = vnToday();
    const { items, total } = await s.workflow.open(me, agencyCode, { today, limit: 100 });
    const agencies = new Map((await deps.agencies.all()).map((a) => [a.code, a]));
    const rows = items.map((d) => {
      const a = agencies.get(d.handling.agencyCode);
      const name = (code: string) => a?.units.find((u) => u.code === code)?.name ?? code;
      return {
        href: `/incoming/${d.handling.agencyCode}/${d.handling.year}/${d.handling.arrivalNumber}`,
        number: `${d.handling.arrivalNumber}/${d.handling.year}`,
        agencyCode: d.handling.agencyCode,
        receiptVi: vnDate(d.receiptTime),
        organName: d.organName ?? '',
        code: d.code ?? '',
        summary: [d.typeName, d.subject].filter(Boolean).join(' '),
        urgency: d.urgency,
        stateVi: stateVi(d.handling.state),
        units: d.handling.units.map((u) => `${name(u.code)} (${WF_ROLE_VI[u.role] ?? u.role}${u.receivedAt ? ', đã ký nhận' : ''}${u.completedAt ? ', đã xong' : ''})`).join('; '),
        deadlineVi: isoToVn(d.handling.deadline),
        leftVi: daysLeftVi(d.daysLeft),
        overdue: d.daysLeft < 0,
        soon: d.daysLeft >= 0 && d.daysLeft <= 2,
      };
    });
    return page(req, reply, deps, 'follow-up', {
      title: 'Theo dõi xử lý',
      todayVi: isoToVn(today),
      rows,
      total,
      more: Math.max(0, total - rows.length),
      overdue: rows.filter((r) => r.overdue).length,
      showAgency: !me.agencyCode,
      agencies: me.role === 'admin' ? [...agencies.values()] : [],
      agencyCode,
    });
  });
}
