// Following one message through the workers, on the real stack: every log line any worker writes
// about it carries the same correlation id, every job about it carries that id, its journal is
// written by the state table in order, and the metrics count what happened (stored, registered
// with its latency, acknowledged, SMTP classes, quarantined, failed, queue depths, mailbox states).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queue } from 'bullmq';
import { cfg, freshDb, freshMailbox, freshPrefix, smtp, waitFor, seedAgencies, memoryLogger } from '../helpers/env.js';
import { documentMail, secretDocumentLines, vietnamesePdf } from '../helpers/messages.js';
import { readyMessage } from '../helpers/ready-message.js';
import { openContext, type AppContext } from '../../src/runtime/context.js';
import { addMailbox } from '../../src/ingest/mailboxes.js';
import { startWorkers } from '../../src/runtime/run.js';
import { startIngestWorker, type Stoppable } from '../../src/runtime/workers.js';
import { ackJobId, ingestJobId, registerJobId } from '../../src/ingest/jobs.js';
import { captureBatch } from '../../src/ingest/capture.js';
import { correlationId } from '../../src/log.js';
import { metricsRegistry, renderMetrics } from '../../src/runtime/metrics.js';
import { analyseDocument } from '../../src/register/analyse.js';
import { registerAgency } from '../../src/register/registrar.js';
import { classifyMessageSync } from '../../src/mail/classify/index.js';

const AGENCY = '000.00.15.H41';
let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;
let running: Stoppable[] = [];
/** Every line the workers of this test write, parsed. */
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  db = await freshDb();
  ctx = await openContext({ mongodbUri: db.uri, prefix: freshPrefix(), log: memoryLogger(lines) });
  await seedAgencies(ctx);
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  for (const q of [ctx.queues.ingest, ctx.queues.register, ctx.queues.ack]) await q.obliterate({ force: true }).catch(() => undefined);
  await ctx.close();
  await db.drop();
});

/** The value of a counter (or a histogram's _count) with these labels, 0 when never set. */
async function value(name: string, labels: Record<string, string>, metricName = name): Promise<number> {
  const m = await metricsRegistry().getSingleMetric(name)!.get();
  // A histogram's values are its buckets, _sum and _count, told apart by metricName.
  const v = m.values.find((x) => ((x as { metricName?: string }).metricName ?? name) === metricName && Object.entries(labels).every(([k, want]) => x.labels[k] === want));
  return v?.value ?? 0;
}

