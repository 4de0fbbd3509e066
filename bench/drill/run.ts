// One drill: a private stack, a fresh database and Redis prefix, the five worker kinds as real
// processes, and the scenarios one after the other over one continuous flow of mail (a fault's
// aftermath overlaps the next scenario, as in life). Then everything is left to settle and
// checked against the truth (checks.ts); each finding is counted in the row of the scenario
// whose run sent the message concerned.
import { join } from 'node:path';
import { pino } from 'pino';
import { openContext, type AppContext } from '../../src/runtime/context.js';
import { closeDispatchTransports } from '../../src/dispatch/smtp.js';
import { hostileMessages } from '../../test/corpus/hostile/index.js';
import { laterThenOk, startRelay, type Relay } from '../../test/helpers/relay.js';
import { check, DISPATCHED, type Finding } from './checks.js';
import { cuttingProxy, fillDisk, type CuttingProxy } from './faults.js';
import { rng, spread, type DrillOptions } from './options.js';
import { tabulate, type Row, type ScenarioTally } from './report.js';
import { privateStack, sleep, type PrivateStack } from './stack.js';
import { makeWorld, Traffic } from './traffic.js';
import { gather, inDoubt, unsettled } from './truth.js';
import { WORKER_KINDS, WorkerSet, type WorkerKind } from './workers.js';

export interface DrillResult {
  seed: number;
  rows: Row[];
  findings: Finding[];
  tallies: ScenarioTally[];
  notes: string[];
  summary: Record<string, unknown>;
  seconds: number;
}

interface Ctx {
  o: DrillOptions;
  random: () => number;
  stack: PrivateStack;
  ctx: AppContext;
  traffic: Traffic;
  workers: WorkerSet;
  proxy: CuttingProxy;
  relay: Relay;
  tallies: ScenarioTally[];
  scenarioOfRun: Map<string, string>;
  notes: string[];
  log: (s: string) => void;
}

const between = (r: () => number, lo: number, hi: number) => Math.round(lo + r() * (hi - lo));

function tally(c: Ctx, scenario: string, run: string, messages: number): void {
  c.scenarioOfRun.set(run, scenario);
  const t = c.tallies.find((x) => x.scenario === scenario);
  if (t) {
    t.runs++;
    t.messages += messages;
  } else c.tallies.push({ scenario, runs: 1, messages });
}

/** Notes (and restarts) workers that died by themselves: a service restart must not kill one. */
function revive(c: Ctx, after: string): void {
  const dead = c.workers.reviveDead();
  if (dead.length) c.notes.push(`after ${after}: worker(s) ${dead.join(', ')} had exited by themselves and were restarted`);
}

async function killRun(c: Ctx, i: number, kind: WorkerKind, docs: number, recipients: number): Promise<void> {
  const run = `k${i}`;
  tally(c, `kill -9 ${kind}`, run, docs);
  const gap = 40;
  const flow = Promise.all([c.traffic.documents(run, docs, gap), c.traffic.dispatch(run, recipients)]);
  // A random moment while this run's mail is being handed over or worked on.
  const at = between(c.random, 200, docs * (gap + 40) + 3000);
  await sleep(at);
  await c.workers.kill(kind);
  const down = between(c.random, 300, 3000);
  c.log(`run ${run}: kill -9 ${kind} at +${at} ms, restarted after ${down} ms`);
  await sleep(down);
  c.workers.start(kind);
  await flow;
  revive(c, run);
}

async function restartRun(c: Ctx, service: DrillOptions['restarts'][number]): Promise<void> {
  const run = `restart-${service}`;
  tally(c, `restart ${service}`, run, c.o.perFault);
  const flow = Promise.all([c.traffic.documents(run, c.o.perFault, 80), c.traffic.dispatch(run, 2)]);
  const at = between(c.random, 300, c.o.perFault * 100);
  await sleep(at);
  const down = between(c.random, 500, 3000);
  c.log(`run ${run}: ${service} stopped at +${at} ms, started again after ${down} ms`);
  await c.stack.restart(service, down);
  await flow;
  await sleep(2000);
  revive(c, run);
}

async function imapDropRun(c: Ctx): Promise<void> {
  const run = 'imap-drop';
  tally(c, 'IMAP drop mid-FETCH', run, c.o.perFault);
  c.proxy.arm(true);
  const before = c.proxy.cuts();
  await c.traffic.documents(run, c.o.perFault, 100);
  const until = Date.now() + 30_000;
  while (c.proxy.cuts() - before < 3 && Date.now() < until) await sleep(200);
  c.proxy.arm(false);
  c.log(`run ${run}: ${c.proxy.cuts() - before} IMAP connections cut mid-FETCH`);
  if (c.proxy.cuts() === before) c.notes.push('IMAP drop: no FETCH was cut (the poll worker fetched nothing while armed)');
}

