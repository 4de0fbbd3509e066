// Hostile input: random damage to valid signed files must give a report, never an exception,
// and never PASSED when a signed byte changed.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { verifyFile, verifyPdf, verifySmime } from '../../../src/signature/index.js';
import { INNER_PART, buildCms, getPki, multipartSigned, opaqueSigned, signedPdf, trust } from './fixtures.js';

const p = getPki();
const opts = trust(p);
const cms = (c: Buffer) => buildCms({ signer: p.signer, certs: [p.signer, p.inter], content: [c], signingTime: p.now });

describe('random damage', () => {
  it('PDF: flipped bytes and truncation never throw; a flipped signed byte never passes', async () => {
    const pdf = await signedPdf(p, p.signer);
    const [, gapStart, gapEnd] = verifyPdf(pdf, opts).signatures[0]!.coverage!.byteRange as [number, number, number, number];
    fc.assert(
      fc.property(fc.nat(pdf.length - 1), fc.integer({ min: 1, max: 255 }), fc.boolean(), (pos, xor, truncate) => {
        const bad = truncate ? pdf.subarray(0, pos) : Buffer.from(pdf);
        if (!truncate) bad[pos] = bad[pos]! ^ xor;
        const r = verifyPdf(bad, opts);
        expect(r.overall.indication).toMatch(/PASSED|FAILED|INDETERMINATE/);
        const inSigned = pos < gapStart || pos >= gapEnd;
        if (!truncate && inSigned) expect(r.overall.indication).not.toBe('PASSED');
      }),
      { numRuns: 300 },
    );
  });

  it('S/MIME: flipped bytes and truncation never throw', () => {
    const msgs = [multipartSigned(INNER_PART, cms), opaqueSigned(INNER_PART, (c) => buildCms({ signer: p.signer, certs: [p.signer, p.inter], content: [c], encapsulate: true }))];
    fc.assert(
      fc.property(fc.nat(1), fc.nat(100_000), fc.integer({ min: 1, max: 255 }), fc.boolean(), (which, at, xor, truncate) => {
        const msg = msgs[which]!;
        const pos = at % msg.length;
        const bad = truncate ? msg.subarray(0, pos) : Buffer.from(msg);
        if (!truncate) bad[pos] = bad[pos]! ^ xor;
        expect(verifySmime(bad, opts).overall.indication).toMatch(/PASSED|FAILED|INDETERMINATE/);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary bytes given to verifyFile', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom('', '%PDF-1.7\n', 'Content-Type: multipart/signed; boundary=x\r\n\r\n'), (bytes, prefix) => {
        const r = verifyFile(Buffer.concat([Buffer.from(prefix), Buffer.from(bytes)]), opts);
        expect(r.overall.indication).not.toBe('PASSED');
      }),
      { numRuns: 300 },
    );
  });
});

describe('S/MIME garbage', () => {
  it('a truncated CMS in the signature part → FAILED/FORMAT_FAILURE', () => {
    const r = verifySmime(multipartSigned(INNER_PART, (c) => cms(c).subarray(0, 300)), opts);
    expect([r.overall.indication, r.overall.subIndication]).toEqual(['FAILED', 'FORMAT_FAILURE']);
    expect(r.signatures[0]!.reason).toMatch(/truncated/);
  });

  it('an opaque message whose body is not base64 CMS → FAILED/FORMAT_FAILURE', () => {
    const r = verifySmime(opaqueSigned(INNER_PART, () => Buffer.from('garbage garbage')), opts);
    expect([r.overall.indication, r.overall.subIndication]).toEqual(['FAILED', 'FORMAT_FAILURE']);
  });

  it('multipart/signed without a signature part → FAILED/FORMAT_FAILURE', () => {
    const raw = Buffer.from('Content-Type: multipart/signed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b--\r\n');
    expect(verifySmime(raw, opts).overall.subIndication).toBe('FORMAT_FAILURE');
  });
});
