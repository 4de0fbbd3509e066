// Validation of one signature (one CMS SignerInfo over given content): signer checks, time-stamp,
// chain, key usage, validity at the signing time, revocation. Fills a SignatureReport and turns
// every failure — including unexpected exceptions on garbage — into an indication.
import { Asn1Error, type Node } from './asn1.js';
import { UnsupportedAlgorithm } from './algorithms.js';
import { findAttr, type SignedData, type SignerInfo } from './cms.js';
import { parseCertificate, summary, type Certificate } from './certificate.js';
import { buildChain, checkPathConstraints } from './chain.js';
import { nameToString } from './names.js';
import { OID } from './oids.js';
import type { Context } from './context.js';
import { checkTsaAt, describePoe, poeReport, type Poe } from './poe.js';
import { blankSignature, type SignatureReport } from './report.js';
import { checkRevocation, parseCrls } from './revocation.js';
import { revocationCandidates, type ContainerRevocation, type RevocationSources } from './revocation-data.js';
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
  /** CRLs, OCSP responses and certificates the container carries (PDF /DSS), candidates like the configured ones. */
  container?: ContainerRevocation;
  /** The earliest verified document time-stamp over this signature (PDF), if any. */
  docPoe?: Poe | null;
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

function runChecks(input: SignatureInput, ctx: Context, report: SignatureReport): void {
  const { sd, si, content, containerTime, container } = input;
  const certs = parseAll(sd.certificates, report.warnings);
  const check = checkSignerInfo(sd, si, content, [...certs, ...ctx.intermediates, ...ctx.anchors]);
  report.digestAlgorithm = check.digestAlgorithm.toUpperCase().replace('SHA', 'SHA-');
  report.signatureAlgorithm = check.signatureAlgorithm;
  report.signer = summary(check.signerCert);
  report.warnings.push(...check.warnings);
  if (report.pdf?.subFilter === 'ETSI.CAdES.detached' && !check.hasSigningCertificateAttr) {
    report.warnings.push('CAdES signature without the signing-certificate-v2 attribute');
  }

  const sources = revocationCandidates(ctx, sd, si, certs, container ?? {}, report.warnings);
  const docPoe = input.docPoe ?? null;
  const token = findAttr(si.unsignedAttrs, OID.signatureTimeStampToken)?.values[0];
  const ts = token ? checkSignatureTimestamp(token, si.signature, docPoe, sources, ctx, report) : null;
  const claimed = check.signingTimeAttr ?? containerTime ?? null;
  // The best (earliest) proof: the signature time-stamp, or a document time-stamp over it.
  let poe: Poe | null = ts ? { time: ts.genTime, source: 'signature-timestamp', index: report.index } : null;
  if (docPoe && (!poe || docPoe.time < poe.time)) poe = docPoe;
  if (ts) {
    report.signingTime = ts.genTime.toISOString();
    report.signingTimeSource = 'timestamp';
    if (claimed && claimed.getTime() > ts.genTime.getTime() + CLOCK_SKEW_MS) {
      report.warnings.push(`the claimed signing time ${claimed.toISOString()} is after the time-stamp`);
    }
  } else if (claimed) {
    report.signingTime = claimed.toISOString();
    report.signingTimeSource = check.signingTimeAttr ? 'signing-time-attribute' : 'pdf-M';
    if (claimed.getTime() > ctx.now.getTime() + CLOCK_SKEW_MS) report.warnings.push('the claimed signing time is in the future');
  }
  if (poe) report.poe = poeReport(poe, false);

  const { chain, reason } = buildChain(check.signerCert, [...certs, ...ctx.intermediates, ...(container?.certs ?? [])], ctx.anchors);
  if (!chain) throw indeterminate('NO_CERTIFICATE_CHAIN_FOUND', reason);
  report.chain = chain.map((c) => nameToString(c.subject));
  checkPathConstraints(chain, ctx.anchors);
  const validAt = checkValidityPeriods(chain, claimed, ts?.genTime ?? null, poe, ctx.now);
  if (validAt && poe) {
    // PASSED with a remark: the reason says at which time it is valid and what proves it.
    report.poe = poeReport(poe, true);
    report.reason ??= validAt;
  }
  checkRevocation({ chain, ...sources, now: ctx.now, poe: poe?.time ?? null, claimed, anchors: ctx.anchors, acceptUnchecked: ctx.acceptUncheckedRevocation }, report);
}

