// What an acknowledgement's job does next, pure. The same guarantee as an outgoing delivery
// (src/dispatch/job.ts, docs/dispatch.md): at most once unless proven lost.
//
//   before SMTP   the acknowledgement's intent is written (`inFlight`: attempt, start time);
//   after 250     the journal's `acknowledged`, the entry's `ack.state`, then the intent's `acceptedAt`.
// A run that finds the intent still in flight knows an earlier one died between those two: the
// relay may have the message. It does not send; it waits for evidence — the delivery status
// notification (RFC 3461/3464) the relay was asked for, which comes back to the agency's mailbox
// and is matched by its ENVID or the acknowledgement's Message-ID (receipts/handle.ts). Any report
// proves the relay took it (even a failure: the relay had it, then the sender's address bounced).
// Only after the grace period without evidence is it sent again, with the same Message-ID.
import { createHash } from 'node:crypto';
import type { Classification, RecipientAction } from '../mail/classify/index.js';

export type AckStatusCode = '01' | '02' | '03';

/**
 * What the `ack` queue sends: the acknowledgements (status code 01, 02, 03) to a document's sender,
 * and the notices to the agency — the administrators' alert about a quarantined document and the
 * notice about a message that failed for good. All are sent the same way.
 */
export type AckKind = AckStatusCode | 'alert' | 'failed';

export interface AckSettings {
  /** How long an acknowledgement in doubt waits for a report before it is sent again (same Message-ID). */
  inDoubtGraceMs: number;
  /** How often its job looks again (delayed job: no worker slot is held meanwhile). */
  inDoubtRecheckMs: number;
}

/** The defaults of an outgoing delivery (src/dispatch/settings.ts): the relay's DSNs take the same path. */
export const DEFAULT_ACK_SETTINGS: AckSettings = { inDoubtGraceMs: 10 * 60_000, inDoubtRecheckMs: 15_000 };

export function ackSettings(cfg: { acknowledgements?: Partial<AckSettings> }, over: Partial<AckSettings> = {}): AckSettings {
  return { ...DEFAULT_ACK_SETTINGS, ...cfg.acknowledgements, ...over };
}

/** The Message-ID prefix of each kind (ack-queue.ts, alert.ts, failure-notice.ts). */
const PREFIX: Record<AckKind, string> = { '01': 'received', '02': 'refusal', '03': 'ack', alert: 'alert', failed: 'failed' };
const KIND_OF: Record<string, AckKind> = Object.fromEntries(Object.entries(PREFIX).map(([k, p]) => [p, k as AckKind]));
/** The ENVID's first part per kind: a01, a02, a03, aal, afn. */
const ENVID_CODE: Record<AckKind, string> = { '01': 'a01', '02': 'a02', '03': 'a03', alert: 'aal', failed: 'afn' };

/**
 * The DSN envelope id (RFC 3461 ENVID) of what the `ack` queue sends: `a<status code>.<id>` for an
 * acknowledgement, where the id is the entry's (03) or the first 24 hex digits of the message's
 * SHA-256 (01, 02); `aal.<id>` / `afn.<id>` for an alert / a failure notice. An id that is not
 * short letters, digits and `-` (a message key) is replaced by `h` + 24 hex digits of its SHA-256.
 * So it stays xtext-safe and far below the 100 characters RFC 3461 §4.4 allows, and it can never
 * be a delivery's ENVID (those start with d or r, src/dispatch/ids.ts).
 */
export function ackEnvelopeId(kind: AckKind, id: string): string {
  const part = /^[A-Za-z0-9-]{1,64}$/.test(id) ? id : `h${createHash('sha256').update(id).digest('hex').slice(0, 24)}`;
  return `${ENVID_CODE[kind]}.${part}`;
}

const ENVID_RE = /^a(?:0[123]|al|fn)\.[A-Za-z0-9-]+$/;

export function isAckEnvelopeId(s: string | null | undefined): s is string {
  return !!s && ENVID_RE.test(s);
}

/** The Message-ID of what the `ack` queue sends; stable across resends so a peer recognises a repeat. */
export function ackMessageId(kind: AckKind, id: string, instanceId: string, domain: string): string {
  return `<${PREFIX[kind]}.${id}.${instanceId}@${domain}>`;
}

/** The ENVID of the acknowledgement or notice whose Message-ID this is (one of ours, this instance's), or null. */
export function ackEnvelopeIdFromMessageId(messageId: string | null | undefined, instanceId: string): string | null {
  const m = /^<?([a-z]+)\.([^<>@\s]+)@[^<>@\s]+>?$/.exec((messageId ?? '').trim());
  const kind = m ? KIND_OF[m[1]!] : undefined;
  const suffix = `.${instanceId}`;
  if (!m || !kind || !m[2]!.endsWith(suffix) || m[2]!.length === suffix.length) return null;
  return ackEnvelopeId(kind, m[2]!.slice(0, -suffix.length));
}

