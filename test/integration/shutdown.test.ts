// Graceful shutdown of real worker processes (`vanthu worker …`): on SIGTERM a worker stops taking
// jobs, lets the one in flight finish within the grace period or hands it back to its queue, closes
// its connections and exits 0, saying "stopped"; a second signal exits at once. The job in flight
// is an acknowledgement held up by an SMTP server of the test's own, which answers only when told.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cfg, freshDb, freshMailbox, freshPrefix, seedAgencies, waitFor, watchSandboxMailbox } from '../helpers/env.js';
import { readyMessage } from '../helpers/ready-message.js';
import { spawnWorker, type WorkerProc } from '../helpers/procs.js';
import { openContext, type AppContext } from '../../src/runtime/context.js';
import { enqueueAck } from '../../src/register/ack-queue.js';
import { ackJobId } from '../../src/ingest/jobs.js';
import { stackPaths } from '../../src/stack/paths.js';

const AGENCY = '000.00.15.H41';
let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;
let prefix: string;
const procs: WorkerProc[] = [];
let seq = 0;

beforeAll(async () => {
  db = await freshDb();
  prefix = freshPrefix();
  ctx = await openContext({ mongodbUri: db.uri, prefix, log: (await import('pino')).pino({ level: 'silent' }) });
  await seedAgencies(ctx);
});

afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill()));
  for (const q of [ctx.queues.ingest, ctx.queues.ack]) await q.obliterate({ force: true }).catch(() => undefined);
  await ctx.close();
  await db.drop();
});

/** A minimal SMTP server that keeps each client waiting for its greeting until release(). */
async function heldSmtp(): Promise<{ port: number; connections: () => number; release: () => void; close: () => Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('error', () => undefined);
    sock.on('close', () => sockets.delete(sock));
    void released.then(() => {
      if (sock.destroyed) return;
      sock.write('220 held.test ESMTP\r\n');
      let buf = '';
      let inData = false;
      sock.on('data', (d: Buffer) => {
        buf += d.toString('latin1');
        for (let i = buf.indexOf('\r\n'); i >= 0; i = buf.indexOf('\r\n')) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (inData) {
            if (line === '.') {
              inData = false;
              sock.write('250 2.0.0 Ok: queued as HELD1\r\n');
            }
            continue;
          }
          const cmd = line.slice(0, 4).toUpperCase();
          if (cmd === 'EHLO' || cmd === 'HELO') sock.write('250-held.test\r\n250 8BITMIME\r\n');
          else if (cmd === 'DATA') {
            inData = true;
            sock.write('354 go ahead\r\n');
          } else if (cmd === 'QUIT') sock.end('221 bye\r\n');
          else sock.write('250 2.1.0 Ok\r\n');
        }
      });
    });
  });
  let total = 0;
  server.on('connection', () => (total += 1));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => total,
    release,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

function worker(kind: string, env: Record<string, string> = {}): WorkerProc {
  const p = spawnWorker(['worker', kind], { MONGODB_URI: db.uri, VANTHU_TEST_PREFIX: prefix, VANTHU_FROM_SOURCE: '1', ...env });
  procs.push(p);
  return p;
}

/** Resolves with the exit code (or the signal) and how long after `since` the process ended. */
function exited(p: WorkerProc, since: () => number): Promise<{ code: number | null; signal: string | null; afterMs: number }> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve({ code: p.child.exitCode, signal: p.child.signalCode, afterMs: 0 });
    p.child.once('exit', (code, signal) => resolve({ code, signal, afterMs: Date.now() - since() }));
  });
}

const logged = (p: WorkerProc, msg: string) => p.logs.find((l) => l.msg === msg);

