// Nothing lost, nothing recorded twice, whatever crashes: a real `vanthu worker workflow` process
// is killed with SIGKILL at random moments while it presents documents, and started again. Every
// document ends presented, its handling has one 'proposed' and one 'presented' event, and every
// slip reaches the leader. A slip can be sent twice only when the process dies between the relay's
// 250 and the record (at least once, with the same Message-ID; docs/workflow.md): at most the
// worker's concurrency per kill.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { freshDb, freshMailbox, freshPrefix, inInbox, seedAgencies, setAgency, waitFor, type SandboxMailbox } from '../helpers/env.js';
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

beforeAll(async () => {
  db = await freshDb();
  prefix = freshPrefix();
  ctx = await openContext({ mongodbUri: db.uri, prefix, log: pino({ level: 'silent' }) });
  await seedAgencies(ctx);
  leader = freshMailbox('stttt.longan.test');
  await setAgency(ctx, STTTT, {
    units: [{ code: 'KH', name: 'Phòng Kế hoạch', address: freshMailbox('stttt.longan.test').address }],
    workflow: { enabled: true, leaders: [{ name: 'Nguyễn Văn Giám', title: 'Giám đốc', address: leader.address }], rules: [], presentAt: '00:00' },
  });
});

afterAll(async () => {
  await proc?.kill();
  for (const q of Object.values(ctx.queues)) if (typeof q === 'object' && 'obliterate' in q) await q.obliterate({ force: true }).catch(() => undefined);
  await ctx.close();
  await db.drop();
});

const slipsIn = (mb: SandboxMailbox) =>
  inInbox(mb, async (c) => {
    const ids: string[] = [];
    if (!c.mailbox || c.mailbox.exists === 0) return ids;
    for await (const m of c.fetch('1:*', { envelope: true })) ids.push(m.envelope!.messageId!);
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
    const env = { MONGODB_URI: db.uri, VANTHU_TEST_PREFIX: prefix };
    const store = new HandlingStore({ models: ctx.models, redis: ctx.redis, prefix });
    const presented = async () => (await Promise.all(ids.map((id) => store.get(id)))).filter((h) => h?.events.some((e) => e.event === 'presented')).length;
    for (let k = 0; k < KILLS; k++) {
      proc = spawnWorker(['worker', 'workflow', '--concurrency', String(CONCURRENCY)], env);
      const before = await presented();
      // Let it get going (some slips sent), then kill it at a random moment.
      await waitFor('the worker to present something', async () => (await presented()) > before || (await presented()) === DOCS, 60_000, 100);
      await new Promise((r) => setTimeout(r, Math.floor(rnd() * 400)));
      await proc.kill('SIGKILL');
    }
    proc = spawnWorker(['worker', 'workflow', '--concurrency', String(CONCURRENCY)], env);
    await waitFor(`all ${DOCS} presented`, async () => (await presented()) === DOCS, 120_000, 300, async () => ({ presented: await presented() }));

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
    const extra = arrived.length - DOCS;
    console.log(`workflow crash drill: ${DOCS} documents, ${KILLS} kills, ${extra} slip(s) sent twice (same Message-ID)`);
    expect(extra).toBeLessThanOrEqual(KILLS * CONCURRENCY);
    await proc.kill('SIGTERM');
  }, 300_000);
});
