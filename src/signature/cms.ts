// CMS (RFC 5652) SignedData parsing. Only structure here; checks live in signer-info.ts.
// forge's pkcs7.messageFromAsn1 leaves signer infos empty and throws on EC certificates, so we
// walk the ASN.1 ourselves and keep the exact bytes of everything that is signed.
import { Asn1Error, Tag, child, expect, integerHex, isContext, isUniversal, octets, oid, parse, type Node } from './asn1.js';
import { algorithmId, type AlgorithmId } from './algorithms.js';
import { parseName, type Name } from './names.js';
import { OID } from './oids.js';

export interface Attribute {
  oid: string;
  values: Node[];
}

export interface SignerInfo {
  version: number;
  sid: { kind: 'issuerSerial'; issuer: Name; serialHex: string } | { kind: 'subjectKeyId'; keyId: Buffer };
  digestAlgorithm: AlgorithmId;
  /** Signed attributes exactly as received, [0] IMPLICIT tag included; null when absent. */
  signedAttrsBytes: Buffer | null;
  signedAttrs: Attribute[];
  signatureAlgorithm: AlgorithmId;
  signature: Buffer;
  unsignedAttrs: Attribute[];
}

export interface SignedData {
  eContentType: string;
  /** Encapsulated content (opaque S/MIME, adbe.pkcs7.sha1, TSTInfo); null when detached. */
  eContent: Buffer | null;
  certificates: Buffer[];
  crls: Buffer[];
  /** RevocationInfoChoice `other` (RFC 5652 10.2.1), e.g. OCSP responses (RFC 5940 id-ri-ocsp-response). */
  otherRevInfo: { format: string; value: Node }[];
  signerInfos: SignerInfo[];
}

/** Parse a ContentInfo holding SignedData. `blob` may carry trailing zero padding (PDF). */
export function parseSignedData(blob: Buffer): SignedData {
  if (blob.length === 0) throw new Asn1Error('empty signature blob');
  const ci = parse(blob);
  if (!isUniversal(ci, Tag.SEQUENCE) || ci.children.length < 1) throw new Asn1Error('not a CMS ContentInfo');
  const type = oid(child(ci, 0, 'contentType'));
  if (type !== OID.signedData) throw new Asn1Error(`CMS content is ${type}, not SignedData`);
  const wrapper = ci.children[1];
  if (!isContext(wrapper, 0)) throw new Asn1Error('SignedData content missing');
  const sd = expect(wrapper.children[0], Tag.SEQUENCE, 'SignedData');
  const encap = expect(sd.children[2], Tag.SEQUENCE, 'encapContentInfo');
  const eContentType = oid(child(encap, 0, 'eContentType'));
  const eWrapper = encap.children[1];
  const eContent = isContext(eWrapper, 0) && eWrapper.children[0] ? octets(eWrapper.children[0]) : null;
  const certificates: Buffer[] = [];
  const crls: Buffer[] = [];
  const otherRevInfo: SignedData['otherRevInfo'] = [];
  let signerInfosNode: Node | undefined;
  for (const c of sd.children.slice(3)) {
    if (isContext(c, 0)) {
      // Only plain certificates (SEQUENCE); attribute certificates and others are skipped.
      for (const cert of c.children) if (isUniversal(cert, Tag.SEQUENCE)) certificates.push(cert.bytes);
    } else if (isContext(c, 1)) {
      for (const crl of c.children) {
        if (isUniversal(crl, Tag.SEQUENCE)) crls.push(crl.bytes);
        else if (isContext(crl, 1) && crl.children[0] && crl.children[1]) otherRevInfo.push({ format: oid(crl.children[0]), value: crl.children[1] });
      }
    } else if (isUniversal(c, Tag.SET)) signerInfosNode = c;
  }
  if (!signerInfosNode) throw new Asn1Error('SignedData has no signerInfos');
  return { eContentType, eContent, certificates, crls, otherRevInfo, signerInfos: signerInfosNode.children.map(parseSignerInfo) };
}

function parseSignerInfo(si: Node): SignerInfo {
  if (!isUniversal(si, Tag.SEQUENCE)) throw new Asn1Error('malformed SignerInfo');
  const c = si.children;
  const version = Number(integerHex(child(si, 0, 'SignerInfo version')));
  const sidNode = child(si, 1, 'SignerInfo sid');
  let sid: SignerInfo['sid'];
  if (isUniversal(sidNode, Tag.SEQUENCE)) {
    sid = {
      kind: 'issuerSerial',
      issuer: parseName(child(sidNode, 0, 'sid issuer')),
      serialHex: integerHex(child(sidNode, 1, 'sid serial')),
    };
  } else if (isContext(sidNode, 0)) {
    sid = { kind: 'subjectKeyId', keyId: sidNode.content };
  } else throw new Asn1Error('malformed SignerIdentifier');
  let i = 2;
  const digestAlgorithm = algorithmId(child(si, i++, 'digestAlgorithm'), 'digestAlgorithm');
  let signedAttrsBytes: Buffer | null = null;
  let signedAttrs: Attribute[] = [];
  if (isContext(c[i], 0)) {
    signedAttrsBytes = c[i]!.bytes;
    signedAttrs = parseAttributes(c[i]!);
    i++;
  }
  const signatureAlgorithm = algorithmId(child(si, i++, 'signatureAlgorithm'), 'signatureAlgorithm');
  const sigNode = child(si, i++, 'signature');
  if (!isUniversal(sigNode, Tag.OCTET_STRING)) throw new Asn1Error('SignerInfo signature is not an OCTET STRING');
  const signature = octets(sigNode);
  const unsignedAttrs = isContext(c[i], 1) ? parseAttributes(c[i]!) : [];
  return { version, sid, digestAlgorithm, signedAttrsBytes, signedAttrs, signatureAlgorithm, signature, unsignedAttrs };
}

function parseAttributes(set: Node): Attribute[] {
  return set.children.map((a) => {
    const values = child(a, 1, 'attribute values');
    return { oid: oid(child(a, 0, 'attribute type')), values: values.children };
  });
}

export function findAttr(attrs: Attribute[], id: string): Attribute | undefined {
  return attrs.find((a) => a.oid === id);
}

/** The bytes to verify the signature over: the SET OF attributes, i.e. tag 0xA0 → 0x31. */
export function signedAttrsForVerification(bytes: Buffer): Buffer[] {
  // Two views instead of a copy: the replaced tag octet, then the rest as received.
  return [Buffer.from([0x31]), bytes.subarray(1)];
}