async function relayRun(c: Ctx): Promise<void> {
  const run = 'relay-4xx';
  const n = Math.max(2, Math.min(10, c.o.perFault));
  tally(c, 'relay 4xx then 250', run, c.o.perFault);
  // The dispatch worker sends through the drill's relay for this run (451 twice, then 250).
  await c.workers.stop('dispatch');
  c.workers.start('dispatch', { VANTHU_SMTP_PORT: String(c.relay.port) });
  await Promise.all([c.traffic.documents(run, c.o.perFault, 60), c.traffic.dispatch(run, n)]);
  const mine = c.traffic.dispatched.find((d) => d.run === run)?.recipients ?? [];
  const until = Date.now() + 90_000;
  while (mine.some((a) => !c.relay.accepted.includes(a)) && Date.now() < until) await sleep(300);
  c.log(`run ${run}: relay took ${mine.filter((a) => c.relay.accepted.includes(a)).length}/${mine.length} after ${[...c.relay.tries.values()].reduce((a, b) => a + b, 0)} RCPT tries`);
  // Back to Postfix once the relay's acceptances are recorded, with a graceful stop: a kill -9
  // right after a 250 would leave the delivery in doubt (on purpose: at most once), and this
  // relay sends no DSN to resolve it. Kill -9 of the dispatch worker is the kill runs' business.
  const docId = c.traffic.dispatched.find((d) => d.run === run)?.docId;
  const recorded = Date.now() + 30_000;
  while (docId && (await c.ctx.models.Delivery.countDocuments({ docId, state: 'accepted' })) < mine.length && Date.now() < recorded) await sleep(300);
  await c.workers.stop('dispatch');
  c.workers.start('dispatch', {});
}

async function diskFullRun(c: Ctx): Promise<void> {
  if (c.stack.noTmpfs) {
    c.tallies.push({ scenario: 'disk full', runs: 0, messages: 0, skipped: c.stack.noTmpfs });
    c.log(`disk full: skipped (${c.stack.noTmpfs})`);
    return;
  }
  const run = 'disk-full';
  tally(c, 'disk full', run, c.o.perFault);
  const fill = fillDisk(c.stack.dataDir);
  c.log(`run ${run}: data folder full (${Math.round(fill.bytes / 2 ** 20)} MiB filler)`);
  try {
    await c.traffic.documents(run, c.o.perFault, 100);
    await sleep(8000);
  } finally {
    fill.free();
  }
  c.log(`run ${run}: space freed`);
}

async function hostileRun(c: Ctx): Promise<void> {
  const run = 'hostile';
  const set = hostileMessages();
  tally(c, 'hostile mail', run, set.length + c.o.perFault);
  await Promise.all([c.traffic.hostile(run, set), c.traffic.documents(run, c.o.perFault, 100)]);
  c.log(`run ${run}: ${set.length} hostile messages (${set.map((h) => h.name).join(', ')}) among ${c.o.perFault} documents`);
}

export async function runDrill(o: DrillOptions, log: (s: string) => void = (s) => process.stderr.write(`drill: ${s}\n`)): Promise<DrillResult> {
  const t0 = Date.now();
  log(`seed ${o.seed} (DRILL_SEED=${o.seed} repeats this run's choices)`);
  const stack = privateStack(o, log);
  // The stack goes down whatever happens, a failure to come up included.
  try {
    await stack.up();
    return await drill(o, stack, log, t0);
  } finally {
    await stack.down();
  }
}

