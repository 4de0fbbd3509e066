// Poison messages on the real stack (issue 15): a message that can never be parsed fails after one
// attempt, is recorded with its code and its reason in Vietnamese, the sender gets a 02 refusal
// and the clerk a notice, and the documents behind it are numbered at once; a failure that may
// pass (the raw bytes' volume unreadable for a while) is still retried until it succeeds.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { simpleParser } from 'mailparser';
import { cfg, freshDb, freshMailbox, freshPrefix, inInbox, seedAgencies, setAgency, waitFor, watchSandboxMailbox, type SandboxMailbox } from '../helpers/env.js';
import { documentMail } from '../helpers/messages.js';
import { openContext, type AppContext } from '../../src/runtime/context.js';
import { startWorkers } from '../../src/runtime/run.js';
import type { Stoppable } from '../../src/runtime/workers.js';
import { classifyMessage } from '../../src/mail/classify/index.js';
import { ingestJobId } from '../../src/ingest/jobs.js';
import { captureBatch } from '../../src/ingest/capture.js';
import { FileRawStore } from '../../src/store/file-raw-store.js';
import { hostileMessages, manyPartsDocument } from '../corpus/hostile/index.js';

const AGENCY = '000.00.15.H41';
let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;
let running: Stoppable[] = [];

beforeAll(async () => {
  db = await freshDb();
  ctx = await openContext({ mongodbUri: db.uri, prefix: freshPrefix(), log: pino({ level: 'silent' }) });
  await seedAgencies(ctx);
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  for (const q of Object.values(ctx.queues)) if (typeof q === 'object' && 'obliterate' in q) await q.obliterate({ force: true }).catch(() => undefined);
  await ctx.close();
  await db.drop();
});

/** The messages of a sandbox INBOX, as raw bytes. */
async function inbox(mb: SandboxMailbox): Promise<Buffer[]> {
  return inInbox(mb, async (c) => {
    const out: Buffer[] = [];
    if (((c.mailbox as { exists?: number }).exists ?? 0) === 0) return out;
    for await (const m of c.fetch('1:*', { source: true })) if (m.source) out.push(m.source);
    return out;
  });
}

