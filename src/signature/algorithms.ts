// Digest and signature algorithms: map AlgorithmIdentifiers to Node crypto calls. node-forge
// cannot verify ECDSA or PSS, so all cryptography goes through Node's crypto (OpenSSL).
import { createHash, createVerify, verify as cryptoVerify, constants, type KeyObject, type Hash } from 'node:crypto';
import { Asn1Error, Tag, child, isContext, isUniversal, oid, smallInt, type Node } from './asn1.js';
import { OID } from './oids.js';

export type DigestName = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

const DIGESTS: Record<string, DigestName> = {
  [OID.md5]: 'md5',
  [OID.sha1]: 'sha1',
  [OID.sha224]: 'sha224',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

/** Digests that still verify but are reported as weak; md5 is refused outright. */
export const WEAK_DIGESTS: ReadonlySet<DigestName> = new Set(['sha1']);
export const BROKEN_DIGESTS: ReadonlySet<DigestName> = new Set(['md5']);

export class UnsupportedAlgorithm extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedAlgorithm';
  }
}

export interface AlgorithmId {
  oid: string;
  params: Node | undefined;
}

export function algorithmId(n: Node, what: string): AlgorithmId {
  if (!isUniversal(n, Tag.SEQUENCE) || n.children.length < 1) throw new Asn1Error(`${what}: malformed AlgorithmIdentifier`);
  return { oid: oid(child(n, 0, what)), params: n.children[1] };
}

export function digestName(alg: AlgorithmId | string): DigestName {
  const id = typeof alg === 'string' ? alg : alg.oid;
  const d = DIGESTS[id];
  if (!d) throw new UnsupportedAlgorithm(`unsupported digest algorithm ${id}`);
  return d;
}

