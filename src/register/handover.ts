// A secret document that arrived by e-mail leaves the networked system: it is handed over once to
// the clerk, who takes it to the paper / offline channel, and then its bytes and the text read
// from it are wiped, leaving a tombstone (Decision 36 Art. 6.4: documents with state-secret
// content are not exchanged over the network; Art. 11.5: restricted documents are not kept on a
// networked system).
//
// Two steps, in this order, so that a crash never loses the bytes before they were handed out:
//  1. claim: the bytes are read first, then a `handovers` record is inserted under the message key.
//     The insert is the claim: the unique _id lets exactly one of two concurrent calls win
//     (FerretDB has no transactions and its conditional updates are not atomic). The winner holds
//     the bytes in memory and returns them; nothing is deleted yet.
//  2. wipe: once the bytes went out (the front end calls it after sending them), delete the raw
//     bytes (blob or GridFS / file), cut the stored analysis down to what the sender's refusal
//     (StatusCode 02) and the tombstone need, then write the tombstone. Each step can be repeated,
//     and `wipedAt` is written last, so a wipe that died half-way is finished by calling it again
//     (`vanthu quarantine wipe`, or any later handover attempt once the grace period has passed).
import { createHash } from 'node:crypto';
import type { AppContext } from '../runtime/context.js';
import { loadRaw } from '../ingest/process.js';
import { isDuplicateKey } from '../store/db.js';

type Deps = Pick<AppContext, 'models' | 'raw' | 'journal'>;

/**
 * How long a claimed handover may stay unwiped before another call finishes the wipe on its own:
 * long enough for the claimant to send the bytes on (the wipe then comes from the claimant), short
 * enough that a crashed claimant does not leave a secret on the server.
 */
export const HANDOVER_GRACE_MS = 10 * 60_000;

export interface HandoverClaim {
  messageKey: string;
  agencyCode: string;
  by: string;
  actor: string;
  at: Date;
  sha256: string;
  capturedSha256: string | null;
  size: number;
  wipedAt: Date | null;
  wipedBy: string | null;
}

export type ClaimResult = { won: true; claim: HandoverClaim; bytes: Buffer } | { won: false; claim: HandoverClaim };

function toClaim(h: Record<string, unknown>): HandoverClaim {
  return {
    messageKey: h._id as string,
    agencyCode: h.agencyCode as string,
    by: h.by as string,
    actor: h.actor as string,
    at: h.at as Date,
    sha256: h.sha256 as string,
    capturedSha256: (h.capturedSha256 as string) ?? null,
    size: h.size as number,
    wipedAt: (h.wipedAt as Date) ?? null,
    wipedBy: (h.wipedBy as string) ?? null,
  };
}

export async function findClaim(d: Pick<Deps, 'models'>, messageKey: string): Promise<HandoverClaim | null> {
  const h = await d.models.Handover.findById(messageKey).lean();
  return h ? toClaim(h as unknown as Record<string, unknown>) : null;
}

/** Reads the bytes, then claims them; `won: false` (with who holds the claim) when someone was first. */
export async function claimHandover(d: Deps, messageKey: string, agencyCode: string, who: { by: string; actor: string }): Promise<ClaimResult> {
  const before = await findClaim(d, messageKey);
  if (before) return { won: false, claim: before };
  // Read before claiming: a claim always has its bytes in the claimant's hands.
  const bytes = await loadRaw(d, messageKey);
  const captured = await d.models.Message.findById(messageKey, { sha256: 1 }).lean();
  const claim: HandoverClaim = {
    messageKey,
    agencyCode,
    by: who.by,
    actor: who.actor,
    at: new Date(),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    capturedSha256: captured?.sha256 ?? null,
    size: bytes.length,
    wipedAt: null,
    wipedBy: null,
  };
  try {
    const { messageKey: _id, wipedAt: _w, wipedBy: _b, ...rest } = claim;
    await d.models.Handover.create({ _id, ...rest });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const winner = await findClaim(d, messageKey);
    if (!winner) throw err;
    return { won: false, claim: winner };
  }
  await d.journal.note(messageKey, 'handedOver', { detail: { by: who.by, sha256: claim.sha256 }, once: true });
  return { won: true, claim, bytes };
}

/** What identifies the document without its content (no trích yếu, no text evidence). */
const IDENTITY_FIELDS = ['organName', 'parentOrganName', 'codeNumber', 'codeNotation', 'codeRaw', 'typeName', 'issuedDate', 'urgency', 'secrecy'] as const;

export function identityOf(metadata: unknown): Record<string, unknown> {
  const md = (metadata ?? {}) as Record<string, unknown>;
  return Object.fromEntries(IDENTITY_FIELDS.filter((k) => md[k] !== undefined).map((k) => [k, md[k]]));
}

/**
 * The analysis kept after a wipe (pure): enough for the refusal to the sender (ack-queue.ts reads
 * sender, Message-ID, References, envelope ids, decision and the document's number) and for the
 * tombstone; no subject, signer, recipients, attachment names, signatures or extracted text.
 */
export function wipedAnalysis(analysis: unknown): Record<string, unknown> {
  const a = (analysis ?? {}) as Record<string, unknown>;
  const env = (a.envelope ?? null) as { fromOrganId?: string | null; documentId?: string | null } | null;
  return {
    wiped: true,
    metadata: identityOf(a.metadata),
    sender: a.sender ?? null,
    senderMessageId: a.senderMessageId ?? null,
    senderReferences: a.senderReferences ?? null,
    envelope: env ? { fromOrganId: env.fromOrganId ?? null, documentId: env.documentId ?? null, dueDate: null, receivers: [] } : null,
    decision: a.decision ?? null,
    mayAutoAnswer: a.mayAutoAnswer ?? false,
    arrivalInstant: a.arrivalInstant ?? null,
  };
}

/** Deletes the bytes and the text read from them, then writes the tombstone. Safe to repeat. */
export async function wipeHandedOver(d: Deps, claim: HandoverClaim, wipedBy: string): Promise<{ wipedAt: Date }> {
  const key = claim.messageKey;
  const msg = await d.models.Message.findById(key, { rawFileId: 1, analysis: 1 }).lean();
  if (msg?.rawFileId) await d.raw.delete(msg.rawFileId);
  await d.models.Blob.deleteOne({ _id: key });
  // The GridFS store's delete swallows its errors: look, rather than write a tombstone over bytes
  // that are still there.
  const left = msg ? await loadRaw(d, key).then(() => true, () => false) : false;
  if (left) throw new Error(`the bytes of ${key} are still stored after the wipe; try again`);
  if (msg) await d.journal.note(key, 'wiped', { fields: { analysis: wipedAnalysis(msg.analysis), subject: null }, detail: { by: wipedBy, sha256: claim.sha256 }, once: true });
  const wipedAt = new Date();
  const q = await d.models.Quarantine.findById(key, { metadata: 1 }).lean();
  await d.models.Quarantine.updateOne(
    { _id: key },
    { $set: { handedOverAt: claim.at, handedOverBy: claim.by, sha256: claim.sha256, size: claim.size, metadata: identityOf(q?.metadata), wipedAt, wipedBy } },
  );
  await d.models.Handover.updateOne({ _id: key }, { $set: { wipedAt, wipedBy } });
  return { wipedAt };
}
