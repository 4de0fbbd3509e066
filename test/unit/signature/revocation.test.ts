// Revocation (issue 7): CRLs configured, embedded in the CMS or stored in the PDF /DSS, each
// used only when signed by the certificate's issuer and current (or issued after the proven
// signing time). No usable information → INDETERMINATE/TRY_LATER unless the caller accepts it.
import { describe, expect, it } from 'vitest';
import { days, getPki, makeCert, makeCrl, signedPdf, trust, updates, iv, onlySignature } from './fixtures.js';

const p = getPki();
const opts = trust(p);
const ago = (d: number) => new Date(p.now.getTime() - days(d));

const verdict = (pdf: Promise<Buffer> | Buffer, o: Parameters<typeof onlySignature>[1] = opts) => onlySignature(pdf, o);

describe('revocation against configured CRLs', () => {
  const rootCrl = p.crls.root;
  const interCrl = (at: Date) =>
    makeCrl({ issuer: p.inter, thisUpdate: ago(0.5), nextUpdate: ago(-7), revoked: [{ serialHex: p.revokedSigner.serialHex, at }] });

  it('good certificates with CRLs → PASSED, revocation checked', async () => {
    const s = await verdict(signedPdf(p, p.signer), trust(p, { crls: [rootCrl, interCrl(ago(1))] }));
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.revocation).toEqual({ checked: true, source: 'crl' });
    expect(s.verdictVi).toBe('Chữ ký hợp lệ');
  });

  it('revoked before the signing time → FAILED/REVOKED', async () => {
    const s = await verdict(signedPdf(p, p.revokedSigner), trust(p, { crls: [rootCrl, interCrl(ago(1))] }));
    expect(iv(s)).toEqual(['FAILED', 'REVOKED']);
    expect(s.revocation.checked).toBe(true);
  });

  it('revoked after a time-stamped signing time → PASSED with a warning', async () => {
    const pdf = signedPdf(p, p.revokedSigner, { signingTime: ago(10), timestamp: { tsa: p.tsa, at: ago(10), certs: [p.tsa, p.inter] } });
    const s = await verdict(pdf, trust(p, { crls: [rootCrl, interCrl(ago(1))] }));
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.warnings.join(' ')).toMatch(/revoked on .* after the time-stamped signing time/);
    expect(s.revocation).toMatchObject({ checked: true, revokedAt: ago(1).toISOString().replace(/\.\d+Z$/, '.000Z') });
  });

  it('revoked after a claimed (not proven) signing time → INDETERMINATE/REVOKED_NO_POE', async () => {
    const s = await verdict(signedPdf(p, p.revokedSigner, { signingTime: ago(10) }), trust(p, { crls: [rootCrl, interCrl(ago(1))] }));
    expect(iv(s)).toEqual(['INDETERMINATE', 'REVOKED_NO_POE']);
  });

  it('a CRL with a bad signature is not used → INDETERMINATE/TRY_LATER', async () => {
    const forged = makeCrl({ issuer: p.inter, thisUpdate: ago(1), nextUpdate: ago(-7), revoked: [], keyOverride: { ...p.tsa.key } });
    const s = await verdict(signedPdf(p, p.signer), trust(p, { crls: [rootCrl, forged] }));
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.revocation).toMatchObject({ checked: false, reason: expect.stringMatching(/invalid signature/) });
  });
});

