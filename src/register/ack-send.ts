// Sending one acknowledgement at most once unless proven lost (register/ack-state.ts says what to
// do next, this does it): the intent is written before SMTP, the relay is asked for a DSN, and a
// run that finds the intent with no outcome waits for that DSN before it would send again.
import { DelayedError, type Job } from 'bullmq';
import type { AppContext } from '../runtime/context.js';
import { metrics, observeSmtp } from '../runtime/metrics.js';
import { smtpTransport } from '../mail/smtp.js';
import { classifySmtpError } from '../dispatch/smtp.js';
import { composeAck, type AckInput } from './ack-compose.js';
import { ackSettings, isBounce, nextAckStep, type AckEvidence, type AckIntent, type AckSettings } from './ack-state.js';

/**
 * Test-only fault injection (docs/dispatch.md, as VT_TEST_CRASH_AFTER_SMTP for deliveries): with
 * VT_TEST_CRASH_AFTER_ACK_SMTP=1 the process kills itself right after the relay accepted an
 * acknowledgement and before that is recorded. Not a VANTHU_* name: configuration rejects
 * unknown VANTHU_* variables, and this must never look like a setting.
 */
export const CRASH_AFTER_ACK_SMTP_ENV = 'VT_TEST_CRASH_AFTER_ACK_SMTP';

/** The journal's "this acknowledgement went out": one per status code and message. */
export const onceFor = (statusCode: string) => ({ field: 'statusCode', value: statusCode });

type Log = { info: (o: object, m: string) => void; warn: (o: object, m: string) => void };

export interface AckSend {
  input: AckInput;
  /** Its DSN envelope id (ack-state.ts ackEnvelopeId): the intent's `_id`. */
  envid: string;
  /** The received message whose journal records it (none for an entry typed in by hand). */
  messageKey: string | null;
  /** The register entry a 03 is about (its `ack` is marked sent too). */
  entryId: string | null;
  log: Log;
}

/** The key of the lock its checks, send and records are made under (shared with receipts/ack-report.ts). */
export const ackLockKey = (a: { messageKey?: string | null; envid: string }) => a.messageKey || `ack:${a.envid}`;

/**
 * The message's lock while an acknowledgement is sent and recorded: a relay answers in seconds,
 * and a worker that died holding it (or handed its job back at shutdown) must not keep the next
 * one waiting longer than the journal's lock wait (30 s).
 */
const SEND_LOCK_MS = 20_000;

/** How long a sent acknowledgement's records are retried in place before the job gives up. */
const RECORD_RETRY_MS = 5 * 60_000;

export async function sendAcknowledgement(ctx: AppContext, job: Job, token: string | undefined, a: AckSend, over: Partial<AckSettings> = {}): Promise<string> {
  const settings = ackSettings(ctx.cfg, over);
  return ctx.journal.locked(ackLockKey(a), async () => {
    // Under the lock, a second run of this job (a stalled job handed out again while the first
    // still runs, after a Redis restart say) finds the first one's records and stops; so does a
    // run after one that stopped between the journal and the entry (it marks the entry).
    if (a.messageKey && (await ctx.journal.has(a.messageKey, 'acknowledged', onceFor(a.input.statusCode)))) {
      if (a.entryId) await ctx.models.Incoming.updateOne({ _id: a.entryId }, { $set: { 'ack.state': 'sent', 'ack.messageId': a.input.messageId, 'ack.sentAt': new Date() } });
      return 'already sent';
    }
    const intent = (await ctx.models.AckSend.findById(a.envid).lean()) as (AckIntent & { attempts?: number; response?: string | null }) | null;
    const step = nextAckStep(intent, new Date(), settings);
    if (step.do === 'record') {
      await record(ctx, a, { response: intent?.response ?? null, by: step.by, evidence: step.evidence });
      return step.by === 'report' ? `resolved by a report (${step.evidence!.action})` : 'already sent';
    }
    if (step.do === 'wait') {
      if (step.first) {
        await ctx.models.AckSend.updateOne({ _id: a.envid }, { $set: { inDoubtSince: step.since } });
        a.log.warn({ envid: a.envid, ackMessageId: a.input.messageId, startedAt: intent?.inFlight?.startedAt, graceMs: settings.inDoubtGraceMs }, 'acknowledgement in doubt (an earlier run stopped between SMTP and its record): waiting for the relay\'s report');
      }
      await job.moveToDelayed(Date.now() + step.inMs, token);
      throw new DelayedError();
    }
    if (step.resend) a.log.warn({ envid: a.envid, ackMessageId: a.input.messageId, waitedMs: step.waitedMs }, 'no report on an acknowledgement in doubt within the grace period: sending it again with the same Message-ID');
    return send(ctx, a, (intent?.attempts ?? 0) + 1, step.resend ? step.waitedMs : null);
  }, SEND_LOCK_MS);
}

