// Dispatch benchmark: N recipients (default 300, sandbox mailboxes over the three sandbox domains)
// through the local Postfix, two ways:
//   full — sendDocument → `dispatch` queue → worker → SMTP (pooled, DSN) → 'accepted' recorded
//          (timed from the call to the last delivery recorded as accepted in the database);
//   bare — the same composed messages through a bare nodemailer pooled transport, all at once.
// Each run starts with Postfix's queue empty; two rounds, alternating which goes first.
// Same SMTP settings (cfg.smtp: pool, maxConnections) for both. The ratio full/bare is the cost
// of the bookkeeping that makes sending exactly-once-ish and auditable (target ≥ 0.7).
// Run: npm run bench:dispatch [-- N]  -> prints the figures and writes bench/out/dispatch.json.
import { seedSandboxAgencies } from '../src/agency/sandbox.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import nodemailer from 'nodemailer';
import { loadConfig } from '../src/config/index.js';
import { stackPaths } from '../src/stack/paths.js';
import { ensureSandboxMailboxes } from '../src/stack/mailboxes.js';
import { connectDb } from '../src/store/db.js';
import { openContext } from '../src/runtime/context.js';
import { startQueueWorker } from '../src/runtime/workers.js';
import { sendDocument, type SendAccepted } from '../src/dispatch/send.js';
import { dispatchProcessor } from '../src/dispatch/job.js';
import { composeDelivery } from '../src/dispatch/compose.js';
import { closeDispatchTransports } from '../src/dispatch/smtp.js';
import { samplePdf } from '../test/helpers/messages.js';

const N = Number(process.argv[2] ?? process.env.DISPATCH_BENCH_N ?? 300);
const CONCURRENCY = Number(process.env.DISPATCH_BENCH_CONCURRENCY ?? 16);
const cfg = loadConfig();
const stamp = Date.now().toString(36);

