// Mailbox hosts and mailbox health on the real stack. The connection test is not a port scanner:
// a closed port, a port that speaks something else, a silent one and a TLS handshake with a
// non-TLS port all answer the same words, no sooner than the same floor; only a server that
// greeted as IMAP (the sandbox Dovecot) gets a more precise answer. The poll worker writes each
// mailbox's state row: "watching" with its last sync, "error" naming a refused login, "backoff"
// for a port with no IMAP server, "stopped" when it stops.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { cfg, freshDb, freshMailbox, freshPrefix, waitFor, watchSandboxMailbox, seedAgencies, uniqueName } from '../helpers/env.js';
import { openContext, type AppContext } from '../../src/runtime/context.js';
import { addMailbox, testMailbox, type MailboxInput } from '../../src/ingest/mailboxes.js';
import { mailboxStates } from '../../src/ingest/mailbox-state.js';
import { startPollWorker, type Stoppable } from '../../src/runtime/workers.js';

const FLOOR_MS = 1500;
const silent = pino({ level: 'silent' });
let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;
const servers: Server[] = [];
const sockets = new Set<Socket>();
const running: Stoppable[] = [];

/** A loopback port where `onConnection` answers (or not); its port number. */
async function listen(onConnection: (s: Socket) => void): Promise<number> {
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    onConnection(s);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

function input(id: string, fields: Partial<MailboxInput>): MailboxInput {
  return { id, agencyCode: '000.00.07.H41', agencyName: 'Sở Tài chính', address: `${uniqueName('x')}@sotc.longan.test`, host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: 'u', password: 'p', pollIntervalSec: 5, ...fields };
}

beforeAll(async () => {
  db = await freshDb();
  ctx = await openContext({ mongodbUri: db.uri, prefix: freshPrefix(), log: silent });
  await seedAgencies(ctx);
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop().catch(() => undefined)));
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await ctx.queues.ingest.obliterate({ force: true }).catch(() => undefined);
  await ctx.close();
  await db.drop();
});

describe('adding a mailbox judges its host by what it resolves to', () => {
  it('refuses a loopback-looking name that does not resolve, the metadata service, and a cleartext intranet host; a policy may refuse more', async () => {
    await expect(addMailbox(ctx.models, ctx.secrets, input('fake-loop', { host: '127.attacker.invalid' }))).rejects.toThrow(/^mailbox tls "none" is allowed only for a loopback host, and host 127\.attacker\.invalid cannot be resolved/);
    await expect(addMailbox(ctx.models, ctx.secrets, input('nowhere', { host: 'imap.sotc.invalid', tls: 'implicit' }))).rejects.toThrow(/^mailbox host imap\.sotc\.invalid cannot be resolved/);
    await expect(addMailbox(ctx.models, ctx.secrets, input('metadata', { host: '169.254.169.254', tls: 'implicit' }))).rejects.toThrow(/link-local address, which cannot be an IMAP server/);
    await expect(addMailbox(ctx.models, ctx.secrets, input('intranet-clear', { host: '10.1.2.3' }))).rejects.toThrow(/only for a loopback host, and host 10\.1\.2\.3 resolves to 10\.1\.2\.3/);
    const adminOnly = { hostPolicy: (c: { private: boolean }) => (c.private ? 'an intranet host needs an administrator' : null) };
    await expect(addMailbox(ctx.models, ctx.secrets, input('intranet-user', { host: '10.1.2.3', tls: 'implicit' }), false, adminOnly)).rejects.toThrow('mailbox an intranet host needs an administrator');
    expect(await addMailbox(ctx.models, ctx.secrets, input('intranet-admin', { host: '10.1.2.3', tls: 'implicit' }))).toBe('intranet-admin');
    await ctx.models.Mailbox.updateOne({ _id: 'intranet-admin' }, { $set: { enabled: false } }); // not to be watched below
    expect(await ctx.models.Mailbox.countDocuments({ _id: { $in: ['fake-loop', 'nowhere', 'metadata', 'intranet-clear', 'intranet-user'] } })).toBe(0);
  });
});

