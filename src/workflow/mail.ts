// The workflow's own mail: its Message-IDs and how each one is sent once and remembered.
//
// A reply is matched to what it answers by the Message-IDs in its In-Reply-To and References
// (RFC 5322 §3.6.4), never by its subject. Each id carries a keyed tag (SecretBox.tag) over its
// other parts, so an id cannot be made up by someone who never received the mail it names: a
// forged reply must at least come from a copy of the real one. Who may answer a given mail is the
// `to` recorded with it; reply.ts also checks the origin of the answer as dispatch by e-mail does.
import { createHash } from 'node:crypto';
import type { Model } from 'mongoose';
import { classifySmtpError } from '../dispatch/smtp.js';
import { nextAckStep, type AckEvidence, type AckIntent, type AckSettings } from '../register/ack-state.js';
import type { SecretBox } from '../store/secrets.js';
import type { WorkflowMailDoc } from './model.js';

export type MailPurpose = 'present' | 'handover' | 'answer' | 'notice' | 'reminder' | 'digest' | 'peer';

const LETTER: Record<MailPurpose, string> = { present: 'p', handover: 'h', answer: 'a', notice: 'n', reminder: 'r', digest: 'd', peer: 's' };
const PURPOSE = Object.fromEntries(Object.entries(LETTER).map(([k, v]) => [v, k])) as Record<string, MailPurpose>;
const ID = /^<?wf\.([a-z])\.([A-Za-z0-9-]{1,64})\.([A-Za-z0-9_-]{1,64})\.([a-z2-7]{16})@([^>\s]+)>?$/;

/** A Message-ID for one workflow mail (`part` tells apart several of one purpose: unit, day, reply). */
export function workflowMessageId(secrets: Pick<SecretBox, 'tag'>, purpose: MailPurpose, entryId: string, part: string, domain: string): string {
  const p = `${LETTER[purpose]}.${entryId}.${part.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64)}`;
  return `<wf.${p}.${secrets.tag('workflow-mail', p)}@${domain}>`;
}

/** Does this look like one of our workflow ids (for routing; the tag is checked by `ourMail`)? */
export function looksLikeWorkflowId(id: string | null | undefined): boolean {
  return !!id && /^<?wf\.[a-z]\./.test(id);
}

/** The purpose and entry of one of our ids whose tag is right; null for anything else. */
export function parseWorkflowId(secrets: Pick<SecretBox, 'tag'>, id: string): { purpose: MailPurpose; entryId: string } | null {
  const m = ID.exec(id.trim());
  if (!m || !PURPOSE[m[1]!]) return null;
  const p = `${m[1]}.${m[2]}.${m[3]}`;
  return secrets.tag('workflow-mail', p) === m[4] ? { purpose: PURPOSE[m[1]!]!, entryId: m[2]! } : null;
}

/** The `workflow_mail` record's `_id`: the Message-ID without its angle brackets. */
export const mailRecordId = (messageId: string) => messageId.replace(/^<|>$/g, '');

/**
 * Test-only fault injection (as VT_TEST_CRASH_AFTER_ACK_SMTP for acknowledgements): the process
 * kills itself right after the relay accepted a workflow mail and before that is recorded: any
 * mail with `1`, one of a purpose with its name (`present`).
 */
export const CRASH_AFTER_WORKFLOW_SMTP_ENV = 'VT_TEST_CRASH_AFTER_WORKFLOW_SMTP';

/** The DSN envelope id (RFC 3461 ENVID) of a workflow mail: `w.` and 24 hex digits of its id's SHA-256. */
export function workflowEnvelopeId(messageId: string): string {
  return `w.${createHash('sha256').update(mailRecordId(messageId)).digest('hex').slice(0, 24)}`;
}

/** An earlier run stopped between the relay's 250 and its record: wait for evidence until `retryAt`. */
export class MailInDoubt extends Error {
  readonly code = 'MAIL_IN_DOUBT';
  constructor(
    readonly messageId: string,
    readonly retryAt: Date,
  ) {
    super(`workflow mail ${messageId} is in doubt (an earlier run stopped between SMTP and its record): waiting for the relay's report`);
    this.name = 'MailInDoubt';
  }
}

export interface SendOnceDeps {
  WorkflowMail: Model<WorkflowMailDoc>;
  send: (mail: Record<string, unknown>) => Promise<{ response?: string }>;
  /** Runs `fn` holding the mail's lock (a second run of the same step waits, then finds the first's record). */
  lock: <T>(id: string, fn: () => Promise<T>) => Promise<T>;
  settings: AckSettings;
}

