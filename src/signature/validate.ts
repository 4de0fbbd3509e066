// Validation of one signature (one CMS SignerInfo over given content): signer checks, time-stamp,
// chain, key usage, validity at the signing time, revocation. Fills a SignatureReport and turns
// every failure — including unexpected exceptions on garbage — into an indication.
import { Asn1Error } from './asn1.js';
import { UnsupportedAlgorithm } from './algorithms.js';
import { findAttr, type SignedData, type SignerInfo } from './cms.js';
import { parseCertificate, summary, type Certificate } from './certificate.js';
import { buildChain, checkPathConstraints } from './chain.js';
import type { Crl } from './crl.js';
import { nameToString } from './names.js';
import { OID } from './oids.js';
import type { Context } from './context.js';
import type { SignatureReport } from './report.js';
import { checkRevocation } from './revocation.js';
import { revocationCandidates, type ContainerRevocation } from './revocation-data.js';
import { checkSignerInfo } from './signer-info.js';
import { verifyTimestampToken, type TimestampOk } from './timestamp.js';
import { VerdictError, failed, indeterminate } from './verdict.js';

/** Allowed drift between a claimed signing time and a later time-stamp. */
const CLOCK_SKEW_MS = 5 * 60_000;

export interface SignatureInput {
  sd: SignedData;
  si: SignerInfo;
  /** The signed content as buffer views (byte ranges, MIME part, eContent). */
  content: readonly Buffer[];
  /** A time the container claims (PDF /M), used only when the CMS has none. */
  containerTime?: Date | null;
  /** CRLs the container carries (PDF /DSS), candidates like the configured ones. */
  containerCrls?: readonly Crl[];
  /** OCSP responses and certificates the container carries (PDF /DSS /OCSPs, /Certs). */
  container?: ContainerRevocation;
}

/** Run the checks, writing into `report`. Never throws. */
export function validateSignature(input: SignatureInput, ctx: Context, report: SignatureReport): void {
  report.warnings.push(...ctx.warnings);
  try {
    runChecks(input, ctx, report);
  } catch (e) {
    applyError(report, e);
  }
}

export function applyError(report: SignatureReport, e: unknown): void {
  if (e instanceof VerdictError) {
    report.indication = e.indication;
    report.subIndication = e.subIndication;
    report.reason = e.message;
  } else if (e instanceof UnsupportedAlgorithm) {
    report.indication = 'INDETERMINATE';
    report.subIndication = 'CRYPTO_CONSTRAINTS_FAILURE';
    report.reason = e.message;
  } else {
    // Garbage in the signature (Asn1Error) or anything unforeseen: a format failure, not a crash.
    report.indication = 'FAILED';
    report.subIndication = 'FORMAT_FAILURE';
    report.reason = e instanceof Asn1Error ? `malformed signature: ${e.message}` : `cannot read the signature: ${(e as Error)?.message ?? String(e)}`;
  }
}

function parseAll(ders: readonly Buffer[], warnings: string[]): Certificate[] {
  const out: Certificate[] = [];
  for (const der of ders) {
    try {
      out.push(parseCertificate(der));
    } catch (e) {
      warnings.push(`ignored an unreadable embedded certificate: ${(e as Error).message}`);
    }
  }
  return out;
}

