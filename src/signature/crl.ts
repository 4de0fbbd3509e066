// Certificate revocation lists (RFC 5280 5): parsing, signature check by the issuer's key, and
// the revocation status of one certificate. Never reports "good" without a verified CRL.
import { Tag, bitString, child, expect, integerHex, isContext, isUniversal, parse, time, type Node } from './asn1.js';
import { algorithmId, signatureScheme, verifySignature, type AlgorithmId } from './algorithms.js';
import { nameToString, namesEqual, parseName, type Name } from './names.js';
import type { Certificate } from './certificate.js';

export interface Crl {
  der: Buffer;
  tbs: Buffer;
  issuer: Name;
  thisUpdate: Date;
  nextUpdate: Date | null;
  revoked: Map<string, Date>;
  signatureAlgorithm: AlgorithmId;
  signature: Buffer;
}

export function parseCrl(der: Buffer): Crl {
  const root = expect(parse(der), Tag.SEQUENCE, 'CRL');
  const tbs = expect(root.children[0], Tag.SEQUENCE, 'TBSCertList');
  let i = isUniversal(tbs.children[0], Tag.INTEGER) ? 1 : 0;
  i++; // signature AlgorithmIdentifier (repeated outside)
  const issuer = parseName(child(tbs, i++, 'CRL issuer'));
  const thisUpdate = time(child(tbs, i++, 'thisUpdate'));
  let nextUpdate: Date | null = null;
  const maybeNext = tbs.children[i];
  if (isUniversal(maybeNext, Tag.UTCTime) || isUniversal(maybeNext, Tag.GeneralizedTime)) {
    nextUpdate = time(maybeNext);
    i++;
  }
  const revoked = new Map<string, Date>();
  const list: Node | undefined = tbs.children[i];
  if (list && isUniversal(list, Tag.SEQUENCE)) {
    for (const entry of list.children) {
      revoked.set(integerHex(child(entry, 0, 'revoked serial')), time(child(entry, 1, 'revocationDate')));
    }
  } else if (list && !isContext(list, 0)) throw new Error('malformed CRL revokedCertificates');
  return {
    der: root.bytes,
    tbs: tbs.bytes,
    issuer,
    thisUpdate,
    nextUpdate,
    revoked,
    signatureAlgorithm: algorithmId(child(root, 1, 'CRL signatureAlgorithm'), 'CRL signatureAlgorithm'),
    signature: bitString(child(root, 2, 'CRL signature')).bytes,
  };
}

/** PEM ("X509 CRL") blocks or one DER CRL. */
export function crlsFromFile(data: Buffer): Buffer[] {
  if (data.subarray(0, 64).toString('latin1').includes('-----BEGIN')) {
    const re = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/g;
    return [...data.toString('latin1').matchAll(re)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
  }
  return [data];
}

export function isCrl(der: Buffer): boolean {
  try {
    const root = parse(der);
    // A CRL's TBSCertList has no [0] version wrapper and its 4th/5th element is a time;
    // a certificate's TBSCertificate starts with [0] version or a serial INTEGER then AlgId then Name.
    const tbs = root.children[0];
    return !!tbs && !isContext(tbs.children[0], 0) && tbs.children.some((c) => isUniversal(c, Tag.UTCTime) || isUniversal(c, Tag.GeneralizedTime));
  } catch {
    return false;
  }
}

export interface RevocationStatus {
  /** True only when an authentic, usable CRL was consulted for this certificate. */
  checked: boolean;
  reason?: string;
  revokedAt?: Date;
  /** CRLs from the issuer that were set aside, and why (for the report's warnings). */
  ignored: string[];
}

function crlVerifies(crl: Crl, issuer: Certificate): boolean {
  if (issuer.keyUsage && !issuer.keyUsage.has('cRLSign')) return false;
  try {
    return verifySignature(signatureScheme(crl.signatureAlgorithm, null), [crl.tbs], issuer.publicKey, crl.signature);
  } catch {
    return false;
  }
}

export interface RevocationTimes {
  /** The validation time. */
  now: Date;
  /**
   * The signing time proven by a verified time-stamp, or null. A claimed time (signing-time
   * attribute, /M) is not used: with a stolen key an attacker back-dates the claim to before an
   * old CRL and that CRL would then "prove" the certificate good.
   */
  provenSigningTime: Date | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : 'none');

/**
 * Is this CRL evidence of the certificate's status? Either it is current (thisUpdate ≤ now ≤
 * nextUpdate), or it was issued at or after the proven signing time: it then lists every
 * revocation up to a moment after the signature, which is what validity at signing needs.
 */
function usable(crl: Crl, t: RevocationTimes): boolean {
  const current = crl.thisUpdate <= t.now && crl.nextUpdate !== null && t.now <= crl.nextUpdate;
  const afterSigning = t.provenSigningTime !== null && crl.thisUpdate >= t.provenSigningTime;
  return current || afterSigning;
}

/**
 * Status of `cert` from the CRLs its `issuer` signed (configured, embedded in the CMS, or in the
 * PDF's /DSS: all are checked the same way, their source does not make them trusted).
 */
export function revocationStatus(cert: Certificate, issuer: Certificate, crls: readonly Crl[], t: RevocationTimes): RevocationStatus {
  const from = `"${nameToString(cert.issuer)}"`;
  const fromIssuer = crls.filter((c) => namesEqual(c.issuer, cert.issuer));
  if (fromIssuer.length === 0) return { checked: false, reason: `no CRL from ${from}`, ignored: [] };
  const authentic = fromIssuer.filter((c) => crlVerifies(c, issuer));
  if (authentic.length === 0) return { checked: false, reason: `the CRL from ${from} has an invalid signature`, ignored: [] };
  // A revocation listed by any authentic CRL stands even if that CRL is old: revocation is
  // permanent, so an old list cannot be wrong about it (certificateHold aside, which we treat as revoked).
  let revokedAt: Date | undefined;
  for (const crl of authentic) {
    const at = crl.revoked.get(cert.serialHex);
    if (at && (!revokedAt || at < revokedAt)) revokedAt = at;
  }
  if (revokedAt) return { checked: true, revokedAt, ignored: [] };
  const ignored: string[] = [];
  for (const crl of authentic) {
    if (usable(crl, t)) continue;
    const why = t.provenSigningTime
      ? `issued before the time-stamped signing time ${t.provenSigningTime.toISOString()}`
      : 'the signing time is not proven by a time-stamp';
    ignored.push(`the CRL from ${from} (thisUpdate ${iso(crl.thisUpdate)}, nextUpdate ${iso(crl.nextUpdate)}) is not current and ${why}: ignored`);
  }
  if (ignored.length === authentic.length) return { checked: false, reason: `no current CRL from ${from}`, ignored };
  return { checked: true, ignored };
}
