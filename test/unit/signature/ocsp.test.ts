// OCSP responses (RFC 6960) as revocation evidence (issue 14): authentic (the issuer, or a
// responder it authorised), about this certificate (CertID), fresh like a CRL; found in the CMS
// (id-ri-ocsp-response, adbe-revocationInfoArchival), in the PDF /DSS (/OCSPs, /VRI) or given.
import { describe, expect, it } from 'vitest';
import { verifyPdf } from '../../../src/signature/index.js';
import { parseOcspResponse } from '../../../src/signature/ocsp.js';
import { der, ctx, seq, raw } from './helpers/der.js';
import { makeOcspResponse, ocspError, type OcspSpec } from './helpers/ocsp.js';
import { days, getPki, iv, makeCert, onlySignature, signedPdf, trust, updates } from './fixtures.js';

const p = getPki();
const ago = (d: number) => new Date(p.now.getTime() - days(d));
const RI_OCSP = '1.3.6.1.5.5.7.16.2';
const ADBE_ARCHIVAL = '1.2.840.113583.1.1.8';

/** A response about the signer (issued by the intermediate), good and current unless told otherwise. */
const signerOcsp = (o: Partial<OcspSpec> = {}) =>
  makeOcspResponse({ issuer: p.inter, serialHex: p.signer.serialHex, status: 'good', thisUpdate: ago(0.1), nextUpdate: ago(-3), ...o });
/** The intermediate's status from the root. */
const interOcsp = () => makeOcspResponse({ issuer: p.root, serialHex: p.inter.serialHex, status: 'good', thisUpdate: ago(0.1), nextUpdate: ago(-3) });

/** Only the root's CRL configured: the signer needs OCSP evidence. */
const rootCrlOnly = trust(p, { crls: [p.crls.root] });
const inCms = (...ocsps: Buffer[]) => ({ otherRevInfo: ocsps.map((value) => ({ format: RI_OCSP, value })) });

const responder = (o: Partial<Parameters<typeof makeCert>[0]> = {}) =>
  makeCert({
    subject: [['C', 'VN'], ['O', 'Vanthu Test'], ['CN', 'Vanthu Test OCSP Responder']],
    key: p.tsa.key,
    issuer: p.inter,
    notBefore: ago(100),
    notAfter: ago(-100),
    keyUsage: ['digitalSignature'],
    extKeyUsage: ['1.3.6.1.5.5.7.3.9'],
    ocspNoCheck: true,
    ...o,
  });

