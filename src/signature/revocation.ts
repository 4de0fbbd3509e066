// Revocation of a validated chain, and the report of it. The rule (issue 7, after ETSI EN 319
// 102-1): a certificate whose status cannot be established from a usable CRL or OCSP response
// makes the signature INDETERMINATE/TRY_LATER — never silently good — unless the caller explicitly
// accepts unchecked revocation. `checked: true` is only ever reported when every certificate that
// needs a check got one from an authentic, usable CRL or OCSP response (issue 14).
import type { Certificate } from './certificate.js';
import { isAnchor } from './chain.js';
import { crlsFromFile, parseCrl, revocationStatus, type Crl } from './crl.js';
import { nameToString } from './names.js';
import { ocspStatus, type OcspResponse } from './ocsp.js';
import type { RevocationSource, SignatureReport } from './report.js';
import { failed, indeterminate } from './verdict.js';

/** A certificate left without revocation evidence: what an online gathering step may fetch. */
export interface RevocationNeed {
  cert: Certificate;
  issuer: Certificate;
}

export interface RevocationInput {
  /** Signer (or TSA) first, trust anchor last. */
  chain: readonly Certificate[];
  /** Every candidate CRL: configured, embedded in the CMS, from the PDF's /DSS. */
  crls: readonly Crl[];
  now: Date;
  /** Signing time proven by a verified time-stamp (or a document time-stamp's own time). */
  poe: Date | null;
  /** The signer's claim, used only to compare with a revocation date. */
  claimed: Date | null;
  anchors: readonly Certificate[];
  acceptUnchecked: boolean;
  /** Every candidate OCSP response: fetched, embedded in the CMS, from the PDF's /DSS. */
  ocsps?: readonly OcspResponse[];
  /** Certificates where a delegated OCSP responder's certificate may be found. */
  responderPool?: readonly Certificate[];
  /** Told about each certificate left without evidence (online/gather.ts collects them). */
  onMissing?: (need: RevocationNeed) => void;
}

/** Fills `report.revocation` and warnings; throws the verdict when revocation decides it. */
export function checkRevocation(input: RevocationInput, report: SignatureReport): void {
  const { chain, poe, claimed, anchors } = input;
  if (chain[0] && isAnchor(chain[0], anchors)) {
    // RFC 5280 6.1: a trust anchor is trusted directly; nothing issued it, so no CRL applies.
    report.revocation = { checked: false, reason: 'the signer certificate is itself a trust anchor (trusted directly; no CRL applies)' };
    return;
  }
  const notes: string[] = [];
  let checkedCount = 0;
  const kinds = new Set<'crl' | 'ocsp'>();
  // A revocation after the proven signing time does not stop validation; it stays in the report.
  let revokedLater: { revokedAt: string; reason: string } | null = null;
  for (let i = 0; i + 1 < chain.length; i++) {
    const cert = chain[i]!;
    if (isAnchor(cert, anchors)) break;
    const status = certificateStatus(cert, chain[i + 1]!, input);
    report.warnings.push(...status.ignored);
    if (!status.checked) input.onMissing?.({ cert, issuer: chain[i + 1]! });
    const who = `"${nameToString(cert.subject)}"`;
    if (status.revokedAt) {
      const at = status.revokedAt.toISOString();
      report.revocation = { checked: true, revokedAt: at, reason: `${who} revoked on ${at}`, source: status.kind };
      // Proof before the revocation wins; otherwise the claimed time (or, without a claim, the
      // proven or validation time) after it is REVOKED, and a claim before it that nothing proves
      // is REVOKED_NO_POE (EN 319 102-1 §5.6.2.4: the proven time must precede the revocation).
      if (!poe || status.revokedAt <= poe) {
        if (status.revokedAt <= (claimed ?? poe ?? input.now)) throw failed('REVOKED', `certificate ${who} was revoked on ${at}, before the signing time`);
        throw indeterminate('REVOKED_NO_POE', `certificate ${who} was revoked on ${at} and no time-stamp proves the signature was made before`);
      }
      report.warnings.push(`certificate ${who} was revoked on ${at}, after the time-stamped signing time`);
      revokedLater ??= { revokedAt: at, reason: `${who} revoked on ${at}, after the time-stamped signing time` };
    }
    if (status.checked) {
      checkedCount++;
      kinds.add(status.kind);
    } else notes.push(`${who}: ${status.reason ?? 'no revocation data'}`);
  }
  if (notes.length === 0 && checkedCount > 0) {
    report.revocation = { checked: true, ...revokedLater, source: [...kinds].sort().join('+') as RevocationSource };
    return;
  }
  const reason = notes.join('; ') || 'no certificate of the chain could be checked';
  report.revocation = { checked: false, ...revokedLater, reason };
  if (!input.acceptUnchecked) throw indeterminate('TRY_LATER', `revocation status unknown: ${reason}`);
  report.warnings.push(`revocation not checked (accepted by the caller): ${reason}`);
}

/**
 * Evidence for one certificate: an authentic usable CRL OR an authentic usable OCSP response. A
 * revocation found in either stands (the earliest date wins). The CRL's reason comes first in the
 * notes, the OCSP one is added only when responses for the certificate were at hand.
 */
function certificateStatus(cert: Certificate, issuer: Certificate, input: RevocationInput) {
  const t = { now: input.now, provenSigningTime: input.poe };
  const crl = revocationStatus(cert, issuer, input.crls, t);
  const ocsp = ocspStatus(cert, issuer, input.ocsps ?? [], t, input.responderPool ?? [], input.crls);
  const ignored = [...crl.ignored, ...ocsp.ignored];
  const revoked = [crl.revokedAt && { at: crl.revokedAt, kind: 'crl' as const }, ocsp.revokedAt && { at: ocsp.revokedAt, kind: 'ocsp' as const }]
    .filter((x): x is { at: Date; kind: 'crl' | 'ocsp' } => !!x)
    .sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  if (revoked) return { checked: true, revokedAt: revoked.at, kind: revoked.kind, ignored };
  if (crl.checked) return { checked: true, kind: 'crl' as const, ignored };
  if (ocsp.checked) return { checked: true, kind: 'ocsp' as const, ignored };
  const reason = ocsp.reason === 'no OCSP response' ? crl.reason : `${crl.reason}; ${ocsp.reason}`;
  return { checked: false, reason, kind: 'crl' as const, ignored };
}

/** Parse CRL blobs of a signature or document (CMS `crls`, /DSS streams); skip the unreadable. */
export function parseCrls(ders: readonly Buffer[], where: string, warnings: string[]): Crl[] {
  const out: Crl[] = [];
  for (const data of ders) {
    for (const der of crlsFromFile(data)) {
      try {
        out.push(parseCrl(der));
      } catch (e) {
        warnings.push(`ignored an unreadable CRL ${where}: ${(e as Error).message}`);
      }
    }
  }
  return out;
}