function runChecks({ sd, si, content, containerTime, containerCrls, container }: SignatureInput, ctx: Context, report: SignatureReport): void {
  const certs = parseAll(sd.certificates, report.warnings);
  const check = checkSignerInfo(sd, si, content, [...certs, ...ctx.intermediates, ...ctx.anchors]);
  report.digestAlgorithm = check.digestAlgorithm.toUpperCase().replace('SHA', 'SHA-');
  report.signatureAlgorithm = check.signatureAlgorithm;
  report.signer = summary(check.signerCert);
  report.warnings.push(...check.warnings);
  if (report.pdf?.subFilter === 'ETSI.CAdES.detached' && !check.hasSigningCertificateAttr) {
    report.warnings.push('CAdES signature without the signing-certificate-v2 attribute');
  }

  // Time-stamp: verified, it is proof of existence; unverified, it is ignored with a warning.
  let ts: TimestampOk | null = null;
  const token = findAttr(si.unsignedAttrs, OID.signatureTimeStampToken)?.values[0];
  if (token) {
    try {
      ts = verifyTimestampToken(token.bytes, [si.signature], { anchors: ctx.anchors, intermediates: ctx.intermediates, now: ctx.now });
      report.timestamp = { verified: true, genTime: ts.genTime.toISOString(), tsa: ts.tsaName };
      report.warnings.push(...ts.warnings.map((w) => `time-stamp: ${w}`));
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      report.timestamp = { verified: false, genTime: null, tsa: null, reason };
      report.warnings.push(`the time-stamp was ignored: ${reason}`);
    }
  }
  const claimed = check.signingTimeAttr ?? containerTime ?? null;
  const poe = ts?.genTime ?? null;
  if (poe) {
    report.signingTime = poe.toISOString();
    report.signingTimeSource = 'timestamp';
    if (claimed && claimed.getTime() > poe.getTime() + CLOCK_SKEW_MS) {
      report.warnings.push(`the claimed signing time ${claimed.toISOString()} is after the time-stamp`);
    }
  } else if (claimed) {
    report.signingTime = claimed.toISOString();
    report.signingTimeSource = check.signingTimeAttr ? 'signing-time-attribute' : 'pdf-M';
    if (claimed.getTime() > ctx.now.getTime() + CLOCK_SKEW_MS) report.warnings.push('the claimed signing time is in the future');
  }

  const { chain, reason } = buildChain(check.signerCert, [...certs, ...ctx.intermediates, ...(container?.certs ?? [])], ctx.anchors);
  if (!chain) throw indeterminate('NO_CERTIFICATE_CHAIN_FOUND', reason);
  report.chain = chain.map((c) => nameToString(c.subject));
  checkPathConstraints(chain, ctx.anchors);
  checkValidityPeriods(chain, claimed, poe, ctx.now);
  const sources = revocationCandidates(ctx, sd, si, certs, { ...container, crls: [...(containerCrls ?? []), ...(container?.crls ?? [])] }, report.warnings);
  checkRevocation({ chain, ...sources, now: ctx.now, poe, claimed, anchors: ctx.anchors, acceptUnchecked: ctx.acceptUncheckedRevocation }, report);
}

/**
 * Every certificate must be valid when the signature was made. Only a verified time-stamp
 * proves that time; the signing-time attribute and /M are the signer's claims. So: a claim
 * before notBefore is self-contradictory (NOT_YET_VALID); proof after notAfter is EXPIRED; a
 * certificate expired today without proof of earlier signing is OUT_OF_BOUNDS_NO_POE.
 */
function checkValidityPeriods(chain: readonly Certificate[], claimed: Date | null, poe: Date | null, now: Date): void {
  for (const c of chain) {
    const who = `"${nameToString(c.subject)}"`;
    const t = poe ?? claimed ?? now;
    if (t < c.notBefore) {
      throw failed('NOT_YET_VALID', `certificate ${who} was not yet valid at the signing time (valid from ${c.notBefore.toISOString()})`);
    }
    if (poe) {
      if (poe > c.notAfter) throw failed('EXPIRED', `the time-stamp proves the signature was made after certificate ${who} expired (${c.notAfter.toISOString()})`);
    } else if (now > c.notAfter) {
      const when = claimed ? `; the claimed signing time is ${claimed.toISOString()}` : '';
      throw indeterminate(
        'OUT_OF_BOUNDS_NO_POE',
        `certificate ${who} expired on ${c.notAfter.toISOString()} and no verified time-stamp proves the signature was made before${when}`,
      );
    }
  }
}