describe('the connection test', () => {
  it('answers the same, no sooner than the floor, for every port that is not an IMAP server', async () => {
    const ports = {
      closed: await closedPort(),
      ssh: await listen((s) => s.write('SSH-2.0-OpenSSH_9.6p1 Ubuntu-3\r\n')),
      http: await listen((s) => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')),
      silent: await listen(() => undefined),
    };
    const cases: [string, number, MailboxInput['tls']][] = [
      ['closed', ports.closed, 'none'],
      ['ssh', ports.ssh, 'none'],
      ['http', ports.http, 'none'],
      ['silent', ports.silent, 'none'],
      ['tls-to-plain', ports.ssh, 'implicit'],
    ];
    for (const [id, port, tls] of cases) await addMailbox(ctx.models, ctx.secrets, input(`probe-${id}`, { port, tls }));
    const results = await Promise.all(
      cases.map(async ([id, port]) => {
        const started = Date.now();
        const r = await testMailbox(ctx.models, ctx.secrets, `probe-${id}`, { failureFloorMs: FLOOR_MS, log: silent });
        return { id, port, ms: Date.now() - started, r };
      }),
    );
    // The administrator's detail goes to the log, and only there.
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    const closed = await testMailbox(ctx.models, ctx.secrets, 'probe-closed', { failureFloorMs: 0, log });
    // The cause in the administrator's words (imapflow reports a refused connection either as
    // ECONNREFUSED or, when the socket's close wins the race, as "Unexpected close").
    expect(lines.join('')).toMatch(/"port":\d+,"kind":"unreachable","err":"(connection refused: nothing listens at that host and port|Unexpected close)"/);
    expect(JSON.stringify(closed)).not.toMatch(/refused|ECONN/);
    for (const { id, port, ms, r } of results) {
      expect(r.ok, id).toBe(false);
      expect(r.error, id).toBe(`could not reach an IMAP server at 127.0.0.1:${port}`);
      expect(r.errorVi, id).toBe(`Không kết nối được với máy chủ IMAP tại 127.0.0.1:${port}`);
      expect(ms, id).toBeGreaterThanOrEqual(FLOOR_MS - 5);
      expect(ms, id).toBeLessThan(FLOOR_MS + 1500);
    }
  });

  it('a sandbox mailbox with a wrong password: the login was refused; with the right one: ok', async () => {
    const mb = freshMailbox('sotc.longan.test');
    await addMailbox(ctx.models, ctx.secrets, input('wrong-pass', { address: mb.address, user: mb.address, password: 'not-the-password' }));
    const bad = await testMailbox(ctx.models, ctx.secrets, 'wrong-pass', { failureFloorMs: FLOOR_MS, log: silent });
    expect(bad).toMatchObject({ ok: false, error: 'login refused: wrong user or password (or OAuth2 token)' });
    expect(bad.errorVi).toMatch(/^Máy chủ IMAP từ chối đăng nhập/);

    const good = freshMailbox('sotc.longan.test');
    await watchSandboxMailbox(ctx, 'good', good, { agencyCode: '000.00.07.H41', agencyName: 'Sở Tài chính' });
    const ok = await testMailbox(ctx.models, ctx.secrets, 'good', { failureFloorMs: FLOOR_MS, log: silent });
    expect(ok).toMatchObject({ ok: true, error: null, errorVi: null, idle: true });
    expect(ok.folders.map((f) => f.path)).toEqual(['INBOX']);

    await addMailbox(ctx.models, ctx.secrets, input('no-folder', { address: `${uniqueName('nf')}@sotc.longan.test`, user: good.address, password: good.password, folders: ['Không có'] }));
    const missing = await testMailbox(ctx.models, ctx.secrets, 'no-folder', { failureFloorMs: FLOOR_MS, log: silent });
    expect(missing.error).toBe('folder "Không có" does not exist on the server');
  });
});

describe('each mailbox state, written by its watcher', () => {
  it('watching with its last sync; a refused login, an unreachable port and a missing folder say so; stopped at the end', async () => {
    running.push(await startPollWorker(ctx, { leaseTtlMs: 3000 }));
    const stateOf = async (id: string) => (await mailboxStates(ctx.models, [id]))[0];
    const good = await waitFor('"good" to be watched', async () => ((await stateOf('good'))?.state === 'watching' ? stateOf('good') : null), 30_000);
    expect(good!.lastSyncAt).toBeInstanceOf(Date);
    expect(good!.worker).toMatch(/:\d+$/);
    const bad = await waitFor('the refused login', async () => ((await stateOf('wrong-pass'))?.state === 'error' ? stateOf('wrong-pass') : null), 30_000);
    expect(bad!.lastError).toMatch(/^login refused/);
    expect(bad!.lastErrorAt).toBeInstanceOf(Date);
    expect(bad!.lastSyncAt).toBeNull();
    const closed = await waitFor('the closed port', async () => ((await stateOf('probe-closed'))?.state === 'backoff' ? stateOf('probe-closed') : null), 30_000);
    expect(closed!.lastError).toMatch(/^could not reach an IMAP server at 127\.0\.0\.1:\d+$/);
    const folder = await waitFor('the missing folder', async () => ((await stateOf('no-folder'))?.state === 'error' ? stateOf('no-folder') : null), 30_000);
    expect(folder!.lastError).toMatch(/^folder "Không có" cannot be opened/);

    const all = await mailboxStates(ctx.models);
    expect(all.map((s) => s.id)).toEqual([...all.map((s) => s.id)].sort());
    expect(all.map((s) => s.id)).not.toContain('intranet-admin'); // disabled: never watched

    await running.pop()!.stop();
    expect((await stateOf('good'))!.state).toBe('stopped');
    expect((await stateOf('good'))!.lastSyncAt).toBeInstanceOf(Date); // kept when it stops
    expect((await stateOf('wrong-pass'))!.state).toBe('stopped');
  });
});
