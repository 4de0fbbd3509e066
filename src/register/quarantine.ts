// The quarantine: documents held back instead of being registered. Secret ones (Decision 36
// Art. 6.4, 11.5) stay there — they go the paper way. Ones held only because their text could not
// be read (policy.json unreadable.action = "quarantine") are released by a clerk who has looked
// at them; they then take their number in the ordinary order of arrival.
import type { AppContext } from '../runtime/context.js';
import { registerJobId } from '../ingest/jobs.js';
import { correlationId } from '../log.js';

export type QuarantineKind = 'secret' | 'unreadable';

export class QuarantineError extends Error {
  override name = 'QuarantineError';
}

export async function listQuarantine(ctx: Pick<AppContext, 'models'>, agencyCode?: string) {
  return ctx.models.Quarantine.find(agencyCode ? { agencyCode } : {}).sort({ createdAt: 1 }).lean();
}

/**
 * Sends a document held as unreadable on to registration, with the clerk's remark in its Ghi chú.
 * A secret document is never released into the ordinary register.
 */
export async function releaseFromQuarantine(ctx: Pick<AppContext, 'models' | 'queues' | 'journal'>, messageKey: string, clerk: string, remark?: string): Promise<{ messageKey: string }> {
  const q = await ctx.models.Quarantine.findById(messageKey).lean();
  if (!q) throw new QuarantineError(`nothing is quarantined under ${messageKey}`);
  if (q.kind !== 'unreadable') throw new QuarantineError('a secret document is not released into the ordinary register (Decision 36 Art. 6.4): handle it on paper');
  if (q.releasedAt) throw new QuarantineError(`already released by ${q.releasedBy ?? 'a clerk'}`);
  const msg = await ctx.models.Message.findById(messageKey, { mailboxId: 1, agencyCode: 1, analysis: 1 }).lean();
  if (!msg?.analysis) throw new QuarantineError(`the message ${messageKey} is no longer stored`);
  const note = `Văn thư ${clerk} đã kiểm tra văn bản (không đọc được tự động)${remark ? `: ${remark}` : ''}`;
  await ctx.models.Quarantine.updateOne({ _id: messageKey }, { $set: { releasedAt: new Date(), releasedBy: clerk } });
  await ctx.journal.note(messageKey, 'released', { fields: { 'analysis.decision': { action: 'register', noteVi: note, noteEn: `released by ${clerk}` } }, detail: { by: clerk } });
  await ctx.queues.register.add('register', { mailboxId: msg.mailboxId, agencyCode: msg.agencyCode, messageKey, cid: correlationId(messageKey) }, { jobId: registerJobId(`${messageKey}:released`) });
  return { messageKey };
}
