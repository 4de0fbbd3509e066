// The workflow's own mail: its Message-IDs and how each one is sent once and remembered.
//
// A reply is matched to what it answers by the Message-IDs in its In-Reply-To and References
// (RFC 5322 §3.6.4), never by its subject. Each id carries a keyed tag (SecretBox.tag) over its
// other parts, so an id cannot be made up by someone who never received the mail it names: a
// forged reply must at least come from a copy of the real one. Who may answer a given mail is the
// `to` recorded with it; reply.ts also checks the origin of the answer as dispatch by e-mail does.
import type { Model } from 'mongoose';
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

const bare = (id: string) => id.replace(/^<|>$/g, '');

/**
 * Sends one workflow mail at most once per Message-ID: the record is written first (so that a
 * reply arriving at once finds it), `sentAt` after the relay took it. A run that stopped in
 * between sends again with the same Message-ID (the recipient's mail system and the reply matching
 * both treat it as one mail).
 */
export async function sendOnce(
  deps: { WorkflowMail: Model<WorkflowMailDoc>; send: (mail: Record<string, unknown>) => Promise<unknown> },
  rec: { messageId: string; entryId: string; agencyCode: string; purpose: MailPurpose; to: string; unitCode?: string },
  mail: Record<string, unknown>,
): Promise<'sent' | 'already sent'> {
  const _id = bare(rec.messageId);
  const prior = await deps.WorkflowMail.findById(_id).lean();
  if (prior?.sentAt) return 'already sent';
  if (!prior) {
    await deps.WorkflowMail.updateOne(
      { _id },
      { $setOnInsert: { entryId: rec.entryId, agencyCode: rec.agencyCode, purpose: rec.purpose, to: rec.to.toLowerCase(), ...(rec.unitCode ? { unitCode: rec.unitCode } : {}) } },
      { upsert: true },
    );
  }
  await deps.send({ ...mail, messageId: rec.messageId, to: rec.to });
  await deps.WorkflowMail.updateOne({ _id }, { $set: { sentAt: new Date() } });
  return 'sent';
}

/** The recorded mails a reply names (In-Reply-To first, then References from the newest), ours only. */
export async function repliedMails(
  deps: { WorkflowMail: Model<WorkflowMailDoc>; secrets: Pick<SecretBox, 'tag'> },
  ids: readonly string[],
): Promise<Array<WorkflowMailDoc & { _id: string; purpose: MailPurpose }>> {
  const out: Array<WorkflowMailDoc & { _id: string; purpose: MailPurpose }> = [];
  for (const id of ids) {
    if (!parseWorkflowId(deps.secrets, id)) continue;
    const rec = await deps.WorkflowMail.findById(bare(id)).lean();
    if (rec && !out.some((o) => o._id === rec._id)) out.push(rec as WorkflowMailDoc & { _id: string; purpose: MailPurpose });
  }
  return out;
}