type MailIntent = Pick<WorkflowMailDoc, 'sentAt' | 'inDoubtSince' | 'attempts'> & { inFlight?: AckIntent['inFlight']; evidence?: AckEvidence[] | null };

/**
 * Sends one workflow mail at most once unless proven lost, as acknowledgements are
 * (register/ack-state.ts): the record is written first (so that a reply arriving at once finds
 * it), then the attempt in flight, then SMTP with a DSN request, then `sentAt`. A run that finds
 * the attempt in flight without `sentAt` knows an earlier one died in between: it does not send
 * but throws MailInDoubt until the relay's report comes back (reports.ts) or the grace period
 * ends; only then is it sent again, with the same Message-ID.
 */
export async function sendOnce(deps: SendOnceDeps, rec: { messageId: string; entryId: string; agencyCode: string; purpose: MailPurpose; to: string; unitCode?: string }, mail: Record<string, unknown>): Promise<'sent' | 'already sent'> {
  const _id = mailRecordId(rec.messageId);
  return deps.lock(_id, async () => {
    const prior = (await deps.WorkflowMail.findById(_id).lean()) as MailIntent | null;
    if (!prior) {
      await deps.WorkflowMail.updateOne(
        { _id },
        { $setOnInsert: { entryId: rec.entryId, agencyCode: rec.agencyCode, purpose: rec.purpose, to: rec.to.toLowerCase(), ...(rec.unitCode ? { unitCode: rec.unitCode } : {}) } },
        { upsert: true },
      );
    }
    const step = nextAckStep(prior ? { acceptedAt: prior.sentAt, inFlight: prior.inFlight, inDoubtSince: prior.inDoubtSince, evidence: prior.evidence } : null, new Date(), deps.settings);
    if (step.do === 'record') {
      if (!prior?.sentAt) await deps.WorkflowMail.updateOne({ _id }, { $set: { sentAt: step.evidence?.at ?? new Date() }, $unset: { inFlight: 1, inDoubtSince: 1 } });
      return 'already sent';
    }
    if (step.do === 'wait') {
      if (step.first) await deps.WorkflowMail.updateOne({ _id }, { $set: { inDoubtSince: step.since } });
      throw new MailInDoubt(rec.messageId, new Date(Date.now() + step.inMs));
    }
    const attempt = (prior?.attempts ?? 0) + 1;
    const envid = workflowEnvelopeId(rec.messageId);
    // Written before SMTP: if we die after the relay's 250, the next run finds it (in doubt).
    await deps.WorkflowMail.updateOne({ _id }, { $set: { envid, attempts: attempt, inFlight: { attempt, startedAt: new Date() } }, $unset: { inDoubtSince: 1 } });
    try {
      // RFC 3461: the report comes back to the agency's mailbox and names the mail (RET=HDRS).
      await deps.send({ ...mail, messageId: rec.messageId, to: rec.to, dsn: { id: envid, return: 'headers', notify: ['success', 'failure', 'delay'] } });
    } catch (err) {
      // 4xx, 5xx, no connection: the relay certainly does not have it. A connection cut without a
      // reply leaves the attempt in flight: the retry waits for a report.
      if (classifySmtpError(err).kind !== 'unknown') await deps.WorkflowMail.updateOne({ _id }, { $unset: { inFlight: 1 } }).catch(() => undefined);
      throw err;
    }
    const crashOn = process.env[CRASH_AFTER_WORKFLOW_SMTP_ENV];
    if (crashOn === '1' || crashOn === rec.purpose) process.kill(process.pid, 'SIGKILL');
    await deps.WorkflowMail.updateOne({ _id }, { $set: { sentAt: new Date(), ...(step.resend ? { resentAfterMs: step.waitedMs } : {}) }, $unset: { inFlight: 1, inDoubtSince: 1 } });
    return 'sent';
  });
}

/** The recorded mails a reply names (In-Reply-To first, then References from the newest), ours only. */
export async function repliedMails(
  deps: { WorkflowMail: Model<WorkflowMailDoc>; secrets: Pick<SecretBox, 'tag'> },
  ids: readonly string[],
): Promise<Array<WorkflowMailDoc & { _id: string; purpose: MailPurpose }>> {
  const out: Array<WorkflowMailDoc & { _id: string; purpose: MailPurpose }> = [];
  for (const id of ids) {
    if (!parseWorkflowId(deps.secrets, id)) continue;
    const rec = await deps.WorkflowMail.findById(mailRecordId(id)).lean();
    if (rec && !out.some((o) => o._id === rec._id)) out.push(rec as WorkflowMailDoc & { _id: string; purpose: MailPurpose });
  }
  return out;
}
