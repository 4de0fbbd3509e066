// OCSP responses (RFC 6960) for fixtures, assembled with forge.asn1 and signed with Node's crypto
// like the certificates and CRLs of pki.ts; plus the requests the online fetcher sends, read back.
import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { bits, ctx, der, genTime, int, intHex, name, nul, octet, oid, raw, seq, type Asn1 } from './der.js';
import { algId, signWith, type KeyPair, type TestCert } from './pki.js';

export interface OcspSpec {
  /** The CA that issued the certificate asked about (CertID names it by name and key hashes). */
  issuer: TestCert;
  serialHex: string;
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  thisUpdate: Date;
  /** null: no nextUpdate (RFC 6960: newer information always available). */
  nextUpdate?: Date | null;
  producedAt?: Date;
  /** Who signs: the issuer by default, or a delegated responder. */
  signer?: TestCert;
  /** Certificates sent with the response (a delegated responder's own). */
  certs?: TestCert[];
  /** Sign with this key instead of the signer's (forged response). */
  keyOverride?: KeyPair;
  /** responderID byKey instead of byName. */
  byKey?: boolean;
  hash?: 'sha1' | 'sha256';
  /** A bare BasicOCSPResponse instead of the OCSPResponse wrapper. */
  bare?: boolean;
}

const HASH_OID = { sha1: '1.3.14.3.2.26', sha256: '2.16.840.1.101.3.4.2.1' };

/** The subjectPublicKey BIT STRING value (without the unused-bits octet). */
export function publicKeyBits(cert: TestCert): Buffer {
  const spki = cert.key.publicKey.export({ type: 'spki', format: 'der' });
  const node = forge.asn1.fromDer(forge.util.createBuffer(spki.toString('binary')), { decodeBitStrings: false } as never);
  const bitString = (node.value as forge.asn1.Asn1[])[1]!.value as string;
  return Buffer.from(bitString, 'binary').subarray(1);
}

export function certId(issuer: TestCert, serialHex: string, hash: 'sha1' | 'sha256' = 'sha1'): Asn1 {
  const h = (b: Buffer) => createHash(hash).update(b).digest();
  return seq(seq(oid(HASH_OID[hash]), nul()), octet(h(der(name(issuer.name)))), octet(h(publicKeyBits(issuer))), intHex(serialHex));
}

export function makeOcspResponse(spec: OcspSpec): Buffer {
  const signer = spec.signer ?? spec.issuer;
  const key = (spec.keyOverride ?? signer.key).privateKey;
  const status =
    spec.status === 'good' ? ctx(0, false, '') : spec.status === 'unknown' ? ctx(2, false, '') : ctx(1, true, [genTime(spec.revokedAt ?? spec.thisUpdate)]);
  const single = seq(
    certId(spec.issuer, spec.serialHex, spec.hash),
    status,
    genTime(spec.thisUpdate),
    ...(spec.nextUpdate === null ? [] : [ctx(0, true, [genTime(spec.nextUpdate ?? new Date(spec.thisUpdate.getTime() + 7 * 86_400_000))])]),
  );
  const responderId = spec.byKey
    ? ctx(2, true, [octet(createHash('sha1').update(publicKeyBits(signer)).digest())])
    : ctx(1, true, [name(signer.name)]);
  const tbs = der(seq(responderId, genTime(spec.producedAt ?? spec.thisUpdate), seq(single)));
  const basic = der(
    seq(raw(tbs), algId(key), bits(signWith(key, tbs)), ...(spec.certs?.length ? [ctx(0, true, [seq(...spec.certs.map((c) => raw(c.der)))])] : [])),
  );
  if (spec.bare) return basic;
  return der(seq(enumerated(0), ctx(0, true, [seq(oid('1.3.6.1.5.5.7.48.1.1'), octet(basic))])));
}

/** An OCSPResponse without response data (tryLater = 3, unauthorized = 6, …). */
export function ocspError(status: number): Buffer {
  return der(seq(enumerated(status)));
}

function enumerated(v: number): Asn1 {
  return forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.ENUMERATED, false, String.fromCharCode(v));
}

/** Serial numbers asked for in an OCSPRequest (what a test responder answers about). */
export function requestedSerials(request: Buffer): string[] {
  const node = forge.asn1.fromDer(forge.util.createBuffer(request.toString('binary')));
  const tbs = (node.value as forge.asn1.Asn1[])[0]!;
  const list = (tbs.value as forge.asn1.Asn1[]).find((n) => n.tagClass === forge.asn1.Class.UNIVERSAL && n.type === forge.asn1.Type.SEQUENCE)!;
  return (list.value as forge.asn1.Asn1[]).map((req) => {
    const cid = (req.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[];
    return Buffer.from(cid[3]!.value as string, 'binary').toString('hex').replace(/^(00)+/, '').toUpperCase();
  });
}

export { int };
