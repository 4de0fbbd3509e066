// CMS SignedData builder for fixtures (RSA PKCS#1 v1.5, RSA-PSS, ECDSA), with switches for the
// faults the verifier must catch. Also RFC 3161 time-stamp tokens.
import { constants, createHash, sign, type KeyObject } from 'node:crypto';
import { ctx, der, genTime, int, intHex, name, nul, octet, oid, raw, seq, set, utcTime, type Asn1 } from './der.js';
import type { TestCert } from './pki.js';

const OIDS = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaPlainSha256: '0.4.0.127.0.7.1.1.4.1.3',
};

export interface CmsSpec {
  signer: TestCert;
  /** Certificates to embed (default: the signer only). */
  certs?: TestCert[];
  /** Detached content views, or encapsulated content when `encapsulate` is true. */
  content: Buffer[];
  encapsulate?: boolean;
  eContentType?: string;
  digest?: 'sha256' | 'sha1';
  pss?: boolean;
  /** ECDSA signer only: BSI TR-03111 plain encoding (r||s) with the ecdsa-plain-SHA256 OID;
   *  'der-value': that OID over an X9.62 DER value (mislabelled). */
  plainEcdsa?: boolean | 'der-value';
  /** Unsigned attributes to add as given (type OID, DER values). */
  unsignedAttrs?: { type: string; values: Buffer[] }[];
  /** Signed attributes to add as given (type OID, DER values), e.g. adbe-revocationInfoArchival. */
  signedAttrs?: { type: string; values: Buffer[] }[];
  /** RevocationInfoChoice `other` entries for SignedData.crls ([1] OtherRevocationInfoFormat). */
  otherRevInfo?: { format: string; value: Buffer }[];
  signingTime?: Date | null;
  essV2?: boolean;
  /** Put another certificate's hash in the ESS attribute. */
  essCert?: TestCert;
  /** ESS signing-certificate v1 (SHA-1 hash of `cert`, default the signer), optionally with issuerSerial. */
  essV1?: { cert?: TestCert; issuerSerial?: { issuer: TestCert; serialHex: string } };
  /** Signed attributes written messageDigest first: not the DER order of a SET OF. */
  unsortedAttrs?: boolean;
  /** CRLs to embed in SignedData.crls. */
  crls?: Buffer[];
  /** Further SignerInfos over the same content (each with its own signer and faults). */
  coSigners?: Omit<CmsSpec, 'content' | 'encapsulate' | 'eContentType' | 'certs' | 'crls' | 'coSigners'>[];
  noSignedAttrs?: boolean;
  useSki?: boolean;
  /** Flip a bit of the signature value. */
  corruptSignature?: boolean;
  /** Add a time-stamp token from this TSA at this time over the signature value. */
  timestamp?: { tsa: TestCert; at: Date; certs?: TestCert[] };
  /** A ready-made token to attach instead (e.g. one over other data). */
  timestampToken?: Buffer;
  /** Content digest to put in messageDigest instead of the real one. */
  messageDigestOverride?: Buffer;
}

function digestOid(d: 'sha256' | 'sha1'): string {
  return d === 'sha1' ? OIDS.sha1 : OIDS.sha256;
}

function hash(d: 'sha256' | 'sha1', parts: Buffer[]): Buffer {
  const h = createHash(d);
  for (const p of parts) h.update(p);
  return h.digest();
}

function attr(type: string, value: Asn1): Asn1 {
  return seq(oid(type), set(value));
}

function sigAlg(key: KeyObject, pss: boolean, plain = false): Asn1 {
  if (key.asymmetricKeyType === 'ec') return seq(oid(plain ? OIDS.ecdsaPlainSha256 : OIDS.ecdsaSha256));
  if (pss) {
    const h = seq(oid(OIDS.sha256), nul());
    return seq(oid(OIDS.rsaPss), seq(ctx(0, true, [h]), ctx(1, true, [seq(oid(OIDS.mgf1), h)]), ctx(2, true, [int(32)])));
  }
  return seq(oid(OIDS.rsaEncryption), nul());
}

function signBytes(key: KeyObject, digest: 'sha256' | 'sha1', data: Buffer, pss: boolean, plain = false): Buffer {
  if (plain) return sign(digest, data, { key, dsaEncoding: 'ieee-p1363' });
  if (pss) return sign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  return sign(digest, data, key);
}

