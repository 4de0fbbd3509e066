// Revocation of a validated chain, and the report of it. The rule (issue 7, after ETSI EN 319
// 102-1): a certificate whose status cannot be established from a usable CRL makes the signature
// INDETERMINATE/TRY_LATER — never silently good — unless the caller explicitly accepts unchecked
// revocation. `checked: true` is only ever reported when every certificate that needs a check got
// one from an authentic, usable CRL.
import type { Certificate } from './certificate.js';
import { isAnchor } from './chain.js';
import { crlsFromFile, parseCrl, revocationStatus, type Crl } from './crl.js';
import { nameToString } from './names.js';
import type { SignatureReport } from './report.js';
import { failed, indeterminate } from './verdict.js';

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
  // A revocation after the proven signing time does not stop validation; it stays in the report.
  let revokedLater: { revokedAt: string; reason: string } | null = null;
  for (let i = 0; i + 1 < chain.length; i++) {
    const cert = chain[i]!;
    if (isAnchor(cert, anchors)) break;
    const status = revocationStatus(cert, chain[i + 1]!, input.crls, { now: input.now, provenSigningTime: poe });
    report.warnings.push(...status.ignored);
    const who = `"${nameToString(cert.subject)}"`;
    if (status.revokedAt) {
      const at = status.revokedAt.toISOString();
      report.revocation = { checked: true, revokedAt: at, reason: `${who} revoked on ${at}` };
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
    if (status.checked) checkedCount++;
    else notes.push(`${who}: ${status.reason ?? 'no revocation data'}`);
  }
  if (notes.length === 0 && checkedCount > 0) {
    report.revocation = { checked: true, ...revokedLater };
    return;
  }
  const reason = notes.join('; ') || 'no certificate of the chain could be checked';
  report.revocation = { checked: false, ...revokedLater, reason };
  if (!input.acceptUnchecked) throw indeterminate('TRY_LATER', `revocation status unknown: ${reason}`);
  report.warnings.push(`revocation not checked (accepted by the caller): ${reason}`);
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
