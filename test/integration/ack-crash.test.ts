// An acknowledgement sent at most once unless proven lost (issue 15: the drill's one duplicate).
// The crash that matters: an ack worker process dies right after the relay said 250 for a 03 and
// before it recorded that (VT_TEST_CRASH_AFTER_ACK_SMTP=1 makes it SIGKILL itself at exactly that
// point). The next run must not send again: it finds the intent in flight, waits, and the relay's
// real success DSN — asked for with the acknowledgement, read back from the agency's mailbox by the
// poll and ingest workers — resolves it. The sender's mailbox holds exactly one copy.
// Then: an intent in flight that never reached the relay is sent again after the grace period,
// same Message-ID, recorded as a resend; and a failure DSN about an acknowledgement is recorded as
// a bounce, never as a receipt for the administrator to match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cfg, copiesIn, freshMailbox, seededContext, closeContext, smtp, waitFor, type SandboxMailbox } from '../helpers/env.js';
import { documentMail } from '../helpers/messages.js';
import { spawnWorker, type WorkerProc } from '../helpers/procs.js';
import type { AppContext } from '../../src/runtime/context.js';
import { addMailbox } from '../../src/ingest/mailboxes.js';
import { startWorkers } from '../../src/runtime/run.js';
import { startQueueWorker, type Stoppable } from '../../src/runtime/workers.js';
import { ackJob } from '../../src/register/ack-queue.js';
import { CRASH_AFTER_ACK_SMTP_ENV } from '../../src/register/ack-send.js';
import { ackEnvelopeId } from '../../src/register/ack-state.js';
import { handleReceipt } from '../../src/receipts/handle.js';
import { classifyMessageSync } from '../../src/mail/classify/index.js';
import { closeSmtpTransports } from '../../src/mail/smtp.js';

const AGENCY = '000.00.15.H41';
let env: Awaited<ReturnType<typeof seededContext>>;
let ctx: AppContext;
const running: Stoppable[] = [];
const procs: WorkerProc[] = [];
let R: SandboxMailbox;

beforeAll(async () => {
  env = await seededContext();
  ctx = env.ctx;
  // The agency's official address is the watched mailbox (as in production and the drill): its
  // acknowledgements leave from it, so the relay's DSNs about them come back to it.
  R = freshMailbox(cfg.stack.mailDomains[1]);
  await ctx.models.Agency.updateOne({ _id: AGENCY }, { $set: { address: R.address } });
  ctx.agencies.invalidate();
  await addMailbox(ctx.models, ctx.secrets, {
    id: 'ack-mb', agencyCode: AGENCY, agencyName: 'Sở Thông tin và Truyền thông', address: R.address,
    host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: R.address, password: R.password, pollIntervalSec: 5,
  });
  running.push(...(await startWorkers(ctx, ['poll', 'ingest', 'register'], { leaseTtlMs: 3000 })));
});

afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill()));
  await Promise.all(running.map((r) => r.stop().catch(() => undefined)));
  closeSmtpTransports();
  await closeContext(env.db, ctx, [ctx.queues.ingest, ctx.queues.register, ctx.queues.ack]);
});

function ackWorker(extra: Record<string, string> = {}): WorkerProc {
  const w = spawnWorker(['worker', 'ack'], { MONGODB_URI: env.db.uri, VANTHU_TEST_PREFIX: ctx.prefix, ...extra });
  procs.push(w);
  return w;
}

/** Sends one document from `sender` to the agency and waits for its register entry. */
async function registered(sender: SandboxMailbox, tag: string) {
  const messageId = `<ack-${tag}.${Date.now()}@${sender.address.split('@')[1]}>`;
  const raw = await documentMail({ from: sender.address, to: R.address, messageId, subject: `Công văn số 7/UBND-VX ${tag}` });
  await smtp().sendMail({ envelope: { from: sender.address, to: [R.address] }, raw });
  return waitFor(`the entry of ${tag}`, () => ctx.models.Incoming.findOne({ senderMessageId: messageId }).lean(), 90_000, 300, async () => ({
    // Where the document stopped, when it never reaches the register.
    inMailbox: await copiesIn(R, messageId),
    messages: (await ctx.models.Message.find({}, { state: 1, kind: 1, error: 1, 'stages.stage': 1 }).lean()).slice(-5),
    mailbox: await ctx.models.Mailbox.findById('ack-mb').lean(),
    queues: { ingest: await ctx.queues.ingest.getJobCounts(), register: await ctx.queues.register.getJobCounts() },
  }));
}

