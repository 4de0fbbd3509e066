// Administration: the agency directory and its units, people and roles, API tokens. (Mailboxes,
// the holiday table and the trust anchors are in admin-system.ts.)
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actsFor, can, ROLES, type Role } from '../../access/roles.js';
import type { Agency, AgencyInput, Unit } from '../../agency/agency.js';
import { VanthuError } from '../../errors.js';
import { formatUnits, parseUnits } from '../units-field.js';
import { fieldVi, messageVi, settingsVi } from '../workflow-settings-vi.js';
import type { Services } from '../../service/index.js';
import { page, redirect, type PageContext } from '../view.js';
import { ROLE_VI, vnDateTime } from '../format.js';

const one = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const list = (v: unknown): string[] => String(v ?? '').split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean);
const checked = (v: unknown): boolean => v === 'on' || v === '1' || v === 'true';

/** An agency form's fields as the service takes them. */
function agencyFields(b: Record<string, unknown>, before: readonly Unit[] = []): Omit<AgencyInput, 'code'> {
  return {
    name: one(b.name) ?? '',
    address: one(b.address) ?? '',
    addresses: list(b.addresses),
    dispatchAddress: one(b.dispatchAddress) ?? null,
    parentCode: one(b.parentCode) ?? null,
    units: parseUnits(String(b.units ?? ''), before),
    alertTo: list(b.alertTo),
    authservIds: list(b.authservIds),
    requireValidSignature: checked(b.requireValidSignature),
    acceptUncheckedRevocation: checked(b.acceptUncheckedRevocation),
    requireSignatureOnDispatch: checked(b.requireSignatureOnDispatch),
    unreadable: b.unreadable === 'register' || b.unreadable === 'quarantine' ? b.unreadable : null,
  };
}

