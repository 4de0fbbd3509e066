// Reports about the workflow's own mail. Each workflow mail asks the relay for a DSN (RFC 3461;
// mail.ts sendOnce), which comes back to the agency's mailbox like any bounce and names the mail
// by its Message-ID in the returned headers (RET=HDRS). Such a report is evidence that the relay
// had the mail — it resolves one whose send was cut off between the relay's 250 and its record —
// and a failure report says it never reached its addressee: the handling's timeline says so, for
// the clerk (the console marks it as a problem). It is never an unmatched receipt and never
// answered (reports are receipts; only documents earn an acknowledgement).
import type { AppContext } from '../runtime/context.js';
import type { Classification } from '../mail/classify/index.js';
import { ackEvidenceOf, isBounce, unrecordedEvidence, type AckEvidence } from '../register/ack-state.js';
import { handlings, mailDeps } from './engine.js';
import { mailRecordId, parseWorkflowId, type MailPurpose } from './mail.js';

export type WorkflowReportResult = { matched: false } | { matched: true; id: string; recorded: number; said: number };

/** Mails about one entry's handling (a digest is about the day, not an entry). */
const ON_A_HANDLING: ReadonlySet<string> = new Set<MailPurpose>(['present', 'handover', 'answer', 'notice', 'reminder', 'peer']);

export async function handleWorkflowMailReport(ctx: AppContext, messageKey: string, c: Classification, messageIds: readonly string[]): Promise<WorkflowReportResult> {
  if (c.kind !== 'delivery-report' && c.kind !== 'read-receipt') return { matched: false };
  for (const id of messageIds) {
    // The tag first: a report naming a made-up workflow id is not about our mail.
    if (!parseWorkflowId(ctx.secrets, id)) continue;
    const _id = mailRecordId(id);
    const rec = await ctx.models.WorkflowMail.findById(_id, { to: 1, agencyCode: 1, entryId: 1, purpose: 1, unitCode: 1 }).lean();
    if (!rec) continue;
    const said = ackEvidenceOf(c, rec.to, messageKey, new Date());
    if (!said.length) return { matched: true, id: _id, recorded: 0, said: 0 };
    // Under the lock its sender holds: the two never write the record at once (FerretDB).
    const fresh = await mailDeps(ctx, rec.agencyCode).lock(_id, async () => {
      const cur = await ctx.models.WorkflowMail.findById(_id, { evidence: 1 }).lean();
      const had = (cur?.evidence ?? []) as AckEvidence[];
      const add = unrecordedEvidence(had, said);
      if (add.length) await ctx.models.WorkflowMail.updateOne({ _id }, { $set: { evidence: [...had, ...add] } });
      return add;
    });
    const bounce = fresh.find(isBounce);
    if (bounce) {
      ctx.log.warn({ messageId: _id, purpose: rec.purpose, to: rec.to, status: bounce.status, receipt: messageKey }, 'a workflow mail bounced: its addressee did not get it');
      if (ON_A_HANDLING.has(rec.purpose)) {
        await handlings(ctx).record(rec.entryId, [
          { event: 'mailBounced', at: new Date(), by: 'system', key: `bounce:${_id}`, detail: { to: rec.to, purpose: rec.purpose, ...(rec.unitCode ? { code: rec.unitCode } : {}), status: bounce.status, diagnostic: bounce.diagnostic, messageId: _id } },
        ]);
      }
    }
    return { matched: true, id: _id, recorded: fresh.length, said: said.length };
  }
  return { matched: false };
}