describe('OCSP responses in the CMS (RFC 5940 id-ri-ocsp-response)', () => {
  it('good, signed by the issuer → PASSED, revocation checked by crl+ocsp', async () => {
    const s = await onlySignature(signedPdf(p, p.signer, inCms(signerOcsp())), rootCrlOnly);
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.revocation).toEqual({ checked: true, source: 'crl+ocsp' });
  });

  it('the whole chain by OCSP (no CRL at all) → source ocsp, said so in the text report', async () => {
    const r = verifyPdf(await signedPdf(p, p.signer, inCms(signerOcsp(), interOcsp())), trust(p, { crls: [] }));
    const s = r.signatures[0]!;
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.revocation).toEqual({ checked: true, source: 'ocsp' });
    const { formatReport } = await import('../../../src/signature/format.js');
    expect(formatReport(r)).toMatch(/Revocation: checked against OCSP responses, not revoked\./);
  });

  it('revoked before the signing time → FAILED/REVOKED with the OCSP revocation time', async () => {
    const r = makeOcspResponse({ issuer: p.inter, serialHex: p.revokedSigner.serialHex, status: 'revoked', revokedAt: ago(3), thisUpdate: ago(0.1) });
    const s = await onlySignature(signedPdf(p, p.revokedSigner, inCms(r)), rootCrlOnly);
    expect(iv(s)).toEqual(['FAILED', 'REVOKED']);
    expect(s.revocation).toMatchObject({ checked: true, source: 'ocsp', revokedAt: ago(3).toISOString().replace(/\.\d+Z$/, '.000Z') });
  });

  it('a current CRL saying good does not hide an OCSP revocation (revocation is permanent)', async () => {
    const r = makeOcspResponse({ issuer: p.inter, serialHex: p.revokedSigner.serialHex, status: 'revoked', revokedAt: ago(3), thisUpdate: ago(0.1) });
    const s = await onlySignature(signedPdf(p, p.revokedSigner, inCms(r)), trust(p));
    expect(iv(s)).toEqual(['FAILED', 'REVOKED']);
  });

  it('status unknown → INDETERMINATE/TRY_LATER saying the responder does not know it', async () => {
    const s = await onlySignature(signedPdf(p, p.signer, inCms(signerOcsp({ status: 'unknown' }))), rootCrlOnly);
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.revocation.reason).toMatch(/no CRL from .*; the OCSP responder does not know the certificate \(status unknown\)/);
  });

  it('a forged response (signed with another key) is ignored with a warning → TRY_LATER', async () => {
    const s = await onlySignature(signedPdf(p, p.signer, inCms(signerOcsp({ keyOverride: p.tsa.key }))), rootCrlOnly);
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.warnings.join(' ')).toMatch(/OCSP response for "CN=Test Signer.*is not authentic/);
  });

  it('a response whose CertID names another key for the issuer (a twin CA) is not about this certificate', async () => {
    const twin = makeCert({ subject: [['C', 'VN'], ['O', 'Vanthu Test'], ['CN', 'Vanthu Test Issuing CA']], key: p.tsa.key, issuer: p.root, notBefore: ago(100), notAfter: ago(-100), ca: true, keyUsage: ['keyCertSign', 'cRLSign'] });
    const s = await onlySignature(signedPdf(p, p.signer, inCms(signerOcsp({ issuer: twin }))), rootCrlOnly);
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.revocation.reason).not.toMatch(/OCSP/);
  });

  it('responderID byKey and a SHA-256 CertID are understood', async () => {
    const s = await onlySignature(signedPdf(p, p.signer, inCms(signerOcsp({ byKey: true, hash: 'sha256' }))), rootCrlOnly);
    expect(iv(s)).toEqual(['PASSED', null]);
  });
});

describe('delegated OCSP responders (RFC 6960 4.2.2.2)', () => {
  it('a responder certified by the issuer with id-kp-OCSPSigning and nocheck → PASSED', async () => {
    const d = responder();
    const s = await onlySignature(signedPdf(p, p.signer, inCms(signerOcsp({ signer: d, certs: [d] }))), rootCrlOnly);
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.revocation.source).toBe('crl+ocsp');
  });

  it('without id-kp-OCSPSigning → ignored with the reason', async () => {
    const d = responder({ extKeyUsage: ['1.3.6.1.5.5.7.3.8'] });
    const s = await onlySignature(signedPdf(p, p.signer, inCms(signerOcsp({ signer: d, certs: [d] }))), rootCrlOnly);
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.warnings.join(' ')).toMatch(/lacks id-kp-OCSPSigning: ignored/);
  });

  it('certified by another CA (the root, for a certificate of the intermediate) → ignored', async () => {
    const d = responder({ issuer: p.root });
    const s = await onlySignature(signedPdf(p, p.signer, inCms(signerOcsp({ signer: d, certs: [d] }))), rootCrlOnly);
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.warnings.join(' ')).toMatch(/not signed by the issuer nor by a responder the issuer authorised/);
  });

  it('expired when the response was produced → ignored', async () => {
    const d = responder({ notBefore: ago(100), notAfter: ago(1) });
    const s = await onlySignature(signedPdf(p, p.signer, inCms(signerOcsp({ signer: d, certs: [d] }))), rootCrlOnly);
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.warnings.join(' ')).toMatch(/was not valid when the response was produced/);
  });

  it('without nocheck: revoked by its issuer\'s CRL → ignored; no CRL for it → used with a warning', async () => {
    const d = responder({ ocspNoCheck: false });
    const { makeCrl } = await import('./fixtures.js');
    const revoking = makeCrl({ issuer: p.inter, thisUpdate: ago(1), nextUpdate: ago(-7), revoked: [{ serialHex: d.serialHex, at: ago(2) }] });
    const pdf = await signedPdf(p, p.signer, inCms(signerOcsp({ signer: d, certs: [d] })));
    const revoked = await onlySignature(pdf, trust(p, { crls: [p.crls.root, revoking] }));
    // The CRL is authentic and current for the signer too, so the signature still passes by CRL.
    expect(revoked.revocation.source).toBe('crl');
    expect(revoked.warnings.join(' ')).toMatch(/responder "CN=Vanthu Test OCSP Responder.* was revoked/);
    const unchecked = await onlySignature(pdf, rootCrlOnly);
    expect(iv(unchecked)).toEqual(['PASSED', null]);
    expect(unchecked.warnings.join(' ')).toMatch(/revocation of OCSP responder .* could not be checked/);
  });
});

