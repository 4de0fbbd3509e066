// The at-most-once guarantee of dispatch under the one crash that matters: a dispatch worker
// process dies right after the relay said 250 and before it recorded that (fault injection
// VT_TEST_CRASH_AFTER_SMTP=1 makes it SIGKILL itself at exactly that point). The restarted worker
// must not resend blindly: it marks the delivery in-doubt, and the real success DSN — read over
// IMAP by the poll and ingest workers — resolves it. The recipient has exactly one copy.
// Second case: an attempt that died before the relay got anything is resent once the grace
// period passes without evidence, with the same Message-ID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copiesIn, watchSandboxMailbox, freshDb, freshMailbox, freshPrefix, waitFor, type SandboxMailbox, seedAgencies } from '../helpers/env.js';
import { samplePdf } from '../helpers/messages.js';
import { spawnWorker, type WorkerProc } from '../helpers/procs.js';
import { openContext, type AppContext } from '../../src/runtime/context.js';
import { startIngestWorker, startPollWorker, startQueueWorker, type Stoppable } from '../../src/runtime/workers.js';
import { handleReceipt } from '../../src/receipts/handle.js';
import { sendDocument, type SendAccepted } from '../../src/dispatch/send.js';
import { CRASH_AFTER_SMTP_ENV, dispatchProcessor } from '../../src/dispatch/job.js';
import { insertEvent } from '../../src/dispatch/events.js';
import { closeDispatchTransports } from '../../src/dispatch/smtp.js';
import { getStatus } from '../../src/dispatch/status.js';
import { jobId } from '../../src/queue/queues.js';
import { correlationId } from '../../src/log.js';

let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;
let prefix: string;
const procs: WorkerProc[] = [];
const running: Stoppable[] = [];
let A: SandboxMailbox;

beforeAll(async () => {
  db = await freshDb();
  prefix = freshPrefix();
  ctx = await openContext({ mongodbUri: db.uri, prefix, log: (await import('pino')).pino({ level: 'silent' }) });
  await seedAgencies(ctx);
  A = freshMailbox('stttt.longan.test');
  await watchSandboxMailbox(ctx, 'a-official', A);
});

afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill()));
  await Promise.all(running.map((r) => r.stop().catch(() => undefined)));
  await ctx.queues.dispatch.obliterate({ force: true }).catch(() => undefined);
  await ctx.queues.ingest.obliterate({ force: true }).catch(() => undefined);
  closeDispatchTransports();
  await ctx.close();
  await db.drop();
});



function dispatchWorker(extra: Record<string, string> = {}): WorkerProc {
  const w = spawnWorker(['worker', 'dispatch'], { MONGODB_URI: db.uri, VANTHU_TEST_PREFIX: prefix, ...extra });
  procs.push(w);
  return w;
}

async function send(to: string): Promise<SendAccepted> {
  const r = await sendDocument(ctx, { from: A.address, to: [to], files: [{ filename: 'cv.pdf', content: await samplePdf() }], source: 'api' });
  expect(r.ok).toBe(true);
  return r as SendAccepted;
}

const eventsOf = async (id: string) => (await ctx.models.DeliveryEvent.find({ deliveryId: id }).sort({ at: 1, seq: 1 }).lean()).map((e) => e.event);

