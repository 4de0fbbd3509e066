// Checks of one CMS SignerInfo against its content: messageDigest, content type, the signer
// certificate (issuer AND serial, or subject key identifier; ESS signing-certificate), and the
// signature over the signed attributes exactly as received (0xA0 → 0x31). Pure: no I/O.
import { constants, publicDecrypt } from 'node:crypto';
import { Tag, integerHex, isContext, isUniversal, octets, oid, parse, time, type Node } from './asn1.js';
import {
  BROKEN_DIGESTS,
  UnsupportedAlgorithm,
  WEAK_DIGESTS,
  algorithmId,
  digestName,
  digestParts,
  keyBits,
  signatureScheme,
  verifySignature,
  type DigestName,
} from './algorithms.js';
import { findAttr, signedAttrsForVerification, type SignedData, type SignerInfo } from './cms.js';
import { sha, type Certificate } from './certificate.js';
import { namesEqual, parseName } from './names.js';
import { OID } from './oids.js';
import { failed, indeterminate } from './verdict.js';

export interface SignerCheck {
  signerCert: Certificate;
  digestAlgorithm: DigestName;
  signatureAlgorithm: string;
  /** The signing-time signed attribute: a claim by the signer, not a proof. */
  signingTimeAttr: Date | null;
  hasSigningCertificateAttr: boolean;
  warnings: string[];
}

/**
 * Verify `si` over `content` (the signed bytes as views, e.g. the two PDF byte ranges).
 * Throws VerdictError on the first failed check, in the order a reader expects: the content
 * hash first (tampering), then the signer certificate, then the cryptographic signature.
 */
export function checkSignerInfo(sd: SignedData, si: SignerInfo, content: readonly Buffer[], certs: Certificate[]): SignerCheck {
  const warnings: string[] = [];
  let digest: DigestName;
  try {
    digest = digestName(si.digestAlgorithm);
  } catch (e) {
    throw indeterminate('CRYPTO_CONSTRAINTS_FAILURE', (e as Error).message);
  }
  if (BROKEN_DIGESTS.has(digest)) throw indeterminate('CRYPTO_CONSTRAINTS_FAILURE', `digest algorithm ${digest} is broken`);
  if (WEAK_DIGESTS.has(digest)) warnings.push(`weak digest algorithm ${digest.toUpperCase()}`);

  const contentDigest = digestParts(digest, content);
  let signingTimeAttr: Date | null = null;
  if (si.signedAttrsBytes) {
    const md = findAttr(si.signedAttrs, OID.messageDigest);
    const mdValue = md?.values[0];
    if (!md || md.values.length !== 1 || !isUniversal(mdValue, Tag.OCTET_STRING)) {
      throw failed('FORMAT_FAILURE', 'signed attributes lack a single messageDigest');
    }
    if (!octets(mdValue).equals(contentDigest)) {
      throw failed('HASH_FAILURE', 'the signed content does not match the messageDigest: it was changed after signing');
    }
    const ct = findAttr(si.signedAttrs, OID.contentType)?.values[0];
    if (!ct || oid(ct) !== sd.eContentType) throw failed('FORMAT_FAILURE', 'contentType attribute missing or different from the content');
    const st = findAttr(si.signedAttrs, OID.signingTime)?.values[0];
    if (st) signingTimeAttr = time(st);
  }

  const signerCert = findSignerCert(si, certs);
  if (!signerCert) throw indeterminate('NO_SIGNING_CERTIFICATE_FOUND', 'the certificate named by the SignerInfo is not in the signature');
  const hasEss = checkEssSigningCertificate(si, signerCert);

  let scheme;
  try {
    scheme = signatureScheme(si.signatureAlgorithm, digest);
  } catch (e) {
    if (e instanceof UnsupportedAlgorithm) throw indeterminate('CRYPTO_CONSTRAINTS_FAILURE', e.message);
    throw e;
  }
  if (scheme.hash && WEAK_DIGESTS.has(scheme.hash) && scheme.hash !== digest) warnings.push(`weak signature hash ${scheme.hash.toUpperCase()}`);
  if (scheme.hash && BROKEN_DIGESTS.has(scheme.hash)) throw indeterminate('CRYPTO_CONSTRAINTS_FAILURE', `signature hash ${scheme.hash} is broken`);
  const bits = keyBits(signerCert.publicKey);
  if (bits !== null && bits < 2048) warnings.push(`weak RSA key (${bits} bits)`);

  if (si.signedAttrsBytes) {
    if (!verifySignature(scheme, signedAttrsForVerification(si.signedAttrsBytes), signerCert.publicKey, si.signature)) {
      throw failed('SIG_CRYPTO_FAILURE', 'the signature value does not verify with the signer certificate key');
    }
  } else {
    warnings.push('no signed attributes: the signature covers the content only (no signing time, no certificate binding)');
    if (!verifySignature(scheme, content, signerCert.publicKey, si.signature)) {
      // Tell tampering from a bad signature where the key type allows (RSA PKCS#1 v1.5).
      const recovered = recoverRsaDigest(signerCert, si.signature);
      if (recovered && !recovered.equals(contentDigest)) throw failed('HASH_FAILURE', 'the signed content was changed after signing');
      throw failed('SIG_CRYPTO_FAILURE', 'the signature value does not verify with the signer certificate key');
    }
  }
  return { signerCert, digestAlgorithm: digest, signatureAlgorithm: scheme.name, signingTimeAttr, hasSigningCertificateAttr: hasEss, warnings };
}