/** A message an acknowledgement (01) can be composed for, and its queued ack job's id. */
async function queuedAck(): Promise<{ messageKey: string; jobId: string }> {
  seq += 1;
  const m = readyMessage({ agencyCode: AGENCY, mailboxId: 'mb-shutdown', seq, arrival: new Date() });
  await ctx.models.Message.create({ ...m, state: 'quarantined' } as never);
  await enqueueAck(ctx, { kind: 'received', messageKey: m._id });
  return { messageKey: m._id, jobId: ackJobId(`received:${m._id}`) };
}

describe('graceful shutdown', () => {
  it('an idle ingest worker stops on SIGTERM well within its grace period and exits 0', async () => {
    const p = worker('ingest', { VANTHU_SHUTDOWN_GRACE_MS: '8000' });
    await waitFor('worker started', async () => logged(p, 'worker started'), 60_000);
    let signalledAt = 0;
    const done = exited(p, () => signalledAt);
    signalledAt = Date.now();
    p.child.kill('SIGTERM');
    const r = await done;
    expect(r).toMatchObject({ code: 0, signal: null });
    expect(r.afterMs).toBeLessThan(8000);
    expect(logged(p, 'stopping')).toMatchObject({ reason: 'SIGTERM', graceMs: 8000 });
    expect(logged(p, 'stopped')).toMatchObject({ reason: 'SIGTERM', drained: true, handedBack: 0, closed: true });
  }, 90_000);

  it('a poll worker logs out of the mailbox it watches (the IMAP server says so) and exits 0', async () => {
    const mb = freshMailbox();
    await watchSandboxMailbox(ctx, 'shutdown-poll', mb);
    const p = worker('poll', { VANTHU_SHUTDOWN_GRACE_MS: '8000' });
    await waitFor('watching', () => ctx.models.Checkpoint.findById('shutdown-poll/INBOX').lean(), 60_000);
    const dovecotLog = join(stackPaths(cfg.home).logs, 'dovecot.log');
    // Dovecot writes one line when a session ends, saying how: "Logged out" only after LOGOUT.
    const sessionEnds = () => readFileSync(dovecotLog, 'utf8').split('\n').filter((l) => l.includes(`imap(${mb.address})`) && l.includes('Disconnected'));
    const endedBefore = sessionEnds().length;
    let signalledAt = 0;
    const done = exited(p, () => signalledAt);
    signalledAt = Date.now();
    p.child.kill('SIGTERM');
    const r = await done;
    expect(r).toMatchObject({ code: 0, signal: null });
    expect(r.afterMs).toBeLessThan(8000);
    expect(logged(p, 'stopped')).toMatchObject({ drained: true, closed: true });
    const ended = await waitFor('the session’s end in the IMAP server’s log', async () => (sessionEnds().length > endedBefore ? sessionEnds().slice(endedBefore) : null), 10_000);
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatch(/Disconnected: Logged out/);
  }, 90_000);

  it('a job in flight at SIGTERM finishes within the grace period; nothing new is taken meanwhile', async () => {
    const smtp = await heldSmtp();
    try {
      const p = worker('ack', { VANTHU_SHUTDOWN_GRACE_MS: '15000', VANTHU_SMTP_HOST: '127.0.0.1', VANTHU_SMTP_PORT: String(smtp.port) });
      await waitFor('worker started', async () => logged(p, 'worker started'), 60_000);
      const first = await queuedAck();
      await waitFor('the acknowledgement being sent', async () => smtp.connections() > 0, 30_000);
      let signalledAt = 0;
      const done = exited(p, () => signalledAt);
      signalledAt = Date.now();
      p.child.kill('SIGTERM');
      await waitFor('stopping', async () => logged(p, 'stopping'), 10_000);
      // Queued after the signal: a stopping worker must leave it alone.
      const second = await queuedAck();
      await new Promise((r) => setTimeout(r, 1000));
      expect(p.child.exitCode).toBeNull(); // still finishing the job it holds
      smtp.release();
      const r = await done;
      expect(r).toMatchObject({ code: 0, signal: null });
      expect(r.afterMs).toBeLessThan(15_000);
      expect(logged(p, 'stopped')).toMatchObject({ drained: true, handedBack: 0 });
      expect(await (await ctx.queues.ack.getJob(first.jobId))!.getState()).toBe('completed');
      expect((await ctx.models.Message.findById(first.messageKey).lean())!.stages.map((s) => s.stage)).toEqual(['acknowledged']);
      expect(await (await ctx.queues.ack.getJob(second.jobId))!.getState()).toBe('waiting');
      await (await ctx.queues.ack.getJob(second.jobId))!.remove();
    } finally {
      await smtp.close();
    }
  }, 90_000);

  it('a job still running when the grace period ends is handed back to its queue, and the next worker completes it', async () => {
    const smtp = await heldSmtp();
    try {
      // The handed-back send was cut off mid-SMTP: the next worker holds it in doubt for the
      // grace period (no DSN can come from this fake relay), then sends it (register/ack-state.ts).
      const env = { VANTHU_SHUTDOWN_GRACE_MS: '1500', VANTHU_SMTP_HOST: '127.0.0.1', VANTHU_SMTP_PORT: String(smtp.port), VANTHU_ACK_IN_DOUBT_GRACE_MS: '1000', VANTHU_ACK_IN_DOUBT_RECHECK_MS: '200' };
      const p = worker('ack', env);
      await waitFor('worker started', async () => logged(p, 'worker started'), 60_000);
      const held = await queuedAck();
      await waitFor('the acknowledgement being sent', async () => smtp.connections() > 0, 30_000);
      let signalledAt = 0;
      const done = exited(p, () => signalledAt);
      signalledAt = Date.now();
      p.child.kill('SIGTERM');
      const r = await done;
      expect(r).toMatchObject({ code: 0, signal: null });
      expect(r.afterMs).toBeGreaterThanOrEqual(1500);
      expect(r.afterMs).toBeLessThan(1500 + 5000);
      expect(logged(p, 'stopped')).toMatchObject({ drained: false, handedBack: 1 });
      // Back in the queue at once (not left active until the stalled-job check), no attempt spent.
      const job = (await ctx.queues.ack.getJob(held.jobId))!;
      expect(await job.getState()).toBe('waiting');
      expect(job.attemptsMade).toBe(0);

      smtp.release();
      const next = worker('ack', env);
      await waitFor('completed by the next worker', async () => (await (await ctx.queues.ack.getJob(held.jobId))!.getState()) === 'completed', 60_000);
      expect((await ctx.models.Message.findById(held.messageKey).lean())!.stages.map((s) => s.stage)).toEqual(['acknowledged']);
      await next.kill('SIGTERM');
      expect(next.child.exitCode).toBe(0);
    } finally {
      await smtp.close();
    }
  }, 120_000);

  it('a second signal exits at once', async () => {
    const smtp = await heldSmtp();
    try {
      const p = worker('ack', { VANTHU_SHUTDOWN_GRACE_MS: '60000', VANTHU_SMTP_HOST: '127.0.0.1', VANTHU_SMTP_PORT: String(smtp.port) });
      await waitFor('worker started', async () => logged(p, 'worker started'), 60_000);
      const held = await queuedAck();
      await waitFor('the acknowledgement being sent', async () => smtp.connections() > 0, 30_000);
      let signalledAt = 0;
      const done = exited(p, () => signalledAt);
      p.child.kill('SIGTERM');
      await waitFor('stopping', async () => logged(p, 'stopping'), 10_000);
      signalledAt = Date.now();
      p.child.kill('SIGTERM');
      const r = await done;
      expect(r.code).toBe(128 + 15);
      expect(r.afterMs).toBeLessThan(2000);
      expect(logged(p, 'stopped')).toBeUndefined();
      await (await ctx.queues.ack.getJob(held.jobId))?.remove().catch(() => undefined);
    } finally {
      await smtp.close();
    }
  }, 90_000);
});
