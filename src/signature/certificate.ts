// X.509 certificates: the fields validation needs, read from the ASN.1 ourselves (forge cannot
// parse EC certificates, and Node's X509Certificate does not expose key-usage bits or raw names),
// plus a Node X509Certificate for the public key and signature checks.
import { X509Certificate, createHash, type KeyObject } from 'node:crypto';
import {
  Asn1Error,
  Tag,
  bitString,
  child,
  expect,
  integerHex,
  isContext,
  isUniversal,
  octets,
  oid,
  parse,
  smallInt,
  time,
  type Node,
} from './asn1.js';
import { nameGet, nameToString, parseName, type Name } from './names.js';
import { OID } from './oids.js';

/** keyUsage bits (RFC 5280 4.2.1.3), bit 0 first. */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsage = (typeof KEY_USAGE_BITS)[number];

export interface Certificate {
  der: Buffer;
  x509: X509Certificate;
  publicKey: KeyObject;
  serialHex: string;
  issuer: Name;
  subject: Name;
  notBefore: Date;
  notAfter: Date;
  /** Raw SubjectPublicKeyInfo, to compare keys (trust anchors, forged-name detection). */
  spki: Buffer;
  subjectKeyId: Buffer | null;
  authorityKeyId: Buffer | null;
  /** null when the extension is absent (no restriction). */
  keyUsage: Set<KeyUsage> | null;
  extKeyUsage: string[] | null;
  extKeyUsageCritical: boolean;
  basicConstraints: { ca: boolean; pathLen: number | null } | null;
  selfIssued: boolean;
  /** The subjectPublicKey BIT STRING value: OCSP CertID issuerKeyHash is its hash (RFC 6960 4.1.1). */
  publicKeyBits: Buffer;
  /** OCSP responders named by authorityInfoAccess id-ad-ocsp (http/https URIs only). */
  ocspUrls: string[];
  /** CRL distribution points' fullName URIs (http/https only). */
  crlUrls: string[];
  /** id-pkix-ocsp-nocheck: a delegated OCSP responder whose own revocation is not checked. */
  ocspNoCheck: boolean;
}

/** Parse one DER certificate. Throws Asn1Error (or Node's error) for garbage. */
export function parseCertificate(der: Buffer): Certificate {
  const root = expect(parse(der), Tag.SEQUENCE, 'certificate');
  const bytes = root.bytes;
  const tbs = expect(root.children[0], Tag.SEQUENCE, 'TBSCertificate');
  let i = 0;
  if (isContext(tbs.children[0], 0)) i = 1; // [0] EXPLICIT version
  const serialHex = integerHex(child(tbs, i, 'serial'));
  const issuer = parseName(child(tbs, i + 2, 'issuer'));
  const validity = expect(tbs.children[i + 3], Tag.SEQUENCE, 'validity');
  const subject = parseName(child(tbs, i + 4, 'subject'));
  const spkiNode = expect(tbs.children[i + 5], Tag.SEQUENCE, 'subjectPublicKeyInfo');
  const spki = spkiNode.bytes;
  const cert: Certificate = {
    der: bytes,
    x509: new X509Certificate(bytes),
    publicKey: undefined as unknown as KeyObject,
    serialHex,
    issuer,
    subject,
    notBefore: time(child(validity, 0, 'notBefore')),
    notAfter: time(child(validity, 1, 'notAfter')),
    spki,
    subjectKeyId: null,
    authorityKeyId: null,
    keyUsage: null,
    extKeyUsage: null,
    extKeyUsageCritical: false,
    basicConstraints: null,
    selfIssued: issuer.der.equals(subject.der),
    publicKeyBits: bitString(child(spkiNode, 1, 'subjectPublicKey')).bytes,
    ocspUrls: [],
    crlUrls: [],
    ocspNoCheck: false,
  };
  cert.publicKey = cert.x509.publicKey;
  const extsWrapper = tbs.children.find((c) => isContext(c, 3));
  const exts = extsWrapper?.children[0];
  if (exts) for (const ext of exts.children) readExtension(cert, ext);
  return cert;
}