async function drill(o: DrillOptions, stack: PrivateStack, log: (s: string) => void, t0: number): Promise<DrillResult> {
  const stamp = `d${Date.now().toString(36)}`;
  const mongodbUri = stack.cfg.mongodbUri.replace(/\/([^/?]*)(\?|$)/, `/vanthu_drill_${stamp}$2`);
  const prefix = `vtdrill${stamp}`;
  const ctx = await openContext({ cfg: stack.cfg, mongodbUri, prefix, log: pino({ level: 'silent' }) });
  // A Redis restart is one of the faults: the drill's own connections reconnect by themselves and
  // must not print a stack trace per retry.
  ctx.redis.on('error', () => undefined);
  for (const q of [ctx.queues.ingest, ctx.queues.register, ctx.queues.ack, ctx.queues.dispatch]) q.on('error', () => undefined);
  const random = rng(o.seed);
  const proxy = await cuttingProxy(stack.cfg.stack.imapPort, () => between(random, 100, 1500));
  const relay = await startRelay(laterThenOk(2));
  const workers = new WorkerSet({ configFile: stack.configFile, mongodbUri, prefix, logDir: join(o.root, 'logs', stamp) });
  const c: Ctx = { o, random, stack, ctx, traffic: null as unknown as Traffic, workers, proxy, relay, tallies: [], scenarioOfRun: new Map(), notes: [], log };
  try {
    const world = await makeWorld(ctx, stack.cfg, stamp, proxy.port);
    c.traffic = new Traffic(ctx, stack.cfg, world);
    workers.startAll();
    // Every agency mailbox watched before mail flows (checkpoints are written once a folder is opened).
    const until = Date.now() + 60_000;
    while ((await ctx.models.Checkpoint.countDocuments({ mailboxId: { $in: world.agencies.map((a) => a.mailboxId) } })) < world.agencies.length && Date.now() < until) await sleep(300);

    // Kill runs: each kind in turn, in a seeded order, so that every kind gets its share.
    const order: WorkerKind[] = [];
    while (order.length < o.killRuns) order.push(...[...WORKER_KINDS].sort(() => random() - 0.5));
    const docs = spread(o.messages, o.killRuns);
    const rcpts = spread(o.recipients, o.killRuns);
    for (let i = 0; i < o.killRuns; i++) await killRun(c, i, order[i]!, docs[i]!, rcpts[i]!);
    for (const s of o.restarts) await restartRun(c, s);
    await imapDropRun(c);
    await relayRun(c);
    if (o.diskFull) await diskFullRun(c);
    if (o.hostile) await hostileRun(c);

    log('all scenarios done; waiting for the flow to settle');
    const relayed = () => new Set(relay.tries.keys());
    // Slow is not stuck: wait while the flow makes progress (on a loaded 2-core machine 1,000
    // documents take many minutes to analyse), give up after `stallMs` without any, or at the cap.
    const settleFrom = Date.now();
    let progressAt = Date.now();
    let left: string[] = [];
    let before = '';
    for (;;) {
      revive(c, 'the last scenario');
      const t0 = Date.now();
      left = await unsettled(ctx, stack.cfg, c.traffic, relayed());
      const now = left.join('; ');
      if (now !== before) {
        progressAt = Date.now();
        log(`+${Math.round((Date.now() - settleFrom) / 1000)} s: ${left.length} unsettled${left.length ? ` (${left.slice(0, 3).join('; ')}${left.length > 3 ? '; …' : ''})` : ''}`);
      }
      // Something in doubt waits on its grace period (for a report, then a resend): not a stall.
      else if (left.length) {
        const doubt = await inDoubt(ctx);
        if (doubt.acks + doubt.deliveries > 0) progressAt = Date.now();
      }
      before = now;
      if (!left.length || Date.now() - progressAt > o.stallMs || Date.now() - settleFrom > o.settleMs) break;
      // The check scans collections (FerretDB has no index for them): on a loaded database it can
      // take seconds, so it waits at least as long as it took, leaving the flow it waits for at
      // least half of the database's time.
      await sleep(Math.max(3000, Date.now() - t0));
    }
    const waited = Math.round((Date.now() - settleFrom) / 1000);
    log(`settled in ${waited} s${left.length ? ` — NOT settled: ${left.join('; ')}` : ''}`);
    for (const w of workers.stuck()) c.notes.push(`worker ${w.kind} failed ${w.count} times over ${w.seconds} s with the same error: ${w.err}`);
    if (left.length) c.notes.push(`not settled after ${waited} s (${Date.now() - progressAt > o.stallMs ? `no progress for ${o.stallMs / 1000} s` : 'cap reached'}): ${left.join('; ')}`);
    // Give any late second copy (a resend, a duplicate acknowledgement) time to show.
    await sleep(3000);
    const facts = await gather(ctx, stack.cfg, c.traffic, relay.accepted, relayed());
    const findings = check(facts);
    const states: Record<string, number> = {};
    for (const r of facts.records) states[r.state] = (states[r.state] ?? 0) + 1;
    const summary = {
      inMailboxes: facts.boxes.reduce((a, b) => a + b.imap.length, 0),
      records: facts.records.length,
      states,
      registerEntries: facts.entries.length,
      acknowledgementsInSenderMailbox: [...facts.ackCopies.values()].reduce((a, b) => a + b, 0),
      deliveries: facts.deliveries.length,
      dispatched: facts.deliveries.filter((d) => DISPATCHED.has(d.state)).length,
      documentsHandedOver: facts.documents.filter((d) => d.handedOver).length,
      imapCuts: proxy.cuts(),
    };
    log(`facts: ${JSON.stringify(summary)}`);
    const rows = tabulate(c.tallies, findings, (run) => (run ? (c.scenarioOfRun.get(run) ?? run) : 'unattributed (DSNs, mail without a drill Message-ID)'));
    return { seed: o.seed, rows, findings, tallies: c.tallies, notes: c.notes, summary, seconds: Math.round((Date.now() - t0) / 1000) };
  } finally {
    await workers.stopAll().catch(() => undefined);
    c.traffic?.close();
    closeDispatchTransports();
    await proxy.close();
    await relay.close();
    for (const q of Object.values(ctx.queues)) if (typeof q === 'object' && q && 'obliterate' in q) await (q as { obliterate: (o: { force: boolean }) => Promise<void> }).obliterate({ force: true }).catch(() => undefined);
    await ctx.conn.dropDatabase().catch(() => undefined);
    await ctx.close();
  }
}
