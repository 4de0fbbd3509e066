// SignerInfo checks: the signature over the signed attributes exactly as received (not re-sorted
// into DER SET order), and the ESS signing-certificate v1 attribute (SHA-1 certificate hash,
// optional issuer and serial).
import { verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyPdf } from '../../../src/signature/index.js';
import { parseSignedData, signedAttrsForVerification } from '../../../src/signature/cms.js';
import { parse } from '../../../src/signature/asn1.js';
import { buildCms, getPki, signedPdf, trust, iv } from './fixtures.js';

const p = getPki();
const opts = trust(p);

async function one(pdf: Promise<Buffer>) {
  const r = verifyPdf(await pdf, opts);
  expect(r.signatures).toHaveLength(1);
  return r.signatures[0]!;
}

describe('signed attributes in a non-sorted order', () => {
  const cms = buildCms({ signer: p.signer, certs: [p.signer, p.inter], content: [Buffer.from('công văn')], signingTime: p.now, unsortedAttrs: true });
  const si = parseSignedData(cms).signerInfos[0]!;
  const attrs = parse(si.signedAttrsBytes!).children.map((c) => c.bytes);

  it('the fixture really is out of DER order, and only the bytes as received verify', () => {
    const sortedAttrs = [...attrs].sort(Buffer.compare);
    expect(attrs.map((a) => a.toString('hex'))).not.toEqual(sortedAttrs.map((a) => a.toString('hex')));
    const asReceived = Buffer.concat(signedAttrsForVerification(si.signedAttrsBytes!));
    expect(asReceived[0]).toBe(0x31); // [0] IMPLICIT → SET
    expect(asReceived.subarray(1)).toEqual(si.signedAttrsBytes!.subarray(1));
    const resorted = Buffer.concat([asReceived.subarray(0, asReceived.length - Buffer.concat(attrs).length), ...sortedAttrs]);
    expect(verify('sha256', asReceived, p.signer.key.publicKey, si.signature)).toBe(true);
    expect(verify('sha256', resorted, p.signer.key.publicKey, si.signature)).toBe(false);
  });

  it('a PDF signed that way → PASSED', async () => {
    expect(iv(await one(signedPdf(p, p.signer, { unsortedAttrs: true })))).toEqual(['PASSED', null]);
  });
});

describe('ESS signing-certificate v1 (SHA-1)', () => {
  it('naming the signer certificate → PASSED', async () => {
    expect(iv(await one(signedPdf(p, p.signer, { essV1: {} })))).toEqual(['PASSED', null]);
  });

  it('with the issuer and serial of the signer certificate → PASSED', async () => {
    const s = await one(signedPdf(p, p.signer, { essV1: { issuerSerial: { issuer: p.signer, serialHex: p.signer.serialHex } } }));
    expect(iv(s)).toEqual(['PASSED', null]);
  });

  it('naming another certificate → INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND', async () => {
    const s = await one(signedPdf(p, p.signer, { essV1: { cert: p.vnSigner } }));
    expect(iv(s)).toEqual(['INDETERMINATE', 'NO_SIGNING_CERTIFICATE_FOUND']);
    expect(s.reason).toMatch(/names another certificate/);
  });

  it('right hash but another serial → INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND', async () => {
    const s = await one(signedPdf(p, p.signer, { essV1: { issuerSerial: { issuer: p.signer, serialHex: '0badc0de' } } }));
    expect(iv(s)).toEqual(['INDETERMINATE', 'NO_SIGNING_CERTIFICATE_FOUND']);
    expect(s.reason).toMatch(/issuer\/serial differs/);
  });
});
