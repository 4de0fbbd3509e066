// Certificates and time: chains, forged names, key usage, validity at the signing time with and
// without time-stamps. Revocation is in revocation.test.ts.
import { describe, expect, it } from 'vitest';
import { verifyPdf } from '../../../src/signature/index.js';
import { buildTimestampToken, days, getPki, makeCert, signPdf, signedPdf, trust, iv, onlySignature } from './fixtures.js';

const p = getPki();
const opts = trust(p);
const ago = (d: number) => new Date(p.now.getTime() - days(d));

const verdict = (pdf: Promise<Buffer> | Buffer, o: Parameters<typeof onlySignature>[1] = opts) => onlySignature(pdf, o);

describe('certificate chain', () => {
  it('signer under an untrusted root → INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND', async () => {
    const s = await verdict(signedPdf(p, p.untrustedSigner, { certs: [p.untrustedSigner, p.untrustedRoot] }));
    expect(iv(s)).toEqual(['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND']);
    expect(s.reason).toMatch(/not a trust anchor/);
    expect(s.signer?.commonName).toBe('Untrusted Signer');
  });

  it("forged chain: an issuer copying the trusted root's name with another key", async () => {
    const s = await verdict(signedPdf(p, p.forgedSigner, { certs: [p.forgedSigner, p.forgedRoot] }));
    expect(iv(s)).toEqual(['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND']);
    expect(s.reason).toMatch(/forged chain/);
  });

  it('no trust anchors configured', async () => {
    const s = await verdict(signedPdf(p, p.signer), { now: p.now });
    expect(iv(s)).toEqual(['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND']);
    expect(s.reason).toMatch(/no trust anchors/);
  });

  it('intermediate missing from the signature, supplied by configuration', async () => {
    const pdf = await signedPdf(p, p.signer, { certs: [p.signer] });
    expect(iv(await verdict(pdf))).toEqual(['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND']);
    expect(iv(await verdict(pdf, { ...opts, intermediates: [p.inter.pem] }))).toEqual(['PASSED', null]);
  });

  it('key usage keyCertSign only → INDETERMINATE/SIG_CONSTRAINTS_FAILURE', async () => {
    const s = await verdict(signedPdf(p, p.wrongKeyUsage));
    expect(iv(s)).toEqual(['INDETERMINATE', 'SIG_CONSTRAINTS_FAILURE']);
  });

  it('a certificate issued by a non-CA → INDETERMINATE/CHAIN_CONSTRAINTS_FAILURE', async () => {
    const sub = makeCert({ subject: [['CN', 'Issued by a leaf']], key: p.signer.key, issuer: p.signer, notBefore: ago(10), notAfter: ago(-10), keyUsage: ['digitalSignature'] });
    const s = await verdict(signedPdf(p, sub, { certs: [sub, p.signer, p.inter] }));
    expect(iv(s)).toEqual(['INDETERMINATE', 'CHAIN_CONSTRAINTS_FAILURE']);
  });
});

