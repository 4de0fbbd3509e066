// A test PKI made offline at run time: key pairs by Node's crypto (fast), certificates and CRLs
// assembled with forge.asn1 and signed with Node's crypto — works for RSA and EC alike.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { bits, bool, ctx, der, int, intHex, name, nul, octet, oid, raw, seq, x509Time, type Asn1, type NameSpec } from './der.js';

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export const rsaKey = (): KeyPair => generateKeyPairSync('rsa', { modulusLength: 2048 });
export const ecKey = (): KeyPair => generateKeyPairSync('ec', { namedCurve: 'P-256' });

export interface TestCert {
  der: Buffer;
  pem: string;
  name: NameSpec;
  key: KeyPair;
  serialHex: string;
  ski: Buffer;
}

export type KU = 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'keyCertSign' | 'cRLSign';
const KU_BIT: Record<KU, number> = { digitalSignature: 0, nonRepudiation: 1, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 };

export interface CertSpec {
  subject: NameSpec;
  key: KeyPair;
  /** Issuer certificate, or undefined for self-signed. */
  issuer?: TestCert;
  /** Sign with this key instead of the issuer's (forgery). */
  issuerKeyOverride?: KeyPair;
  /** Claim this issuer name instead (forged chain: a copied name). */
  issuerName?: NameSpec;
  notBefore: Date;
  notAfter: Date;
  ca?: boolean;
  keyUsage?: KU[];
  extKeyUsage?: string[];
  serialHex?: string;
  /** authorityInfoAccess id-ad-ocsp URI (RFC 5280 4.2.2.1). */
  ocspUrl?: string;
  /** cRLDistributionPoints fullName URI (RFC 5280 4.2.1.13). */
  crlUrl?: string;
  /** id-pkix-ocsp-nocheck (RFC 6960 4.2.2.2.1), for delegated OCSP responders. */
  ocspNoCheck?: boolean;
}

export function algId(key: KeyObject): Asn1 {
  return key.asymmetricKeyType === 'ec' ? seq(oid('1.2.840.10045.4.3.2')) : seq(oid('1.2.840.113549.1.1.11'), nul());
}

export function signWith(key: KeyObject, data: Buffer): Buffer {
  return sign('sha256', data, key);
}

function keyUsageBits(list: KU[]): Buffer {
  let v = 0;
  for (const k of list) v |= 0x8000 >> KU_BIT[k];
  const b = Buffer.from([(v >> 8) & 0xff, v & 0xff]);
  return b[1] === 0 ? b.subarray(0, 1) : b;
}

