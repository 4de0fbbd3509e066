// Who may call what: the permission map covers every route; every protected route answers 401
// without a valid credential; a clerk of one agency gets 403 on another agency's data everywhere,
// and sees only their own in lists; roles without a permission get 403; sessions need their CSRF
// token; foreign Host and Origin headers are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isApiRoute, ROUTE_ACCESS } from '../../src/api/permissions.js';
import Fastify from 'fastify';
import { buildApi, guardRoutes } from '../../src/api/server.js';
import { apiWorld, ADMIN, passwordOf, SOTC, STTTT, type ApiWorld } from '../helpers/api.js';
import { cfg } from '../helpers/env.js';
import { samplePdf } from '../helpers/messages.js';

let w: ApiWorld;

/** A concrete URL for a route pattern (params filled with harmless values). */
function concrete(pattern: string): string {
  return pattern
    .replace(':agency', STTTT)
    .replace(':year', '2026')
    .replace(':number', '1')
    .replace(':index', '0')
    .replace(':code', STTTT)
    .replace(':login', 'lan')
    .replace(':key', 'x')
    .replace(':id', 'x')
    .replace('*', 'index.html');
}

beforeAll(async () => {
  w = await apiWorld();
  // Something of each agency to be refused: a paper entry, an outgoing-free mailbox, a quarantine row.
  await w.s.register.addPaper(ADMIN, SOTC, { arrival: new Date('2026-11-02T09:00:00+07:00'), organName: 'Bộ Tài chính', code: '15/BTC-NSNN', subject: 'V/v dự toán' });
  await w.s.register.addPaper(ADMIN, STTTT, { arrival: new Date('2026-11-02T09:00:00+07:00'), organName: 'UBND tỉnh Long An', code: '9/UBND-VX', subject: 'V/v chuyển đổi số' });
  await w.s.mailboxes.add(ADMIN, { id: 'sotc-in', agencyCode: SOTC, agencyName: '', address: 'vanthu@sotc.longan.test', host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: 'vanthu@sotc.longan.test', password: cfg.stack.sandboxPassword });
  await w.ctx.models.Quarantine.create({ _id: 'sotc-mb:abc', agencyCode: SOTC, kind: 'unreadable', reason: 'no text layer' });
  await w.ctx.models.Message.create({ _id: 'sotc-in:' + 'a'.repeat(64), mailboxId: 'sotc-in', agencyCode: SOTC, folder: 'INBOX', uidValidity: '1', uid: 1, seq: 1, sha256: 'a'.repeat(64), size: 10, internalDate: new Date(), state: 'registered' });
  await w.ctx.models.Unmatched.create({ _id: 'u1', kind: 'delivery-report', agencyCode: SOTC });
});

afterAll(async () => {
  await w?.close();
});

describe('the permission map', () => {
  it('lists exactly the routes the server has (a route without an entry, or an entry without a route, fails here)', async () => {
    const seen: string[] = [];
    const app = await buildApi(w.ctx, { services: w.s, onRoute: (m, u) => seen.push(`${m} ${u}`) });
    await app.close();
    expect(new Set(seen)).toEqual(new Set(Object.keys(ROUTE_ACCESS)));
  });

  it('refuses to start when a route is missing from it', async () => {
    const app = Fastify();
    guardRoutes(app);
    app.get('/healthz', async () => 'listed');
    expect(() => app.get('/api/v1/secret-route', async () => 'x')).toThrow(/GET \/api\/v1\/secret-route is missing from the permission map/);
    await app.close();
  });
});

