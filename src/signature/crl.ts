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
  checked: boolean;
  reason?: string;
  revokedAt?: Date;
  /** thisUpdate of the CRL used. */
  crlThisUpdate?: Date;
  stale?: boolean;
}

function crlVerifies(crl: Crl, issuer: Certificate): boolean {
  if (issuer.keyUsage && !issuer.keyUsage.has('cRLSign')) return false;
  try {
    return verifySignature(signatureScheme(crl.signatureAlgorithm, null), [crl.tbs], issuer.publicKey, crl.signature);
  } catch {
    return false;
  }
}

/** Status of `cert` from the CRLs its `issuer` signed. `at` is when freshness matters. */
export function revocationStatus(cert: Certificate, issuer: Certificate, crls: readonly Crl[], now: Date): RevocationStatus {
  const fromIssuer = crls.filter((c) => namesEqual(c.issuer, cert.issuer));
  if (fromIssuer.length === 0) return { checked: false, reason: `no CRL from "${nameToString(cert.issuer)}"` };
  const valid = fromIssuer.filter((c) => crlVerifies(c, issuer)).sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime());
  if (valid.length === 0) return { checked: false, reason: `the CRL from "${nameToString(cert.issuer)}" has an invalid signature` };
  for (const crl of valid) {
    const at = crl.revoked.get(cert.serialHex);
    if (at) return { checked: true, revokedAt: at, crlThisUpdate: crl.thisUpdate };
  }
  const newest = valid[0]!;
  const stale = newest.nextUpdate !== null && newest.nextUpdate < now;
  return { checked: true, crlThisUpdate: newest.thisUpdate, stale, ...(stale ? { reason: 'the newest CRL is past its nextUpdate' } : {}) };
}
