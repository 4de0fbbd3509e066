// Retries against a relay that says "later" (451) and one that says "no" (550): a deferred copy is
// sent again after an exponential backoff until the relay takes it, exactly once; a refused one
// fails at once with the relay's reason, without a second try. The relay is a small SMTP peer on
// a loopback socket (Postfix cannot be told to answer 451 for one recipient without rebuilding
// its maps); everything on our side is the real worker, queue and database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cfg, freshDb, freshPrefix, waitFor, seedAgencies } from '../helpers/env.js';
import { samplePdf } from '../helpers/messages.js';
import { openContext, type AppContext } from '../../src/runtime/context.js';
import { startQueueWorker, type Stoppable } from '../../src/runtime/workers.js';
import { sendDocument, type SendAccepted } from '../../src/dispatch/send.js';
import { dispatchProcessor } from '../../src/dispatch/job.js';
import { closeDispatchTransports } from '../../src/dispatch/smtp.js';
import { getStatus } from '../../src/dispatch/status.js';
import { laterThenOk, startRelay, type Relay } from '../helpers/relay.js';

let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;
let relay: Relay;
const running: Stoppable[] = [];

beforeAll(async () => {
  // "later…" is deferred twice then taken; "never…" is refused for good.
  relay = await startRelay((rcpt, n) => {
    if (rcpt.startsWith('never')) return `550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown`;
    return rcpt.startsWith('later') ? laterThenOk(2)(rcpt, n) : '250 2.1.5 Ok';
  });
  const port = relay.port;
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
  await relay.close();
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
    expect(relay.accepted.filter((a) => a === 'later@sotc.longan.test')).toHaveLength(1);
    expect(relay.tries.get('later@sotc.longan.test')).toBe(3);

    expect(never!.events.map((e) => e.event)).toEqual(['queued', 'attempt', 'rejected']);
    expect(never!.status).toBe('5.1.1');
    expect(String(never!.diagnostic)).toMatch(/User unknown/);
    expect(relay.tries.get('never@sotc.longan.test')).toBe(1);
  });
});