/** Whether it is an acknowledgement to a document's sender (not a notice to the agency). */
export const isStatusCode = (k: string): k is AckStatusCode => k === '01' || k === '02' || k === '03';

/** One report about a sent acknowledgement: what happened to it at its recipient's side. */
export interface AckEvidence {
  /** The message key of the report (the same report read twice is recorded once). */
  receipt: string;
  kind: 'delivery-report' | 'read-receipt';
  /** RFC 3464 action (delivered, relayed, expanded, delayed, failed) or the MDN disposition type. */
  action: string;
  status: string | null;
  diagnostic: string | null;
  at: Date;
}

/** The durable intent of one acknowledgement (collection `ack_sends`, one per ENVID). */
export interface AckIntent {
  /** Set before SMTP, cleared when the outcome is recorded or the attempt certainly failed. */
  inFlight?: { attempt: number; startedAt: Date } | null;
  /** When a later run found it in flight and started waiting for evidence. */
  inDoubtSince?: Date | null;
  /** The relay's 250 as recorded. */
  acceptedAt?: Date | null;
  evidence?: AckEvidence[] | null;
}

export type AckStep =
  /** Send it (first attempt, or an earlier one that certainly did not reach the relay). */
  | { do: 'send'; resend: false }
  /** In doubt: look again in `inMs`; `since` is when the doubt began (to be written when `first`). */
  | { do: 'wait'; inMs: number; since: Date; first: boolean }
  /** The relay took it: record `acknowledged` from this, without sending. */
  | { do: 'record'; by: 'relay' | 'report'; evidence: AckEvidence | null }
  /** The grace period is over without evidence: send again, same Message-ID. */
  | { do: 'send'; resend: true; waitedMs: number };

export function nextAckStep(intent: AckIntent | null, now: Date, s: AckSettings): AckStep {
  if (intent?.acceptedAt) return { do: 'record', by: 'relay', evidence: null };
  if (!intent?.inFlight) return { do: 'send', resend: false };
  const ev = intent.evidence?.[0];
  if (ev) return { do: 'record', by: 'report', evidence: ev };
  const since = intent.inDoubtSince ?? now;
  const waited = now.getTime() - since.getTime();
  if (waited < s.inDoubtGraceMs) return { do: 'wait', inMs: Math.min(s.inDoubtRecheckMs, s.inDoubtGraceMs - waited + 50), since, first: !intent.inDoubtSince };
  return { do: 'send', resend: true, waitedMs: waited };
}

/** Of the reports `said`, those not already among `had` (the same report read twice is recorded once). */
export function unrecordedEvidence(had: readonly AckEvidence[], said: readonly AckEvidence[]): AckEvidence[] {
  const seen = new Set(had.map((e) => `${e.receipt}|${e.action}`));
  return said.filter((e) => !seen.has(`${e.receipt}|${e.action}`));
}

/** Whether a report says the acknowledgement never reached the sender (its address bounced). */
export const isBounce = (e: Pick<AckEvidence, 'kind' | 'action'>): boolean => e.kind === 'delivery-report' && e.action === 'failed';

/**
 * What a report says about an acknowledgement (or notice) sent to `to`: the report's entries about
 * those recipients (or its only entry: a report is about one message), or the read receipt.
 * Empty for anything else.
 */
export function ackEvidenceOf(c: Classification, to: string | readonly string[], receipt: string, at: Date): AckEvidence[] {
  if (c.kind === 'delivery-report') {
    const addrs = (typeof to === 'string' ? [to] : to).map((a) => a.toLowerCase());
    const mine = c.recipients.filter((r) => addrs.includes(r.address) || addrs.includes(r.originalRecipient?.toLowerCase().replace(/^rfc822;\s*/, '') ?? ''));
    const list = mine.length ? mine : c.recipients.length === 1 ? c.recipients : [];
    return list.map((r) => ({ receipt, kind: 'delivery-report', action: r.action as RecipientAction, status: r.status, diagnostic: r.diagnostic, at }));
  }
  if (c.kind === 'read-receipt') return [{ receipt, kind: 'read-receipt', action: c.dispositionType ?? 'unknown', status: null, diagnostic: c.disposition, at }];
  return [];
}

/** The ENVIDs of acknowledgements a report may be about: its Original-Envelope-Id, then its Message-IDs. */
export function ackEnvelopeIdsIn(c: Classification, messageIds: readonly string[], instanceId: string): string[] {
  const out: string[] = [];
  if (c.kind === 'delivery-report' && isAckEnvelopeId(c.originalEnvelopeId)) out.push(c.originalEnvelopeId);
  for (const m of messageIds) {
    const e = ackEnvelopeIdFromMessageId(m, instanceId);
    if (e && !out.includes(e)) out.push(e);
  }
  return out;
}
