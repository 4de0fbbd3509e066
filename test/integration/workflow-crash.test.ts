// Nothing lost, nothing recorded twice, whatever crashes: a real `vanthu worker workflow` process
// is killed with SIGKILL at random moments while it presents documents, and started again. Every
// document ends presented, its handling has one 'proposed' and one 'presented' event, and every
// slip reaches the leader exactly once: a kill between the relay's 250 and the record leaves the
// slip in doubt, and the next run waits for the relay's DSN (read back from the agency's mailbox by
// poll and ingest workers) instead of sending it again (workflow/mail.ts; docs/workflow.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { cfg, freshDb, freshMailbox, freshPrefix, inInbox, seedAgencies, setAgency, waitFor, type SandboxMailbox } from '../helpers/env.js';
import { addMailbox } from '../../src/ingest/mailboxes.js';
import { startWorkers } from '../../src/runtime/run.js';
import type { Stoppable } from '../../src/runtime/workers.js';
import { spawnWorker, type WorkerProc } from '../helpers/procs.js';
import { rng } from '../helpers/seeded.js';
import { openContext, type AppContext } from '../../src/runtime/context.js';
import { createServices } from '../../src/service/index.js';
import { cliPrincipal } from '../../src/access/roles.js';
import { HandlingStore } from '../../src/workflow/handling.js';

const STTTT = '000.00.15.H41';
const DOCS = 24;
const KILLS = 3;
const CONCURRENCY = 2;

let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;
let prefix: string;
let leader: SandboxMailbox;
let proc: WorkerProc | null = null;
const running: Stoppable[] = [];

beforeAll(async () => {
  db = await freshDb();
  prefix = freshPrefix();
  ctx = await openContext({ mongodbUri: db.uri, prefix, log: pino({ level: 'silent' }) });
  await seedAgencies(ctx);
  leader = freshMailbox('stttt.longan.test');
  // The agency's address is a watched mailbox: the relay's DSNs about its slips come back there.
  const office = freshMailbox('stttt.longan.test');
  await addMailbox(ctx.models, ctx.secrets, {
    id: 'wf-crash-mb', agencyCode: STTTT, agencyName: 'Sở Thông tin và Truyền thông', address: office.address,
    host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: office.address, password: office.password, pollIntervalSec: 5,
  });
  running.push(...(await startWorkers(ctx, ['poll', 'ingest'], { leaseTtlMs: 3000 })));
  await setAgency(ctx, STTTT, {
    address: office.address,
    units: [{ code: 'KH', name: 'Phòng Kế hoạch', address: freshMailbox('stttt.longan.test').address }],
    workflow: { enabled: true, leaders: [{ name: 'Nguyễn Văn Giám', title: 'Giám đốc', address: leader.address }], rules: [], presentAt: '00:00' },
  });
});

afterAll(async () => {
  await proc?.kill();
  await Promise.all(running.map((r) => r.stop().catch(() => undefined)));
  for (const q of Object.values(ctx.queues)) if (typeof q === 'object' && 'obliterate' in q) await q.obliterate({ force: true }).catch(() => undefined);
  await ctx.close();
  await db.drop();
});

const slipsIn = (mb: SandboxMailbox) =>
  inInbox(mb, async (c) => {
    const ids: string[] = [];
    if (!c.mailbox || c.mailbox.exists === 0) return ids;
    // The slips only (the leader also gets the day's digest).
    for await (const m of c.fetch('1:*', { envelope: true })) if (m.envelope!.messageId!.startsWith('<wf.p.')) ids.push(m.envelope!.messageId!);
    return ids;
  });

describe('the workflow worker killed mid-flow', () => {
  it(`presents all ${DOCS} documents, each recorded once, after ${KILLS} kill -9`, async () => {
    const s = createServices(ctx);
    const ids: string[] = [];
    for (let i = 1; i <= DOCS; i++) {
      const r = await s.register.addPaper(cliPrincipal('test'), STTTT, { arrival: new Date(), organName: 'UBND tỉnh Long An', code: `${i}/UBND-KT`, subject: `V/v thử nghiệm ${i}` });
      ids.push(r.id);
    }
    const rnd = rng(Number(process.env.DRILL_SEED ?? 20261203));
    // A slip in doubt is looked at again every 500 ms. A kill after the attempt was recorded but
    // before the relay had the slip leaves one no report will ever resolve: it is sent again after
    // the grace period, 30 s here (10 min in production). A slip the relay did have is resolved by
    // its DSN within seconds, so a resend is never a second copy.
    const env = { MONGODB_URI: db.uri, VANTHU_TEST_PREFIX: prefix, VANTHU_ACK_IN_DOUBT_RECHECK_MS: '500', VANTHU_ACK_IN_DOUBT_GRACE_MS: '30000' };
    const store = new HandlingStore({ models: ctx.models, redis: ctx.redis, prefix });
    const presented = async () => (await Promise.all(ids.map((id) => store.get(id)))).filter((h) => h?.events.some((e) => e.event === 'presented')).length;
    // What is still waiting, when a wait times out.
    const explain = async () => {
      const unsent = await ctx.models.WorkflowMail.find({ sentAt: { $exists: false } }, { inFlight: 1, inDoubtSince: 1, evidence: 1, attempts: 1 }).lean();
      const atTheLeader = await slipsIn(leader);
      return {
        presented: await presented(),
        unsent: unsent.map((m) => ({ ...m, atTheLeader: atTheLeader.includes(`<${m._id}>`) })),
        jobs: await ctx.queues.workflow.getJobCounts(),
        logs: proc?.logs.filter((l) => l.level !== 30).slice(-8),
      };
    };
    for (let k = 0; k < KILLS; k++) {
      proc = spawnWorker(['worker', 'workflow', '--concurrency', String(CONCURRENCY)], env);
      const before = await presented();
      // Let it get going (some slips sent), then kill it at a random moment.
      await waitFor('the worker to present something', async () => (await presented()) > before || (await presented()) === DOCS, 60_000, 100, explain);
      await new Promise((r) => setTimeout(r, Math.floor(rnd() * 400)));
      await proc.kill('SIGKILL');
    }
    proc = spawnWorker(['worker', 'workflow', '--concurrency', String(CONCURRENCY)], env);
    await waitFor(`all ${DOCS} presented`, async () => (await presented()) === DOCS, 120_000, 300, explain);

    for (const id of ids) {
      const h = (await store.get(id))!;
      expect(h.events.filter((e) => e.event === 'proposed')).toHaveLength(1);
      expect(h.events.filter((e) => e.event === 'presented')).toHaveLength(1);
      expect(h.state).toBe('presented');
    }
    const expected = await Promise.all(ids.map(async (id) => (await ctx.models.WorkflowMail.find({ entryId: id, purpose: 'present' }).lean()).map((m) => `<${m._id}>`)));
    expect(expected.every((x) => x.length === 1)).toBe(true);
    const arrived = await waitFor('every slip in the leader’s mailbox', async () => {
      const got = await slipsIn(leader);
      return expected.every(([mid]) => got.includes(mid!)) ? got : null;
    }, 60_000, 500);
    const resent = (await ctx.models.WorkflowMail.find({ purpose: 'present', resentAfterMs: { $exists: true } }, { _id: 1 }).lean()).length;
    console.log(`workflow crash drill: ${DOCS} documents, ${KILLS} kills, ${arrived.length - DOCS} slip(s) sent twice, ${resent} resent after the grace period`);
    await new Promise((r) => setTimeout(r, 2000)); // any late second copy would show by now
    expect((await slipsIn(leader)).length).toBe(DOCS);
    await proc.kill('SIGTERM');
  }, 300_000);
});