describe('observability', () => {
  it('one correlation id on every line and every job about a message, from ingest to its acknowledgement; the counters move', async () => {
    const sender = freshMailbox(cfg.stack.mailDomains[0]);
    const receiver = freshMailbox(cfg.stack.mailDomains[1]);
    await addMailbox(ctx.models, ctx.secrets, {
      id: 'obs-mb', agencyCode: AGENCY, agencyName: 'Sở Thông tin và Truyền thông', address: receiver.address,
      host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: receiver.address, password: receiver.password,
    });
    const before = {
      stored: await value('vanthu_messages_stored_total', { mailbox: 'obs-mb', agency: AGENCY }),
      registered: await value('vanthu_documents_registered_total', { agency: AGENCY }),
      latency: await value('vanthu_registration_latency_seconds', { agency: AGENCY }, 'vanthu_registration_latency_seconds_count'),
      acks: await value('vanthu_acknowledgements_sent_total', { agency: AGENCY, status: '03' }),
      smtp2xx: await value('vanthu_smtp_results_total', { class: '2xx' }),
    };
    running = await startWorkers(ctx, ['poll', 'ingest', 'register', 'ack']);
    await waitFor('watching', () => ctx.models.Checkpoint.findById('obs-mb/INBOX').lean());
    const raw = await documentMail({ from: sender.address, to: receiver.address, messageId: '<obs-1@ubnd.longan.test>' });
    await smtp().sendMail({ envelope: { from: sender.address, to: [receiver.address] }, raw });

    const entry = await waitFor('registered and acknowledged', () => ctx.models.Incoming.findOne({ mailboxId: 'obs-mb', 'ack.state': 'sent' }).lean(), 30_000);
    const key = entry.messageKey!;
    const cid = correlationId(key);
    await waitFor('acknowledged in the journal', async () => (await ctx.models.Message.findById(key).lean())?.stages.some((s) => s.stage === 'acknowledged'));

    // Every line that mentions the message, whatever its fields, carries its id and key.
    const about = lines.filter((l) => JSON.stringify(l).includes(key));
    const messages = about.map((l) => l.msg);
    expect(messages).toEqual(expect.arrayContaining(['message processed', 'document registered', 'acknowledgement sent']));
    for (const l of about) expect({ msg: l.msg, cid: l.cid, messageKey: l.messageKey }).toEqual({ msg: l.msg, cid, messageKey: key });
    // And no line carries the id without being about the message.
    for (const l of lines.filter((x) => x.cid === cid)) expect(l.messageKey).toBe(key);
    expect(about.find((l) => l.msg === 'document registered')).toMatchObject({ agency: AGENCY, arrivalNumber: entry.arrivalNumber });
    expect(about.find((l) => l.msg === 'acknowledgement sent')).toMatchObject({ statusCode: '03' });

    // Each job about it carries the id, the poller's ingest job included (it enqueues without one).
    expect((await ctx.queues.ingest.getJob(ingestJobId(key)))?.data).toEqual({ messageKey: key, cid });
    expect((await ctx.queues.register.getJob(registerJobId(key)))?.data).toEqual({ mailboxId: 'obs-mb', agencyCode: AGENCY, messageKey: key, cid });
    expect((await ctx.queues.ack.getJob(ackJobId(`registered:${entry._id}`)))?.data).toEqual({ kind: 'registered', entryId: entry._id, cid });

    // The journal, written by the state table, in order.
    const msg = (await ctx.models.Message.findById(key).lean())!;
    expect(msg.state).toBe('registered');
    expect(msg.stages.map((s) => s.stage)).toEqual(['stored', 'classified', 'analysed', 'registered', 'acknowledged']);

    expect(await value('vanthu_messages_stored_total', { mailbox: 'obs-mb', agency: AGENCY })).toBe(before.stored + 1);
    expect(await value('vanthu_documents_registered_total', { agency: AGENCY })).toBe(before.registered + 1);
    expect(await value('vanthu_registration_latency_seconds', { agency: AGENCY }, 'vanthu_registration_latency_seconds_count')).toBe(before.latency + 1);
    expect(await value('vanthu_acknowledgements_sent_total', { agency: AGENCY, status: '03' })).toBe(before.acks + 1);
    expect(await value('vanthu_smtp_results_total', { class: '2xx' })).toBeGreaterThanOrEqual(before.smtp2xx + 1);
    await Promise.all(running.map((r) => r.stop()));
    running = [];
  }, 90_000);

  it('counts a quarantined document by kind, and a message closed as failed by the registrar or by ingest', async () => {
    // Quarantined (secret), through analyse, its alert line carrying the message's id.
    const A = '000.00.07.H41';
    const secret = await documentMail({ from: 'vanthu@ubnd.longan.test', to: 'vanthu@sotc.longan.test', messageId: '<obs-secret@ubnd.longan.test>', pdf: await vietnamesePdf(secretDocumentLines()), filename: 'mat.pdf' });
    await ctx.models.Message.create({ _id: 'obs-secret', mailboxId: 'mb-obs', agencyCode: A, folder: 'INBOX', uidValidity: '1', uid: 1, seq: 1, sha256: 'obs-secret', size: secret.length, internalDate: new Date(), state: 'classified', stages: [] });
    const q0 = await value('vanthu_documents_quarantined_total', { agency: A, kind: 'secret' });
    expect(await analyseDocument(ctx, 'obs-secret', secret, classifyMessageSync(secret, { ourAddresses: [] }))).toBe('quarantined');
    expect(await value('vanthu_documents_quarantined_total', { agency: A, kind: 'secret' })).toBe(q0 + 1);
    expect((await ctx.models.Message.findById('obs-secret').lean())!.state).toBe('quarantined');
    expect(lines.find((l) => l.msg === 'ALERT: document quarantined' && l.messageKey === 'obs-secret')).toMatchObject({ cid: correlationId('obs-secret'), agency: A });

    // Failed in the registrar: an arrival the calendar cannot place.
    const R = 'T-OBS-RANGE';
    const f0 = await value('vanthu_messages_failed_total', { agency: R });
    await ctx.models.Message.create(readyMessage({ agencyCode: R, mailboxId: 'mb-range', seq: 1, arrival: new Date('1975-04-30T11:30:00+07:00') }) as never);
    await registerAgency(ctx, R);
    expect(await value('vanthu_messages_failed_total', { agency: R })).toBe(f0 + 1);
    expect((await ctx.models.Message.findOne({ agencyCode: R }).lean())!.state).toBe('failed');

    // Failed in ingest: stored by the poller's own capture, enqueued as the poller does (no cid),
    // and its handler fails on the last attempt.
    const F = '000.00.15.H41';
    const raw = await documentMail({ from: 'vanthu@ubnd.longan.test', to: 'vanthu@stttt.longan.test', messageId: '<obs-fail@ubnd.longan.test>' });
    const s0 = await value('vanthu_messages_stored_total', { mailbox: 'mb-fail', agency: F });
    const [captured] = await captureBatch(ctx.models, ctx.raw, { mailboxId: 'mb-fail', agencyCode: F, folder: 'INBOX', uidValidity: '1' }, [{ uid: 1, internalDate: new Date(), source: raw }]);
    expect(await value('vanthu_messages_stored_total', { mailbox: 'mb-fail', agency: F })).toBe(s0 + 1);
    const key = captured!.id;
    const g0 = await value('vanthu_messages_failed_total', { agency: F });
    const worker = startIngestWorker(ctx, { document: () => Promise.reject(new Error('handler broke')) }, 1);
    try {
      await (ctx.queues.ingest as Queue).add('ingest', { messageKey: key }, { jobId: ingestJobId(key), attempts: 1 });
      const failed = await waitFor('marked failed', async () => {
        const m = await ctx.models.Message.findById(key).lean();
        return m?.state === 'failed' ? m : null;
      });
      expect(failed.error).toBe('handler broke');
      expect(failed.stages.map((s) => s.stage)).toEqual(['stored', 'classified', 'failed']);
      await waitFor('counted', async () => (await value('vanthu_messages_failed_total', { agency: F })) === g0 + 1);
      expect((await ctx.queues.ingest.getJob(ingestJobId(key)))?.data.cid).toBe(correlationId(key));
      expect(lines.find((l) => l.msg === 'ingest failed' && l.messageKey === key)).toMatchObject({ cid: correlationId(key), final: true });
    } finally {
      await worker.stop();
    }
  });

  it('reads queue depths and mailbox connection states when scraped', async () => {
    await ctx.models.MailboxState.insertMany([
      { _id: 'a/INBOX', state: 'watching' },
      { _id: 'b/INBOX', state: 'watching' },
      { _id: 'c/INBOX', state: 'backoff', lastError: 'connection refused' },
    ]);
    // Nothing takes ack jobs in this test now: they wait (with the 02 the secret document queued).
    const waiting = (await ctx.queues.ack.getJobCounts('waiting')).waiting ?? 0;
    await ctx.queues.ack.addBulk(['x', 'y', 'z'].map((k) => ({ name: 'ack', data: { kind: 'refusal' as const, messageKey: `obs-depth-${k}`, cid: correlationId(k) }, opts: { jobId: `obs-depth-${k}` } })));
    const { body } = await renderMetrics({ queues: ctx.queues, models: ctx.models });
    expect(body).toContain('vanthu_imap_connections{state="watching"} 2');
    expect(body).toContain('vanthu_imap_connections{state="backoff"} 1');
    expect(body).toContain('vanthu_imap_connections{state="error"} 0');
    expect(body).toContain(`vanthu_queue_jobs{queue="ack",state="waiting"} ${waiting + 3}`);
    await ctx.models.MailboxState.deleteMany({});
    expect((await renderMetrics({ models: ctx.models })).body).toContain('vanthu_imap_connections{state="watching"} 0');
  });
});
