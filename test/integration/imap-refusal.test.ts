// A server that refuses new connections (as Dovecot at its process_limit did for 2,000 mailboxes):
// the poll worker holds its mailboxes back together instead of each retrying on its own, says so
// once in words (log, /readyz, the mailboxes' state), and dials again when the server lets it.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, freshPrefix, seedAgencies, waitFor, memoryLogger } from '../helpers/env.js';
import { openContext, type AppContext } from '../../src/runtime/context.js';
import { addMailbox } from '../../src/ingest/mailboxes.js';
import { startPollWorker, type Stoppable } from '../../src/runtime/workers.js';
import { readiness } from '../../src/runtime/health.js';
import { DEFAULT_GATE } from '../../src/ingest/connect-gate.js';

const MAILBOXES = 40;
let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;
let server: Server;
let port = 0;
let connections = 0;
const sockets = new Set<Socket>();
const lines: Record<string, unknown>[] = [];
let poller: Stoppable | null = null;

beforeAll(async () => {
  db = await freshDb();
  ctx = await openContext({ mongodbUri: db.uri, prefix: freshPrefix(), log: memoryLogger(lines) });
  await seedAgencies(ctx);
  // Greets with BYE and hangs up, as a server at its connection limit does (RFC 9051 §7.1.5).
  server = createServer((s) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.end('* BYE [UNAVAILABLE] Maximum number of connections exceeded\r\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
  for (let i = 0; i < MAILBOXES; i++) {
    await addMailbox(ctx.models, ctx.secrets, { id: `busy-${i}`, agencyCode: '000.00.15.H41', agencyName: 'Sở TT&TT', address: `busy-${i}@stttt.longan.test`, host: '127.0.0.1', port, tls: 'none', user: `busy-${i}@stttt.longan.test`, password: 'x' });
  }
});

afterAll(async () => {
  await poller?.stop();
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
  await ctx.close();
  await db.drop();
});

describe('a server that refuses new connections', () => {
  it('is dialled a few times in all, not a storm; said once in words; shown on /readyz and on each mailbox', async () => {
    poller = await startPollWorker(ctx);
    const t0 = Date.now();
    await waitFor('the lane to pause', async () => lines.some((l) => String(l.msg).startsWith('the IMAP server refuses new connections')) || null, 20_000);
    await new Promise((r) => setTimeout(r, Math.max(0, 12_000 - (Date.now() - t0))));
    // 40 mailboxes each retrying on their own (1, 2, 4, 8 s) would dial ~160 times in 12 s;
    // paused together: at most one lane's width at first (DEFAULT_GATE.maxConcurrent), then one
    // probe per pause (1 + 2 + 4 s: three or four in 12 s).
    expect(connections).toBeGreaterThan(0);
    expect(connections).toBeLessThanOrEqual(DEFAULT_GATE.maxConcurrent + 6);
    const pauses = lines.filter((l) => String(l.msg).startsWith('the IMAP server refuses new connections'));
    expect(pauses.length).toBeGreaterThanOrEqual(1);
    expect(pauses.length).toBeLessThanOrEqual(6);
    expect(pauses[0]).toMatchObject({ server: `127.0.0.1:${port}` });
    expect(String(pauses[0]!.msg)).toMatch(/pausing new connections to it for \d+ s; \d+ mailbox folder\(s\) waiting/);
    // Each mailbox says at warn level once per kind of failure, not once per attempt.
    const perMailbox = lines.filter((l) => l.msg === 'cannot open mailbox' && l.level === 40);
    expect(perMailbox.length).toBeLessThanOrEqual(MAILBOXES);

    const r = await readiness(ctx, true);
    expect(r.status).toBe('degraded');
    expect(r.imapServers).toEqual([expect.objectContaining({ server: `127.0.0.1:${port}`, state: expect.stringMatching(/paused|probing/) })]);
    const anonymous = await readiness(ctx, false);
    expect(anonymous.imapServers[0]).toMatchObject({ server: 'imap', reason: null });
    const states = await ctx.models.MailboxState.find({}).lean();
    expect(states.length).toBe(MAILBOXES);
    for (const s of states) expect(s.state).toBe('backoff');
    expect(states.some((s) => /refuses new connections|closed|could not reach/.test(s.lastError ?? ''))).toBe(true);
  }, 60_000);
});