describe('credentials', () => {
  const protectedRoutes = Object.entries(ROUTE_ACCESS).filter(([, a]) => a !== 'public');

  it('every protected route answers 401 without a credential, with a garbage token, and with a revoked one', async () => {
    const revoked = await w.s.tokens.create(ADMIN, 'root');
    await w.s.tokens.revoke(ADMIN, revoked.id);
    for (const [key] of protectedRoutes) {
      const [method, pattern] = key.split(' ') as [string, string];
      for (const token of [null, 'vt_AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB', revoked.token]) {
        const r = await w.call(method, concrete(pattern), { token, body: method === 'GET' || method === 'DELETE' ? undefined : {} });
        if (!isApiRoute(pattern)) {
          // A console page sends the browser to the login page instead.
          expect(r.statusCode, `${key} with ${token ? 'a bad token' : 'no token'}`).toBe(303);
          expect(String(r.headers.location), key).toMatch(/^\/login/);
          continue;
        }
        expect(r.statusCode, `${key} with ${token ? 'a bad token' : 'no token'}`).toBe(401);
        expect(r.json().code).toBe('UNAUTHENTICATED');
      }
    }
  });

  it('an expired token and the token of a disabled person are refused', async () => {
    const t = await w.s.tokens.create(ADMIN, 'hoa', { days: 1 });
    expect((await w.call('GET', '/api/v1/incoming', { token: t.token })).statusCode).toBe(200);
    await w.ctx.models.ApiToken.updateOne({ _id: t.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await w.call('GET', '/api/v1/incoming', { token: t.token })).statusCode).toBe(401);
    await w.s.users.edit(ADMIN, 'tuan', { disabled: true });
    expect((await w.call('GET', '/api/v1/incoming', { token: w.tokens.leader })).statusCode).toBe(401);
    await w.s.users.edit(ADMIN, 'tuan', { disabled: false });
    expect((await w.call('GET', '/api/v1/incoming', { token: w.tokens.leader })).statusCode).toBe(200);
  });

  it('a token is stored hashed: the database holds no usable secret', async () => {
    const [id, secret] = w.tokens.clerk.slice(3).split('.') as [string, string];
    const row = (await w.ctx.models.ApiToken.findById(id).lean())!;
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.digest).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('one agency never sees another', () => {
  const cases: Array<[string, string, unknown?]> = [
    ['GET', `/api/v1/incoming?agency=${SOTC}`],
    ['GET', `/api/v1/incoming/${SOTC}/2026/1`],
    ['PATCH', `/api/v1/incoming/${SOTC}/2026/1`, { field: 'note', value: 'x' }],
    ['GET', `/api/v1/incoming/${SOTC}/2026/1/original`],
    ['GET', `/api/v1/incoming/${SOTC}/2026/1/files/0`],
    ['GET', `/api/v1/incoming/${SOTC}/2026/book`],
    ['POST', `/api/v1/incoming/${SOTC}/paper`, { arrival: '2026-11-03T09:00:00+07:00' }],
    ['GET', `/api/v1/messages?agency=${SOTC}`],
    ['GET', `/api/v1/messages/sotc-in:${'a'.repeat(64)}`],
    ['GET', `/api/v1/quarantine?agency=${SOTC}`],
    ['POST', '/api/v1/quarantine/sotc-mb:abc/release', {}],
    ['POST', '/api/v1/quarantine/sotc-mb:abc/handover'],
    ['GET', `/api/v1/reports/${SOTC}/2026/2`],
    ['GET', `/api/v1/incoming/${SOTC}/2026/archive`],
    ['POST', '/api/v1/mailboxes/sotc-in/pause'],
    ['GET', `/api/v1/unmatched?agency=${SOTC}`],
    ['GET', `/api/v1/outgoing?agency=${SOTC}`],
    ['GET', `/api/v1/outgoing/book/${SOTC}/2026`],
    ['POST', '/api/v1/outgoing', { from: SOTC, to: ['vanthu@ubnd.longan.test'], files: [{ filename: 'a.pdf', contentBase64: 'JVBERi0xLjQK' }] }],
    ['GET', `/api/v1/mailboxes?agency=${SOTC}`],
    ['GET', '/api/v1/mailboxes/sotc-in'],
    ['POST', '/api/v1/mailboxes/sotc-in/test'],
    ['DELETE', '/api/v1/mailboxes/sotc-in'],
    ['POST', '/api/v1/mailboxes', { id: 'steal', agencyCode: SOTC, address: 'x@sotc.longan.test', host: 'imap.example.org', port: 993, tls: 'implicit', user: 'x', password: 'y' }],
    ['GET', `/api/v1/audit?agency=${SOTC}`],
  ];

  it('a clerk of STTTT gets 403 on every kind of SOTC data, and SOTC’s clerk reads it', async () => {
    for (const [method, url, body] of cases) {
      const r = await w.call(method, url, { token: w.tokens.clerk, body });
      expect(r.statusCode, `${method} ${url}`).toBe(403);
      expect(r.json().code).toBe('FORBIDDEN');
    }
    expect((await w.call('GET', `/api/v1/incoming/${SOTC}/2026/1`, { token: w.tokens.otherClerk })).statusCode).toBe(200);
    expect((await w.call('GET', '/api/v1/mailboxes/sotc-in', { token: w.tokens.otherClerk })).statusCode).toBe(200);
    // Nothing was changed by the refused requests.
    expect(await w.ctx.models.Mailbox.exists({ _id: 'sotc-in' })).toBeTruthy();
    expect((await w.ctx.models.Quarantine.findById('sotc-mb:abc').lean())!.releasedAt).toBeUndefined();
    expect(await w.ctx.models.Mailbox.exists({ _id: 'steal' })).toBeNull();
  });

  it('lists without an agency show a clerk only their own agency; an administrator sees all', async () => {
    const mine = (await w.call('GET', '/api/v1/incoming', { token: w.tokens.clerk })).json().items as Array<{ agencyCode: string }>;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.agencyCode === STTTT)).toBe(true);
    const all = (await w.call('GET', '/api/v1/incoming', { token: w.tokens.admin })).json().items as Array<{ agencyCode: string }>;
    expect(new Set(all.map((e) => e.agencyCode))).toEqual(new Set([STTTT, SOTC]));
    for (const url of ['/api/v1/messages', '/api/v1/quarantine', '/api/v1/unmatched', '/api/v1/mailboxes', '/api/v1/outgoing']) {
      const body = (await w.call('GET', url, { token: w.tokens.clerk })).json();
      expect(JSON.stringify(body), url).not.toContain(SOTC);
    }
    expect(JSON.stringify((await w.call('GET', '/api/v1/messages', { token: w.tokens.admin })).json())).toContain(SOTC);
  });

  it('the same routes work for the clerk’s own agency', async () => {
    for (const [method, url, body] of cases.filter(([m, u]) => m === 'GET' && u.includes(SOTC))) {
      const r = await w.call(method, url.replace(SOTC, STTTT), { token: w.tokens.clerk, body });
      expect([200, 404], `${method} ${url}`).toContain(r.statusCode);
    }
  });
});

describe('roles', () => {
  it('a reader and a leader read their agency but change nothing; a clerk cannot administer the directory or people', async () => {
    for (const token of [w.tokens.reader, w.tokens.leader]) {
      expect((await w.call('GET', `/api/v1/incoming/${STTTT}/2026/1`, { token })).statusCode).toBe(200);
      expect((await w.call('PATCH', `/api/v1/incoming/${STTTT}/2026/1`, { token, body: { field: 'note', value: 'x' } })).statusCode).toBe(403);
      expect((await w.call('POST', `/api/v1/incoming/${STTTT}/paper`, { token, body: { arrival: '2026-11-03T09:00:00+07:00' } })).statusCode).toBe(403);
      expect((await w.call('POST', '/api/v1/outgoing', { token, body: { from: STTTT, to: ['a@b.vn'], files: [{ filename: 'a.pdf', contentBase64: 'AA==' }] } })).statusCode).toBe(403);
      expect((await w.call('GET', '/api/v1/mailboxes', { token })).statusCode).toBe(403);
    }
    const clerk = w.tokens.clerk;
    expect((await w.call('POST', '/api/v1/agencies', { token: clerk, body: { code: '000.00.99.H41', name: 'X', address: 'x@x.vn' } })).statusCode).toBe(403);
    expect((await w.call('POST', '/api/v1/users', { token: clerk, body: { login: 'evil', role: 'admin' } })).statusCode).toBe(403);
    expect((await w.call('GET', '/api/v1/users', { token: clerk })).statusCode).toBe(403);
    expect((await w.call('GET', '/metrics', { token: clerk })).statusCode).toBe(403);
    expect((await w.call('POST', '/api/v1/tokens', { token: clerk, body: { login: 'root' } })).statusCode).toBe(403);
    // …but may make a token for themselves, and read their own record.
    expect((await w.call('POST', '/api/v1/tokens', { token: clerk, body: { label: 'script' } })).statusCode).toBe(201);
    expect((await w.call('GET', '/api/v1/users/lan', { token: clerk })).json()).toMatchObject({ login: 'lan', role: 'clerk', agencyCode: STTTT });
    expect((await w.call('GET', '/api/v1/users/minh', { token: clerk })).statusCode).toBe(403);
  });

  it('a clerk sends as their own agency (audited), not from the server’s own loopback, and their mailbox changes are audited', async () => {
    const pdf = (await samplePdf()).toString('base64');
    const sent = await w.call('POST', '/api/v1/outgoing', { token: w.tokens.clerk, body: { from: STTTT, to: ['vanthu@sotc.longan.test'], files: [{ filename: 'cv-01.pdf', contentBase64: pdf }] } });
    expect(sent.statusCode, sent.body).toBe(202);
    const id = sent.json().id as string;
    expect((await w.call('GET', `/api/v1/outgoing/${id}`, { token: w.tokens.reader })).json()).toMatchObject({ id, agencyCode: STTTT });
    expect((await w.call('GET', `/api/v1/outgoing/${id}`, { token: w.tokens.otherClerk })).statusCode).toBe(403);
    expect((await w.call('GET', `/api/v1/outgoing/${id}/files/0`, { token: w.tokens.clerk })).rawPayload.toString('base64')).toBe(pdf);
    expect((await w.call('GET', `/api/v1/outgoing/${id}/files/0`, { token: w.tokens.otherClerk })).statusCode).toBe(403);
    const mb = { agencyCode: STTTT, address: 'clerk-mb@stttt.longan.test', host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: 'clerk-mb@stttt.longan.test', password: 'x' };
    const loop = await w.call('POST', '/api/v1/mailboxes', { token: w.tokens.clerk, body: { id: 'clerk-mb', ...mb } });
    expect(loop.statusCode).toBe(400);
    expect(loop.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'host' });
    expect((await w.call('POST', '/api/v1/mailboxes', { token: w.tokens.admin, body: { id: 'clerk-mb', ...mb } })).statusCode).toBe(201);
    expect((await w.call('DELETE', '/api/v1/mailboxes/clerk-mb', { token: w.tokens.clerk })).statusCode).toBe(204);
    const log = (await w.call('GET', `/api/v1/audit?agency=${STTTT}`, { token: w.tokens.clerk })).json().items as Array<{ action: string; actor: string; target: string; after?: Record<string, unknown> }>;
    expect(log.find((e) => e.action === 'outgoing.send')).toMatchObject({ actor: 'lan', target: `outgoing/${id}` });
    expect(log.find((e) => e.action === 'mailbox.add')).toMatchObject({ actor: 'root', target: 'mailbox/clerk-mb' });
    expect(log.find((e) => e.action === 'mailbox.add')!.after).not.toHaveProperty('password');
    expect(log.find((e) => e.action === 'mailbox.remove')).toMatchObject({ actor: 'lan', target: 'mailbox/clerk-mb' });
  });

  it('an administrator adds an agency and a person; both are audited', async () => {
    const a = await w.call('POST', '/api/v1/agencies', { token: w.tokens.admin, body: { code: '000.00.21.H41', name: 'Sở Nội vụ tỉnh Long An', address: 'vanthu@snv.longan.test', parentCode: '000.00.00.H41' } });
    expect(a.statusCode).toBe(201);
    const u = await w.call('POST', '/api/v1/users', { token: w.tokens.admin, body: { login: 'thu', role: 'clerk', agencyCode: '000.00.21.H41' } });
    expect(u.statusCode).toBe(201);
    const audit = (await w.call('GET', '/api/v1/audit?agency=000.00.21.H41', { token: w.tokens.admin })).json().items as Array<{ action: string; actor: string }>;
    expect(audit.map((e) => e.action).sort()).toEqual(['agency.add', 'user.add']);
    expect((await w.call('POST', '/api/v1/agencies', { token: w.tokens.admin, body: { code: '000.00.21.H41', name: 'X', address: 'y@snv.longan.test' } })).statusCode).toBe(409);
  });
});