/**
 * The signature time-stamp (RFC 3161 token in the unsigned attributes): verified over the
 * signature value, and its TSA chain valid — not expired, not revoked — at the time the token is
 * proven to exist (a document time-stamp over the signature, else now). Verified, it is proof of
 * existence; otherwise it is ignored with the reason in `report.timestamp` and a warning.
 */
function checkSignatureTimestamp(token: Node, signature: Buffer, docPoe: Poe | null, sources: RevocationSources, ctx: Context, report: SignatureReport): TimestampOk | null {
  const scratch = blankSignature(report.index, report.type);
  try {
    const ts = verifyTimestampToken(token.bytes, [signature], { anchors: ctx.anchors, intermediates: ctx.intermediates, now: ctx.now });
    const tsaCrls = [...sources.crls, ...parseCrls(ts.crls, 'in the time-stamp token', scratch.warnings)];
    try {
      checkTsaAt(ts, docPoe, { ...sources, crls: tsaCrls } as RevocationSources, ctx, scratch);
    } finally {
      report.timestamp = { verified: false, genTime: ts.genTime.toISOString(), tsa: ts.tsaName, revocation: scratch.revocation };
    }
    report.timestamp.verified = true;
    report.warnings.push(...[...ts.warnings, ...scratch.warnings].map((w) => `time-stamp: ${w}`));
    return ts;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    // genTime and TSA stay when the token itself verified and only its TSA's validation failed.
    const got = report.timestamp;
    report.timestamp = { verified: false, genTime: got?.genTime ?? null, tsa: got?.tsa ?? null, reason, ...(got?.revocation ? { revocation: got.revocation } : {}) };
    report.warnings.push(`the time-stamp was ignored: ${reason}`);
    return null;
  }
}

/**
 * Every certificate must be valid when the signature was made. Only a verified time-stamp proves
 * a time; the signing-time attribute and /M are the signer's claims. So: a claim before
 * notBefore is self-contradictory (NOT_YET_VALID); a signature time-stamp after notAfter is
 * EXPIRED (it dates the signing, EN 319 102-1); a certificate expired today is valid at the proven
 * time when that is before notAfter (past signature validation, §5.6.2.4) — the return value says
 * so — and OUT_OF_BOUNDS_NO_POE otherwise. A document time-stamp only bounds the signing time from
 * above (it may be added years later), so one after notAfter proves nothing: never EXPIRED.
 */
function checkValidityPeriods(chain: readonly Certificate[], claimed: Date | null, sigTs: Date | null, poe: Poe | null, now: Date): string | null {
  let validAt: string | null = null;
  for (const c of chain) {
    const who = `"${nameToString(c.subject)}"`;
    const t = sigTs ?? claimed ?? poe?.time ?? now;
    if (t < c.notBefore) {
      throw failed('NOT_YET_VALID', `certificate ${who} was not yet valid at the signing time (valid from ${c.notBefore.toISOString()})`);
    }
    if (sigTs && sigTs > c.notAfter) throw failed('EXPIRED', `the time-stamp proves the signature was made after certificate ${who} expired (${c.notAfter.toISOString()})`);
    if (now <= c.notAfter) continue;
    if (poe && poe.time <= c.notAfter) {
      validAt ??= `valid at ${poe.time.toISOString()}, proven by ${describePoe(poe)}: certificate ${who} expired on ${c.notAfter.toISOString()}, after that time`;
      continue;
    }
    const when = claimed ? `; the claimed signing time is ${claimed.toISOString()}` : '';
    const proof = poe ? `; the earliest time-stamp covering it (${describePoe(poe)}, ${poe.time.toISOString()}) is after the expiry` : '';
    throw indeterminate(
      'OUT_OF_BOUNDS_NO_POE',
      `certificate ${who} expired on ${c.notAfter.toISOString()} and no verified time-stamp proves the signature was made before${proof}${when}`,
    );
  }
  return validAt;
}
