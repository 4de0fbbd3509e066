// Reports about our own acknowledgements (01, 02, 03) and notices (alerts, failure notices). Each
// asks the relay for a DSN (RFC 3461, ENVID a0N.<id>; register/ack-send.ts), which comes back to the agency's mailbox
// like any bounce. Such a report is evidence for that acknowledgement — it resolves one whose send
// was cut off between the relay's 250 and its record (register/ack-state.ts) — and a failure report
// says the sender's address bounced (journal `ackBounced`, the entry's `ack.error`). It is never an
// unmatched receipt for a clerk, and never answered: reports are receipts, and only documents earn
// an acknowledgement (ingest/triage.ts), so a DSN about an acknowledgement cannot start a loop.
import type { AppContext } from '../runtime/context.js';
import type { Classification } from '../mail/classify/index.js';
import { ackEnvelopeIdsIn, ackEvidenceOf, isBounce, isStatusCode, unrecordedEvidence, type AckEvidence } from '../register/ack-state.js';
import { ackLockKey, bounceText, onceFor } from '../register/ack-send.js';
import { messageLogger } from '../log.js';
import { withEntryLock } from '../register/entry-lock.js';

export type AckReportResult =
  /** Not about one of our acknowledgements. */
  | { matched: false }
  /** About acknowledgement `envid`; `recorded` entries of evidence (0 when it names another recipient). */
  | { matched: true; envid: string; recorded: number; said: number };

export async function handleAckReport(ctx: AppContext, messageKey: string, c: Classification, messageIds: readonly string[]): Promise<AckReportResult> {
  if (c.kind !== 'delivery-report' && c.kind !== 'read-receipt') return { matched: false };
  for (const envid of ackEnvelopeIdsIn(c, messageIds, ctx.cfg.instanceId)) {
    const found = await ctx.models.AckSend.findById(envid, { messageKey: 1, to: 1 }).lean();
    if (!found) continue;
    const said = ackEvidenceOf(c, (found.to ?? []) as string[], messageKey, new Date());
    if (!said.length) return { matched: true, envid, recorded: 0, said: 0 };
    // Under the lock its job sends and records under: the two never write the intent at once
    // (FerretDB applies an update as read-modify-write; of two at once one is lost).
    const recorded = await ctx.journal.locked(ackLockKey({ messageKey: found.messageKey, envid }), async () => {
      const a = await ctx.models.AckSend.findById(envid).lean();
      const had = (a?.evidence ?? []) as AckEvidence[];
      const fresh = unrecordedEvidence(had, said);
      if (!a || !fresh.length) return 0;
      await ctx.models.AckSend.updateOne({ _id: envid }, { $set: { evidence: [...had, ...fresh] } });
      const bounce = fresh.find(isBounce);
      if (bounce) {
        const detail = { statusCode: a.statusCode, messageId: a.messageId, to: a.to, status: bounce.status, diagnostic: bounce.diagnostic, receipt: messageKey };
        // The journal says what became of the sender's acknowledgement; a bounced alert or notice
        // (an administrator's address) is kept on its intent and logged.
        if (a.messageKey && isStatusCode(a.statusCode)) await ctx.journal.noteHeld(a.messageKey, 'ackBounced', { detail, once: onceFor(a.statusCode) });
        if (a.entryId) await withEntryLock(ctx, a.entryId, () => ctx.models.Incoming.updateOne({ _id: a.entryId! }, { $set: { 'ack.error': bounceText(bounce) } }));
        messageLogger(ctx.log, a.messageKey ?? messageKey).warn({ envid, kind: a.statusCode, to: a.to, status: bounce.status }, isStatusCode(a.statusCode) ? "the acknowledgement bounced: the sender's address does not take mail" : 'a notice to the agency bounced');
      }
      return fresh.length;
    });
    return { matched: true, envid, recorded, said: said.length };
  }
  return { matched: false };
}