describe('sessions', () => {
  it('a password login gives a session whose state-changing requests need its CSRF token; logout ends it', async () => {
    const login = await w.call('POST', '/api/v1/session', { body: { login: 'lan', password: passwordOf('lan') } });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    expect(String(login.headers['set-cookie'])).toMatch(/HttpOnly/i);
    expect(String(login.headers['set-cookie'])).toMatch(/SameSite=Lax/i);
    const csrf = login.json().csrf as string;
    expect((await w.call('GET', '/api/v1/session', { headers: { cookie } })).json()).toMatchObject({ login: 'lan', role: 'clerk', via: 'session' });
    const patch = { field: 'note', value: 'đã xem' };
    expect((await w.call('PATCH', `/api/v1/incoming/${STTTT}/2026/1`, { headers: { cookie }, body: patch })).statusCode).toBe(403);
    expect((await w.call('PATCH', `/api/v1/incoming/${STTTT}/2026/1`, { headers: { cookie, 'x-csrf-token': 'wrong' }, body: patch })).statusCode).toBe(403);
    expect((await w.call('PATCH', `/api/v1/incoming/${STTTT}/2026/1`, { headers: { cookie, 'x-csrf-token': csrf }, body: patch })).statusCode).toBe(200);
    expect((await w.call('DELETE', '/api/v1/session', { headers: { cookie, 'x-csrf-token': csrf } })).statusCode).toBe(204);
    expect((await w.call('GET', '/api/v1/session', { headers: { cookie } })).statusCode).toBe(401);
  });

  it('wrong passwords are refused alike for unknown and known logins, then the login is locked for a while', async () => {
    const unknown = await w.call('POST', '/api/v1/session', { body: { login: 'nobody', password: 'whatever-123' } });
    const wrong = await w.call('POST', '/api/v1/session', { body: { login: 'hoa', password: 'whatever-123' } });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    for (let i = 0; i < 5; i++) await w.call('POST', '/api/v1/session', { body: { login: 'hoa', password: 'whatever-123' } });
    const locked = await w.call('POST', '/api/v1/session', { body: { login: 'hoa', password: passwordOf('hoa') } });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('RATE_LIMITED');
  });
});

