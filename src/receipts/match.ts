// Which delivery is a receipt about? Evidence, strongest first:
//   1. the DSN's Original-Envelope-Id (our ENVID is the delivery id);
//   2. X-VanThu-Delivery in the returned headers of the original;
//   3. Message-IDs: the report's Original-Message-ID / the acknowledgement's OriginalMessageId,
//      In-Reply-To, References and any Message-ID in the returned headers — looked up exactly,
//      and decoded (our Message-IDs carry the ENVID) when the lookup finds nothing;
//   4. for an acknowledgement that names none of these: its ResponseFor code (number/notation) and
//      the sender's address among that document's recipients.
import type { AppContext } from '../runtime/context.js';
import type { Classification } from '../mail/classify/index.js';
import { normalizeMessageId } from '../mail/parse.js';
import { envidFromMessageId, isEnvelopeId } from '../dispatch/ids.js';
import type { DeliveryDoc } from '../dispatch/models.js';

export type MatchedDelivery = DeliveryDoc & { _id: string };

export interface MatchEvidence {
  envelopeIds: string[];
  messageIds: string[];
}

const HEADER_SCAN_LIMIT = 256 * 1024;

/** Identifiers found in the raw text: X-VanThu-Delivery values and Message-ID header lines. */
export function scanRaw(raw: Buffer, ownMessageId: string | null): MatchEvidence {
  // Reports quote the original's headers in a text/rfc822-headers or message/rfc822 part; those
  // lines are plain text in the raw message (7-bit headers), so a line scan finds them.
  const text = raw.subarray(0, HEADER_SCAN_LIMIT).toString('latin1');
  const envelopeIds = [...text.matchAll(/^X-VanThu-Delivery:[ \t]*([A-Za-z0-9.-]+)/gim)].map((m) => m[1]!).filter(isEnvelopeId);
  const own = ownMessageId ? normalizeMessageId(ownMessageId) : null;
  const messageIds = [...text.matchAll(/^(?:Message-ID|In-Reply-To|References|Original-Message-ID):[ \t]*((?:[^\r\n]|\r?\n[ \t])*)/gim)]
    .flatMap((m) => [...m[1]!.matchAll(/<[^<>\s]+>/g)].map((x) => normalizeMessageId(x[0])))
    .filter((x): x is string => !!x && x !== own);
  return { envelopeIds: [...new Set(envelopeIds)], messageIds: [...new Set(messageIds)] };
}

export function evidenceOf(c: Classification, raw: Buffer, instanceId: string): MatchEvidence {
  const scanned = scanRaw(raw, c.messageId);
  const envelopeIds: string[] = [];
  const messageIds: string[] = [];
  if (c.kind === 'delivery-report' && isEnvelopeId(c.originalEnvelopeId)) envelopeIds.push(c.originalEnvelopeId);
  envelopeIds.push(...scanned.envelopeIds);
  const direct: Array<string | null | undefined> = [c.inReplyTo];
  if (c.kind === 'delivery-report' || c.kind === 'read-receipt' || c.kind === 'feedback-report' || c.kind === 'auto-reply') direct.unshift(c.originalMessageId);
  if (c.kind === 'acknowledgement') direct.unshift(c.status?.originalMessageId, c.originalMessageId);
  for (const m of [...direct, ...scanned.messageIds]) {
    const id = normalizeMessageId(m ?? null);
    if (id && !messageIds.includes(id)) messageIds.push(id);
  }
  for (const m of messageIds) {
    const e = envidFromMessageId(m, instanceId);
    if (e && !envelopeIds.includes(e)) envelopeIds.push(e);
  }
  return { envelopeIds: [...new Set(envelopeIds)], messageIds };
}

export async function findDelivery(ctx: AppContext, c: Classification, raw: Buffer, known?: MatchEvidence): Promise<{ delivery: MatchedDelivery | null; evidence: MatchEvidence; how: string | null }> {
  const evidence = known ?? evidenceOf(c, raw, ctx.cfg.instanceId);
  const D = ctx.models.Delivery;
  for (const id of evidence.envelopeIds) {
    const d = (await D.findById(id).lean()) as MatchedDelivery | null;
    if (d) return { delivery: d, evidence, how: 'envelope-id' };
  }
  if (evidence.messageIds.length) {
    const byMid = (await D.findOne({ messageId: { $in: evidence.messageIds } }).lean()) as MatchedDelivery | null;
    if (byMid) return { delivery: byMid, evidence, how: 'message-id' };
  }
  if (c.kind === 'acknowledgement' && c.status) {
    const code = c.status.responseFor.code;
    const docs = await ctx.models.Outgoing.find({ codeRaw: code }, { _id: 1 }).lean();
    const senders = [c.from, c.status.from.email].filter((x): x is string => !!x).map((x) => x.toLowerCase());
    if (docs.length) {
      const ds = (await D.find({ docId: { $in: docs.map((d) => d._id) }, address: { $in: senders } }).lean()) as MatchedDelivery[];
      if (ds.length === 1) return { delivery: ds[0]!, evidence, how: 'document-code' };
    }
  }
  return { delivery: null, evidence, how: null };
}
