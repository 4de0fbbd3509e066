// A province's worth of mailboxes on the local stack (`npm run bench:scale`; `-- --mailboxes 2000`
// or `-- --2000`; `-- --history 0` skips the 50,000-message mailbox). Creates N sandbox
// mailboxes, starts one poll worker (a real `vanthu worker poll` process), and reports: time
// until all are watched, the worker's RSS, Redis bytes and database documents per mailbox, the
// idle CPU of the worker and of the database, arrival → stored p50/p95 over 48 deliveries; then
// with a second worker: one watcher per mailbox (Dovecot's own count of sessions), and how long
// the survivor takes to adopt a killed worker's mailboxes, with deliveries meanwhile checked for
// loss and doubles; then a mailbox with a 50,000-message history synced while other mailboxes
// keep receiving. Writes bench/out/scale.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { stackUp } from '../src/stack/stack.js';
import { stackPaths } from '../src/stack/paths.js';
import { ensureSandboxMailboxes } from '../src/stack/mailboxes.js';
import { cfg, freshDb, freshPrefix, uniqueName } from '../test/helpers/env.js';
import { spawnWorker, type WorkerProc } from '../test/helpers/procs.js';
import { openContext } from '../src/runtime/context.js';
import { addMailbox } from '../src/ingest/mailboxes.js';
import { documentCount, imapSessions, percentile, redisBytes, round, rssMb, sampleIdle } from './scale/measure.js';
import { appendTimed, fillMaildir, plainMail, storedAfter, type Box } from './scale/traffic.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const N = args.includes('--2000') ? 2000 : Number(flag('mailboxes') ?? process.env.SCALE_MAILBOXES ?? 1000);
const HISTORY = Number(flag('history') ?? process.env.SCALE_HISTORY ?? 50_000);
const IDLE_SECONDS = Number(flag('idle-seconds') ?? 60);
const DELIVERIES = 48;
const log = (s: string) => console.log(`[scale ${new Date().toISOString().slice(11, 19)}] ${s}`);

await stackUp({ quiet: true });
const paths = stackPaths(cfg.home);
const db = await freshDb();
const prefix = freshPrefix();
const ctx = await openContext({ mongodbUri: db.uri, prefix, log: pino({ level: 'silent' }) });
const run = uniqueName('s');
const domain = cfg.stack.mailDomains[1]!;
const boxes: Box[] = Array.from({ length: N }, (_, i) => ({ address: `${run}-${i}@${domain}`, password: cfg.stack.sandboxPassword }));
const workers: WorkerProc[] = [];
const ferretPid = Number(readFileSync(join(paths.run, 'ferretdb.pid'), 'utf8').trim());

