// Time-stamps as proof of existence (issue 14, ETSI EN 319 102-1 §5.6 past signature validation):
// a document time-stamp over an earlier signature, or that signature's own time-stamp, proves it
// existed at the time-stamp's genTime; a certificate that has expired since is valid at that time.
// Document time-stamps prove the older time-stamps too (PAdES-LTA), so an expired TSA is fine
// when a later time-stamp covers its token.
import { describe, expect, it } from 'vitest';
import { verifyPdf, type VerifyOptions } from '../../../src/signature/index.js';
import { formatReport } from '../../../src/signature/format.js';
import { buildTimestampToken, days, getPki, iv, makeCert, makeCrl, signPdf, signedPdf, trust, type TestCert } from './fixtures.js';

const p = getPki();
const ago = (d: number) => new Date(p.now.getTime() - days(d));
const isoS = (d: Date) => d.toISOString().replace(/\.\d+Z$/, '.000Z');
const TSA_EKU = ['1.3.6.1.5.5.7.3.8'];

/** A TSA issued by the root (its own path: revocation from the root's CRL). */
const rootTsa = makeCert({ subject: [['C', 'VN'], ['CN', 'Root-issued TSA']], key: p.tsa.key, issuer: p.root, notBefore: ago(1500), notAfter: ago(-400), keyUsage: ['digitalSignature'], extKeyUsage: TSA_EKU });
/** A TSA whose certificate expired 200 days ago. */
const oldTsa = makeCert({ subject: [['C', 'VN'], ['CN', 'Old TSA']], key: p.tsa.key, issuer: p.inter, notBefore: ago(1000), notAfter: ago(200), keyUsage: ['digitalSignature'], extKeyUsage: TSA_EKU });

/** Append a document time-stamp (ETSI.RFC3161) by `tsa` at `at`. */
function docStamp(pdf: Buffer, tsa: TestCert, at: Date, imprinted?: Buffer[]): Promise<Buffer> {
  const certs = tsa === rootTsa ? [tsa] : [tsa, p.inter];
  return signPdf(pdf, { type: 'DocTimeStamp', subFilter: 'ETSI.RFC3161', m: null, cms: (parts) => buildTimestampToken(tsa, at, imprinted ?? parts, certs) });
}

/** Signed 500 days ago by the signer whose certificate expired 365 days ago; no signature time-stamp. */
const expiredPdf = () => signedPdf(p, p.expired, { signingTime: ago(500) }, { m: ago(500) });

const verify = (pdf: Buffer, o: VerifyOptions = trust(p)) => verifyPdf(pdf, o).signatures;

