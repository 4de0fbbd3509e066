// S/MIME: multipart/signed over the exact raw first part, opaque pkcs7-mime, LF-stored mail.
import { describe, expect, it } from 'vitest';
import { verifySmime, verifyFile } from '../../../src/signature/index.js';
import { toCrlf } from '../../../src/signature/smime.js';
import { INNER_PART, buildCms, getPki, multipartSigned, opaqueSigned, replaceOnce, trust, iv } from './fixtures.js';

const p = getPki();
const opts = trust(p);
const detached = (content: Buffer) => buildCms({ signer: p.vnSigner, certs: [p.vnSigner, p.inter], content: [content], signingTime: p.now });
const opaque = (content: Buffer) => buildCms({ signer: p.ecSigner, certs: [p.ecSigner, p.inter], content: [content], encapsulate: true, signingTime: p.now });

function one(raw: Buffer) {
  const r = verifySmime(raw, opts);
  expect(r.format).toBe('smime');
  expect(r.signatures).toHaveLength(1);
  return r.signatures[0]!;
}

describe('multipart/signed', () => {
  const msg = multipartSigned(INNER_PART, detached);

  it('valid → PASSED with the Vietnamese signer', () => {
    const s = one(msg);
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.type).toBe('smime-detached');
    expect(s.signer).toMatchObject({ commonName: 'Nguyễn Văn A', organization: 'UBND tỉnh Long An' });
    expect(s.coverage).toBeNull();
  });

  it('is detected by verifyFile', () => {
    expect(verifyFile(msg, opts).overall.indication).toBe('PASSED');
  });

  it('one header of the signed part changed → FAILED/HASH_FAILURE', () => {
    const s = one(replaceOnce(msg, 'charset=utf-8', 'charset=latin1'));
    expect(iv(s)).toEqual(['FAILED', 'HASH_FAILURE']);
    expect(s.verdictVi).toBe('Chữ ký không hợp lệ: nội dung đã bị thay đổi sau khi ký');
  });

  it('one body byte changed → FAILED/HASH_FAILURE', () => {
    expect(iv(one(replaceOnce(msg, '12/UBND-VX', '13/UBND-VX')))).toEqual(['FAILED', 'HASH_FAILURE']);
  });

  it('an outer header (Subject) is not covered by S/MIME: still PASSED', () => {
    expect(one(replaceOnce(msg, 'Subject: =?UTF-8?B?', 'Subject: =?utf-8?b?')).indication).toBe('PASSED');
  });

  it('stored with LF line ends → turned back into CRLF, PASSED', () => {
    const lf = Buffer.from(msg.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    expect(lf.includes('\r')).toBe(false);
    expect(iv(one(lf))).toEqual(['PASSED', null]);
  });

  it('a signature part that is garbage → FAILED/FORMAT_FAILURE', () => {
    const bad = multipartSigned(INNER_PART, () => Buffer.from('not a cms at all'));
    expect(iv(one(bad))).toEqual(['FAILED', 'FORMAT_FAILURE']);
  });

  it('truncated message (no closing boundary) → FORMAT_FAILURE', () => {
    const s = one(msg.subarray(0, msg.length - 200));
    expect(iv(s)).toEqual(['FAILED', 'FORMAT_FAILURE']);
  });

  it('signed by a certificate outside the trust anchors → INDETERMINATE', () => {
    const m = multipartSigned(INNER_PART, (c) => buildCms({ signer: p.untrustedSigner, certs: [p.untrustedSigner, p.untrustedRoot], content: [c] }));
    expect(iv(one(m))).toEqual(['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND']);
  });
});

describe('several SignerInfos in one CMS', () => {
  const twoSigners = (corruptSecond: boolean) => (content: Buffer) =>
    buildCms({
      signer: p.vnSigner,
      certs: [p.vnSigner, p.ecSigner, p.inter],
      content: [content],
      signingTime: p.now,
      coSigners: [{ signer: p.ecSigner, signingTime: p.now, corruptSignature: corruptSecond }],
    });

  it('each SignerInfo is verified and reported', () => {
    const r = verifySmime(multipartSigned(INNER_PART, twoSigners(false)), opts);
    expect(r.signatures.map((s) => [s.index, s.type, s.indication, s.signer?.commonName, s.signatureAlgorithm])).toEqual([
      [0, 'smime-detached', 'PASSED', 'Nguyễn Văn A', 'sha256WithRSA'],
      [1, 'smime-detached', 'PASSED', 'ECDSA Signer', 'sha256WithECDSA'],
    ]);
    expect(r.overall).toMatchObject({ indication: 'PASSED', reason: 'all 2 signature(s) passed' });
  });

  it('a bad second SignerInfo fails on its own and makes the message FAILED', () => {
    const r = verifySmime(multipartSigned(INNER_PART, twoSigners(true)), opts);
    expect(r.signatures.map(iv)).toEqual([
      ['PASSED', null],
      ['FAILED', 'SIG_CRYPTO_FAILURE'],
    ]);
    expect(r.overall).toMatchObject({ indication: 'FAILED', reason: expect.stringMatching(/^signature 2:/) });
  });

  it('opaque form: both SignerInfos over the encapsulated content', () => {
    const raw = opaqueSigned(INNER_PART, (c) =>
      buildCms({ signer: p.vnSigner, certs: [p.vnSigner, p.ecSigner, p.inter], content: [c], encapsulate: true, signingTime: p.now, coSigners: [{ signer: p.ecSigner, signingTime: p.now }] }),
    );
    expect(verifySmime(raw, opts).signatures.map((s) => [s.type, s.indication])).toEqual([
      ['smime-opaque', 'PASSED'],
      ['smime-opaque', 'PASSED'],
    ]);
  });
});

describe('opaque application/pkcs7-mime', () => {
  const msg = opaqueSigned(INNER_PART, opaque);

  it('valid (ECDSA) → PASSED', () => {
    const s = one(msg);
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.type).toBe('smime-opaque');
  });

  it('one byte of the encapsulated content changed → FAILED/HASH_FAILURE', () => {
    const b64 = /\r\n\r\n([A-Za-z0-9+/=\r\n]+)$/.exec(msg.toString('latin1'))![1]!;
    const cms = Buffer.from(b64.replace(/\s/g, ''), 'base64');
    const at = cms.indexOf('12/UBND-VX');
    cms[at] = 0x39;
    const tampered = Buffer.concat([msg.subarray(0, msg.length - Buffer.byteLength(b64)), Buffer.from(cms.toString('base64') + '\r\n')]);
    expect(iv(one(tampered))).toEqual(['FAILED', 'HASH_FAILURE']);
  });
});

describe('messages without signatures and helpers', () => {
  it('an unsigned message → INDETERMINATE, no signature', () => {
    const r = verifySmime(Buffer.from('From: a@b\r\nSubject: x\r\nContent-Type: text/plain\r\n\r\nhello\r\n'), opts);
    expect([r.overall.indication, r.overall.subIndication]).toEqual(['INDETERMINATE', 'SIGNED_DATA_NOT_FOUND']);
  });

  it('toCrlf converts bare LF only', () => {
    expect(toCrlf(Buffer.from('a\nb\r\nc\n')).toString()).toBe('a\r\nb\r\nc\r\n');
    const same = Buffer.from('a\r\n');
    expect(toCrlf(same)).toBe(same);
  });
});
