// The OCSPRequest (RFC 6960 4.1.1) for one certificate: CertID with SHA-1, as every responder
// accepts (SHA-256 CertIDs are not understood by some). No nonce: Vietnamese CAs' responders,
// like most, answer pre-produced responses; freshness is judged from thisUpdate/nextUpdate.
import { createHash } from 'node:crypto';
import type { Certificate } from '../certificate.js';

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

const SHA1_ALG = Buffer.from('300906052b0e03021a0500', 'hex'); // SEQUENCE { 1.3.14.3.2.26, NULL }

function positiveInteger(hex: string): Buffer {
  let h = hex.length % 2 ? `0${hex}` : hex;
  if (parseInt(h.slice(0, 2), 16) >= 0x80) h = `00${h}`;
  return tlv(0x02, Buffer.from(h, 'hex'));
}

export function certIdDer(cert: Certificate, issuer: Certificate): Buffer {
  const sha1 = (b: Buffer) => createHash('sha1').update(b).digest();
  return tlv(0x30, SHA1_ALG, tlv(0x04, sha1(issuer.subject.der)), tlv(0x04, sha1(issuer.publicKeyBits)), positiveInteger(cert.serialHex));
}

/** OCSPRequest ::= SEQUENCE { tbsRequest SEQUENCE { requestList SEQUENCE OF Request { reqCert } } } */
export function ocspRequest(cert: Certificate, issuer: Certificate): Buffer {
  return tlv(0x30, tlv(0x30, tlv(0x30, tlv(0x30, certIdDer(cert, issuer)))));
}