describe('poison messages', () => {
  it('one that can never be parsed fails once, is told to the sender and the clerk, and does not hold the numbering', async () => {
    const sender = freshMailbox(cfg.stack.mailDomains[0]);
    const receiver = freshMailbox(cfg.stack.mailDomains[1]);
    const admin = freshMailbox(cfg.stack.mailDomains[1]);
    await setAgency(ctx, AGENCY, { alertTo: [admin.address] });
    await watchSandboxMailbox(ctx, 'poison-mb', receiver, { agencyCode: AGENCY, pollIntervalSec: 5 });
    const a = await documentMail({ from: sender.address, to: receiver.address, messageId: '<poison-a@ubnd.longan.test>', subject: 'Công văn số 21/UBND-VX V/v văn bản A' });
    // 5,000 MIME parts (a PDF first, so it reads as a document): over mailparser's 1,000-node limit.
    const p = manyPartsDocument({ from: sender.address, to: receiver.address, messageId: '<poison-p@ubnd.longan.test>', parts: 5000 });
    const b = await documentMail({ from: sender.address, to: receiver.address, messageId: '<poison-b@ubnd.longan.test>', subject: 'Công văn số 22/UBND-VX V/v văn bản B' });
    running = await startWorkers(ctx, ['poll', 'ingest', 'register', 'ack']);
    await waitFor('watching', () => ctx.models.Checkpoint.findById('poison-mb/INBOX').lean(), 60_000);
    // Appended in this order, so their UIDs (the arrival order the register keeps) are A < P < B.
    await inInbox(receiver, async (c) => {
      for (const raw of [a, p, b]) await c.append('INBOX', raw);
    });

    const pMsg = await waitFor('the three messages stored', async () => {
      const all = await ctx.models.Message.find({ mailboxId: 'poison-mb' }).sort({ seq: 1 }).lean();
      return all.length >= 3 ? all[1] : null;
    }, 60_000);
    expect(pMsg.messageId).toBe('<poison-p@ubnd.longan.test>');

    // Without retries, B is numbered within seconds; eight attempts with backoff take ~127 s.
    const entryB = await waitFor('B registered', () => ctx.models.Incoming.findOne({ agencyCode: AGENCY, senderMessageId: '<poison-b@ubnd.longan.test>' }).lean(), 45_000, 300, async () => ({
      messages: await ctx.models.Message.find({ mailboxId: 'poison-mb' }, { state: 1, seq: 1, error: 1 }).lean(),
    }));
    // Numbered seconds after the poison message was stored (~11 s measured here, B's own analysis
    // included), not after its eight attempts (~127 s of backoff alone); the bound leaves room for
    // a loaded machine.
    expect(new Date(entryB.registeredAt as Date).getTime() - new Date(pMsg.createdAt as Date).getTime()).toBeLessThan(40_000);
    const entryA = await ctx.models.Incoming.findOne({ agencyCode: AGENCY, senderMessageId: '<poison-a@ubnd.longan.test>' }).lean();
    expect(entryA?.arrivalNumber).toBe(1);
    expect(entryB.arrivalNumber).toBe(2);

    // The poison message: failed, with its code, its reason in words, after exactly one attempt.
    const failed = await waitFor('P failed', async () => {
      const m = await ctx.models.Message.findById(pMsg._id).lean();
      return m?.state === 'failed' ? m : null;
    });
    const failure = (failed as { failure?: { code: string; permanent: boolean; reason: string; reasonVi: string; attempts: number } }).failure;
    expect(failure?.code).toBe('MIME_LIMIT');
    expect(failure?.permanent).toBe(true);
    expect(failure?.reasonVi).toMatch(/thư/i);
    expect(failure?.reason).toMatch(/MIME/);
    expect(failed.error).toContain('MIME_LIMIT');
    // A retry would come 1 s after the first failure: wait past it, then count.
    await new Promise((r) => setTimeout(r, 2500));
    const job = await ctx.queues.ingest.getJob(ingestJobId(pMsg._id as string));
    expect(job?.attemptsMade).toBe(1);
    expect(await job?.isFailed()).toBe(true);
    expect(failed.stages.filter((s) => s.stage === 'failed')).toHaveLength(1);

    // The sender gets a 02 refusal that names the message and the reason.
    const refusal = await waitFor('02 refusal in the sender INBOX', async () => {
      for (const raw of await inbox(sender)) {
        const c = await classifyMessage(raw);
        if (c.kind === 'acknowledgement' && c.status?.statusCode === '02' && c.originalMessageId === '<poison-p@ubnd.longan.test>') return { c, raw };
      }
      return null;
    }, 30_000, 500, async () => ({ p: await ctx.models.Message.findById(pMsg._id, { failure: 1, stages: 1 } as never).lean() }));
    // Its Status part (what a peer's service reads) carries the reason in Vietnamese and the code.
    expect(refusal.c.kind === 'acknowledgement' && refusal.c.status?.description).toMatch(/cấu trúc.*MIME_LIMIT/s);
    // And the clerk a notice, in the agency's mailbox, copied to the administrators.
    const noticeOf = async (mb: SandboxMailbox) => (await inbox(mb)).find((raw) => /^X-VanThu-Notice:\s*failed/im.test(raw.toString('latin1')));
    const notice = await waitFor('clerk notice in the receiving mailbox', () => noticeOf(receiver), 30_000, 500);
    const noticeText = (await simpleParser(notice)).text ?? '';
    expect(noticeText).toContain(pMsg._id as string);
    expect(noticeText).toMatch(/không xử lý được[\s\S]*MIME_LIMIT[\s\S]*hồi báo không tiếp nhận \(02\)/);
    expect(await waitFor('notice copied to the administrators', () => noticeOf(admin), 30_000, 500)).toBeTruthy();
    const journal = await waitFor('refusal and notice journalled', async () => {
      const m = await ctx.models.Message.findById(pMsg._id).lean();
      const stages = m?.stages.map((s) => s.stage) ?? [];
      return stages.includes('acknowledged') && stages.includes('alerted') ? stages : null;
    });
    expect(journal[0]).toBe('stored');
    expect(journal.filter((s) => s === 'failed')).toHaveLength(1);
    expect(journal.indexOf('failed')).toBeLessThan(journal.indexOf('acknowledged'));
    // The notice itself is stored in the mailbox and ignored (it is ours, automatic), never refused.
    await waitFor('notice ignored by ingest', async () => (await ctx.models.Message.countDocuments({ mailboxId: 'poison-mb', state: 'ignored' })) >= 1, 30_000);
    expect(await ctx.models.Message.countDocuments({ mailboxId: 'poison-mb', state: 'failed' })).toBe(1);
    // `vanthu messages --state failed` lists it with its code and the clerk's reason.
    const cli = (...args: string[]) => spawnSync('node', ['bin/vanthu.mjs', 'messages', '--state', 'failed', '--mailbox', 'poison-mb', ...args], { env: { ...process.env, VANTHU_FROM_SOURCE: '1', MONGODB_URI: db.uri, VANTHU_TEST_PREFIX: ctx.prefix }, encoding: 'utf8' });
    const text = cli();
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/failed \(MIME_LIMIT: [^\n]*\n\s+không xử lý được \[MIME_LIMIT\]: Thư có cấu trúc vượt quá giới hạn[^\n]*đã gửi hồi báo 02/);
    const json = JSON.parse(cli('--json').stdout) as { messages: { _id: string; state: string; failure: { code: string; reasonVi: string } }[] };
    expect(json.messages.map((m) => [m._id, m.state, m.failure.code])).toEqual([[pMsg._id, 'failed', 'MIME_LIMIT']]);
    await Promise.all(running.map((r) => r.stop()));
    running = [];
  });

  it('a failure that may pass (the raw bytes unreadable for a while) is retried until it succeeds', async () => {
    const rawDir = mkdtempSync(join(tmpdir(), 'vanthu-raw-'));
    const fsCtx = { ...ctx, raw: new FileRawStore(rawDir) };
    try {
      const sender = freshMailbox(cfg.stack.mailDomains[0]);
      const target = { mailboxId: 'transient-mb', address: `transient@${cfg.stack.mailDomains[1]}`, agencyCode: AGENCY, folder: 'INBOX', uidValidity: '7' };
      await ctx.models.Mailbox.create({ _id: 'transient-mb', agencyCode: AGENCY, address: target.address, host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: target.address, enabled: false } as never).catch(() => undefined);
      const raw = await documentMail({ from: sender.address, to: target.address, messageId: '<transient-1@ubnd.longan.test>' });
      // Stored as the poller stores it, then its file goes away (a volume unmounted, say).
      const [captured] = await captureBatch(ctx.models, fsCtx.raw, target, [{ uid: 1, internalDate: new Date(), source: raw }]);
      expect(captured?.needsIngest).toBe(true);
      const stored = await ctx.models.Message.findById(captured!.id, { rawFileId: 1 }).lean();
      const path = fsCtx.raw.pathOf(stored!.rawFileId!);
      renameSync(path, `${path}.away`);
      running = await startWorkers(fsCtx, ['ingest']);
      await ctx.queues.ingest.add('ingest', { messageKey: captured!.id, cid: '' }, { jobId: ingestJobId(captured!.id) });
      const job = await waitFor('first attempt failed', async () => {
        const j = await ctx.queues.ingest.getJob(ingestJobId(captured!.id));
        return j && j.attemptsMade >= 1 ? j : null;
      });
      expect(job.failedReason).toBeTruthy();
      // Not recorded as failed: it may pass.
      expect((await ctx.models.Message.findById(captured!.id, { state: 1 }).lean())?.state).not.toBe('failed');
      renameSync(`${path}.away`, path);
      const done = await waitFor('analysed after a retry', async () => {
        const m = await ctx.models.Message.findById(captured!.id, { state: 1 }).lean();
        return m && m.state !== 'stored' && m.state !== 'classified' ? m : null;
      }, 30_000);
      expect(done.state).not.toBe('failed');
      const after = await waitFor('the job completed', async () => {
        const j = await ctx.queues.ingest.getJob(ingestJobId(captured!.id));
        return j && (await j.isCompleted()) ? j : null;
      });
      expect(after.attemptsStarted).toBeGreaterThanOrEqual(2);
      await Promise.all(running.map((r) => r.stop()));
      running = [];
    } finally {
      rmSync(rawDir, { recursive: true, force: true });
    }
  });

  it('the hostile-mail set in one poll batch: each stored once, the batch never fails, and ingest ends each as declared', async () => {
    const set = hostileMessages();
    const target = { mailboxId: 'hostile-mb', address: `hostile@${cfg.stack.mailDomains[1]}`, agencyCode: AGENCY, folder: 'INBOX', uidValidity: '9' };
    const batch = set.map((m, i) => ({ uid: i + 1, internalDate: new Date(), source: m.raw }));
    const captured = await captureBatch(ctx.models, ctx.raw, target, batch);
    expect(captured.filter((c) => c.isNew)).toHaveLength(set.length);
    // Fetched again (a reconnect mid-batch): nothing is stored twice.
    const again = await captureBatch(ctx.models, ctx.raw, target, batch);
    expect(again.filter((c) => c.isNew)).toHaveLength(0);
    expect(await ctx.models.Message.countDocuments({ mailboxId: 'hostile-mb' })).toBe(set.length);
    running = await startWorkers(ctx, ['ingest']);
    const jobs = captured.filter((c) => c.needsIngest).map((c) => ({ name: 'ingest' as const, data: { messageKey: c.id, cid: '' }, opts: { jobId: ingestJobId(c.id) } }));
    await ctx.queues.ingest.addBulk(jobs);
    const keyOf = new Map(captured.map((c) => [c.uid, c.id]));
    const final = await waitFor('every hostile message past ingest', async () => {
      const docs = (await ctx.models.Message.find({ mailboxId: 'hostile-mb' }).select('state uid failure').lean()) as unknown as { _id: string; state: string; failure?: { code: string } }[];
      return docs.every((d) => d.state !== 'stored' && d.state !== 'classified') ? docs : null;
    }, 110_000, 1000);
    const byKey = new Map(final.map((d) => [d._id, d]));
    const got = set.map((m, i) => {
      const d = byKey.get(keyOf.get(i + 1)!)!;
      const outcome = d.state === 'failed' ? `failed:${d.failure?.code}` : d.state === 'ready' ? 'registered' : d.state;
      return [m.name, outcome];
    });
    expect(got).toEqual(set.map((m) => [m.name, m.expect]));
    // The poison ones failed after one attempt each.
    for (const m of set.filter((x) => x.expect.startsWith('failed:'))) {
      const job = await ctx.queues.ingest.getJob(ingestJobId(keyOf.get(set.indexOf(m) + 1)!));
      expect(job?.attemptsMade, m.name).toBe(1);
    }
    await Promise.all(running.map((r) => r.stop()));
    running = [];
  }, 150_000);
});
