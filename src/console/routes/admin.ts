// Administration: the agency directory and its units, people and roles, API tokens. (Mailboxes,
// the holiday table and the trust anchors are in admin-system.ts.)
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, ROLES, type Role } from '../../access/roles.js';
import type { AgencyInput } from '../../agency/agency.js';
import type { Services } from '../../service/index.js';
import { page, redirect, type PageContext } from '../view.js';
import { ROLE_VI, vnDateTime } from '../format.js';

const one = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const list = (v: unknown): string[] => String(v ?? '').split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean);
const checked = (v: unknown): boolean => v === 'on' || v === '1' || v === 'true';

/** An agency form's fields as the service takes them. */
function agencyFields(b: Record<string, unknown>): Omit<AgencyInput, 'code'> {
  return {
    name: one(b.name) ?? '',
    address: one(b.address) ?? '',
    addresses: list(b.addresses),
    dispatchAddress: one(b.dispatchAddress) ?? null,
    parentCode: one(b.parentCode) ?? null,
    units: String(b.units ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const m = /^(.*?)\s*<([^>]+)>$/.exec(l);
        return m ? { name: m[1]!, address: m[2]! } : { name: l };
      }),
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
    return page(req, reply, deps, 'admin-agencies', { title: 'Danh bạ cơ quan', agencies: await s.agencies.list(me), canWrite: can(me, 'agencies:write') });
  });
  app.get('/admin/agencies/:code', { config: { page: true } }, async (req, reply) => {
    const me = req.principal!;
    const code = (req.params as { code: string }).code;
    const a = code === 'new' ? null : await s.agencies.get(me, code);
    return page(req, reply, deps, 'admin-agency', { title: a ? a.name : 'Thêm cơ quan', a, all: await s.agencies.list(me), canWrite: can(me, 'agencies:write') });
  });
  app.post('/admin/agencies', { config: { page: true }, bodyLimit: 64 * 1024 }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const a = await s.agencies.add(req.principal!, { code: one(b.code) ?? '', ...agencyFields(b) });
    return redirect(reply, `/admin/agencies/${a.code}`, { kind: 'ok', text: `Đã thêm ${a.name}.` });
  });
  app.post('/admin/agencies/:code', { config: { page: true }, bodyLimit: 64 * 1024 }, async (req, reply) => {
    const code = (req.params as { code: string }).code;
    const a = await s.agencies.edit(req.principal!, code, agencyFields((req.body ?? {}) as Record<string, unknown>));
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
