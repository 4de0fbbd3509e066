// Administration of what the service watches and trusts: mailboxes (state, last sync, last error,
// a login test answered in words), the holiday table of each year, the trust anchors and CRLs.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../../access/roles.js';
import { invalid } from '../../errors.js';
import type { MailboxInput } from '../../ingest/mailboxes.js';
import type { Services } from '../../service/index.js';
import type { UploadedFile } from '../index.js';
import { page, redirect, type PageContext } from '../view.js';
import { MAILBOX_STATE_VI, vnDate, vnDateTime } from '../format.js';

const one = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export function adminSystemPages(app: FastifyInstance, s: Services, deps: PageContext): void {
  const mailboxesPage = async (req: FastifyRequest, tested: Awaited<ReturnType<Services['mailboxes']['test']>> | null) => {
    const me = req.principal!;
    const boxes = await s.mailboxes.list(me);
    const counts = boxes.length ? await s.mailboxes.counts(me, boxes.map((b) => b.id)) : {};
    return {
      title: 'Hộp thư được theo dõi',
      boxes: boxes.map((m) => ({
        ...m,
        stateVi: m.status ? (MAILBOX_STATE_VI[String(m.status.state)] ?? m.status.state) : 'chưa theo dõi',
        bad: !!m.status && ['error', 'backoff'].includes(String(m.status.state)),
        syncVi: vnDateTime(m.status?.lastSyncAt ?? null),
        errorVi: m.status?.lastError ?? '',
        errorAtVi: vnDateTime(m.status?.lastErrorAt ?? null),
        counts: counts[m.id] ?? { stored: 0, registered: 0, failed: 0 },
      })),
      agencies: me.role === 'admin' ? await s.agencies.list(me) : (await s.agencies.list(me)).filter((a) => a.code === me.agencyCode),
      canWrite: can(me, 'mailboxes:write'),
      tested,
    };
  };

  app.get('/admin/mailboxes', { config: { page: true } }, async (req, reply) => page(req, reply, deps, 'admin-mailboxes', await mailboxesPage(req, null)));

  app.post('/admin/mailboxes', { config: { page: true }, bodyLimit: 64 * 1024 }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const input: MailboxInput = {
      id: one(b.id) ?? '',
      agencyCode: one(b.agencyCode) ?? '',
      agencyName: '',
      address: one(b.address) ?? '',
      role: one(b.role) === 'dispatch' ? 'dispatch' : 'incoming',
      host: one(b.host) ?? '',
      port: (one(b.port) ?? '') as unknown as number,
      tls: (one(b.tls) ?? 'implicit') as 'implicit' | 'starttls' | 'none',
      user: one(b.user) ?? one(b.address) ?? '',
      password: one(b.password),
    };
    const r = await s.mailboxes.add(req.principal!, input);
    return redirect(reply, '/admin/mailboxes', { kind: 'ok', text: `Đã thêm hộp thư ${r.id}; hãy bấm “Kiểm tra đăng nhập”.` });
  });

  app.post('/admin/mailboxes/:id/test', { config: { page: true }, bodyLimit: 4096 }, async (req, reply) => {
    const tested = await s.mailboxes.test(req.principal!, (req.params as { id: string }).id);
    return page(req, reply, deps, 'admin-mailboxes', await mailboxesPage(req, tested));
  });

  for (const [action, enabled] of [['pause', false], ['resume', true]] as const) {
    app.post(`/admin/mailboxes/:id/${action}`, { config: { page: true }, bodyLimit: 4096 }, async (req, reply) => {
      const r = await s.mailboxes.setEnabled(req.principal!, (req.params as { id: string }).id, enabled);
      return redirect(reply, '/admin/mailboxes', { kind: 'ok', text: enabled ? `Đã tiếp tục theo dõi hộp thư ${r.id}.` : `Đã tạm dừng theo dõi hộp thư ${r.id}.` });
    });
  }

  app.post('/admin/mailboxes/:id/remove', { config: { page: true }, bodyLimit: 4096 }, async (req, reply) => {
    const r = await s.mailboxes.remove(req.principal!, (req.params as { id: string }).id);
    return redirect(reply, '/admin/mailboxes', { kind: 'ok', text: `Đã ngừng theo dõi hộp thư ${r.id}.` });
  });

  // The holiday table
  app.get('/admin/calendar', { config: { page: true } }, async (req, reply) => {
    const q = req.query as { year?: string };
    const year = q.year && /^\d{4}$/.test(q.year) ? Number(q.year) : new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();
    const y = await s.calendar.year(req.principal!, year);
    return page(req, reply, deps, 'admin-calendar', { title: `Lịch nghỉ năm ${year}`, y, special: y.special.map((d) => ({ ...d, dateVi: vnDate(d.date) })) });
  });
  app.post('/admin/calendar', { config: { page: true }, bodyLimit: 16 * 1024 }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const year = Number(one(b.year));
    if (!Number.isInteger(year)) throw invalid('year', 'must be a year');
    const kind = b.kind === 'workingDays' ? 'workingDays' : 'daysOff';
    if (b.action === 'remove') await s.calendar.removeDay(req.principal!, year, kind, one(b.date) ?? '');
    else await s.calendar.addDay(req.principal!, year, kind, one(b.date) ?? '', one(b.name) ?? '');
    return redirect(reply, `/admin/calendar?year=${year}`, { kind: 'ok', text: 'Đã lưu lịch nghỉ; các tiến trình dùng lịch mới ngay.' });
  });

  // Trust anchors and CRLs
  app.get('/admin/trust', { config: { page: true } }, async (req, reply) => {
    const t = s.trust.list(req.principal!);
    const now = Date.now();
    return page(req, reply, deps, 'admin-trust', {
      title: 'Chứng thư gốc và CRL',
      t,
      anchors: t.anchors.map((a) => ({ ...a, untilVi: vnDate(a.notAfter), expired: Date.parse(a.notAfter) < now })),
      crls: t.crls.map((c) => ({ ...c, nextVi: c.nextUpdate ? vnDate(c.nextUpdate) : '—', stale: !!c.nextUpdate && Date.parse(c.nextUpdate) < now })),
      canWrite: can(req.principal!, 'system:write'),
    });
  });
  app.post('/admin/trust', { config: { page: true }, bodyLimit: 16 * 1024 * 1024 }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const f = b.file as UploadedFile | undefined;
    if (!f?.data?.length) throw invalid('file', 'choose a certificate or CRL file');
    const added = await s.trust.add(req.principal!, f.data, { intermediate: b.intermediate === 'on', filename: f.filename });
    return redirect(reply, '/admin/trust', { kind: 'ok', text: added.map((a) => `${a.alreadyPresent ? 'Đã có' : 'Đã thêm'}: ${a.subject}`).join('; ') });
  });
}