describe('no usable revocation information', () => {
  it('no CRL at all → INDETERMINATE/TRY_LATER by default, never silently good', async () => {
    const s = await verdict(signedPdf(p, p.signer), trust(p, { crls: [] }));
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.revocation).toMatchObject({ checked: false, reason: expect.stringMatching(/no CRL from "CN=Vanthu Test Issuing CA/) });
    expect(s.verdictVi).toBe('Chưa xác định: chưa kiểm tra được tình trạng thu hồi chứng thư số');
  });

  it('acceptUncheckedRevocation → PASSED, reported as not checked with a warning', async () => {
    const s = await verdict(signedPdf(p, p.signer), { ...trust(p, { crls: [] }), acceptUncheckedRevocation: true });
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.revocation).toMatchObject({ checked: false });
    expect(s.warnings.join(' ')).toMatch(/revocation not checked \(accepted by the caller\)/);
    expect(s.verdictVi).toBe('Chữ ký hợp lệ (chưa kiểm tra được tình trạng thu hồi chứng thư số)');
  });

  it('the deprecated requireRevocation still wins over acceptUncheckedRevocation', async () => {
    const s = await verdict(signedPdf(p, p.signer), { ...trust(p, { crls: [] }), acceptUncheckedRevocation: true, requireRevocation: true });
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
  });

  it("the signer's CRL but none for the intermediate → TRY_LATER naming the intermediate", async () => {
    const s = await verdict(signedPdf(p, p.signer), trust(p, { crls: [p.crls.inter] }));
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.revocation.reason).toMatch(/^"CN=Vanthu Test Issuing CA, O=Vanthu Test, C=VN": no CRL from "CN=Vanthu Test Root CA/);
  });
});

describe('a signer certificate that is itself a trust anchor', () => {
  it('→ PASSED, revocation reported as not checked (trusted directly), not TRY_LATER', async () => {
    const s = await verdict(signedPdf(p, p.signer, { certs: [p.signer] }), { trustAnchors: [p.signer.der], crls: [], now: p.now });
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.chain).toHaveLength(1);
    expect(s.revocation).toEqual({ checked: false, reason: expect.stringMatching(/itself a trust anchor/) });
  });
});

describe('stale CRLs (past nextUpdate)', () => {
  const staleInter = makeCrl({ issuer: p.inter, thisUpdate: ago(20), nextUpdate: ago(13), revoked: [] });
  const staleRoot = makeCrl({ issuer: p.root, thisUpdate: ago(20), nextUpdate: ago(13), revoked: [] });

  it('are ignored with a note → INDETERMINATE/TRY_LATER', async () => {
    const s = await verdict(signedPdf(p, p.signer), trust(p, { crls: [p.crls.root, staleInter] }));
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.revocation.reason).toMatch(/no current CRL from "CN=Vanthu Test Issuing CA/);
    expect(s.warnings.join(' ')).toMatch(/is not current and the signing time is not proven by a time-stamp: ignored/);
  });

  // A TSA issued by the root: its revocation needs a current root CRL (nothing proves its token
  // existed before now), while the signer's issuing CA has only a stale CRL.
  const rootTsa = makeCert({ subject: [['C', 'VN'], ['CN', 'Root-issued TSA']], key: p.tsa.key, issuer: p.root, notBefore: ago(400), notAfter: ago(-400), keyUsage: ['digitalSignature'], extKeyUsage: ['1.3.6.1.5.5.7.3.8'] });
  const stamp = (at: Date) => ({ signingTime: at, timestamp: { tsa: rootTsa, at, certs: [rootTsa] } });

  it('count when issued after the time-stamped signing time → PASSED, checked', async () => {
    const s = await verdict(signedPdf(p, p.signer, stamp(ago(25))), trust(p, { crls: [p.crls.root, staleInter] }));
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.revocation).toEqual({ checked: true, source: 'crl' });
    expect(s.timestamp).toMatchObject({ verified: true, revocation: { checked: true } });
  });

  it('do not count when issued before the time-stamped signing time', async () => {
    const s = await verdict(signedPdf(p, p.signer, stamp(ago(15))), trust(p, { crls: [p.crls.root, staleInter] }));
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.warnings.join(' ')).toMatch(/issued before the time-stamped signing time/);
  });

  it("do not count for the time-stamp authority itself: nothing proves its token existed before now", async () => {
    // The TSA of the signature time-stamp is checked like a signer (issue 14): with only stale
    // CRLs for it, the token is no proof, so the stale CRLs do not count for the signer either.
    const pdf = signedPdf(p, p.signer, { signingTime: ago(25), timestamp: { tsa: p.tsa, at: ago(25), certs: [p.tsa, p.inter] } });
    const s = await verdict(pdf, trust(p, { crls: [staleRoot, staleInter] }));
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.timestamp).toMatchObject({ verified: false, reason: expect.stringMatching(/^revocation status unknown: "CN=Vanthu Test TSA/), revocation: { checked: false } });
    expect(s.signingTimeSource).toBe('signing-time-attribute');
  });

  it('do not count after a merely claimed signing time (a back-dated claim must not make an old CRL proof)', async () => {
    const s = await verdict(signedPdf(p, p.signer, { signingTime: ago(25) }), trust(p, { crls: [staleRoot, staleInter] }));
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
  });

  it('a stale CRL that lists the certificate as revoked is still evidence of revocation', async () => {
    const revoking = makeCrl({ issuer: p.inter, thisUpdate: ago(20), nextUpdate: ago(13), revoked: [{ serialHex: p.revokedSigner.serialHex, at: ago(30) }] });
    const s = await verdict(signedPdf(p, p.revokedSigner), trust(p, { crls: [p.crls.root, revoking] }));
    expect(iv(s)).toEqual(['FAILED', 'REVOKED']);
  });
});