/** Hash several views of one buffer without concatenating them (PDF byte ranges). */
export function digestParts(name: DigestName, parts: readonly Buffer[]): Buffer {
  const h: Hash = createHash(name);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** How a signature algorithm verifies: which hash, which padding. */
export interface SignatureScheme {
  name: string;
  /** Hash used for the signature; null for Ed25519 (hashes internally). */
  hash: DigestName | null;
  /** 'ecdsa-plain': BSI TR-03111 r||s encoding (IEEE P1363) instead of X9.62 DER. */
  kind: 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa' | 'ecdsa-plain' | 'eddsa';
  saltLength?: number;
}

const COMBINED: Record<string, { hash: DigestName; kind: 'rsa-pkcs1' | 'ecdsa' | 'ecdsa-plain' }> = {
  [OID.md5WithRSA]: { hash: 'md5', kind: 'rsa-pkcs1' },
  [OID.sha1WithRSA]: { hash: 'sha1', kind: 'rsa-pkcs1' },
  [OID.sha224WithRSA]: { hash: 'sha224', kind: 'rsa-pkcs1' },
  [OID.sha256WithRSA]: { hash: 'sha256', kind: 'rsa-pkcs1' },
  [OID.sha384WithRSA]: { hash: 'sha384', kind: 'rsa-pkcs1' },
  [OID.sha512WithRSA]: { hash: 'sha512', kind: 'rsa-pkcs1' },
  [OID.ecdsaWithSHA1]: { hash: 'sha1', kind: 'ecdsa' },
  [OID.ecdsaWithSHA224]: { hash: 'sha224', kind: 'ecdsa' },
  [OID.ecdsaWithSHA256]: { hash: 'sha256', kind: 'ecdsa' },
  [OID.ecdsaWithSHA384]: { hash: 'sha384', kind: 'ecdsa' },
  [OID.ecdsaWithSHA512]: { hash: 'sha512', kind: 'ecdsa' },
  [OID.ecdsaPlainSHA1]: { hash: 'sha1', kind: 'ecdsa-plain' },
  [OID.ecdsaPlainSHA224]: { hash: 'sha224', kind: 'ecdsa-plain' },
  [OID.ecdsaPlainSHA256]: { hash: 'sha256', kind: 'ecdsa-plain' },
  [OID.ecdsaPlainSHA384]: { hash: 'sha384', kind: 'ecdsa-plain' },
  [OID.ecdsaPlainSHA512]: { hash: 'sha512', kind: 'ecdsa-plain' },
};

const KIND_NAME = { 'rsa-pkcs1': 'RSA', ecdsa: 'ECDSA', 'ecdsa-plain': 'PlainECDSA' } as const;

/**
 * Resolve a signature AlgorithmIdentifier. CMS signers often put the bare key algorithm
 * (rsaEncryption, id-ecPublicKey) there; then the SignerInfo's digest algorithm is the hash.
 */
export function signatureScheme(alg: AlgorithmId, fallbackHash: DigestName | null): SignatureScheme {
  const combined = COMBINED[alg.oid];
  if (combined) return { name: `${combined.hash}With${KIND_NAME[combined.kind]}`, ...combined };
  if (alg.oid === OID.rsaEncryption || alg.oid === OID.ecPublicKey) {
    if (!fallbackHash) throw new UnsupportedAlgorithm('signature algorithm without a hash');
    const kind = alg.oid === OID.rsaEncryption ? 'rsa-pkcs1' : 'ecdsa';
    return { name: `${fallbackHash}With${kind === 'ecdsa' ? 'ECDSA' : 'RSA'}`, hash: fallbackHash, kind };
  }
  if (alg.oid === OID.rsassaPss) return pssScheme(alg.params);
  if (alg.oid === OID.ed25519) return { name: 'Ed25519', hash: null, kind: 'eddsa' };
  throw new UnsupportedAlgorithm(`unsupported signature algorithm ${alg.oid}`);
}

/** RSASSA-PSS-params (RFC 4055): defaults are SHA-1, MGF1-SHA-1, salt 20. */
function pssScheme(params: Node | undefined): SignatureScheme {
  let hash: DigestName = 'sha1';
  let mgfHash: DigestName = 'sha1';
  let saltLength = 20;
  for (const p of params?.children ?? []) {
    const inner = p.children[0];
    if (!inner) continue;
    if (isContext(p, 0)) hash = digestName(algorithmId(inner, 'PSS hash'));
    else if (isContext(p, 1)) {
      const mgf = algorithmId(inner, 'PSS mgf');
      if (mgf.oid !== OID.mgf1 || !mgf.params) throw new UnsupportedAlgorithm('PSS with a mask function other than MGF1');
      mgfHash = digestName(algorithmId(mgf.params, 'MGF1 hash'));
    } else if (isContext(p, 2)) saltLength = smallInt(inner);
  }
  // OpenSSL through Node uses the message hash for MGF1; other combinations cannot be checked.
  if (mgfHash !== hash) throw new UnsupportedAlgorithm('PSS with MGF1 hash different from the message hash');
  return { name: `RSASSA-PSS(${hash})`, hash, kind: 'rsa-pss', saltLength };
}

function keyOptions(key: KeyObject, scheme: SignatureScheme) {
  if (scheme.kind === 'rsa-pss') {
    return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.saltLength ?? 20 };
  }
  if (scheme.kind === 'rsa-pkcs1') return { key, padding: constants.RSA_PKCS1_PADDING };
  // OpenSSL reads r||s of fixed length when told so; a DER value then fails, and vice versa.
  if (scheme.kind === 'ecdsa-plain') return { key, dsaEncoding: 'ieee-p1363' as const };
  return { key };
}

/** Check the key type fits the scheme, so an RSA signature is not "verified" with an EC key. */
function keyFits(key: KeyObject, scheme: SignatureScheme): boolean {
  const t = key.asymmetricKeyType;
  if (scheme.kind === 'ecdsa' || scheme.kind === 'ecdsa-plain') return t === 'ec';
  if (scheme.kind === 'eddsa') return t === 'ed25519';
  return t === 'rsa' || t === 'rsa-pss';
}

/** Verify `signature` over data given as one or more buffer views. Never throws for bad input. */
export function verifySignature(
  scheme: SignatureScheme,
  parts: readonly Buffer[],
  key: KeyObject,
  signature: Buffer,
): boolean {
  if (!keyFits(key, scheme)) return false;
  try {
    if (scheme.kind === 'eddsa') {
      return cryptoVerify(null, parts.length === 1 ? parts[0]! : Buffer.concat(parts), key, signature);
    }
    // createVerify streams the parts, so a 50 MB PDF range is never concatenated.
    const v = createVerify(scheme.hash!);
    for (const p of parts) v.update(p);
    return v.verify(keyOptions(key, scheme), signature);
  } catch {
    return false;
  }
}

/** Key size in bits, for weak-key warnings. */
export function keyBits(key: KeyObject): number | null {
  const d = key.asymmetricKeyDetails;
  return d?.modulusLength ?? null;
}
