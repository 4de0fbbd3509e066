// What ingest does with a document: read its metadata (edXML first, then the attached files and
// the email), verify its signatures, apply the agency's policy, and decide: register it, refuse it
// (StatusCode 02 to the sender, no number), or quarantine it (secret content, Decision 36 Art. 6.4).
import type { Classification } from '../mail/classify/index.js';
import { headerBlock } from '../mail/parse.js';
import type { AppContext } from '../runtime/context.js';
import { extractFromEmail, loadPolicyConfig, secrecyPolicy, type DocumentMetadata, type EdxmlEnvelope } from '../extract/index.js';
import { loadTrustStoreCached, onlineRevocationSettings, verifyPdfAttachments, verifySmime, verifyWithOnlineRevocation, type FileReport, type OnlineRevocationSettings } from '../signature/index.js';
import { recordEvent } from '../ingest/message-state.js';
import { registerJobId } from '../ingest/jobs.js';
import { correlationId, messageLogger } from '../log.js';
import { metrics } from '../runtime/metrics.js';
import { arrivalOf } from './arrival.js';
import { enqueueAck } from './ack-queue.js';
import { decide, type Decision } from './decide.js';


export interface Analysis {
  metadata: DocumentMetadata;
  metadataSource: string;
  extractError: { code: string; message: string } | null;
  /** Why secrecy could not be checked (the message, one of its document files or its body could
   *  not be read; `filename` says which file), or null when everything was read. Absent on
   *  analyses stored before it existed: `extractError` stands in. */
  secrecyUnchecked?: { code: string; message: string; filename: string | null } | null;
  signatures: { file: string | null; overall: FileReport['overall']; signatures: FileReport['signatures'] }[];
  attachments: { filename: string | null; contentType: string; size: number }[];
  sender: string | null;
  senderMessageId: string | null;
  arrivalInstant: Date | null;
  arrivalSource: 'internaldate' | 'received' | null;
  /** From/OrganId, DocumentId and DueDate of an edXML envelope, when the message has one. */
  envelope?: EdxmlEnvelope | null;
  /** The sender's References header, so the acknowledgement continues the thread (RFC 5322 3.6.4). */
  senderReferences: string | null;
  decision: Decision;
  /** Loop protection from classification: may we send an automatic reply to the sender? */
  mayAutoAnswer: boolean;
}

async function verifyAll(raw: Buffer, acceptUncheckedRevocation: boolean, online: OnlineRevocationSettings): Promise<Analysis['signatures']> {
  // Re-read only when the trust folder changed: `vanthu trust add` and new CRLs apply at once.
  const trust = loadTrustStoreCached();
  const opts = { trustAnchors: trust.anchors, intermediates: trust.intermediates, crls: trust.crls, acceptUncheckedRevocation };
  const out: Analysis['signatures'] = [];
  const head = raw.subarray(0, Math.min(raw.length, 8192)).toString('latin1');
  if (/multipart\/signed|application\/(x-)?pkcs7-mime/i.test(head)) {
    // Missing revocation data is fetched (OCSP, CRL distribution points) before the verdict.
    const r = await verifyWithOnlineRevocation((o) => verifySmime(raw, o, 'message'), opts, online);
    out.push({ file: 'message', overall: r.overall, signatures: r.signatures });
  }
  // The same walk as `vanthu verify file.eml` (signature/message.ts): every signed PDF attached,
  // missing revocation data fetched first.
  for (const r of await verifyPdfAttachments(raw, opts, online)) out.push({ file: r.file, overall: r.overall, signatures: r.signatures });
  return out;
}

/** The References header of the message, unfolded, or null. */
export function referencesOf(raw: Buffer): string | null {
  return /^References:[ \t]*(.+)$/im.exec(headerBlock(raw))?.[1]?.trim() || null;
}

/** True when the message is one copy of a peer vanthu's dispatch (its header block says so). */
export function isPeerDispatch(raw: Buffer): boolean {
  return /^X-VanThu-Delivery:/im.test(headerBlock(raw));
}