function readExtension(cert: Certificate, ext: Node): void {
  const id = oid(child(ext, 0, 'extension'));
  const critical = isUniversal(ext.children[1], Tag.BOOLEAN) && ext.children[1].content[0] !== 0;
  const valueNode = ext.children[ext.children.length - 1]!;
  const value = parse(octets(valueNode));
  switch (id) {
    case OID.keyUsage: {
      const { bytes } = bitString(value);
      const set = new Set<KeyUsage>();
      KEY_USAGE_BITS.forEach((name, bit) => {
        const byte = bytes[bit >> 3] ?? 0;
        if (byte & (0x80 >> (bit & 7))) set.add(name);
      });
      cert.keyUsage = set;
      break;
    }
    case OID.basicConstraints: {
      const ca = isUniversal(value.children[0], Tag.BOOLEAN) && value.children[0].content[0] !== 0;
      const lenNode = value.children.find((c) => isUniversal(c, Tag.INTEGER));
      cert.basicConstraints = { ca, pathLen: lenNode ? smallInt(lenNode) : null };
      break;
    }
    case OID.subjectKeyIdentifier:
      cert.subjectKeyId = octets(value);
      break;
    case OID.authorityKeyIdentifier: {
      const kid = value.children.find((c) => isContext(c, 0));
      if (kid) cert.authorityKeyId = kid.content;
      break;
    }
    case OID.extKeyUsage:
      cert.extKeyUsage = value.children.map(oid);
      cert.extKeyUsageCritical = critical;
      break;
    case OID.authorityInfoAccess:
      // AccessDescription ::= SEQUENCE { accessMethod, accessLocation GeneralName } (RFC 5280 4.2.2.1)
      for (const ad of value.children) {
        if (ad.children[0] && oid(ad.children[0]) === OID.adOcsp) cert.ocspUrls.push(...uris([ad.children[1]]));
      }
      break;
    case OID.crlDistributionPoints:
      // DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames } } (RFC 5280 4.2.1.13)
      for (const dp of value.children) {
        const name = dp.children.find((c) => isContext(c, 0));
        const full = name?.children.find((c) => isContext(c, 0));
        if (full) cert.crlUrls.push(...uris(full.children));
      }
      break;
    case OID.ocspNoCheck:
      cert.ocspNoCheck = true;
      break;
    default:
      break;
  }
}

/** uniformResourceIdentifier [6] GeneralNames that fetching may use: http and https only. */
function uris(names: (Node | undefined)[]): string[] {
  return names.filter((n): n is Node => isContext(n, 6)).map((n) => n.content.toString('latin1')).filter((u) => /^https?:\/\//i.test(u));
}

/** PEM blocks or a single DER blob → DER certificates. Unknown content yields nothing. */
export function certificatesFromFile(data: Buffer): Buffer[] {
  const text = data.subarray(0, 64).toString('latin1');
  if (text.includes('-----BEGIN')) {
    const out: Buffer[] = [];
    const re = /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----([\s\S]*?)-----END (?:X509 |TRUSTED )?CERTIFICATE-----/g;
    for (const m of data.toString('latin1').matchAll(re)) out.push(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
    return out;
  }
  return [data];
}

export function summary(cert: Certificate) {
  return {
    commonName: nameGet(cert.subject, 'CN'),
    organization: nameGet(cert.subject, 'O'),
    organizationalUnit: nameGet(cert.subject, 'OU'),
    country: nameGet(cert.subject, 'C'),
    serialNumber: cert.serialHex,
    subject: nameToString(cert.subject),
    issuer: nameToString(cert.issuer),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
  };
}

export function sha(name: 'sha1' | 'sha256' | 'sha384' | 'sha512' | 'sha224', data: Buffer): Buffer {
  return createHash(name).update(data).digest();
}

/** Certificates the same trust-wise: same DER, or same subject and same public key. */
export function sameCertificate(a: Certificate, b: Certificate): boolean {
  return a.der.equals(b.der) || (a.subject.der.equals(b.subject.der) && a.spki.equals(b.spki));
}

export { Asn1Error };
