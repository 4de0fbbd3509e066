// The HTTP API against the real store and queues (fastify's inject: no port needed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { cfg, freshDb, freshMailbox, freshPrefix, seedAgencies } from '../helpers/env.js';
import { samplePdf } from '../helpers/messages.js';
import { openContext, type AppContext } from '../../src/runtime/context.js';
import { buildApi } from '../../src/api/server.js';

let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;

beforeAll(async () => {
  db = await freshDb();
  ctx = await openContext({ mongodbUri: db.uri, prefix: freshPrefix(), log: pino({ level: 'silent' }) });
  await seedAgencies(ctx);
});

afterAll(async () => {
  await ctx.queues.dispatch.obliterate({ force: true }).catch(() => undefined);
  await ctx.close();
  await db.drop();
});

describe('HTTP API', () => {
  it('answers /health without a token and refuses other routes without one', async () => {
    const app = await buildApi(ctx);
    expect((await app.inject({ url: '/health' })).json()).toMatchObject({ ok: true });
    expect((await app.inject({ url: '/register/000.00.15.H41/2026' })).statusCode).toBe(401);
  });

  it('accepts a document to send, registers its outgoing number, and reports its trail', async () => {
    const app = await buildApi(ctx);
    const auth = { authorization: 'Bearer test-token-0123456789' };
    const pdf = await samplePdf(['UBND TINH LONG AN', 'So: 03/UBND-VX']);
    const res = await app.inject({
      method: 'POST', url: '/documents', headers: auth,
      payload: { from: '000.00.00.H41', to: ['vanthu@stttt.longan.test'], files: [{ filename: '03.pdf', contentBase64: pdf.toString('base64') }], subject: 'Công văn số 03/UBND-VX' },
    });
    expect(res.statusCode).toBe(202);
    const body = res.json() as { ok: boolean; id: string; number: number };
    expect(body.ok).toBe(true);
    expect(body.number).toBe(1);
    const status = await app.inject({ url: `/documents/${body.id}`, headers: auth });
    expect(status.statusCode).toBe(200);
    expect((status.json() as { recipients: { address: string }[] }).recipients.map((r) => r.address)).toEqual(['vanthu@stttt.longan.test']);
    expect((await app.inject({ url: '/documents/nope', headers: auth })).statusCode).toBe(404);
  });

  it('administers mailboxes: add (secret sealed, never shown), list, test the login, refuse a bad field or a taken name, remove', async () => {
    const app = await buildApi(ctx);
    const auth = { authorization: 'Bearer test-token-0123456789' };
    const mb = freshMailbox('sotc.longan.test');
    const body = { id: 'sotc-api', agencyCode: '000.00.07.H41', agencyName: 'Sở Tài chính', address: mb.address, host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: mb.address, password: mb.password };
    expect((await app.inject({ method: 'POST', url: '/mailboxes', headers: auth, payload: body })).statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/mailboxes', headers: auth, payload: body })).statusCode).toBe(409);
    const bad = await app.inject({ method: 'POST', url: '/mailboxes', headers: auth, payload: { ...body, id: 'x2', tls: 'none', host: 'mail.example.vn' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/^mailbox tls "none" is allowed only for a loopback host/);
    const list = await app.inject({ method: 'GET', url: '/mailboxes', headers: auth });
    expect(list.json().mailboxes.map((m: { id: string }) => m.id)).toContain('sotc-api');
    expect(list.body).not.toContain(mb.password);
    expect(list.body).not.toContain('"secret"');
    const stored = await ctx.models.Mailbox.findById('sotc-api').lean();
    expect(stored!.secret).not.toContain(mb.password);
    const test = await app.inject({ method: 'POST', url: '/mailboxes/sotc-api/test', headers: auth });
    expect(test.json()).toMatchObject({ ok: true, error: null, idle: true });
    expect((await app.inject({ method: 'POST', url: '/mailboxes/nobody/test', headers: auth })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: '/mailboxes/sotc-api', headers: auth })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: '/mailboxes/sotc-api', headers: auth })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/mailboxes' })).statusCode).toBe(401);
  });

  it('refuses a malformed request with the field named', async () => {
    const app = await buildApi(ctx);
    const res = await app.inject({ method: 'POST', url: '/documents', headers: { authorization: 'Bearer test-token-0123456789' }, payload: { from: 'x', to: [] } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: expect.stringMatching(/^to: /) });
  });

  it('enters a paper document in the incoming sequence, refusing an instant without a time zone', async () => {
    const app = await buildApi(ctx);
    const auth = { authorization: 'Bearer test-token-0123456789' };
    const bad = await app.inject({ method: 'POST', url: '/register/000.00.07.H41/paper', headers: auth, payload: { arrival: '2026-11-25T09:00:00' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: expect.stringMatching(/^arrival: .*time zone/) });
    const ok = await app.inject({ method: 'POST', url: '/register/000.00.07.H41/paper', headers: auth, payload: { arrival: '2026-11-25T09:00:00+07:00', organName: 'SỞ Y TẾ', code: '45/SYT-KHTC', subject: 'V/v dự toán' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ arrivalNumber: 1, year: 2026 });
    const again = await app.inject({ method: 'POST', url: '/register/000.00.07.H41/paper', headers: auth, payload: { arrival: '2026-11-25T10:00:00+07:00' } });
    expect(again.json()).toMatchObject({ arrivalNumber: 2 });
    const unknown = await app.inject({ method: 'POST', url: '/register/999/paper', headers: auth, payload: { arrival: '2026-11-25T10:00:00+07:00' } });
    expect(unknown.statusCode).toBe(422);
  });
});