describe('freshness (same rule as CRLs)', () => {
  it('past nextUpdate → ignored with a note → TRY_LATER', async () => {
    const s = await onlySignature(signedPdf(p, p.signer, inCms(signerOcsp({ thisUpdate: ago(10), nextUpdate: ago(3) }))), rootCrlOnly);
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.warnings.join(' ')).toMatch(/OCSP response for .* is not current and the signing time is not proven by a time-stamp: ignored/);
  });

  it('stale but issued after the time-stamped signing time → PASSED', async () => {
    // A TSA issued by the root: its revocation is checked now (nothing proves its token older), by
    // the root's current CRL; the signer has only the stale OCSP response, issued after the token.
    const rootTsa = makeCert({ subject: [['C', 'VN'], ['CN', 'Root-issued TSA']], key: p.tsa.key, issuer: p.root, notBefore: ago(400), notAfter: ago(-400), keyUsage: ['digitalSignature'], extKeyUsage: ['1.3.6.1.5.5.7.3.8'] });
    const pdf = signedPdf(p, p.signer, { ...inCms(signerOcsp({ thisUpdate: ago(10), nextUpdate: ago(3) })), signingTime: ago(11), timestamp: { tsa: rootTsa, at: ago(11), certs: [rootTsa] } });
    expect(iv(await onlySignature(pdf, trust(p, { crls: [p.crls.root, p.crls.inter] })))).toEqual(['PASSED', null]);
    const s = await onlySignature(pdf, rootCrlOnly);
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.revocation.source).toBe('crl+ocsp');
  });

  it('no nextUpdate: current for a day after thisUpdate, then not', async () => {
    const fresh = await onlySignature(signedPdf(p, p.signer, inCms(signerOcsp({ thisUpdate: ago(0.2), nextUpdate: null }))), rootCrlOnly);
    expect(iv(fresh)).toEqual(['PASSED', null]);
    const old = await onlySignature(signedPdf(p, p.signer, inCms(signerOcsp({ thisUpdate: ago(2), nextUpdate: null }))), rootCrlOnly);
    expect(iv(old)).toEqual(['INDETERMINATE', 'TRY_LATER']);
  });

  it('a responder clock a minute ahead is tolerated (thisUpdate slightly in the future)', async () => {
    const s = await onlySignature(signedPdf(p, p.signer, inCms(signerOcsp({ thisUpdate: new Date(p.now.getTime() + 60_000) }))), rootCrlOnly);
    expect(iv(s)).toEqual(['PASSED', null]);
  });
});

