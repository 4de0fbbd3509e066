// Identifiers that let a receipt find its delivery without any lookup table:
//   docId     d<time base36><random>  (or r<hash> for an email request: the same request → the same id)
//   ENVID     `${docId}.${index}`      the delivery's _id, sent as the DSN envelope id (RFC 3461)
//   Message-ID `<${envid}.${instanceId}@${senderDomain}>`  stable across resends, so a peer dedupes
// ENVID must be xtext-safe and short (RFC 3461 allows 100 characters): letters, digits, . and -.
import { createHash, randomBytes } from 'node:crypto';

export function newDocId(now = new Date()): string {
  return `d${now.getTime().toString(36)}${randomBytes(4).toString('hex')}`;
}

/** The document id of an email dispatch request: deterministic, so a replayed request is a no-op. */
export function requestDocId(messageKey: string): string {
  return `r${createHash('sha256').update(messageKey).digest('hex').slice(0, 20)}`;
}

export function envelopeId(docId: string, index: number): string {
  return `${docId}.${index}`;
}

export function deliveryMessageId(envid: string, instanceId: string, senderDomain: string): string {
  return `<${envid}.${instanceId.replace(/[^A-Za-z0-9-]/g, '-')}@${senderDomain}>`;
}

const ENVID_RE = /^[dr][a-z0-9]+\.\d+$/;

export function isEnvelopeId(s: string | null | undefined): s is string {
  return !!s && ENVID_RE.test(s);
}

/** The ENVID encoded in one of our Message-IDs, or null. */
export function envidFromMessageId(messageId: string | null | undefined, instanceId: string): string | null {
  if (!messageId) return null;
  const m = /^<?([dr][a-z0-9]+\.\d+)\.([A-Za-z0-9-]+)@[^>]+>?$/.exec(messageId.trim());
  if (!m || m[2] !== instanceId.replace(/[^A-Za-z0-9-]/g, '-')) return null;
  return m[1]!;
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