/** One SignerInfo over `content` (detached views, or the encapsulated bytes). */
function signerInfo(spec: Omit<CmsSpec, 'coSigners'>, eContentType: string): Asn1 {
  const digest = spec.digest ?? 'sha256';
  const key = spec.signer.key.privateKey;
  let signedAttrs: Asn1 | null = null;
  let signature: Buffer;
  if (spec.noSignedAttrs) {
    signature = signBytes(key, digest, Buffer.concat(spec.content), !!spec.pss, spec.plainEcdsa === true);
  } else {
    const attrs: Asn1[] = [attr(OIDS.contentType, oid(eContentType))];
    if (spec.signingTime !== null) attrs.push(attr(OIDS.signingTime, utcTime(spec.signingTime ?? new Date())));
    const md = attr(OIDS.messageDigest, octet(spec.messageDigestOverride ?? hash(digest, spec.content)));
    if (spec.unsortedAttrs) attrs.unshift(md);
    else attrs.push(md);
    if (spec.essV2 || spec.essCert) {
      const c = spec.essCert ?? spec.signer;
      const certHash = createHash('sha256').update(c.der).digest();
      attrs.push(attr(OIDS.signingCertificateV2, seq(seq(seq(octet(certHash))))));
    }
    if (spec.essV1) {
      const c = spec.essV1.cert ?? spec.signer;
      const is = spec.essV1.issuerSerial;
      // ESSCertID ::= SEQUENCE { certHash (SHA-1), issuerSerial SEQUENCE { GeneralNames, serial } OPTIONAL }
      const issuerSerial = is ? [seq(seq(ctx(4, true, [issuerNameOf(is.issuer)])), intHex(is.serialHex))] : [];
      attrs.push(attr(OIDS.signingCertificate, seq(seq(seq(octet(createHash('sha1').update(c.der).digest()), ...issuerSerial)))));
    }
    for (const a of spec.signedAttrs ?? []) attrs.push(seq(oid(a.type), set(...a.values.map(raw))));
    // Signed over the SET form; stored with the [0] IMPLICIT tag. Order kept as written.
    const setDer = der(set(...attrs));
    signature = signBytes(key, digest, setDer, !!spec.pss, spec.plainEcdsa === true);
    const implicit = Buffer.from(setDer);
    implicit[0] = 0xa0;
    signedAttrs = raw(implicit);
  }
  if (spec.corruptSignature) signature[signature.length - 5]! ^= 0x01;
  const unsigned: Asn1[] = [];
  if (spec.timestamp) {
    const token = buildTimestampToken(spec.timestamp.tsa, spec.timestamp.at, [signature], spec.timestamp.certs);
    unsigned.push(attr(OIDS.timeStampToken, raw(token)));
  }
  if (spec.timestampToken) unsigned.push(attr(OIDS.timeStampToken, raw(spec.timestampToken)));
  for (const a of spec.unsignedAttrs ?? []) unsigned.push(seq(oid(a.type), set(...a.values.map(raw))));
  const sid = spec.useSki
    ? ctx(0, false, spec.signer.ski.toString('binary'))
    : seq(issuerNameOf(spec.signer), intHex(spec.signer.serialHex));
  return seq(
    int(spec.useSki ? 3 : 1),
    sid,
    seq(oid(digestOid(digest)), nul()),
    ...(signedAttrs ? [signedAttrs] : []),
    sigAlg(key, !!spec.pss, !!spec.plainEcdsa),
    octet(signature),
    ...(unsigned.length ? [ctx(1, true, unsigned)] : []),
  );
}

export function buildCms(spec: CmsSpec): Buffer {
  const digest = spec.digest ?? 'sha256';
  const eContentType = spec.eContentType ?? OIDS.data;
  const certs = spec.certs ?? [spec.signer];
  const infos = [spec, ...(spec.coSigners ?? []).map((c) => ({ ...c, content: spec.content }))].map((x) => signerInfo(x, eContentType));
  const digests = [...new Set([digest, ...(spec.coSigners ?? []).map((c) => c.digest ?? 'sha256')])];
  const encap = spec.encapsulate ? seq(oid(eContentType), ctx(0, true, [octet(Buffer.concat(spec.content))])) : seq(oid(eContentType));
  const sd = seq(
    int(1),
    set(...digests.map((d) => seq(oid(digestOid(d)), nul()))),
    encap,
    ctx(0, true, certs.map((c) => raw(c.der))),
    ...(spec.crls?.length || spec.otherRevInfo?.length
      ? [ctx(1, true, [...(spec.crls ?? []).map(raw), ...(spec.otherRevInfo ?? []).map((o) => ctx(1, true, [oid(o.format), raw(o.value)]))])]
      : []),
    set(...infos),
  );
  return der(seq(oid(OIDS.signedData), ctx(0, true, [sd])));
}

/** The issuer Name as encoded inside the certificate (read back from its DER). */
function issuerNameOf(cert: TestCert): Asn1 {
  const c = raw(cert.der) as { value: Asn1[] };
  const tbs = c.value[0] as unknown as { value: Asn1[] };
  return tbs.value[3]!;
}

/** RFC 3161 token over `imprinted` (e.g. a signature value), signed by `tsa` at `at`. */
export function buildTimestampToken(tsa: TestCert, at: Date, imprinted: Buffer[], certs?: TestCert[]): Buffer {
  const tstInfo = der(
    seq(int(1), oid('1.2.3.4.1'), seq(seq(oid(OIDS.sha256), nul()), octet(hash('sha256', imprinted))), int(Math.floor(Math.random() * 1e9)), genTime(at)),
  );
  return buildCms({ signer: tsa, certs: certs ?? [tsa], content: [tstInfo], encapsulate: true, eContentType: OIDS.tstInfo, signingTime: at, essV2: true });
}

export { name };