export function adminPages(app: FastifyInstance, s: Services, deps: PageContext): void {
  app.get('/admin', { config: { page: true } }, async (req, reply) => {
    const me = req.principal!;
    return page(req, reply, deps, 'admin-index', {
      title: 'Quản trị',
      sections: [
        ['/admin/agencies', 'Danh bạ cơ quan và đơn vị', can(me, 'agencies:read')],
        ['/admin/users', 'Người dùng và vai trò', can(me, 'users:read')],
        ['/admin/tokens', 'Khóa truy cập API', can(me, 'tokens:write')],
        ['/admin/mailboxes', 'Hộp thư được theo dõi', can(me, 'mailboxes:read')],
        ['/admin/calendar', 'Lịch nghỉ lễ, ngày làm bù', can(me, 'system:write')],
        ['/admin/trust', 'Chứng thư gốc và danh sách thu hồi (CRL)', can(me, 'system:read')],
      ].filter(([, , ok]) => ok),
    });
  });

  // Agencies
  app.get('/admin/agencies', { config: { page: true } }, async (req, reply) => {
    const me = req.principal!;
    return page(req, reply, deps, 'admin-agencies', { title: 'Danh bạ cơ quan', agencies: await s.agencies.list(me), canWrite: can(me, 'agencies:write'), seesUnitsOf: (code: string) => actsFor(me, code) });
  });
  /** The agency page: its fields, its units, its workflow settings read and (administrators) replaced. */
  const agencyPage = async (req: FastifyRequest, reply: FastifyReply, a: Agency | null, o: { workflowText?: string; workflowError?: string } = {}, status = 200) => {
    const me = req.principal!;
    return page(req, reply, deps, 'admin-agency', {
      title: a ? a.name : 'Thêm cơ quan',
      a,
      unitsText: a ? formatUnits(a.units) : '',
      settings: a?.workflow ? settingsVi(a.workflow, a.units) : null,
      workflowText: o.workflowText ?? (a?.workflow ? JSON.stringify(a.workflow, null, 2) : ''),
      workflowError: o.workflowError ?? null,
      all: await s.agencies.list(me),
      canWrite: can(me, 'agencies:write'),
      // Another agency's units and workflow are its own (AgencyService seenBy): not shown as empty.
      internal: !!a && actsFor(me, a.code),
    }, status);
  };
  app.get('/admin/agencies/:code', { config: { page: true } }, async (req, reply) => {
    const code = (req.params as { code: string }).code;
    return agencyPage(req, reply, code === 'new' ? null : await s.agencies.get(req.principal!, code));
  });
  // The workflow settings as JSON (the same document as PUT /api/v1/agencies/:code/workflow);
  // what is wrong is said on the page, with the text kept for correcting.
  app.post('/admin/agencies/:code/workflow', { config: { page: true }, bodyLimit: 256 * 1024 }, async (req, reply) => {
    const me = req.principal!;
    const code = (req.params as { code: string }).code;
    const text = String(((req.body ?? {}) as Record<string, unknown>).workflow ?? '');
    let input: unknown;
    try {
      input = text.trim() ? JSON.parse(text) : null;
    } catch (err) {
      return agencyPage(req, reply, await s.agencies.get(me, code), { workflowText: text, workflowError: `Không đọc được thiết lập (JSON chưa đúng cú pháp): ${(err as Error).message}` }, 400);
    }
    try {
      const a = await s.agencies.edit(me, code, { workflow: input as never });
      return redirect(reply, `/admin/agencies/${a.code}#workflow`, { kind: 'ok', text: `Đã lưu thiết lập quy trình xử lý văn bản của ${a.name}.` });
    } catch (err) {
      if (!(err instanceof VanthuError) || err.code !== 'INVALID_INPUT') throw err;
      const words = err.vi ?? messageVi(err.message);
      return agencyPage(req, reply, await s.agencies.get(me, code), { workflowText: text, workflowError: `Thiết lập chưa đúng ở “${fieldVi(err.field ?? 'workflow')}”: ${words}.` }, 400);
    }
  });
  app.post('/admin/agencies', { config: { page: true }, bodyLimit: 64 * 1024 }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const a = await s.agencies.add(req.principal!, { code: one(b.code) ?? '', ...agencyFields(b) });
    return redirect(reply, `/admin/agencies/${a.code}`, { kind: 'ok', text: `Đã thêm ${a.name}.` });
  });
  app.post('/admin/agencies/:code', { config: { page: true }, bodyLimit: 64 * 1024 }, async (req, reply) => {
    const code = (req.params as { code: string }).code;
    const before = await s.agencies.get(req.principal!, code);
    const a = await s.agencies.edit(req.principal!, code, agencyFields((req.body ?? {}) as Record<string, unknown>, before.units));
    return redirect(reply, `/admin/agencies/${a.code}`, { kind: 'ok', text: `Đã lưu ${a.name}.` });
  });

  // People
  app.get('/admin/users', { config: { page: true } }, async (req, reply) => {
    const me = req.principal!;
    const users = await s.users.list(me);
    return page(req, reply, deps, 'admin-users', {
      title: 'Người dùng',
      users: users.map((u) => ({ ...u, roleVi: ROLE_VI[u.role] })),
      roles: ROLES.map((r) => ({ r, label: ROLE_VI[r] })),
      agencies: await s.agencies.list(me),
    });
  });
  app.post('/admin/users', { config: { page: true }, bodyLimit: 16 * 1024 }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const u = await s.users.add(req.principal!, { login: one(b.login) ?? '', role: (one(b.role) ?? '') as Role, agencyCode: one(b.agencyCode) ?? null, name: one(b.name) ?? null, email: one(b.email) ?? null, password: one(b.password) ?? null });
    return redirect(reply, '/admin/users', { kind: 'ok', text: `Đã thêm người dùng ${u.login} (${ROLE_VI[u.role]}).` });
  });
  app.post('/admin/users/:login', { config: { page: true }, bodyLimit: 16 * 1024 }, async (req, reply) => {
    const login = (req.params as { login: string }).login;
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (one(b.password)) await s.users.setPassword(req.principal!, login, one(b.password)!);
    const u = await s.users.edit(req.principal!, login, {
      role: (one(b.role) as Role | undefined) ?? undefined,
      agencyCode: b.agencyCode === undefined ? undefined : (one(b.agencyCode) ?? null),
      disabled: b.disabled === undefined ? undefined : checked(b.disabled),
    });
    return redirect(reply, '/admin/users', { kind: 'ok', text: `Đã lưu ${u.login}.` });
  });

  // Tokens: an administrator's for anyone; a person's own otherwise.
  /** The tokens page; `created` (with its secret) only on the answer that made it. */
  const tokensPage = async (req: FastifyRequest, created: Awaited<ReturnType<Services['tokens']['create']>> | null) => {
    const me = req.principal!;
    const tokens = await s.tokens.list(me, me.role === 'admin' ? null : me.login);
    return {
      title: 'Khóa truy cập API',
      tokens: tokens.map((t) => ({ ...t, createdVi: vnDateTime(t.createdAt), expiresVi: t.expiresAt ? vnDateTime(t.expiresAt) : 'không hết hạn', usedVi: vnDateTime(t.lastUsedAt), revokedVi: vnDateTime(t.revokedAt) })),
      users: me.role === 'admin' ? (await s.users.list(me)).map((u) => u.login) : [me.login],
      created,
    };
  };
  app.get('/admin/tokens', { config: { page: true } }, async (req, reply) => page(req, reply, deps, 'admin-tokens', await tokensPage(req, null)));
  app.post('/admin/tokens', { config: { page: true }, bodyLimit: 4096 }, async (req, reply) => {
    const me = req.principal!;
    const b = (req.body ?? {}) as Record<string, unknown>;
    const days = one(b.days);
    const t = await s.tokens.create(me, one(b.login) ?? me.login, { label: one(b.label) ?? null, days: days === 'never' ? null : days ? Number(days) : 90 });
    // The secret is shown on this answer only — never stored, never shown again.
    return page(req, reply, deps, 'admin-tokens', await tokensPage(req, t), 201);
  });
  app.post('/admin/tokens/:id/revoke', { config: { page: true }, bodyLimit: 4096 }, async (req, reply) => {
    const t = await s.tokens.revoke(req.principal!, (req.params as { id: string }).id);
    return redirect(reply, '/admin/tokens', { kind: 'ok', text: `Đã thu hồi khóa ${t.id}.` });
  });
}