async function main(): Promise<void> {
  const domains = cfg.stack.mailDomains;
  const sender = `bench-sender-${stamp}@${domains[1]}`;
  const recipients = Array.from({ length: N }, (_, i) => `bench${i}-${stamp}@${domains[i % domains.length]}`);
  ensureSandboxMailboxes(stackPaths(cfg.home), [sender, ...recipients], cfg.stack.sandboxPassword);

  const dbName = `vanthu_bench_${stamp}`;
  const uri = cfg.mongodbUri.replace(/\/([^/?]*)(\?|$)/, `/${dbName}$2`);
  const ctx = await openContext({ mongodbUri: uri, prefix: `vtbench${stamp}`, log: pino({ level: 'warn' }) });
  await ctx.models.Mailbox.create({ _id: 'bench', agencyCode: '000.00.15.H41', agencyName: 'Bench', address: sender, host: '127.0.0.1', port: 1, tls: 'none', user: sender });
  const pdf = await samplePdf();
  await seedSandboxAgencies(ctx);
  const agency = (await ctx.agencies.get('000.00.15.H41'))!;

  // bare: one pooled transport, every message handed over at once (nodemailer queues them).
  const bareTransport = nodemailer.createTransport({
    host: cfg.smtp.host,
    port: cfg.smtp.port,
    secure: cfg.smtp.secure,
    ignoreTLS: true,
    pool: true,
    maxConnections: cfg.smtp.maxConnections,
    maxMessages: 1000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  const mails = recipients.map((to, i) =>
    composeDelivery({
      instanceId: cfg.instanceId,
      peer: null,
      from: { address: sender, agency },
      to,
      envid: `dbare${stamp}.${i}`,
      messageId: `<dbare${stamp}.${i}.bench@${domains[1]}>`,
      subject: 'Công văn số 01/STTTT-VP (bench)',
      codeRaw: '01/STTTT-VP',
      metadata: { codeNumber: '01', codeNotation: 'STTTT-VP', subject: 'bench' },
      files: [{ filename: 'cv.pdf', contentType: 'application/pdf', content: pdf }],
    }),
  );
  // Warm both paths (connections, JIT, indexes) before timing.
  await Promise.all(mails.slice(0, 5).map((m) => bareTransport.sendMail(m as never)));
  const worker = startQueueWorker(ctx, 'dispatch', dispatchProcessor(ctx), CONCURRENCY);
  const warm = (await sendDocument(ctx, { from: sender, to: recipients.slice(0, 5), files: [{ filename: 'cv.pdf', content: pdf }], number: 1 })) as SendAccepted;
  await waitAccepted(ctx, warm.id, 5);

  // The relay delivers what it accepted into Dovecot after the fact; that work must not overlap
  // the next measurement, so each run starts with an empty Postfix queue. Two rounds in
  // alternating order (bare, full, full, bare) so neither always goes first.
  const bareRuns: number[] = [];
  const fullRuns: number[] = [];
  const queuedRuns: number[] = [];
  let lastId = '';
  const runBare = async () => {
    await postfixIdle();
    const b0 = performance.now();
    await Promise.all(mails.map((m) => bareTransport.sendMail(m as never)));
    bareRuns.push((performance.now() - b0) / 1000);
  };
  const runFull = async () => {
    await postfixIdle();
    const f0 = performance.now();
    const r = await sendDocument(ctx, { from: sender, to: recipients, files: [{ filename: 'cv.pdf', content: pdf }] });
    if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.reasons)}`);
    queuedRuns.push((performance.now() - f0) / 1000);
    await waitAccepted(ctx, r.id, N);
    fullRuns.push((performance.now() - f0) / 1000);
    lastId = r.id;
  };
  for (const step of [runBare, runFull, runFull, runBare]) await step();
  bareTransport.close();
  const bareSec = mean(bareRuns);
  const fullSec = mean(fullRuns);
  const queuedSec = mean(queuedRuns);
  const r = { id: lastId };

  const failed = await ctx.models.Delivery.countDocuments({ docId: r.id, state: { $nin: ['accepted', 'relayed', 'delivered'] } });
  const out = {
    recipients: N,
    smtp: { host: cfg.smtp.host, port: cfg.smtp.port, maxConnections: cfg.smtp.maxConnections, perDomainConcurrency: cfg.smtp.perDomainConcurrency },
    workerConcurrency: CONCURRENCY,
    database: uri.replace(/\/\/[^@]*@/, '//'),
    full: { seconds: round(fullSec), recipientsPerSecond: round(N / fullSec), registerAndEnqueueSeconds: round(queuedSec), notAccepted: failed, runsSeconds: fullRuns.map(round) },
    bare: { seconds: round(bareSec), recipientsPerSecond: round(N / bareSec), runsSeconds: bareRuns.map(round) },
    ratio: round(bareSec / fullSec),
    node: process.version,
    at: new Date().toISOString(),
  };
  console.log(JSON.stringify(out, null, 2));
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'out');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'dispatch.json'), JSON.stringify(out, null, 2) + '\n');

  await worker.stop();
  closeDispatchTransports();
  await ctx.queues.dispatch.obliterate({ force: true }).catch(() => undefined);
  await ctx.conn.dropDatabase().catch(() => undefined);
  await ctx.close();
  const conn = await connectDb(uri);
  await conn.dropDatabase().catch(() => undefined);
  await conn.close();
}

const round = (x: number) => Math.round(x * 100) / 100;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Waits until the local Postfix has delivered everything it accepted (its queue is empty). */
async function postfixIdle(): Promise<void> {
  const etc = join(stackPaths(cfg.home).postfix, 'etc');
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    const out = spawnSync('postqueue', ['-c', etc, '-p'], { encoding: 'utf8' });
    if (/Mail queue is empty/.test(out.stdout ?? '')) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the Postfix queue did not drain within 180 s');
}

// Completion is watched in Redis (the job ends after its outcome is recorded), not by querying
// the database in a loop, which would load the database the measured path depends on.
async function waitAccepted(ctx: Awaited<ReturnType<typeof openContext>>, _docId: string, n: number): Promise<void> {
  const until = Date.now() + 600_000;
  const base = doneBefore;
  for (;;) {
    const c = await ctx.queues.dispatch.getJobCounts('completed', 'failed');
    const done = (c.completed ?? 0) + (c.failed ?? 0) - base;
    if (done >= n) {
      doneBefore += n;
      return;
    }
    if (Date.now() > until) throw new Error(`only ${done}/${n} deliveries settled`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
let doneBefore = 0;

await main();
process.exit(0);
