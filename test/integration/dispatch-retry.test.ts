// Retries against a relay that says "later" (451) and one that says "no" (550): a deferred copy is
// sent again after an exponential backoff until the relay takes it, exactly once; a refused one
// fails at once with the relay's reason, without a second try. The relay is a small SMTP peer on
// a loopback socket (Postfix cannot be told to answer 451 for one recipient without rebuilding
// its maps); everything on our side is the real worker, queue and database.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cfg, freshDb, freshPrefix, waitFor, seedAgencies } from '../helpers/env.js';
import { samplePdf } from '../helpers/messages.js';
import { openContext, type AppContext } from '../../src/runtime/context.js';
import { startQueueWorker, type Stoppable } from '../../src/runtime/workers.js';
import { sendDocument, type SendAccepted } from '../../src/dispatch/send.js';
import { dispatchProcessor } from '../../src/dispatch/job.js';
import { closeDispatchTransports } from '../../src/dispatch/smtp.js';
import { getStatus } from '../../src/dispatch/status.js';

let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;
let relay: Server;
const running: Stoppable[] = [];
/** RCPT attempts per address, and the messages the relay accepted (by recipient). */
const tries = new Map<string, number>();
const accepted: string[] = [];

function session(sock: Socket): void {
  let rcpt = '';
  let inData = false;
  let buf = '';
  sock.write('220 relay.test ESMTP\r\n');
  sock.on('data', (chunk: Buffer) => {
    buf += chunk.toString('latin1');
    for (;;) {
      if (inData) {
        const end = buf.indexOf('\r\n.\r\n');
        if (end < 0) return;
        buf = buf.slice(end + 5);
        inData = false;
        accepted.push(rcpt);
        sock.write(`250 2.0.0 Ok: queued as Q${accepted.length}X\r\n`);
        continue;
      }
      const nl = buf.indexOf('\r\n');
      if (nl < 0) return;
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 2);
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') sock.write('250-relay.test\r\n250-DSN\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
      else if (verb === 'HELO' || verb === 'MAIL' || verb === 'RSET' || verb === 'NOOP') sock.write('250 2.0.0 Ok\r\n');
      else if (verb === 'RCPT') {
        rcpt = /<([^>]*)>/.exec(line)?.[1] ?? '';
        const n = (tries.get(rcpt) ?? 0) + 1;
        tries.set(rcpt, n);
        if (rcpt.startsWith('later') && n <= 2) sock.write('451 4.3.0 Mailbox busy, try again later\r\n');
        else if (rcpt.startsWith('never')) sock.write(`550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown\r\n`);
        else sock.write('250 2.1.5 Ok\r\n');
      } else if (verb === 'DATA') {
        inData = true;
        sock.write('354 End data with <CR><LF>.<CR><LF>\r\n');
      } else if (verb === 'QUIT') {
        sock.end('221 2.0.0 Bye\r\n');
      } else sock.write('502 5.5.2 Error: command not recognized\r\n');
    }
  });
  sock.on('error', () => undefined);
}

beforeAll(async () => {
  relay = createServer(session);
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', () => r()));
  const port = (relay.address() as { port: number }).port;
  db = await freshDb();
  ctx = await openContext({
    mongodbUri: db.uri,
    prefix: freshPrefix(),
    log: (await import('pino')).pino({ level: 'silent' }),
    cfg: { ...cfg, smtp: { ...cfg.smtp, port }, dispatch: { backoffMs: 300, maxAttempts: 5 } },
  });
  await seedAgencies(ctx);
  running.push(startQueueWorker(ctx, 'dispatch', dispatchProcessor(ctx), 4));
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop().catch(() => undefined)));
  await ctx.queues.dispatch.obliterate({ force: true }).catch(() => undefined);
  closeDispatchTransports();
  await new Promise((r) => relay.close(r));
  await ctx.close();
  await db.drop();
});

describe('dispatch retries', () => {
  it('a 451 is retried with backoff until accepted, once; a 550 fails at once with the reason', async () => {
    const r = (await sendDocument(ctx, {
      fromAgencyCode: '000.00.15.H41',
      to: ['later@sotc.longan.test', 'never@sotc.longan.test'],
      files: [{ filename: 'cv.pdf', content: await samplePdf() }],
      source: 'api',
    })) as SendAccepted;
    expect(r.ok).toBe(true);
    const s = await waitFor('both settled', async () => {
      const st = await getStatus(ctx, r.id);
      const [later, never] = st!.recipients;
      return later!.state === 'accepted' && never!.state === 'failed' ? st : null;
    }, 30_000, 200);
    const [later, never] = s.recipients;
    const le = later!.events.map((e) => e.event);
    expect(le).toEqual(['queued', 'attempt', 'deferred', 'attempt', 'deferred', 'attempt', 'accepted']);
    // Exponential backoff: the second wait is longer than the first (300 ms, then 600 ms).
    const at = (i: number) => Date.parse(later!.events[i]!.at);
    expect(at(3) - at(2)).toBeGreaterThanOrEqual(250);
    expect(at(5) - at(4)).toBeGreaterThan(at(3) - at(2));
    expect(later!.relayQueueId).toMatch(/^Q\dX$/);
    expect(accepted.filter((a) => a === 'later@sotc.longan.test')).toHaveLength(1);
    expect(tries.get('later@sotc.longan.test')).toBe(3);

    expect(never!.events.map((e) => e.event)).toEqual(['queued', 'attempt', 'rejected']);
    expect(never!.status).toBe('5.1.1');
    expect(String(never!.diagnostic)).toMatch(/User unknown/);
    expect(tries.get('never@sotc.longan.test')).toBe(1);
  });
});