describe('a document time-stamp proves an earlier signature existed', () => {
  it('expired signer + document time-stamp before the expiry → PASSED, valid at the time-stamp', async () => {
    const pdf = await docStamp(await expiredPdf(), p.tsa, ago(400));
    expect(formatReport(verifyPdf(pdf, trust(p)))).toMatch(/Proven to exist at .* \(UTC\+7\) by document time-stamp #2 \(a certificate has expired since: validated at that time\)\./);
    const [s, ts] = verify(pdf);
    expect(iv(ts!)).toEqual(['PASSED', null]);
    expect(iv(s!)).toEqual(['PASSED', null]);
    expect(s!.poe).toEqual({ time: isoS(ago(400)), source: 'document-timestamp', index: 1, needed: true });
    expect(s!.reason).toMatch(/^valid at .*, proven by document time-stamp #2: certificate "CN=Expired Signer.*" expired on/);
    expect(s!.signingTimeSource).toBe('signing-time-attribute');
    expect(s!.verdictVi).toMatch(/dấu thời gian chứng minh đã ký khi còn hiệu lực/);
  });

  it('without the time-stamp → INDETERMINATE/OUT_OF_BOUNDS_NO_POE', async () => {
    const [s] = verify(await expiredPdf());
    expect(iv(s!)).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
    expect(s!.poe).toBeNull();
  });

  it('a document time-stamp that does not verify proves nothing', async () => {
    const [s, ts] = verify(await docStamp(await expiredPdf(), p.tsa, ago(400), [Buffer.from('other bytes')]));
    expect(iv(ts!)).toEqual(['FAILED', 'HASH_FAILURE']);
    expect(iv(s!)).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
    expect(s!.poe).toBeNull();
  });

  it('a document time-stamp from an untrusted TSA proves nothing', async () => {
    const rogue = makeCert({ subject: [['CN', 'Rogue TSA']], key: p.tsa.key, issuer: p.untrustedRoot, notBefore: ago(1000), notAfter: ago(-1000), keyUsage: ['digitalSignature'], extKeyUsage: TSA_EKU });
    const pdf = await signPdf(await expiredPdf(), { type: 'DocTimeStamp', subFilter: 'ETSI.RFC3161', m: null, cms: (parts) => buildTimestampToken(rogue, ago(400), parts, [rogue, p.untrustedRoot]) });
    const [s, ts] = verify(pdf);
    expect(iv(ts!)).toEqual(['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND']);
    expect(iv(s!)).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
  });

  it('a document time-stamp whose TSA has no revocation data proves nothing (unless the caller accepts it)', async () => {
    const pdf = await docStamp(await expiredPdf(), rootTsa, ago(400));
    const noRootCrl = trust(p, { crls: [p.crls.inter] });
    const [s, ts] = verify(pdf, noRootCrl);
    expect(iv(ts!)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(iv(s!)).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
    const accepted = verify(pdf, { ...noRootCrl, acceptUncheckedRevocation: true });
    expect(accepted.map(iv)).toEqual([['PASSED', null], ['PASSED', null]]);
    expect(accepted[0]!.poe?.needed).toBe(true);
  });

  it('a document time-stamp after the expiry → OUT_OF_BOUNDS_NO_POE, not EXPIRED (it bounds the signing time from above only)', async () => {
    const [s, ts] = verify(await docStamp(await expiredPdf(), p.tsa, ago(100)));
    expect(iv(ts!)).toEqual(['PASSED', null]);
    expect(iv(s!)).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
    expect(s!.reason).toMatch(/the earliest time-stamp covering it \(document time-stamp #2, .*\) is after the expiry/);
  });

  it('a signature time-stamp after the expiry → FAILED/EXPIRED (it dates the signing)', async () => {
    const pdf = await docStamp(await signedPdf(p, p.expired, { signingTime: ago(100), timestamp: { tsa: p.tsa, at: ago(100), certs: [p.tsa, p.inter] } }), p.tsa, ago(50));
    expect(iv(verify(pdf)[0]!)).toEqual(['FAILED', 'EXPIRED']);
  });

  it('the earliest verified time-stamp counts: the signature time-stamp over a later document time-stamp', async () => {
    const signed = await signedPdf(p, p.expired, { signingTime: ago(500), timestamp: { tsa: p.tsa, at: ago(500), certs: [p.tsa, p.inter] } });
    const [s] = verify(await docStamp(signed, p.tsa, ago(400)));
    expect(iv(s!)).toEqual(['PASSED', null]);
    expect(s!.poe).toEqual({ time: isoS(ago(500)), source: 'signature-timestamp', index: 0, needed: true });
  });

  it('a signer still valid today gets the proof reported but not needed', async () => {
    const [s] = verify(await docStamp(await signedPdf(p, p.signer), p.tsa, p.now));
    expect(iv(s!)).toEqual(['PASSED', null]);
    expect(s!.poe).toMatchObject({ source: 'document-timestamp', index: 1, needed: false });
    expect(s!.reason).toBeNull();
  });
});

describe('revocation against the proven time', () => {
  const revokedAt = (at: Date) => makeCrl({ issuer: p.inter, thisUpdate: ago(0.5), nextUpdate: ago(-7), revoked: [{ serialHex: p.revokedSigner.serialHex, at }] });
  // Signed (claimed) 10 days ago, document time-stamp 8 days ago.
  const stamped = async () => docStamp(await signedPdf(p, p.revokedSigner, { signingTime: ago(10) }, { m: ago(10) }), p.tsa, ago(8));
  const check = async (at: Date) => verify(await stamped(), trust(p, { crls: [p.crls.root, revokedAt(at)] }))[0]!;

  it('revoked after the document time-stamp → PASSED with a warning', async () => {
    const s = await check(ago(5));
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.warnings.join(' ')).toMatch(/revoked on .* after the time-stamped signing time/);
    expect(s.revocation).toMatchObject({ checked: true, revokedAt: isoS(ago(5)) });
  });

  it('revoked before the claimed signing time → FAILED/REVOKED', async () => {
    expect(iv(await check(ago(12)))).toEqual(['FAILED', 'REVOKED']);
  });

  it('revoked between the claim and the document time-stamp → INDETERMINATE/REVOKED_NO_POE', async () => {
    expect(iv(await check(ago(9)))).toEqual(['INDETERMINATE', 'REVOKED_NO_POE']);
  });

  it('a CRL no longer current but issued after the document time-stamp is evidence', async () => {
    // The signer's issuing CA published its last CRL 20 days ago; the document was time-stamped
    // 24 days ago by a TSA whose own CA (the root) has a current CRL.
    const staleInter = makeCrl({ issuer: p.inter, thisUpdate: ago(20), nextUpdate: ago(13), revoked: [] });
    const signed = await signedPdf(p, p.signer, { signingTime: ago(25) }, { m: ago(25) });
    const o = trust(p, { crls: [p.crls.root, staleInter] });
    expect(iv(verify(signed, o)[0]!)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    const [s, ts] = verify(await docStamp(signed, rootTsa, ago(24)), o);
    expect(iv(ts!)).toEqual(['PASSED', null]);
    expect(iv(s!)).toEqual(['PASSED', null]);
    expect(s!.revocation).toEqual({ checked: true, source: 'crl' });
  });
});

describe('the time-stamp authority of a signature time-stamp is validated like a signer', () => {
  const tsaRevoked = (at: Date) => makeCrl({ issuer: p.inter, thisUpdate: ago(0.5), nextUpdate: ago(-7), revoked: [{ serialHex: p.tsa.serialHex, at }] });
  const tsSigned = () => signedPdf(p, p.expired, { signingTime: ago(500), timestamp: { tsa: p.tsa, at: ago(500), certs: [p.tsa, p.inter] } });

  it('TSA revoked before the genTime → the time-stamp is ignored (REVOKED)', async () => {
    const [s] = verify(await tsSigned(), trust(p, { crls: [p.crls.root, tsaRevoked(ago(600))] }));
    expect(s!.timestamp).toMatchObject({ verified: false, reason: expect.stringMatching(/Vanthu Test TSA.* was revoked on .*, before the signing time/), revocation: { checked: true } });
    expect(iv(s!)).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
  });

  it('TSA revoked after the genTime, nothing later proving the token → ignored (REVOKED_NO_POE)', async () => {
    const [s] = verify(await tsSigned(), trust(p, { crls: [p.crls.root, tsaRevoked(ago(100))] }));
    expect(s!.timestamp).toMatchObject({ verified: false, reason: expect.stringMatching(/no time-stamp proves/) });
    expect(iv(s!)).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
  });

  it('TSA revoked after a document time-stamp that proves the token → verified, a warning', async () => {
    const [s, ts] = verify(await docStamp(await tsSigned(), rootTsa, ago(200)), trust(p, { crls: [p.crls.root, tsaRevoked(ago(100))] }));
    expect(iv(ts!)).toEqual(['PASSED', null]);
    expect(s!.timestamp).toMatchObject({ verified: true, revocation: { checked: true, revokedAt: isoS(ago(100)) } });
    expect(s!.warnings.join(' ')).toMatch(/time-stamp: certificate "CN=Vanthu Test TSA.*" was revoked on .* after the time-stamped signing time/);
    expect(iv(s!)).toEqual(['PASSED', null]);
    expect(s!.poe).toMatchObject({ source: 'signature-timestamp', needed: true });
  });
});

describe('archive time-stamps (PAdES-LTA): each one proves the previous existed', () => {
  // Signed 500 days ago with a time-stamp by a TSA whose certificate expired 200 days ago.
  const oldSigned = () => signedPdf(p, p.expired, { signingTime: ago(500), timestamp: { tsa: oldTsa, at: ago(500), certs: [oldTsa, p.inter] } });

  it('a signature time-stamp whose TSA has expired, nothing later → no proof', async () => {
    const [s] = verify(await oldSigned());
    expect(s!.timestamp).toMatchObject({ verified: false, reason: expect.stringMatching(/"CN=Old TSA.*" expired on .* no later time-stamp proves/) });
    expect(iv(s!)).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
  });

  it('an archive time-stamp by the expired TSA alone proves nothing', async () => {
    const [s, ts] = verify(await docStamp(await oldSigned(), oldTsa, ago(400)));
    expect(iv(ts!)).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
    expect(iv(s!)).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
  });

  it('renewed by a later time-stamp while the old TSA was still valid → everything PASSED', async () => {
    const lta = await docStamp(await docStamp(await oldSigned(), oldTsa, ago(400)), p.tsa, ago(300));
    const [s, ts1, ts2] = verify(lta);
    expect([s, ts1, ts2].map((x) => iv(x!))).toEqual([['PASSED', null], ['PASSED', null], ['PASSED', null]]);
    expect(ts2!.poe).toBeNull();
    expect(ts1!.poe).toEqual({ time: isoS(ago(300)), source: 'document-timestamp', index: 2, needed: true });
    expect(ts1!.warnings.join(' ')).toMatch(/"CN=Old TSA.*" expired on .*; the time-stamp was valid at .*, proven by document time-stamp #3/);
    expect(s!.timestamp).toMatchObject({ verified: true, tsa: 'Old TSA' });
    expect(s!.poe).toEqual({ time: isoS(ago(500)), source: 'signature-timestamp', index: 0, needed: true });
  });

  it('renewed only after the old TSA had expired → the chain is broken', async () => {
    const late = await docStamp(await docStamp(await oldSigned(), oldTsa, ago(400)), p.tsa, ago(100));
    const [s, ts1, ts2] = verify(late);
    expect(iv(ts2!)).toEqual(['PASSED', null]);
    expect(iv(ts1!)).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
    expect(ts1!.reason).toMatch(/expired on .*, before document time-stamp #3 .* proves the time-stamp existed/);
    // The newest time-stamp still covers the signature directly, but after the signer expired.
    expect(iv(s!)).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
  });
});