/** Issuer AND serial (serials alone collide across CAs), or the subject key identifier. */
export function findSignerCert(si: SignerInfo, certs: Certificate[]): Certificate | undefined {
  const sid = si.sid;
  if (sid.kind === 'issuerSerial') return certs.find((c) => c.serialHex === sid.serialHex && namesEqual(c.issuer, sid.issuer));
  return certs.find((c) => c.subjectKeyId?.equals(sid.keyId));
}

/**
 * ESS signing-certificate(-v2) (RFC 2634 / 5035): when present, its first entry must be the
 * signer certificate. This binds the certificate under the signature (prevents substitution).
 */
function checkEssSigningCertificate(si: SignerInfo, cert: Certificate): boolean {
  const v2 = findAttr(si.signedAttrs, OID.signingCertificateV2)?.values[0];
  const v1 = findAttr(si.signedAttrs, OID.signingCertificate)?.values[0];
  const attr = v2 ?? v1;
  if (!attr) return false;
  const first = attr.children[0]?.children[0];
  if (!first) throw failed('FORMAT_FAILURE', 'malformed signing-certificate attribute');
  let hashName: DigestName = v2 ? 'sha256' : 'sha1';
  let idx = 0;
  if (v2 && isUniversal(first.children[0], Tag.SEQUENCE)) {
    hashName = digestName(algorithmId(first.children[0], 'ESSCertIDv2 hash'));
    idx = 1;
  }
  const hashNode = first.children[idx];
  if (!isUniversal(hashNode, Tag.OCTET_STRING)) throw failed('FORMAT_FAILURE', 'malformed signing-certificate attribute');
  if (hashName === 'md5') throw indeterminate('CRYPTO_CONSTRAINTS_FAILURE', 'signing-certificate attribute uses MD5');
  if (!octets(hashNode).equals(sha(hashName, cert.der))) {
    throw indeterminate('NO_SIGNING_CERTIFICATE_FOUND', 'the signing-certificate attribute names another certificate');
  }
  const issuerSerial = first.children[idx + 1];
  if (issuerSerial && !issuerSerialMatches(issuerSerial, cert)) {
    throw indeterminate('NO_SIGNING_CERTIFICATE_FOUND', 'the signing-certificate attribute issuer/serial differs from the signer certificate');
  }
  return true;
}

function issuerSerialMatches(n: Node, cert: Certificate): boolean {
  const serial = n.children[1];
  if (!serial || integerHex(serial) !== cert.serialHex) return false;
  const dirName = n.children[0]?.children.find((g) => isContext(g, 4));
  return !dirName?.children[0] || namesEqual(parseName(dirName.children[0]), cert.issuer);
}

/** RSA PKCS#1 v1.5: decrypt the signature to read the DigestInfo digest, or null. */
function recoverRsaDigest(cert: Certificate, signature: Buffer): Buffer | null {
  if (cert.publicKey.asymmetricKeyType !== 'rsa') return null;
  try {
    const di = parse(publicDecrypt({ key: cert.publicKey, padding: constants.RSA_PKCS1_PADDING }, signature));
    const d = di.children[1];
    return d && isUniversal(d, Tag.OCTET_STRING) ? d.content : null;
  } catch {
    return null;
  }
}