function startWorker(): WorkerProc {
  const w = spawnWorker(['worker', 'poll', '--backfill'], { MONGODB_URI: db.uri, VANTHU_TEST_PREFIX: prefix, VANTHU_LOG_LEVEL: 'warn', VANTHU_FROM_SOURCE: '1' });
  workers.push(w);
  return w;
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 1000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const watchingCount = (worker?: WorkerProc) => ctx.models.MailboxState.countDocuments({ state: 'watching', ...(worker ? { worker: new RegExp(`:${worker.pid}$`) } : {}) });

try {
  log(`creating ${N} sandbox mailboxes`);
  ensureSandboxMailboxes(paths, boxes.map((b) => b.address), cfg.stack.sandboxPassword);
  for (let i = 0; i < N; i += 50) {
    await Promise.all(boxes.slice(i, i + 50).map((b, j) => addMailbox(ctx.models, ctx.secrets, { id: `${run}-${i + j}`, agencyCode: '000.00.15.H41', agencyName: 'Sở TT&TT', address: b.address, host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: b.address, password: b.password })));
  }

  // 1. One worker: all watched, memory, Redis, documents, idle CPU.
  log('starting one poll worker');
  const t0 = Date.now();
  const a = startWorker();
  await until('all mailboxes watched', async () => (await watchingCount()) >= N, 10 * 60_000);
  const secondsToWatchAll = round((Date.now() - t0) / 1000);
  log(`all ${N} watched after ${secondsToWatchAll} s; letting it settle, then ${IDLE_SECONDS} s idle`);
  await new Promise((r) => setTimeout(r, 20_000));
  const idle = await sampleIdle({ worker: a.pid, database: ferretPid }, IDLE_SECONDS);
  const redis = await redisBytes(ctx.redis, prefix);
  const docs = await documentCount(ctx.conn);
  log(`idle CPU worker ${idle.cpuPct.worker}% database ${idle.cpuPct.database}%; RSS ${idle.peakRssMb.worker} MB; Redis ${redis.bytes} B in ${redis.keys} keys`);

  // 2. Arrival → stored, one delivery at a time to random mailboxes.
  const latencies: number[] = [];
  const sent: string[] = [];
  for (let i = 0; i < DELIVERIES; i++) {
    const n = Math.floor(Math.random() * N);
    const box = boxes[n]!;
    const id = `<arrival.${i}.${run}@ubnd.longan.test>`;
    sent.push(id);
    const raw = plainMail(box.address, id, `Thư số ${i}`);
    const at = await appendTimed(cfg.stack.imapPort, box, raw);
    latencies.push(await storedAfter(ctx.models, `${run}-${n}`, raw, at));
  }
  const arrivalToStoredMs = { p50: Math.round(percentile(latencies, 50)), p95: Math.round(percentile(latencies, 95)), max: Math.round(Math.max(...latencies)), samples: latencies.length };
  log(`arrival → stored p50 ${arrivalToStoredMs.p50} ms, p95 ${arrivalToStoredMs.p95} ms`);

  // 3. A second worker: the mailboxes are shared, one watcher each; then the first is killed.
  const b = startWorker();
  await until('the two workers to share the mailboxes', async () => {
    const [na, nb] = [await watchingCount(a), await watchingCount(b)];
    return na + nb >= N && Math.abs(na - nb) <= 1 + N * 0.01;
  }, 5 * 60_000, 2000);
  const sessions = imapSessions(join(paths.dovecot, 'dovecot.conf'));
  const ours = boxes.map((x) => sessions.get(x.address) ?? 0);
  const oneWatcherEach = { mailboxes: N, withOne: ours.filter((n) => n === 1).length, withNone: ours.filter((n) => n === 0).length, withMore: ours.filter((n) => n > 1).length };
  log(`shared: ${JSON.stringify(oneWatcherEach)}`);
  await a.kill('SIGKILL');
  const killedAt = Date.now();
  // Deliveries while the survivor adopts the mailboxes.
  const during = Array.from({ length: 20 }, (_, i) => ({ box: boxes[Math.floor(Math.random() * N)]!, id: `<adopt.${i}.${run}@ubnd.longan.test>` }));
  await Promise.all(during.map((d) => appendTimed(cfg.stack.imapPort, d.box, plainMail(d.box.address, d.id, 'Thư trong lúc chuyển giao'))));
  sent.push(...during.map((d) => d.id));
  await until('the survivor to watch every mailbox', async () => (await watchingCount(b)) >= N, 5 * 60_000, 500);
  const adoptionSeconds = round((Date.now() - killedAt) / 1000);
  log(`adopted after ${adoptionSeconds} s`);
  const copies = await until('every delivery stored', async () => {
    const counts = await Promise.all(sent.map((id) => ctx.models.Message.countDocuments({ messageId: id })));
    return counts.every((c) => c >= 1) ? counts : null;
  }, 120_000, 2000).catch(async () => Promise.all(sent.map((id) => ctx.models.Message.countDocuments({ messageId: id }))));
  const lost = copies.filter((c) => c === 0).length;
  const duplicated = copies.filter((c) => c > 1).length;

  // 4. A mailbox with a long history joins while the others keep receiving.
  let history: Record<string, unknown> = { skipped: 'history 0' };
  if (HISTORY > 0) {
    const h: Box = { address: `${run}-history@${domain}`, password: cfg.stack.sandboxPassword };
    ensureSandboxMailboxes(paths, [h.address], cfg.stack.sandboxPassword);
    log(`writing ${HISTORY} messages into a mailbox's Maildir`);
    fillMaildir(paths.mail, h.address, HISTORY);
    const hStart = Date.now();
    await addMailbox(ctx.models, ctx.secrets, { id: `${run}-history`, agencyCode: '000.00.15.H41', agencyName: 'Sở TT&TT', address: h.address, host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: h.address, password: h.password });
    const duringHistory: number[] = [];
    let synced = false;
    const done = until('the history stored', async () => ((await ctx.models.Checkpoint.findById(`${run}-history/INBOX`).lean())?.lastUid ?? 0) >= HISTORY, 60 * 60_000, 2000).then(() => (synced = true));
    for (let i = 0; !synced && i < 400; i++) {
      const n = Math.floor(Math.random() * N);
      const box = boxes[n]!;
      const id = `<during-history.${i}.${run}@ubnd.longan.test>`;
      const raw = plainMail(box.address, id, 'Thư trong lúc đồng bộ');
      const at = await appendTimed(cfg.stack.imapPort, box, raw);
      duringHistory.push(await storedAfter(ctx.models, `${run}-${n}`, raw, at));
      await new Promise((r) => setTimeout(r, 500));
    }
    await done;
    history = {
      messages: HISTORY,
      seconds: round((Date.now() - hStart) / 1000),
      otherArrivalsDuringSync: { samples: duringHistory.length, p50: Math.round(percentile(duringHistory, 50)), p95: Math.round(percentile(duringHistory, 95)) },
      workerRssMbAfter: round(rssMb(b.pid)),
    };
    log(`history: ${JSON.stringify(history)}`);
  }

  const warnings = workers.flatMap((w) => w.logs).filter((l) => l.level === 40).length;
  const result = {
    mailboxes: N,
    rssMb: idle.peakRssMb.worker,
    redisBytesPerMailbox: Math.round(redis.bytes / N),
    documentsPerMailbox: round(docs.total / N, 2),
    secondsToWatchAll,
    idleCpuPct: { worker: idle.cpuPct.worker, database: idle.cpuPct.database, total: round(idle.cpuPct.worker! + idle.cpuPct.database!, 2) },
    arrivalToStoredMs,
    oneWatcherEach,
    adoptionSeconds,
    lost,
    duplicated,
    history,
    warnings,
    documentsByCollection: docs.byCollection,
    measuredAt: new Date().toISOString(),
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync('bench/out', { recursive: true });
  // scale.json is the last run; scale-<N>.json keeps each size's.
  writeFileSync('bench/out/scale.json', JSON.stringify(result, null, 2));
  writeFileSync(`bench/out/scale-${N}.json`, JSON.stringify(result, null, 2));
} finally {
  for (const w of workers) await w.kill('SIGKILL');
  await ctx.models.Mailbox.deleteMany({});
  await ctx.close();
  await db.drop();
}