describe('other places OCSP responses are found', () => {
  it("Adobe's signed attribute adbe-revocationInfoArchival ([0] CRLs, [1] OCSP responses)", async () => {
    const archival = der(seq(ctx(1, true, [seq(raw(signerOcsp()))])));
    const s = await onlySignature(signedPdf(p, p.signer, { signedAttrs: [{ type: ADBE_ARCHIVAL, values: [archival] }] }), rootCrlOnly);
    expect(iv(s)).toEqual(['PASSED', null]);
    const withCrls = der(seq(ctx(0, true, [seq(raw(p.crls.inter), raw(p.crls.root))])));
    const s2 = await onlySignature(signedPdf(p, p.signer, { signedAttrs: [{ type: ADBE_ARCHIVAL, values: [withCrls] }] }), trust(p, { crls: [] }));
    expect(s2.revocation).toEqual({ checked: true, source: 'crl' });
  });

  it('/DSS /OCSPs with the intermediate only in /DSS /Certs (not in the CMS) → chain built, PASSED', async () => {
    const signed = await signedPdf(p, p.signer, { certs: [p.signer] });
    expect(iv(await onlySignature(signed, trust(p)))).toEqual(['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND']);
    const withDss = await updates.addDssData(signed, { ocsps: [signerOcsp(), interOcsp()], certs: [p.inter.der] });
    const s = await onlySignature(withDss, trust(p, { crls: [] }));
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.revocation).toEqual({ checked: true, source: 'ocsp' });
    expect(s.coverage?.modificationsAfterSigning).toBe('signatures-only');
  });

  it('/VRI entries (/OCSP, /Cert) are read too', async () => {
    const withVri = await updates.addDssData(await signedPdf(p, p.signer, { certs: [p.signer] }), { ocsps: [signerOcsp(), interOcsp()], certs: [p.inter.der], vri: true });
    expect(iv(await onlySignature(withVri, trust(p, { crls: [] })))).toEqual(['PASSED', null]);
  });

  it('a bare BasicOCSPResponse in /DSS is accepted; an error response (tryLater) is skipped with a note', async () => {
    const withDss = await updates.addDssData(await signedPdf(p, p.signer), { ocsps: [ocspError(3), signerOcsp({ bare: true })] });
    const s = await onlySignature(withDss, rootCrlOnly);
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.warnings.join(' ')).toMatch(/unreadable OCSP response in the PDF \/DSS: the OCSP responder answered tryLater/);
  });

  it('an S/MIME signature carrying the OCSP response in its CMS', async () => {
    const { buildCms, multipartSigned, INNER_PART } = await import('./fixtures.js');
    const { verifySmime } = await import('../../../src/signature/index.js');
    const mail = multipartSigned(INNER_PART, (signed) => buildCms({ signer: p.signer, certs: [p.signer, p.inter], content: [signed], signingTime: p.now, ...inCms(signerOcsp()) }));
    const s = verifySmime(mail, rootCrlOnly).signatures[0]!;
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.revocation).toEqual({ checked: true, source: 'crl+ocsp' });
  });

  it('given by the caller (VerifyOptions.ocsps), like configured CRLs', async () => {
    const r = verifyPdf(await signedPdf(p, p.signer), { ...rootCrlOnly, ocsps: [signerOcsp()] });
    expect(iv(r.signatures[0]!)).toEqual(['PASSED', null]);
  });

  it('a document time-stamp: its TSA chained through /DSS /Certs and checked by an OCSP response in /DSS', async () => {
    const { signPdf, getBasePdf, buildTimestampToken } = await import('./fixtures.js');
    const pdf = await signPdf(await getBasePdf(), { cms: (parts) => buildTimestampToken(p.tsa, p.now, parts, [p.tsa]), subFilter: 'ETSI.RFC3161', type: 'DocTimeStamp' });
    expect(iv(await onlySignature(pdf, rootCrlOnly))).toEqual(['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND']);
    const tsaOcsp = makeOcspResponse({ issuer: p.inter, serialHex: p.tsa.serialHex, status: 'good', thisUpdate: ago(0.1) });
    const withDss = await updates.addDssData(pdf, { ocsps: [tsaOcsp], certs: [p.inter.der] });
    const s = await onlySignature(withDss, rootCrlOnly);
    expect([s.type, ...iv(s)]).toEqual(['pdf-document-timestamp', 'PASSED', null]);
    expect(s.revocation.source).toBe('crl+ocsp');
  });
});

describe('parsing', () => {
  it('reads status, times, CertID and the responder', () => {
    const r = parseOcspResponse(makeOcspResponse({ issuer: p.inter, serialHex: p.revokedSigner.serialHex, status: 'revoked', revokedAt: ago(3), thisUpdate: ago(1), nextUpdate: null }));
    expect(r.responses).toHaveLength(1);
    expect(r.responses[0]).toMatchObject({ status: 'revoked', serialHex: p.revokedSigner.serialHex, hash: 'sha1', nextUpdate: null });
    expect(r.responderName?.rdns.flat().find((a) => a.type === 'CN')?.value).toBe('Vanthu Test Issuing CA');
  });

  it('refuses garbage and non-successful statuses with a reason', () => {
    expect(() => parseOcspResponse(Buffer.from('garbage'))).toThrow();
    expect(() => parseOcspResponse(ocspError(6))).toThrow(/unauthorized/);
  });
});
