// Sending what the `ack` queue sends — acknowledgements (01, 02, 03), alerts, failure notices — at
// most once unless proven lost (register/ack-state.ts says what to do next, this does it): the
// intent is written before SMTP, the relay is asked for a DSN, and a run that finds the intent
// with no outcome waits for that DSN before it would send again.
import { DelayedError, type Job } from 'bullmq';
import type { AppContext } from '../runtime/context.js';
import { metrics, observeSmtp } from '../runtime/metrics.js';
import { smtpTransport } from '../mail/smtp.js';
import { classifySmtpError } from '../dispatch/smtp.js';
import { composeAck, type AckInput } from './ack-compose.js';
import { ackSettings, isBounce, isStatusCode, nextAckStep, type AckEvidence, type AckIntent, type AckKind, type AckSettings } from './ack-state.js';
import { withEntryLock } from './entry-lock.js';

/**
 * Test-only fault injection (docs/dispatch.md, as VT_TEST_CRASH_AFTER_SMTP for deliveries): with
 * VT_TEST_CRASH_AFTER_ACK_SMTP=1 the process kills itself right after the relay accepted an
 * acknowledgement and before that is recorded. Not a VANTHU_* name: configuration rejects
 * unknown VANTHU_* variables, and this must never look like a setting.
 */
export const CRASH_AFTER_ACK_SMTP_ENV = 'VT_TEST_CRASH_AFTER_ACK_SMTP';

/** The journal's "this acknowledgement went out": one per status code and message. */
export const onceFor = (statusCode: string) => ({ field: 'statusCode', value: statusCode });

export type Log = { info: (o: object, m: string) => void; warn: (o: object, m: string) => void };

/** How a send ended up recorded: the relay's 250 seen, or a report proving the relay had it. */
export interface SentRecord {
  response: string | null;
  by: 'relay' | 'report';
  evidence: AckEvidence | null;
  /** Sent again after the grace period without a report (same Message-ID): how long it waited. */
  resentAfterMs: number | null;
}

/** One thing the `ack` queue sends (an acknowledgement, an alert, a failure notice), guarded. */
export interface GuardedSend {
  /** Its DSN envelope id (ack-state.ts ackEnvelopeId): the intent's `_id`. */
  envid: string;
  kind: AckKind;
  /** The nodemailer message (its Message-ID stable across resends). */
  mail: { messageId: string } & Record<string, unknown>;
  to: string[];
  agencyCode: string;
  /** The received message it is about (none for an entry typed in by hand) and the entry (03). */
  messageKey: string | null;
  entryId: string | null;
  log: Log;
  /** Under the lock: whether it is already recorded as sent (finishing any record a crash left undone). */
  alreadySent(): Promise<boolean>;
  /** The records once the relay took it (idempotent: retried in place while the database is away). */
  recordSent(r: SentRecord): Promise<void>;
}

/** The key of the lock its checks, send and records are made under (shared with receipts/ack-report.ts). */
export const ackLockKey = (a: { messageKey?: string | null; envid: string }) => a.messageKey || `ack:${a.envid}`;

/**
 * The message's lock while it is sent and recorded: a relay answers in seconds, and a worker that
 * died holding it (or handed its job back at shutdown) must not keep the next one waiting longer
 * than the journal's lock wait (30 s).
 */
const SEND_LOCK_MS = 20_000;

/** How long a sent message's records are retried in place before the job gives up. */
const RECORD_RETRY_MS = 5 * 60_000;

/** An acknowledgement (01, 02, 03) to a document's sender: journal `acknowledged`, and the entry for a 03. */
export function acknowledgement(ctx: AppContext, a: { input: AckInput; envid: string; messageKey: string | null; entryId: string | null; log: Log }): GuardedSend {
  const { input } = a;
  const markEntry = (bounced: AckEvidence | null) => {
    const set: Record<string, unknown> = { 'ack.state': 'sent', 'ack.messageId': input.messageId, 'ack.sentAt': new Date() };
    if (bounced) set['ack.error'] = bounceText(bounced);
    return withEntryLock(ctx, a.entryId!, () => ctx.models.Incoming.updateOne({ _id: a.entryId! }, { $set: set }));
  };
  return {
    envid: a.envid,
    // 01–03 only: the workflow's 04–06 go out as workflow mail (src/workflow/peer.ts).
    kind: input.statusCode as AckKind,
    mail: composeAck(input),
    to: [input.to],
    agencyCode: input.agency.code,
    messageKey: a.messageKey,
    entryId: a.entryId,
    log: a.log,
    // A run after one that stopped between the journal and the entry marks the entry.
    alreadySent: async () => {
      if (!a.messageKey || !(await ctx.journal.has(a.messageKey, 'acknowledged', onceFor(input.statusCode)))) return false;
      if (a.entryId) await markEntry(null);
      return true;
    },
    // The journal first, then the entry: a run stopped in between finds the journal entry.
    recordSent: async (r) => {
      const detail: Record<string, unknown> = { statusCode: input.statusCode, ...sentDetail(a.envid, input.messageId, r) };
      if (a.messageKey) await ctx.journal.noteHeld(a.messageKey, 'acknowledged', { detail, once: onceFor(input.statusCode) });
      if (a.entryId) await markEntry(r.evidence && isBounce(r.evidence) ? r.evidence : null);
    },
  };
}