describe('Host and Origin', () => {
  it('refuses a Host it does not serve (DNS rebinding), and a state-changing request from another site', async () => {
    const rebound = await w.call('GET', '/api/v1/incoming', { token: w.tokens.admin, headers: { host: 'attacker.example' } });
    expect(rebound.statusCode).toBe(421);
    expect(rebound.json().code).toBe('HOST_NOT_ALLOWED');
    expect((await w.call('GET', '/healthz', { headers: { host: '127.0.0.1:8480' } })).statusCode).toBe(200);
    const forged = await w.call('PATCH', `/api/v1/incoming/${STTTT}/2026/1`, { token: w.tokens.clerk, headers: { origin: 'https://attacker.example' }, body: { field: 'note', value: 'x' } });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('ORIGIN_NOT_ALLOWED');
    expect((await w.call('PATCH', `/api/v1/incoming/${STTTT}/2026/1`, { token: w.tokens.clerk, headers: { origin: 'http://localhost:8480' }, body: { field: 'note', value: 'x' } })).statusCode).toBe(200);
  });

  it('sends security headers and refuses open access in production', async () => {
    const r = await w.call('GET', '/healthz');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(String(r.headers['content-security-policy'])).toContain("default-src 'none'");
    const prev = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(buildApi({ ...w.ctx, cfg: { ...w.ctx.cfg, api: { ...w.ctx.cfg.api, openAccess: true } } })).rejects.toThrow(/openAccess is refused in production/);
    } finally {
      process.env.NODE_ENV = prev;
    }
  });
});

