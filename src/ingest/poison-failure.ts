// What happens to a message whose ingest failed for good (poison.ts decided it will not change on
// retry): it is closed as failed at once, with its code and its reason in English and Vietnamese;
// the clerk is told (a notice to the receiving mailbox, copied to the agency's administrators,
// sent by the ack queue: register/failure-notice.ts); and the sender gets a 02 refusal when the
// message was meant as a document and may be answered (not an auto-reply, a report, list mail or
// our own: RFC 3834 §2, the classification's mayAutoAnswer). Closing it lets the registrar number
// the documents behind it (it stops only at messages still active, registrar.ts).
import type { Logger } from 'pino';
import type { AppContext } from '../runtime/context.js';
import { classifyMessageSync } from '../mail/classify/index.js';
import { enqueueAck } from '../register/ack-queue.js';
import { referencesOf } from '../register/analyse.js';
import { metrics } from '../runtime/metrics.js';
import { loadRaw } from './process.js';
import { recordEvent } from './message-state.js';
import { failureLine, refusalAllowed, type FailureRecord, type IngestFailure } from './poison.js';

type Permanent = Extract<IngestFailure, { permanent: true }>;

/**
 * Closes the message as failed for good, once: a message no longer active (a retry of a job that
 * already failed it, or one closed meanwhile) is left as it is. Throws only for our own side (the
 * database, the queue): then the job is retried and this runs again.
 */
export async function failPermanently(ctx: AppContext, messageKey: string, f: Permanent, attempts: number, log: Logger): Promise<'failed' | 'already closed'> {
  const msg = await ctx.models.Message.findById(messageKey, { state: 1, agencyCode: 1, mailboxId: 1 }).lean();
  if (!msg || !['stored', 'classified', 'ready'].includes(msg.state)) return 'already closed';
  // Classification never throws and is bounded (mime-walk.ts limits): who sent it, and may we answer?
  const raw = await loadRaw(ctx, messageKey);
  const mailbox = await ctx.models.Mailbox.findById(msg.mailboxId, { address: 1, role: 1 }).lean();
  const c = classifyMessageSync(raw, { ourAddresses: mailbox ? [mailbox.address] : [] });
  const { refuse, why } = refusalAllowed(c, mailbox?.role);
  const failure: FailureRecord = {
    code: f.code,
    permanent: true,
    reason: f.reason,
    reasonVi: f.reasonVi,
    detail: f.detail.slice(0, 500),
    attempts,
    at: new Date(),
    sender: c.from,
    senderMessageId: c.messageId,
    senderReferences: referencesOf(raw),
    refusal: refuse,
    noRefusalReasons: why,
  };
  await recordEvent(ctx.models, messageKey, 'failed', {
    fields: { error: failureLine(f), failure } as never,
    detail: { code: f.code, reason: f.reason, permanent: true, attempts },
  });
  metrics().messagesFailed.inc({ agency: msg.agencyCode });
  log.error({ agency: msg.agencyCode, code: f.code, attempts, refusal: refuse, err: failure.detail }, 'message failed permanently: not retried');
  // The clerk always; the sender when the message was meant as a document and may be answered.
  await enqueueAck(ctx, { kind: 'alert', messageKey });
  if (refuse) await enqueueAck(ctx, { kind: 'refusal', messageKey });
  return 'failed';
}