async function send(ctx: AppContext, a: AckSend, attempt: number, resentAfterMs: number | null): Promise<string> {
  const { input, envid } = a;
  // Written before SMTP: if we die after the relay's 250, the next run finds it (in doubt).
  await ctx.models.AckSend.updateOne(
    { _id: envid },
    {
      $set: { messageId: input.messageId, statusCode: input.statusCode, messageKey: a.messageKey ?? undefined, entryId: a.entryId ?? undefined, agencyCode: input.agency.code, to: input.to, attempts: attempt, inFlight: { attempt, startedAt: new Date() } },
      $unset: { inDoubtSince: 1 },
    },
    { upsert: true },
  );
  let info: { response?: string };
  try {
    // RFC 3461: NOTIFY=SUCCESS,FAILURE,DELAY and ENVID, RET=HDRS — the report comes back to the
    // agency's mailbox (MAIL FROM) and names this acknowledgement (receipts/ack-report.ts).
    const mail = { ...composeAck(input), dsn: { id: envid, return: 'headers', notify: ['success', 'failure', 'delay'], recipient: input.to } };
    info = await observeSmtp(smtpTransport(ctx.cfg).sendMail(mail as Parameters<ReturnType<typeof smtpTransport>['sendMail']>[0]), input.agency.code);
  } catch (err) {
    // 4xx, 5xx, no connection: the relay certainly does not have it, so the retry is no resend.
    // A connection cut without a reply leaves the intent in flight: the retry waits for a report.
    if (classifySmtpError(err).kind !== 'unknown') await ctx.models.AckSend.updateOne({ _id: envid }, { $unset: { inFlight: 1 } }).catch(() => undefined);
    throw err;
  }
  if (process.env[CRASH_AFTER_ACK_SMTP_ENV] === '1') process.kill(process.pid, 'SIGKILL');
  metrics().acknowledgementsSent.inc({ agency: input.agency.code, status: input.statusCode });
  a.log.info({ agency: input.agency.code, statusCode: input.statusCode, ackMessageId: input.messageId, envid, response: info.response, resend: resentAfterMs !== null }, 'acknowledgement sent');
  await record(ctx, a, { response: info.response ?? null, by: 'relay', evidence: null, resentAfterMs });
  return String(info.response ?? 'sent');
}

/**
 * The journal first, then the entry, then the intent: a run stopped in between finds the journal
 * entry and only marks the entry. From here a failed write must not fail the job (its retry would
 * find the intent in flight and wait for a report it may already have had), so the records are
 * retried in place while the database is away.
 */
async function record(ctx: AppContext, a: AckSend, o: { response: string | null; by: 'relay' | 'report'; evidence: AckEvidence | null; resentAfterMs?: number | null }): Promise<void> {
  const { input } = a;
  const bounced = o.evidence && isBounce(o.evidence) ? o.evidence : null;
  const detail: Record<string, unknown> = { statusCode: input.statusCode, messageId: input.messageId, envid: a.envid, response: o.response };
  if (o.by === 'report') detail.evidence = { kind: o.evidence!.kind, action: o.evidence!.action, status: o.evidence!.status, receipt: o.evidence!.receipt };
  if (o.resentAfterMs != null) Object.assign(detail, { resend: true, resentAfterMs: o.resentAfterMs });
  await untilWritten(a.log, async () => {
    if (a.messageKey) await ctx.journal.noteHeld(a.messageKey, 'acknowledged', { detail, once: onceFor(input.statusCode) });
    if (a.entryId) {
      const set: Record<string, unknown> = { 'ack.state': 'sent', 'ack.messageId': input.messageId, 'ack.sentAt': new Date() };
      if (bounced) set['ack.error'] = bounceText(bounced);
      await ctx.models.Incoming.updateOne({ _id: a.entryId }, { $set: set });
    }
    await ctx.models.AckSend.updateOne({ _id: a.envid }, { $set: { acceptedAt: new Date(), ...(o.response ? { response: o.response } : {}) }, $unset: { inFlight: 1, inDoubtSince: 1 } });
  });
}

/** The entry's `ack.error` for a bounced acknowledgement. */
export function bounceText(e: Pick<AckEvidence, 'status' | 'diagnostic'>): string {
  return `bounced${e.status ? ` ${e.status}` : ''}${e.diagnostic ? `: ${e.diagnostic}` : ''}`;
}

/** Runs `write` until it succeeds (idempotent writes only), waiting 1–5 s between tries. */
async function untilWritten(log: Log, write: () => Promise<void>): Promise<void> {
  const until = Date.now() + RECORD_RETRY_MS;
  for (let wait = 1000; ; wait = Math.min(wait * 2, 5000)) {
    try {
      return await write();
    } catch (err) {
      if (Date.now() > until) throw err;
      log.warn({ err: (err as Error).message, retryInMs: wait }, 'acknowledgement sent, but not yet recorded: retrying the record');
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
