// Ingestion benchmark on the local stack (`npm run bench:ingest`, N=200 by default: BENCH_N).
// (a) a bare imapflow client getting N messages with PDF attachments (connect, select, fetch,
// logout); (b) the full poll → store → classify path over the same messages; their ratio; arrival-to-stored latency under IDLE
// (p50/p95); peak RSS. Writes bench/out/ingest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { pino } from 'pino';
import { stackUp } from '../src/stack/stack.js';
import { cfg, freshDb, freshMailbox, freshPrefix, waitFor } from '../test/helpers/env.js';
import { documentMail, samplePdf } from '../test/helpers/messages.js';
import { openContext } from '../src/runtime/context.js';
import { addMailbox } from '../src/ingest/mailboxes.js';
import { startIngestWorker } from '../src/runtime/workers.js';
import { PollSupervisor } from '../src/ingest/supervisor.js';
import { ingestHandlers } from '../src/runtime/handlers.js';

const N = Number(process.env.BENCH_N ?? 200);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY ?? 30);

await stackUp({ quiet: true });
const db = await freshDb();
const prefix = freshPrefix();
const ctx = await openContext({ mongodbUri: db.uri, prefix, log: pino({ level: 'silent' }) });
const mb = freshMailbox();
// A realistic attachment: a scanned-size PDF of ~150 KB (incompressible bytes in a stream).
const { PDFDocument } = await import('pdf-lib');
const { randomBytes } = await import('node:crypto');
const doc = await PDFDocument.load(await samplePdf(['UBND TINH LONG AN', 'So: 12/UBND-VX']));
doc.attach(randomBytes(150 * 1024), 'scan.bin', { mimeType: 'application/octet-stream' });
const pdf = Buffer.from(await doc.save());
const raws = await Promise.all(Array.from({ length: N }, (_, i) => documentMail({ from: 'vanthu@ubnd.longan.test', to: mb.address, pdf, messageId: `<bench.${i}.${Date.now()}@ubnd.longan.test>`, subject: `Công văn số ${i + 1}/UBND-VX` })));

{
  const c = mb.imap();
  await c.connect();
  await c.mailboxCreate('Bench');
  for (const r of raws) await c.append('Bench', r);
  await c.logout();
}

// (a) bare imapflow: connect, log in, open the folder, fetch every message's source, log out —
// what any client must do to get the messages, and no more.
let t0 = performance.now();
let bytes = 0;
{
  const c = mb.imap();
  await c.connect();
  const lock = await c.getMailboxLock('Bench');
  for await (const m of c.fetch('1:*', { uid: true, source: true, internalDate: true })) bytes += m.source?.length ?? 0;
  lock.release();
  await c.logout();
}
const bareSeconds = (performance.now() - t0) / 1000;

// (b) full path: poll → store → classify. The poll worker classifies what it fetches and stores
// each message with its classification in one write; documents then wait in the ingest queue for
// the analysis timed separately below. Completion is counted from the watcher's own reports, not
// by querying the database in a loop (which would load the database the path depends on).
await addMailbox(ctx.models, ctx.secrets, { id: 'bench', agencyCode: '000.00.15.H41', agencyName: 'STTTT', address: mb.address, host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: mb.address, password: mb.password, folders: ['Bench'], pollIntervalSec: 30 });
let storedSoFar = 0;
let onStored: (() => void) | null = null;
const poller = new PollSupervisor(
  { models: ctx.models, raw: ctx.raw, ingestQueue: ctx.queues.ingest, log: ctx.log, redis: ctx.redis, secrets: ctx.secrets },
  { prefix: ctx.prefix, backfill: true },
);
poller.onWatcher = (_key, w) => {
  w.onSynced = (n) => {
    storedSoFar += n;
    onStored?.();
  };
};
const until = (n: number) => new Promise<void>((resolve) => {
  const check = () => (storedSoFar >= n ? resolve() : undefined);
  onStored = check;
  check();
});
t0 = performance.now();
await poller.start();
await until(N);
const fullSeconds = (performance.now() - t0) / 1000;
const storedAll = await ctx.models.Message.countDocuments({ mailboxId: 'bench' });
const classifiedAll = await ctx.models.Message.countDocuments({ mailboxId: 'bench', kind: 'document' });

// The same messages through the whole document pipeline (extraction, signature check, policy):
// the ingest jobs the poller queued.
t0 = performance.now();
const analysing = startIngestWorker(ctx, ingestHandlers(), 4);
await waitFor('all analysed', async () => {
  const j = await ctx.queues.ingest.getJobCounts('completed', 'failed');
  return (j.completed ?? 0) + (j.failed ?? 0) >= N;
}, 900_000, 200);
const analyseSeconds = (performance.now() - t0) / 1000;
const analysed = await ctx.models.Message.countDocuments({ mailboxId: 'bench', state: { $in: ['ready', 'refused', 'quarantined', 'failed'] } });
await analysing.stop();
const running = [poller, startIngestWorker(ctx, {}, 4)];

// Latency under IDLE: append one at a time, measure arrival → stored.
const lat: number[] = [];
const c2 = mb.imap();
await c2.connect();
for (let i = 0; i < LATENCY_SAMPLES; i++) {
  const raw = await documentMail({ from: 'vanthu@ubnd.longan.test', to: mb.address, pdf, messageId: `<lat.${i}.${Date.now()}@ubnd.longan.test>` });
  const stored = until(storedSoFar + 1);
  const sent = Date.now();
  await c2.append('Bench', raw);
  await stored;
  lat.push(Date.now() - sent);
  await new Promise((r) => setTimeout(r, 100));
}
await c2.logout();
await Promise.all(running.map((r) => r.stop()));
lat.sort((a, b) => a - b);
const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))]!;
const result = {
  messages: N,
  averageMessageBytes: Math.round(bytes / N),
  bareImapflowFetch: { seconds: +bareSeconds.toFixed(3), messagesPerSecond: +(N / bareSeconds).toFixed(1) },
  fullPollStoreClassify: { seconds: +fullSeconds.toFixed(3), messagesPerSecond: +(N / fullSeconds).toFixed(1), stored: storedAll, classifiedAsDocuments: classifiedAll },
  ratio: +(bareSeconds / fullSeconds).toFixed(3),
  withDocumentAnalysis: { seconds: +analyseSeconds.toFixed(3), messagesPerSecond: +(N / analyseSeconds).toFixed(1), analysed },
  idleArrivalToStoredMs: { samples: lat.length, p50: pct(50), p95: pct(95), max: lat[lat.length - 1] },
  peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  rawStore: cfg.storage?.raw ?? 'gridfs',
  database: cfg.mongodbUri.includes('27117') && !process.env.MONGODB_URI ? 'FerretDB 1.24 (SQLite)' : 'MONGODB_URI',
  at: new Date().toISOString(),
};
mkdirSync('bench/out', { recursive: true });
writeFileSync('bench/out/ingest.json', JSON.stringify(result, null, 2));
console.log(JSON.stringify(result, null, 2));
await ctx.close();
await db.drop();
process.exit(0);