export async function analyseDocument(ctx: AppContext, messageKey: string, raw: Buffer, c: Classification): Promise<'ready' | 'refused' | 'quarantined'> {
  const msg = await ctx.models.Message.findById(messageKey).lean();
  if (!msg) throw new Error(`message ${messageKey} is not stored`);
  const agency = await ctx.agencies.get(msg.agencyCode);
  const extraction = await extractFromEmail(raw, ctx.cfg.extract ?? {});
  const online = onlineRevocationSettings(ctx.cfg.signature?.onlineRevocation, ctx.cfg.home);
  const signatures = await verifyAll(raw, agency?.acceptUncheckedRevocation ?? false, online);
  // Read per document (a small file): an edit of the rule or its wording applies at once.
  const policy = loadPolicyConfig();
  const arrival = arrivalOf(msg.internalDate, raw);
  const secrecy = secrecyPolicy(extraction.metadata, policy);
  // Any file that could not be read leaves secrecy unknown, even when the body or another file gave
  // the number and the subject: the unreadable rule applies, not "no stamp".
  const unchecked = extraction.secrecyUnchecked;
  const decision = decide({
    metadata: extraction.metadata,
    secrecy,
    signatures: signatures.map((s) => ({ file: s.file, indication: s.overall.indication, subIndication: s.overall.subIndication ?? null })),
    unreadable: unchecked && { code: unchecked.code, message: unchecked.filename ? `${unchecked.filename}: ${unchecked.message}` : unchecked.message },
    // The agency's own rule, when it has one, replaces the policy file's action (not its wording).
    unreadableRule: policy.unreadable && agency?.unreadable ? { ...policy.unreadable, action: agency.unreadable } : (policy.unreadable ?? null),
    requireValidSignature: agency?.requireValidSignature ?? false,
    // Checked only on a peer service's dispatch (X-VanThu-Delivery): its envelope was made for
    // this copy. A clerk's forward carries the envelope of the original addressee.
    addressedTo: isPeerDispatch(raw) ? extraction.receivers : null,
    agencyCode: msg.agencyCode,
    agencyName: agency?.name ?? null,
    hasArrival: arrival !== null,
  });
  const analysis: Analysis = {
    metadata: extraction.metadata,
    metadataSource: extraction.source,
    extractError: extraction.error,
    secrecyUnchecked: extraction.secrecyUnchecked,
    signatures,
    attachments: c.kind === 'document' ? c.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })) : [],
    sender: c.from,
    senderMessageId: c.messageId,
    arrivalInstant: arrival?.instant ?? null,
    arrivalSource: arrival?.source ?? null,
    senderReferences: referencesOf(raw),
    envelope: extraction.envelope,
    decision,
    mayAutoAnswer: c.mayAutoAnswer,
  };
  // Held only because it could not be read: not refused, so the sender hears 01 (arrived, being
  // checked) now and 03 once a clerk releases it and it is numbered.
  const heldKind = secrecy.allowed ? 'unreadable' : 'secret';
  if (decision.action === 'quarantine') {
    await ctx.models.Quarantine.updateOne(
      { _id: messageKey },
      { $setOnInsert: { agencyCode: msg.agencyCode, kind: heldKind, reason: decision.reasonEn, reasonVi: decision.reasonVi, metadata: extraction.metadata, sender: c.from ?? undefined } },
      { upsert: true },
    );
    // The administrators' alert: an error-level log line (monitoring picks it up), the record, and
    // a mail to the agency's alertTo addresses (queued, so it is retried while the relay is down).
    messageLogger(ctx.log, messageKey).error({ agency: msg.agencyCode, sender: c.from, reason: decision.reasonEn }, 'ALERT: document quarantined');
    await recordEvent(ctx.models, messageKey, 'quarantined', { fields: { analysis }, detail: { reason: decision.reasonEn } });
    metrics().documentsQuarantined.inc({ agency: msg.agencyCode, kind: heldKind });
    if (agency?.alertTo.length) await enqueueAck(ctx, { kind: 'alert', messageKey });
  } else if (decision.action === 'refuse') {
    await recordEvent(ctx.models, messageKey, 'refused', { fields: { analysis }, detail: { reason: decision.reasonEn } });
  } else {
    await recordEvent(ctx.models, messageKey, 'analysed', { fields: { analysis }, detail: { metadataSource: extraction.source, signatures: signatures.length } });
    await ctx.queues.register.add('register', { mailboxId: msg.mailboxId, agencyCode: msg.agencyCode, messageKey, cid: correlationId(messageKey) }, { jobId: registerJobId(messageKey) });
    return 'ready';
  }
  if (c.mayAutoAnswer) await enqueueAck(ctx, { kind: decision.action === 'quarantine' && heldKind === 'unreadable' ? 'received' : 'refusal', messageKey });
  return decision.action === 'quarantine' ? 'quarantined' : 'refused';
}