describe('validity at the signing time', () => {
  it('expired signer, no time-stamp → INDETERMINATE/OUT_OF_BOUNDS_NO_POE (claims are not proof)', async () => {
    const s = await verdict(signedPdf(p, p.expired, { signingTime: ago(500) }));
    expect(iv(s)).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
    expect(s.signingTimeSource).toBe('signing-time-attribute');
  });

  it('expired signer with a time-stamp during validity → PASSED, time from the time-stamp', async () => {
    const s = await verdict(signedPdf(p, p.expired, { signingTime: ago(500), timestamp: { tsa: p.tsa, at: ago(500), certs: [p.tsa, p.inter] } }));
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.signingTimeSource).toBe('timestamp');
    expect(s.timestamp).toMatchObject({ verified: true, tsa: 'Vanthu Test TSA' });
  });

  it('expired signer with a time-stamp after expiry → FAILED/EXPIRED', async () => {
    const s = await verdict(signedPdf(p, p.expired, { signingTime: ago(100), timestamp: { tsa: p.tsa, at: ago(100), certs: [p.tsa, p.inter] } }));
    expect(iv(s)).toEqual(['FAILED', 'EXPIRED']);
  });

  it('not yet valid signer → FAILED/NOT_YET_VALID', async () => {
    const s = await verdict(signedPdf(p, p.notYetValid));
    expect(iv(s)).toEqual(['FAILED', 'NOT_YET_VALID']);
  });

  it('a time-stamp over other data is ignored with a warning', async () => {
    const bogus = buildTimestampToken(p.tsa, ago(500), [Buffer.from('something else')], [p.tsa, p.inter]);
    const s = await verdict(signedPdf(p, p.expired, { signingTime: ago(500), timestampToken: bogus }));
    expect(s.timestamp).toMatchObject({ verified: false, reason: expect.stringMatching(/messageImprint/) });
    expect(iv(s)).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
  });

  it('a time-stamp whose TSA does not chain to a trust anchor is ignored', async () => {
    const s = await verdict(signedPdf(p, p.expired, { signingTime: ago(500), timestamp: { tsa: p.tsa, at: ago(500), certs: [p.tsa] } }));
    expect(s.timestamp).toMatchObject({ verified: false, reason: expect.stringMatching(/time-stamp authority/) });
    expect(iv(s)).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
  });

  it('a time-stamp from a non-TSA certificate is not accepted', async () => {
    const s = await verdict(signedPdf(p, p.signer, { timestamp: { tsa: p.signer, at: p.now, certs: [p.signer, p.inter] } }));
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.timestamp).toMatchObject({ verified: false, reason: expect.stringMatching(/not a time-stamping authority/) });
    expect(s.signingTimeSource).toBe('signing-time-attribute');
  });

  it('a document time-stamp (ETSI.RFC3161) after a signature', async () => {
    const signed = await signedPdf(p, p.signer);
    const stamped = await signPdf(signed, {
      type: 'DocTimeStamp',
      subFilter: 'ETSI.RFC3161',
      m: null,
      cms: (parts) => buildTimestampToken(p.tsa, p.now, parts, [p.tsa, p.inter]),
    });
    const r = verifyPdf(stamped, opts);
    expect(r.signatures.map((s) => [s.type, s.indication, s.coverage?.modificationsAfterSigning])).toEqual([
      ['pdf-signature', 'PASSED', 'signatures-only'],
      ['pdf-document-timestamp', 'PASSED', 'none'],
    ]);
    expect(r.signatures[1]!.signer?.commonName).toBe('Vanthu Test TSA');
    expect(r.signatures[1]!.revocation).toEqual({ checked: true, source: 'crl' });
  });
});

describe("the time-stamp authority's chain uses the configured intermediates (like the signer's)", () => {
  // Tokens that carry only the TSA certificate are common; the issuing CA is then configuration.
  it('a signature time-stamp whose token omits the TSA issuer → verified with intermediates', async () => {
    const pdf = await signedPdf(p, p.expired, { signingTime: ago(500), timestamp: { tsa: p.tsa, at: ago(500), certs: [p.tsa] } });
    const s = await verdict(pdf, { ...opts, intermediates: [p.inter.der] });
    expect(s.timestamp).toMatchObject({ verified: true, tsa: 'Vanthu Test TSA' });
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.signingTimeSource).toBe('timestamp');
  });

  it('a document time-stamp whose token omits the TSA issuer → PASSED with intermediates', async () => {
    const stamped = await signPdf(await signedPdf(p, p.signer), {
      type: 'DocTimeStamp',
      subFilter: 'ETSI.RFC3161',
      m: null,
      cms: (parts) => buildTimestampToken(p.tsa, p.now, parts, [p.tsa]),
    });
    const ts = () => verifyPdf(stamped, { ...opts, intermediates: [p.inter.der] }).signatures[1]!;
    expect(iv(ts())).toEqual(['PASSED', null]);
    expect(ts().chain).toHaveLength(3);
    expect(verifyPdf(stamped, opts).signatures[1]!.subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND');
  });
});