describe('what a review tried', () => {
  const cursorOf = (v: unknown[]) => Buffer.from(JSON.stringify(v)).toString('base64url');

  it('a forged cursor is a bad parameter, never an operator in a query', async () => {
    for (const [url, c] of [
      ['/api/v1/incoming', [{ $gt: 0 }, { $gt: 0 }]],
      ['/api/v1/incoming', ['abc', 5]],
      ['/api/v1/messages', [{ d: 'garbage' }, 'x']],
      ['/api/v1/audit', [{ $gt: '' }]],
      ['/api/v1/outgoing', [2026, { $ne: null }, 'x']],
    ] as const) {
      const r = await w.call('GET', `${url}?cursor=${cursorOf([...c])}`, { token: w.tokens.admin });
      expect(r.statusCode, `${url} ${JSON.stringify(c)}`).toBe(400);
      expect(r.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'cursor' });
    }
  });

  it('400 names the parameter on the directory, people, tokens, outgoing, audit and quarantine routes too', async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/api/v1/agencies', { code: '15.H41', name: 'X', address: 'x@x.vn' }, 'code'],
      ['POST', '/api/v1/agencies', { code: '000.00.41.H41', name: 'X', address: 'not-an-address' }, 'address'],
      ['PATCH', `/api/v1/agencies/${STTTT}`, { unreadable: 'shred' }, 'unreadable'],
      ['POST', '/api/v1/users', { login: 'nam', role: 'boss', agencyCode: STTTT }, 'role'],
      ['POST', '/api/v1/users', { login: 'nam', role: 'clerk' }, 'agencyCode'],
      ['POST', '/api/v1/tokens', { login: 'lan', days: -1 }, 'days'],
      ['POST', '/api/v1/outgoing', { from: STTTT, to: 'vanthu@sotc.longan.test', files: [] }, 'to'],
      ['GET', '/api/v1/audit?limit=0', undefined, 'limit'],
      ['POST', '/api/v1/quarantine/x/release', { remark: 'ok', by: 'someone' }, 'by'],
    ];
    for (const [method, url, body, field] of cases) {
      const r = await w.call(method, url, { token: w.tokens.admin, body });
      expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(400);
      expect(r.json(), `${method} ${url}`).toMatchObject({ code: 'INVALID_INPUT', field });
    }
    expect((await w.call('POST', '/api/v1/quarantine/nothing-here/release', { token: w.tokens.admin })).statusCode).toBe(404);
  });

  it('a directory import with two rows on one address is refused whole; a good one is written and audited', async () => {
    const bad = await w.call('POST', '/api/v1/agencies/import', { token: w.tokens.admin, payload: 'code,name,address\n000.00.31.H41,A,dup@x.vn\n000.00.32.H41,B,dup@x.vn\n' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'REFUSED', problems: [{ line: 3, column: 'address', message: 'address: dup@x.vn belongs to agency 000.00.31.H41' }] });
    expect(await w.ctx.models.Agency.exists({ _id: '000.00.31.H41' })).toBeNull();
    const cycle = await w.call('POST', '/api/v1/agencies/import', { token: w.tokens.admin, payload: `code,name,address,parentCode\n000.00.33.H41,C,c@x.vn,000.00.34.H41\n000.00.34.H41,D,d@x.vn,000.00.33.H41\n` });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().problems[0].message).toMatch(/cycle of parents/);
    const good = await w.call('POST', '/api/v1/agencies/import', { token: w.tokens.admin, payload: 'code;name;address;parentCode\n000.00.35.H41;Sở Y tế;vanthu@syt.longan.test;000.00.00.H41\n' });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({ added: ['000.00.35.H41'], problems: [] });
    expect((await w.call('GET', '/api/v1/agencies/000.00.35.H41', { token: w.tokens.reader })).json()).toMatchObject({ name: 'Sở Y tế', parentCode: '000.00.00.H41' });
    expect((await w.call('POST', '/api/v1/agencies', { token: w.tokens.admin, body: { code: '000.00.35.H41', name: 'again', address: 'other@syt.longan.test' } })).json()).toMatchObject({ code: 'ALREADY_EXISTS', field: 'code' });
    expect((await w.call('POST', '/api/v1/agencies', { token: w.tokens.admin, body: { code: '000.00.36.H41', name: 'Squat', address: 'x@squat.vn', addresses: ['vanthu@stttt.longan.test'] } })).json()).toMatchObject({ code: 'ALREADY_EXISTS', field: 'addresses' });
  });

  it('people cannot change each other, a token cannot become a console login, nor live for ever unless an administrator says so', async () => {
    const clerk = w.tokens.clerk;
    expect((await w.call('PATCH', '/api/v1/users/minh', { token: clerk, body: { disabled: true } })).statusCode).toBe(403);
    expect((await w.call('PUT', '/api/v1/users/minh/password', { token: clerk, body: { password: 'a new password 123' } })).statusCode).toBe(403);
    const own = await w.call('PUT', '/api/v1/users/lan/password', { token: clerk, body: { password: 'a new password 123' } });
    expect(own.statusCode).toBe(403);
    expect(own.json()).toMatchObject({ field: 'currentPassword' });
    expect((await w.call('PUT', '/api/v1/users/lan/password', { token: clerk, body: { password: 'a new password 123', currentPassword: passwordOf('lan') } })).statusCode).toBe(204);
    expect((await w.call('POST', '/api/v1/session', { body: { login: 'lan', password: 'a new password 123' } })).statusCode).toBe(200);
    const minhs = (await w.s.tokens.list(ADMIN, 'minh'))[0]!;
    expect((await w.call('DELETE', `/api/v1/tokens/${minhs.id}`, { token: clerk })).statusCode).toBe(403);
    expect((await w.call('POST', '/api/v1/tokens', { token: clerk, body: { days: null } })).json()).toMatchObject({ code: 'FORBIDDEN', field: 'days' });
    expect((await w.call('POST', '/api/v1/tokens', { token: w.tokens.admin, body: { login: 'lan', days: null } })).json()).toMatchObject({ expiresAt: null });
  });

  it('a clerk cannot watch another agency’s address (which its own clerk could then not add)', async () => {
    const squat = await w.call('POST', '/api/v1/mailboxes', { token: w.tokens.clerk, body: { id: 'squat', agencyCode: STTTT, address: 'vanthu-b@sotc.longan.test', host: '93.184.216.34', port: 993, tls: 'implicit', user: 'x', password: 'y' } });
    expect(squat.statusCode).toBe(403);
    expect(squat.json()).toMatchObject({ field: 'address' });
    expect(await w.ctx.models.Mailbox.exists({ _id: 'squat' })).toBeNull();
  });

  it('a reader’s audit log shows no mailbox settings and no people’s records', async () => {
    const actions = ((await w.call('GET', `/api/v1/audit?limit=500`, { token: w.tokens.reader })).json().items as Array<{ action: string }>).map((e) => e.action);
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => /^(mailbox|user|token|session)\./.test(a))).toEqual([]);
    const adminSees = ((await w.call('GET', `/api/v1/audit?agency=${STTTT}&limit=500`, { token: w.tokens.admin })).json().items as Array<{ action: string }>).map((e) => e.action);
    expect(adminSees).toContain('user.add');
  });

  it('probes reach /healthz and /readyz by any Host; the API does not; another port on localhost is another origin', async () => {
    expect((await w.call('GET', '/healthz', { headers: { host: '10.1.2.3:8480' } })).statusCode).toBe(200);
    expect((await w.call('GET', '/readyz', { headers: { host: 'vanthu-api:8480' } })).statusCode).toBe(200);
    expect((await w.call('GET', '/api/v1/incoming', { token: w.tokens.admin, headers: { host: '10.1.2.3:8480' } })).statusCode).toBe(421);
    const other = await w.call('PATCH', `/api/v1/incoming/${STTTT}/2026/1`, { token: w.tokens.clerk, headers: { origin: 'http://localhost:9999' }, body: { field: 'note', value: 'x' } });
    expect(other.statusCode).toBe(403);
  });
});