/** What the journal keeps about a send: its ids, the relay's reply, and how it was known or resent. */
export function sentDetail(envid: string, messageId: string, r: SentRecord): Record<string, unknown> {
  const d: Record<string, unknown> = { messageId, envid, response: r.response };
  if (r.by === 'report' && r.evidence) d.evidence = { kind: r.evidence.kind, action: r.evidence.action, status: r.evidence.status, receipt: r.evidence.receipt };
  if (r.resentAfterMs != null) Object.assign(d, { resend: true, resentAfterMs: r.resentAfterMs });
  return d;
}

export async function sendGuarded(ctx: AppContext, job: Job, token: string | undefined, g: GuardedSend, over: Partial<AckSettings> = {}): Promise<string> {
  const settings = ackSettings(ctx.cfg, over);
  return ctx.journal.locked(ackLockKey(g), async () => {
    // Under the lock, a second run of this job (a stalled job handed out again while the first
    // still runs, after a Redis restart say) finds the first one's records and stops.
    if (await g.alreadySent()) return 'already sent';
    const intent = (await ctx.models.AckSend.findById(g.envid).lean()) as (AckIntent & { attempts?: number; response?: string | null }) | null;
    const step = nextAckStep(intent, new Date(), settings);
    if (step.do === 'record') {
      await record(ctx, g, { response: intent?.response ?? null, by: step.by, evidence: step.evidence, resentAfterMs: null });
      return step.by === 'report' ? `resolved by a report (${step.evidence!.action})` : 'already sent';
    }
    if (step.do === 'wait') {
      if (step.first) {
        await ctx.models.AckSend.updateOne({ _id: g.envid }, { $set: { inDoubtSince: step.since } });
        g.log.warn({ envid: g.envid, messageId: g.mail.messageId, startedAt: intent?.inFlight?.startedAt, graceMs: settings.inDoubtGraceMs }, 'in doubt (an earlier run stopped between SMTP and its record): waiting for the relay\'s report');
      }
      await job.moveToDelayed(Date.now() + step.inMs, token);
      throw new DelayedError();
    }
    if (step.resend) g.log.warn({ envid: g.envid, messageId: g.mail.messageId, waitedMs: step.waitedMs }, 'no report within the grace period: sending it again with the same Message-ID');
    return send(ctx, g, (intent?.attempts ?? 0) + 1, step.resend ? step.waitedMs : null);
  }, SEND_LOCK_MS);
}

async function send(ctx: AppContext, g: GuardedSend, attempt: number, resentAfterMs: number | null): Promise<string> {
  // Written before SMTP: if we die after the relay's 250, the next run finds it (in doubt).
  await ctx.models.AckSend.updateOne(
    { _id: g.envid },
    {
      $set: { messageId: g.mail.messageId, statusCode: g.kind, messageKey: g.messageKey ?? undefined, entryId: g.entryId ?? undefined, agencyCode: g.agencyCode, to: g.to, attempts: attempt, inFlight: { attempt, startedAt: new Date() } },
      $unset: { inDoubtSince: 1 },
    },
    { upsert: true },
  );
  let info: { response?: string };
  try {
    // RFC 3461: NOTIFY=SUCCESS,FAILURE,DELAY and ENVID, RET=HDRS — the report comes back to the
    // agency's mailbox (MAIL FROM) and names what it is about (receipts/ack-report.ts).
    const mail = { ...g.mail, dsn: { id: g.envid, return: 'headers', notify: ['success', 'failure', 'delay'] } };
    info = await observeSmtp(smtpTransport(ctx.cfg).sendMail(mail as Parameters<ReturnType<typeof smtpTransport>['sendMail']>[0]), g.agencyCode);
  } catch (err) {
    // 4xx, 5xx, no connection: the relay certainly does not have it, so the retry is no resend.
    // A connection cut without a reply leaves the intent in flight: the retry waits for a report.
    if (classifySmtpError(err).kind !== 'unknown') await ctx.models.AckSend.updateOne({ _id: g.envid }, { $unset: { inFlight: 1 } }).catch(() => undefined);
    throw err;
  }
  if (process.env[CRASH_AFTER_ACK_SMTP_ENV] === '1') process.kill(process.pid, 'SIGKILL');
  if (isStatusCode(g.kind)) metrics().acknowledgementsSent.inc({ agency: g.agencyCode, status: g.kind });
  g.log.info({ agency: g.agencyCode, kind: g.kind, statusCode: isStatusCode(g.kind) ? g.kind : undefined, ackMessageId: g.mail.messageId, envid: g.envid, response: info.response, resend: resentAfterMs !== null }, isStatusCode(g.kind) ? 'acknowledgement sent' : `${g.kind === 'alert' ? 'alert' : 'failure notice'} sent`);
  await record(ctx, g, { response: info.response ?? null, by: 'relay', evidence: null, resentAfterMs });
  return String(info.response ?? 'sent');
}

/**
 * The caller's records, then the intent's outcome. From here a failed write must not fail the job
 * (its retry would find the intent in flight and wait for a report it may already have had), so
 * the records are retried in place while the database is away.
 */
async function record(ctx: AppContext, g: GuardedSend, r: SentRecord): Promise<void> {
  await untilWritten(g.log, async () => {
    await g.recordSent(r);
    await ctx.models.AckSend.updateOne({ _id: g.envid }, { $set: { acceptedAt: new Date(), ...(r.response ? { response: r.response } : {}) }, $unset: { inFlight: 1, inDoubtSince: 1 } });
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