const stagesOf = async (key: string) => (await ctx.models.Message.findById(key).lean())!.stages;

describe('an acknowledgement whose worker is killed between the relay\'s 250 and its record', () => {
  it('is not sent again: the run after it waits, the relay\'s DSN resolves it; one copy at the sender', async () => {
    const S = freshMailbox(cfg.stack.mailDomains[0]);
    const crashing = ackWorker({ [CRASH_AFTER_ACK_SMTP_ENV]: '1' });
    const exited = new Promise<{ sig: string | null }>((resolve) => crashing.child.once('exit', (_c, sig) => resolve({ sig })));
    const e = await registered(S, 'crash');
    expect((await exited).sig).toBe('SIGKILL');
    const ackMid = `<ack.${e._id}.${ctx.cfg.instanceId}@${R.address.split('@')[1]}>`;
    // The relay took it (it is in the sender's mailbox), but nothing says so in the register or the journal.
    await waitFor('the 03 at the sender', async () => (await copiesIn(S, ackMid)) === 1, 20_000, 300);
    const envid = ackEnvelopeId('03', e._id);
    const intent = await ctx.models.AckSend.findById(envid).lean();
    expect(intent?.inFlight?.attempt).toBe(1);
    expect(intent?.acceptedAt ?? null).toBeNull();
    expect((await ctx.models.Incoming.findById(e._id).lean())!.ack?.state).toBe('pending');
    expect((await stagesOf(e.messageKey!)).map((s) => s.stage)).not.toContain('acknowledged');

    // A new ack worker takes the stalled job over (after BullMQ's lock expires), finds the intent
    // in flight and waits; a grace period far longer than the test, so a resend would fail it.
    running.push(startQueueWorker(ctx, 'ack', (job, token) => ackJob(ctx, job, token, { inDoubtGraceMs: 600_000, inDoubtRecheckMs: 500 }), 2));
    const done = await waitFor('the 03 recorded', async () => {
      const st = (await stagesOf(e.messageKey!)).find((s) => s.stage === 'acknowledged');
      return st ?? null;
    }, 120_000, 500);
    const detail = done.detail as { statusCode: string; messageId: string; evidence?: { kind: string; action: string; receipt: string }; resend?: boolean };
    expect(detail.statusCode).toBe('03');
    expect(detail.messageId).toBe(ackMid);
    expect(detail.resend).toBeUndefined();
    // Resolved by the relay's report (Postfix: "relayed" for a delivery over LMTP, RFC 3464).
    expect(detail.evidence?.kind).toBe('delivery-report');
    expect(['relayed', 'delivered']).toContain(detail.evidence?.action);
    const dsnRecord = await ctx.models.Message.findById(detail.evidence!.receipt).lean();
    expect(dsnRecord?.kind).toBe('delivery-report');
    expect(dsnRecord?.state).toBe('handled');
    const after = await ctx.models.AckSend.findById(envid).lean();
    expect(after?.inFlight?.attempt ?? null).toBeNull();
    expect(after?.acceptedAt).toBeInstanceOf(Date);
    expect(after?.attempts).toBe(1);
    const entry = (await ctx.models.Incoming.findById(e._id).lean())!;
    expect(entry.ack?.state).toBe('sent');
    expect(entry.ack?.messageId).toBe(ackMid);
    // Journal in order, each once; the report is not a receipt left for the administrator.
    expect((await stagesOf(e.messageKey!)).map((s) => s.stage)).toEqual(['stored', 'classified', 'analysed', 'registered', 'acknowledged']);
    expect(await ctx.models.Unmatched.countDocuments({})).toBe(0);
    await new Promise((r) => setTimeout(r, 3000)); // any second copy would show by now
    expect(await copiesIn(S, ackMid)).toBe(1);
  });

  it('is sent again with the same Message-ID when the grace period passes without a report, recorded as a resend', async () => {
    const S = freshMailbox(cfg.stack.mailDomains[2]);
    // Simulate an attempt that died before the relay got anything: the intent, but no message.
    await Promise.all(running.splice(running.length - 1).map((r) => r.stop()));
    const e = await registered(S, 'lost');
    const envid = ackEnvelopeId('03', e._id);
    await waitFor('the 03 queued', async () => (await ctx.queues.ack.getWaitingCount()) > 0 || null, 20_000, 200);
    const ackMid = `<ack.${e._id}.${ctx.cfg.instanceId}@${R.address.split('@')[1]}>`;
    await ctx.models.AckSend.create({ _id: envid, messageId: ackMid, statusCode: '03', messageKey: e.messageKey, entryId: e._id, to: [S.address], attempts: 1, inFlight: { attempt: 1, startedAt: new Date() } });
    running.push(startQueueWorker(ctx, 'ack', (job, token) => ackJob(ctx, job, token, { inDoubtGraceMs: 2000, inDoubtRecheckMs: 500 }), 2));
    await waitFor('the resent 03', async () => (await copiesIn(S, ackMid)) === 1, 30_000, 300);
    const st = await waitFor('the 03 recorded', async () => (await stagesOf(e.messageKey!)).find((s) => s.stage === 'acknowledged') ?? null, 10_000, 200);
    expect(st.detail).toMatchObject({ statusCode: '03', messageId: ackMid, resend: true });
    expect((st.detail as { resentAfterMs: number }).resentAfterMs).toBeGreaterThanOrEqual(2000);
    expect((await ctx.models.AckSend.findById(envid).lean())?.attempts).toBe(2);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await copiesIn(S, ackMid)).toBe(1);
  });

  it('a failure DSN about an acknowledgement is a bounce on its journal and entry, not an unmatched receipt', async () => {
    const S = freshMailbox(cfg.stack.mailDomains[0]);
    const e = await registered(S, 'bounce');
    const envid = ackEnvelopeId('03', e._id);
    const sent = await waitFor('the 03 recorded', async () => (await ctx.models.AckSend.findById(envid).lean())?.acceptedAt ?? null, 30_000, 300);
    expect(sent).toBeInstanceOf(Date);
    const ackMid = `<ack.${e._id}.${ctx.cfg.instanceId}@${R.address.split('@')[1]}>`;
    // What a relay beyond ours would write when the sender's mailbox no longer exists.
    const raw = Buffer.from(
      [
        'From: MAILER-DAEMON@relay.example (Mail Delivery System)', `To: ${R.address}`, 'Subject: Undelivered Mail Returned to Sender',
        `Message-ID: <bounce.${Date.now()}@relay.example>`, 'Auto-Submitted: auto-replied', 'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"', '',
        '--B', 'Content-Type: text/plain', '', 'I\'m sorry to have to inform you that your message could not be delivered.', '',
        '--B', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; relay.example', `Original-Envelope-Id: ${envid}`, '',
        `Final-Recipient: rfc822; ${S.address}`, 'Action: failed', 'Status: 5.1.1', 'Diagnostic-Code: smtp; 550 5.1.1 User unknown', '',
        '--B', 'Content-Type: text/rfc822-headers', '', `From: ${R.address}`, `To: ${S.address}`, `Message-ID: ${ackMid}`, '', '--B--', '',
      ].join('\r\n'),
    );
    const c = classifyMessageSync(raw);
    expect(c.kind).toBe('delivery-report');
    const key = `ack-mb:bounce-${Date.now()}`;
    expect(await handleReceipt(ctx, key, raw, c)).toBe('handled');
    expect(await handleReceipt(ctx, key, raw, c)).toBe('handled'); // the same report read twice
    const stages = await stagesOf(e.messageKey!);
    const bounced = stages.filter((s) => s.stage === 'ackBounced');
    expect(bounced).toHaveLength(1);
    expect(bounced[0]!.detail).toMatchObject({ statusCode: '03', status: '5.1.1', to: [S.address] });
    expect((await ctx.models.Incoming.findById(e._id).lean())!.ack).toMatchObject({ state: 'sent', error: 'bounced 5.1.1: 550 5.1.1 User unknown' });
    const a = await ctx.models.AckSend.findById(envid).lean();
    expect((a!.evidence as Array<{ action: string }>).filter((x) => x.action === 'failed')).toHaveLength(1);
    expect(await ctx.models.Unmatched.findById(key).lean()).toBeNull();
  });
});