describe('a dispatch worker killed between SMTP acceptance and recording it', () => {
  it('does not resend: the delivery waits in doubt until the real DSN proves acceptance; one copy arrives', async () => {
    const B = freshMailbox('ubnd.longan.test');
    const sent = await send(B.address);
    const d = sent.deliveries[0]!;

    const crashing = dispatchWorker({ [CRASH_AFTER_SMTP_ENV]: '1' });
    const exit = await new Promise<{ code: number | null; sig: string | null }>((resolve) => crashing.child.once('exit', (code, sig) => resolve({ code, sig })));
    expect(exit.sig).toBe('SIGKILL');
    // The relay took it (it is on its way to B), but nothing says so in the database.
    await waitFor('the copy in B', async () => (await copiesIn(B, d.messageId)) === 1, 20_000, 300);
    const dead = await ctx.models.Delivery.findById(d.id).lean();
    expect(dead!.inFlight?.attempt).toBe(1);
    expect(await eventsOf(d.id)).toEqual(['queued']); // the attempt's event comes with its outcome

    // A new worker takes the stalled job over (after BullMQ's lock expires) and finds the trace.
    dispatchWorker();
    await waitFor('the delivery in doubt', async () => (await eventsOf(d.id)).includes('in-doubt'), 90_000, 500);

    // Evidence: A's poll + ingest workers read the real success DSN from A's INBOX.
    running.push(startIngestWorker(ctx, { receipt: handleReceipt }));
    running.push(await startPollWorker(ctx, { backfill: true, leaseTtlMs: 3000 }));
    const s = await waitFor('the DSN to resolve the doubt', async () => {
      const st = await getStatus(ctx, sent.id);
      return st && ['relayed', 'delivered'].includes(st.recipients[0]!.state) ? st : null;
    }, 60_000, 500);
    const job = ctx.queues.dispatch;
    await waitFor('the in-doubt job to finish', async () => (await job.getJobState(jobId('dispatch', d.id))) === 'completed', 60_000, 500);

    const events = await eventsOf(d.id);
    expect(events).toEqual(['queued', 'attempt', 'in-doubt', 'dsn-relayed']);
    expect(events).not.toContain('resend');
    // Acceptance is inferred from the evidence; its time is when the lost attempt started.
    expect(s.recipients[0]!.acceptedAt).not.toBeNull();
    const after = await ctx.models.Delivery.findById(d.id).lean();
    expect(after!.inFlight ?? null).toBeNull();
    await new Promise((r) => setTimeout(r, 3000)); // any second copy would show by now
    expect(await copiesIn(B, d.messageId)).toBe(1);
    await Promise.all(procs.map((p) => p.kill()));
  });

  it('resends with the same Message-ID when no evidence comes within the grace period', async () => {
    const C = freshMailbox('sotc.longan.test');
    const sent = await send(C.address);
    const d = sent.deliveries[0]!;
    // Simulate an attempt that died before the relay got anything: the trace, but no message.
    await ctx.queues.dispatch.remove(jobId('dispatch', d.id)).catch(() => undefined);
    await insertEvent(ctx.models, { deliveryId: d.id, docId: sent.id, event: 'attempt', key: 'attempt.1', source: 'smtp', detail: { attempt: 1 } });
    await ctx.models.Delivery.updateOne({ _id: d.id }, { $set: { inFlight: { attempt: 1, startedAt: new Date() }, attempts: 1, state: 'sending' }, $inc: { eventCount: 1 } });
    await ctx.queues.dispatch.add('deliver', { deliveryId: d.id, cid: correlationId(sent.id) }, { jobId: jobId('dispatch', d.id) + '.again', attempts: 3 });
    running.push(startQueueWorker(ctx, 'dispatch', dispatchProcessor(ctx, { inDoubtGraceMs: 2000, inDoubtRecheckMs: 500 }), 2));

    await waitFor('the resent copy', async () => (await copiesIn(C, d.messageId)) === 1, 30_000, 300);
    await waitFor('acceptance recorded', async () => (await eventsOf(d.id)).includes('accepted'), 10_000, 200);
    const events = await eventsOf(d.id);
    expect(events.slice(0, 5)).toEqual(['queued', 'attempt', 'in-doubt', 'resend', 'accepted']);
    // The relay's DSN for the resent copy may already be back (the poll/ingest workers run).
    expect(events.slice(5).every((e) => e.startsWith('dsn-'))).toBe(true);
    expect(await copiesIn(C, d.messageId)).toBe(1);
  });
});