export function makeCert(spec: CertSpec): TestCert {
  const spki = spec.key.publicKey.export({ type: 'spki', format: 'der' });
  const ski = createHash('sha1').update(spki).digest();
  const serialHex = spec.serialHex ?? '01' + randomBytes(8).toString('hex');
  const issuerKey = spec.issuerKeyOverride ?? spec.issuer?.key ?? spec.key;
  const issuerName = spec.issuerName ?? spec.issuer?.name ?? spec.subject;
  const exts: Asn1[] = [seq(oid('2.5.29.14'), octet(der(octet(ski))))];
  if (spec.issuer) exts.push(seq(oid('2.5.29.35'), octet(der(seq(ctx(0, false, spec.issuer.ski.toString('binary')))))));
  exts.push(seq(oid('2.5.29.19'), bool(true), octet(der(spec.ca ? seq(bool(true)) : seq()))));
  if (spec.keyUsage) exts.push(seq(oid('2.5.29.15'), bool(true), octet(der(bits(keyUsageBits(spec.keyUsage))))));
  if (spec.extKeyUsage) exts.push(seq(oid('2.5.29.37'), bool(true), octet(der(seq(...spec.extKeyUsage.map(oid))))));
  const uri = (u: string) => ctx(6, false, u);
  if (spec.ocspUrl) exts.push(seq(oid('1.3.6.1.5.5.7.1.1'), octet(der(seq(seq(oid('1.3.6.1.5.5.7.48.1'), uri(spec.ocspUrl)))))));
  if (spec.crlUrl) exts.push(seq(oid('2.5.29.31'), octet(der(seq(seq(ctx(0, true, [ctx(0, true, [uri(spec.crlUrl)])])))))));
  if (spec.ocspNoCheck) exts.push(seq(oid('1.3.6.1.5.5.7.48.1.5'), octet(der(nul()))));
  const tbs = seq(
    ctx(0, true, [int(2)]),
    intHex(serialHex),
    algId(issuerKey.privateKey),
    name(issuerName),
    seq(x509Time(spec.notBefore), x509Time(spec.notAfter)),
    name(spec.subject),
    raw(spki),
    ctx(3, true, [seq(...exts)]),
  );
  const tbsDer = der(tbs);
  const cert = der(seq(raw(tbsDer), algId(issuerKey.privateKey), bits(signWith(issuerKey.privateKey, tbsDer))));
  const pem = `-----BEGIN CERTIFICATE-----\n${cert.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
  return { der: cert, pem, name: spec.subject, key: spec.key, serialHex: serialHex.replace(/^(00)+/, '').toUpperCase(), ski };
}

export interface CrlSpec {
  issuer: TestCert;
  thisUpdate: Date;
  nextUpdate: Date;
  revoked: { serialHex: string; at: Date }[];
  /** Sign with another key (bad CRL). */
  keyOverride?: KeyPair;
}

export function makeCrl(spec: CrlSpec): Buffer {
  const key = (spec.keyOverride ?? spec.issuer.key).privateKey;
  const entries = spec.revoked.map((r) => seq(intHex(r.serialHex), x509Time(r.at)));
  const tbs = der(
    seq(int(1), algId(key), name(spec.issuer.name), x509Time(spec.thisUpdate), x509Time(spec.nextUpdate), ...(entries.length ? [seq(...entries)] : [])),
  );
  return der(seq(raw(tbs), algId(key), bits(signWith(key, tbs))));
}

const DAY = 86_400_000;
export const days = (n: number) => n * DAY;

/** The whole hierarchy used by the tests. Built once per test file (about a second). */
export function makePki(now = new Date()) {
  const t = (d: number) => new Date(now.getTime() + days(d));
  const rootKey = rsaKey();
  const interKey = rsaKey();
  const signerKey = rsaKey();
  const otherKey = rsaKey();
  const tsaKey = rsaKey();
  const ec = ecKey();
  const rootName: NameSpec = [['C', 'VN'], ['O', 'Vanthu Test'], ['CN', 'Vanthu Test Root CA']];
  const root = makeCert({ subject: rootName, key: rootKey, notBefore: t(-3650), notAfter: t(3650), ca: true, keyUsage: ['keyCertSign', 'cRLSign'] });
  const inter = makeCert({
    subject: [['C', 'VN'], ['O', 'Vanthu Test'], ['CN', 'Vanthu Test Issuing CA']],
    key: interKey,
    issuer: root,
    notBefore: t(-3000),
    notAfter: t(3000),
    ca: true,
    keyUsage: ['keyCertSign', 'cRLSign'],
  });
  const leaf = (cn: string, extra: Partial<CertSpec> = {}) =>
    makeCert({
      subject: [['C', 'VN'], ['O', 'Sở Thông tin và Truyền thông'], ['CN', cn]],
      key: signerKey,
      issuer: inter,
      notBefore: t(-365),
      notAfter: t(365),
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      ...extra,
    });
  const signer = leaf('Test Signer');
  const expired = leaf('Expired Signer', { notBefore: t(-1095), notAfter: t(-365) });
  const notYetValid = leaf('Future Signer', { notBefore: t(365), notAfter: t(730) });
  const wrongKeyUsage = leaf('Wrong Key Usage', { keyUsage: ['keyCertSign'] });
  const ecSigner = leaf('ECDSA Signer', { key: ec });
  const revokedSigner = leaf('Revoked Signer');
  const vnSigner = makeCert({
    subject: [['C', 'VN'], ['ST', 'Long An'], ['O', 'UBND tỉnh Long An'], ['OU', 'Văn phòng'], ['CN', 'Nguyễn Văn A']],
    key: signerKey,
    issuer: inter,
    notBefore: t(-365),
    notAfter: t(365),
    keyUsage: ['digitalSignature', 'nonRepudiation'],
  });
  const tsa = makeCert({
    subject: [['C', 'VN'], ['O', 'Vanthu Test'], ['CN', 'Vanthu Test TSA']],
    key: tsaKey,
    issuer: inter,
    notBefore: t(-2000),
    notAfter: t(2000),
    keyUsage: ['digitalSignature'],
    extKeyUsage: ['1.3.6.1.5.5.7.3.8'],
  });
  const untrustedRoot = makeCert({
    subject: [['C', 'VN'], ['O', 'Somebody'], ['CN', 'Untrusted Root']],
    key: otherKey,
    notBefore: t(-3650),
    notAfter: t(3650),
    ca: true,
    keyUsage: ['keyCertSign', 'cRLSign'],
  });
  const untrustedSigner = makeCert({
    subject: [['C', 'VN'], ['CN', 'Untrusted Signer']],
    key: signerKey,
    issuer: untrustedRoot,
    notBefore: t(-365),
    notAfter: t(365),
    keyUsage: ['digitalSignature'],
  });
  // Forged chain: a "root" that copies the real root's name exactly, with another key.
  const forgedRoot = makeCert({ subject: rootName, key: otherKey, notBefore: t(-3650), notAfter: t(3650), ca: true, keyUsage: ['keyCertSign', 'cRLSign'] });
  const forgedSigner = makeCert({
    subject: [['C', 'VN'], ['CN', 'Forged Signer']],
    key: signerKey,
    issuer: forgedRoot,
    notBefore: t(-365),
    notAfter: t(365),
    keyUsage: ['digitalSignature'],
  });
  // Current, empty CRLs of both CAs: without revocation data every signature is
  // INDETERMINATE/TRY_LATER, so fixtures meant to PASS carry these (see fixtures.ts trust()).
  const crls = {
    root: makeCrl({ issuer: root, thisUpdate: t(-1), nextUpdate: t(30), revoked: [] }),
    inter: makeCrl({ issuer: inter, thisUpdate: t(-1), nextUpdate: t(7), revoked: [] }),
  };
  return {
    now,
    t,
    crls,
    root,
    inter,
    signer,
    expired,
    notYetValid,
    wrongKeyUsage,
    ecSigner,
    revokedSigner,
    vnSigner,
    tsa,
    untrustedRoot,
    untrustedSigner,
    forgedRoot,
    forgedSigner,
    otherKey,
  };
}

export type Pki = ReturnType<typeof makePki>;
