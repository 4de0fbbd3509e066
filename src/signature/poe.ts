// Proof of existence (POE) from time-stamps: ETSI EN 319 102-1 §5.6 (past signature validation),
// simplified soundly. A verified RFC 3161 token proves that what it covers existed at its genTime:
//   - a signature time-stamp (unsigned attribute id-aa-signatureTimeStampToken, RFC 3161 / CAdES)
//     covers its signature value;
//   - a document time-stamp (ETSI.RFC3161, ETSI EN 319 142-1 §5.4) covers every byte before its own
//     /Contents, so every earlier signature — CMS, signature time-stamp and all — and every earlier
//     document time-stamp (the PAdES-LTA chain: each archive time-stamp proves the previous one).
// A certificate that expired (or whose CRLs are no longer current) after the proven time is judged
// at that time. A time-stamp is itself only as good as its TSA's chain at the time the token is
// proven to exist: proven by a later document time-stamp, or else now — its own genTime is the
// TSA's word, which a key compromised later could back-date.
import type { Context } from './context.js';
import { nameToString } from './names.js';
import type { SignatureReport } from './report.js';
import { checkRevocation } from './revocation.js';
import type { RevocationSources } from './revocation-data.js';
import type { TimestampOk } from './timestamp.js';
import { indeterminate } from './verdict.js';

export type PoeSource = 'signature-timestamp' | 'document-timestamp';

/** The earliest proven time of a signature (or token), and which time-stamp proves it. */
export interface Poe {
  time: Date;
  source: PoeSource;
  /** Index in the file's report of the signature whose time-stamp it is, or of the document time-stamp. */
  index: number;
}

/** A document time-stamp that verified: every byte before `coversUpTo` existed at `time`. */
export interface DocumentProof {
  index: number;
  time: Date;
  /** Offset of its /Contents string (the end of its first byte range). */
  coversUpTo: number;
}

/** The earliest verified document time-stamp covering bytes [0, end), or null. */
export function earliestCovering(proofs: readonly DocumentProof[], end: number): Poe | null {
  let best: DocumentProof | null = null;
  for (const p of proofs) if (end <= p.coversUpTo && (!best || p.time < best.time)) best = p;
  return best ? { time: best.time, source: 'document-timestamp', index: best.index } : null;
}

/** "the signature time-stamp" / "document time-stamp #2" (1-based, like the text report). */
export function describePoe(p: Poe): string {
  return p.source === 'signature-timestamp' ? 'the signature time-stamp' : `document time-stamp #${p.index + 1}`;
}

export function poeReport(p: Poe, needed: boolean): NonNullable<SignatureReport['poe']> {
  return { time: p.time.toISOString(), source: p.source, index: p.index, needed };
}

/**
 * Validate a time-stamp authority's chain at the time its token is proven to exist (`tokenPoe`,
 * from a later document time-stamp; else now): no certificate of the chain expired before that
 * time (validity at genTime is checked with the token), and revocation like any signer's, with
 * that time as the proven time and the genTime as the claim — a revocation after the proof is a
 * warning, after the genTime but before the proof is REVOKED_NO_POE, before the genTime REVOKED.
 * Throws the VerdictError; fills `report.revocation`, `report.poe` and warnings.
 */
export function checkTsaAt(
  ts: TimestampOk,
  tokenPoe: Poe | null,
  sources: RevocationSources,
  ctx: Context,
  report: SignatureReport,
): void {
  const at = tokenPoe?.time ?? ctx.now;
  let expiredSince: string | null = null;
  for (const c of ts.chain) {
    const who = `time-stamp authority certificate "${nameToString(c.subject)}"`;
    if (c.notAfter < at) {
      throw indeterminate(
        'OUT_OF_BOUNDS_NO_POE',
        tokenPoe
          ? `${who} expired on ${c.notAfter.toISOString()}, before ${describePoe(tokenPoe)} (${at.toISOString()}) proves the time-stamp existed`
          : `${who} expired on ${c.notAfter.toISOString()} and no later time-stamp proves the time-stamp existed before`,
      );
    }
    if (c.notAfter < ctx.now) expiredSince ??= `${who} expired on ${c.notAfter.toISOString()}`;
  }
  if (tokenPoe) {
    report.poe = poeReport(tokenPoe, expiredSince !== null);
    if (expiredSince) report.warnings.push(`${expiredSince}; the time-stamp was valid at ${at.toISOString()}, proven by ${describePoe(tokenPoe)}`);
  }
  checkRevocation(
    { chain: ts.chain, ...sources, now: ctx.now, poe: tokenPoe?.time ?? null, claimed: ts.genTime, anchors: ctx.anchors, acceptUnchecked: ctx.acceptUncheckedRevocation },
    report,
  );
}
