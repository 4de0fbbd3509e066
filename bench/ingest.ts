// Ingestion benchmark on the local stack (`npm run bench:ingest`, N=200 by default: BENCH_N).
// (a) a bare imapflow fetch of N messages with PDF attachments; (b) the full poll → store →
// classify path over the same messages; their ratio; arrival-to-stored latency under IDLE
// (p50/p95); peak RSS. Writes bench/out/ingest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { pino } from 'pino';
import { stackUp } from '../src/stack/stack.js';
import { cfg, freshDb, freshMailbox, freshPrefix, waitFor } from '../test/helpers/env.js';
import { documentMail, samplePdf } from '../test/helpers/messages.js';
import { openContext } from '../src/runtime/context.js';
import { addMailbox } from '../src/ingest/mailboxes.js';
import { startIngestWorker, startPollWorker } from '../src/runtime/workers.js';
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

const c = mb.imap();
await c.connect();
await c.mailboxCreate('Bench');
for (const r of raws) await c.append('Bench', r);

// (a) bare imapflow fetch
let t0 = performance.now();
const lock = await c.getMailboxLock('Bench');
let bytes = 0;
for await (const m of c.fetch('1:*', { uid: true, source: true, internalDate: true })) bytes += m.source?.length ?? 0;
lock.release();
const bareSeconds = (performance.now() - t0) / 1000;
await c.logout();

// (b) full path: poll → store → classify, taking the messages already in the folder
await addMailbox(ctx.models, ctx.secrets, { id: 'bench', agencyCode: '000.00.15.H41', agencyName: 'STTTT', address: mb.address, host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: mb.address, password: mb.password, folders: ['Bench'], pollIntervalSec: 30 });
// The path (b) is poll → store → classify: the ingest worker classifies and records the
// kind, without the document analysis (extraction, signatures) that registration adds after it.
t0 = performance.now();
const poller = await startPollWorker(ctx, { backfill: true });
const classifier = startIngestWorker(ctx, {}, 4);
await waitFor('all classified', async () => (await ctx.models.Message.countDocuments({ mailboxId: 'bench', kind: { $exists: true } })) >= N, 600_000, 100);
const fullSeconds = (performance.now() - t0) / 1000;
const storedAll = await ctx.models.Message.countDocuments({ mailboxId: 'bench' });
await classifier.stop();

// The same messages through the whole document pipeline (extraction, signature check, policy).
await ctx.models.Message.updateMany({ mailboxId: 'bench' }, { $set: { state: 'stored' }, $unset: { kind: '' } });
const keys = (await ctx.models.Message.find({ mailboxId: 'bench' }, { _id: 1 }).lean()).map((d) => d._id as string);
t0 = performance.now();
const analysing = startIngestWorker(ctx, ingestHandlers(), 4);
await ctx.queues.ingest.addBulk(keys.map((k) => ({ name: 'ingest', data: { messageKey: k }, opts: { jobId: `again-${k.slice(-20)}` } })));
await waitFor('all analysed', async () => (await ctx.models.Message.countDocuments({ mailboxId: 'bench', state: { $in: ['ready', 'refused', 'quarantined', 'failed'] } })) >= N, 900_000, 200);
const analyseSeconds = (performance.now() - t0) / 1000;
await analysing.stop();
const running = [poller, startIngestWorker(ctx, {}, 4)];

// Latency under IDLE: append one at a time, measure arrival → stored.
const lat: number[] = [];
const c2 = mb.imap();
await c2.connect();
for (let i = 0; i < LATENCY_SAMPLES; i++) {
  const raw = await documentMail({ from: 'vanthu@ubnd.longan.test', to: mb.address, pdf, messageId: `<lat.${i}.${Date.now()}@ubnd.longan.test>` });
  const before = await ctx.models.Message.countDocuments({ mailboxId: 'bench' });
  const sent = Date.now();
  await c2.append('Bench', raw);
  await waitFor('stored', async () => (await ctx.models.Message.countDocuments({ mailboxId: 'bench' })) > before, 30_000, 10);
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
  fullPollStoreClassify: { seconds: +fullSeconds.toFixed(3), messagesPerSecond: +(N / fullSeconds).toFixed(1), stored: storedAll },
  ratio: +(bareSeconds / fullSeconds).toFixed(3),
  withDocumentAnalysis: { seconds: +analyseSeconds.toFixed(3), messagesPerSecond: +(N / analyseSeconds).toFixed(1) },
  idleArrivalToStoredMs: { samples: lat.length, p50: pct(50), p95: pct(95), max: lat[lat.length - 1] },
  peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  database: cfg.mongodbUri.includes('27117') && !process.env.MONGODB_URI ? 'FerretDB 1.24 (SQLite)' : 'MONGODB_URI',
  at: new Date().toISOString(),
};
mkdirSync('bench/out', { recursive: true });
writeFileSync('bench/out/ingest.json', JSON.stringify(result, null, 2));
console.log(JSON.stringify(result, null, 2));
await ctx.close();
await db.drop();
process.exit(0);