describe('CRLs carried by the signature or the document', () => {
  it('CRLs embedded in the CMS SignedData are used (no configured CRL)', async () => {
    const s = await verdict(signedPdf(p, p.signer, { crls: [p.crls.root, p.crls.inter] }), trust(p, { crls: [] }));
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.revocation).toEqual({ checked: true, source: 'crl' });
  });

  it('an embedded CRL is checked like any other: a forged one is not used', async () => {
    const forged = makeCrl({ issuer: p.inter, thisUpdate: ago(1), nextUpdate: ago(-7), revoked: [], keyOverride: { ...p.tsa.key } });
    const s = await verdict(signedPdf(p, p.signer, { crls: [p.crls.root, forged] }), trust(p, { crls: [] }));
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
  });

  it('an embedded CRL revoking the signer → FAILED/REVOKED', async () => {
    const revoking = makeCrl({ issuer: p.inter, thisUpdate: ago(1), nextUpdate: ago(-7), revoked: [{ serialHex: p.revokedSigner.serialHex, at: ago(2) }] });
    const s = await verdict(signedPdf(p, p.revokedSigner, { crls: [p.crls.root, revoking] }), trust(p, { crls: [] }));
    expect(iv(s)).toEqual(['FAILED', 'REVOKED']);
  });

  it('CRLs in the PDF /DSS added after signing are used, and the update is signatures-only', async () => {
    const withDss = await updates.addDss(await signedPdf(p, p.signer), [p.crls.root, p.crls.inter]);
    const s = await verdict(withDss, trust(p, { crls: [] }));
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.revocation).toEqual({ checked: true, source: 'crl' });
    expect(s.coverage).toMatchObject({ modificationsAfterSigning: 'signatures-only', additions: ['validation data (/DSS) added'], changes: [] });
    expect(s.verdictVi).toBe('Chữ ký hợp lệ (sau khi ký chỉ bổ sung dữ liệu kiểm tra chữ ký, nội dung không đổi)');
  });

  it('a /DSS CRL that is stale is ignored like a configured one', async () => {
    const stale = makeCrl({ issuer: p.inter, thisUpdate: ago(20), nextUpdate: ago(13), revoked: [] });
    const withDss = await updates.addDss(await signedPdf(p, p.signer), [p.crls.root, stale]);
    expect(iv(await verdict(withDss, trust(p, { crls: [] })))).toEqual(['INDETERMINATE', 'TRY_LATER']);
  });
});

describe('the CRL issuer must be the certificate issuer', () => {
  it("a CRL with the issuer's name but another CA's key is not evidence", async () => {
    // A second CA certificate with the same name and another key: its CRL names the right issuer.
    const twin = makeCert({ subject: [['C', 'VN'], ['O', 'Vanthu Test'], ['CN', 'Vanthu Test Issuing CA']], key: p.tsa.key, issuer: p.root, notBefore: ago(100), notAfter: ago(-100), ca: true, keyUsage: ['keyCertSign', 'cRLSign'] });
    const crl = makeCrl({ issuer: twin, thisUpdate: ago(1), nextUpdate: ago(-7), revoked: [] });
    const s = await verdict(signedPdf(p, p.signer), trust(p, { crls: [p.crls.root, crl] }));
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
  });
});
