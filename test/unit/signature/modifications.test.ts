// Incremental updates after signing (issue 7 review, item 1): only what belongs to a NEW
// signature (or validation data) keeps a signature "signatures-only"; a signature widget without
// a signature, or any change to an existing signature field or its appearance, is the overlay
// attack and a content change; so is new document information.
import { describe, expect, it } from 'vitest';
import { verifyPdf } from '../../../src/signature/index.js';
import { classifyModifications } from '../../../src/signature/pdf/coverage.js';
import { PdfDocument } from '../../../src/signature/pdf/document.js';
import { buildTimestampToken, cmsFor, getBasePdf, getPki, signPdf, signedPdf, trust, updates } from './fixtures.js';

const p = getPki();
const opts = trust(p);

function first(pdf: Buffer) {
  const r = verifyPdf(pdf, opts);
  return r.signatures[0]!;
}
const verdict = (s: ReturnType<typeof first>) => [s.indication, s.subIndication, s.coverage?.modificationsAfterSigning];
const MODIFIED = ['FAILED', 'MODIFIED_AFTER_SIGNING', 'content'];

describe('the overlay attack: signature widgets that are not new signatures', () => {
  it('a /Sig widget without /V whose appearance covers the page → FAILED/MODIFIED_AFTER_SIGNING', async () => {
    const signed = await signedPdf(p, p.signer);
    const s = first(await updates.addEmptySignatureWidget(signed));
    expect(verdict(s)).toEqual(MODIFIED);
    expect(s.coverage?.changes).toEqual(['a signature field was added without a signature (field "Overlay")']);
    expect(s.warnings).toContain('after signing: a signature field was added without a signature (field "Overlay")');
    expect(s.reason).toBe('the document content was changed by an update appended after this signature: a signature field was added without a signature (field "Overlay")');
  });

  it('the same widget only in the page /Annots (not in the form) is caught too', async () => {
    const s = first(await updates.addEmptySignatureWidget(await signedPdf(p, p.signer), { outsideForm: true }));
    expect(verdict(s)).toEqual(MODIFIED);
    expect(s.coverage?.changes).toContain('a signature field was added without a signature');
  });

  it("an appearance (/AP) given to the existing signature field → content change", async () => {
    const signed = await signedPdf(p, p.signer);
    const attacked = await updates.editSignatureWidget(signed, (d, ap) => d.replace('/Rect', `/AP << /N ${ap} 0 R >> /Rect`), 'overlay');
    const s = first(attacked);
    expect(verdict(s)).toEqual(MODIFIED);
    expect(s.coverage?.changes).toEqual([expect.stringMatching(/^the appearance of an existing signature field was changed \(field "Signature\d+"\)$/)]);
  });

  it("the existing signature field's /Rect enlarged → content change", async () => {
    const attacked = await updates.editSignatureWidget(await signedPdf(p, p.signer), (d) => d.replace(/\/Rect \[[^\]]*\]/, '/Rect [ 0 0 595 842 ]'));
    const s = first(attacked);
    expect(verdict(s)).toEqual(MODIFIED);
    expect(s.coverage?.changes).toEqual([expect.stringMatching(/^an existing signature field was changed \(\/Rect\)/)]);
  });

  it("the existing field's /V pointed at a new signature dictionary → content change", async () => {
    // The newest revision then no longer names the original signature, so the locator cannot
    // report on it; the rule is checked on the classification of what followed that signature.
    const signed = await signedPdf(p, p.signer);
    const fakeSig = `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 10 20 10] /Contents <00> >>`;
    const attacked = await updates.editSignatureWidget(signed, (d, n) => d.replace(/\/V \d+ 0 R/, `/V ${n} 0 R`), fakeSig);
    const mods = classifyModifications(new PdfDocument(attacked), signed.length);
    expect(mods.kind).toBe('content');
    expect(mods.changes).toEqual([expect.stringMatching(/^an existing signature field was changed \(\/V\) \(field "Signature\d+"\)$/)]);
    expect(verifyPdf(attacked, opts).overall.indication).toBe('FAILED');
  });

  it("the existing signature's appearance stream rewritten in place → content change", async () => {
    const signed = await signedPdf(p, p.signer, {}, { appearance: true });
    expect(first(signed).indication).toBe('PASSED');
    const apNum = Number(/\/AP << \/N (\d+) 0 R/.exec(signed.toString('latin1'))![1]);
    const s = first(await updates.rewriteObject(signed, apNum, updates.OVERLAY_STREAM));
    expect(verdict(s)).toEqual(MODIFIED);
    expect(s.coverage?.changes).toEqual([`the appearance of an existing signature field was changed (object ${apNum})`]);
  });
});

describe('other modifications', () => {
  it('document information (trailer /Info) added after signing → content change', async () => {
    const s = first(await updates.setInfo(await signedPdf(p, p.signer), 'Quyết định khác'));
    expect(verdict(s)).toEqual(MODIFIED);
    expect(s.coverage?.changes).toEqual(['document information (/Info) was added']);
  });

  it('document information changed by a second update → content change for the first signature', async () => {
    const withInfo = await updates.setInfo(await getBasePdf(), 'Công văn 12');
    const signed = await signPdf(withInfo, { cms: cmsFor(p, p.signer), m: p.now });
    expect(first(signed).coverage?.modificationsAfterSigning).toBe('none');
    const s = first(await updates.setInfo(signed, 'Công văn 99'));
    expect(s.coverage?.changes).toEqual(['document information (/Info) was replaced']);
  });
});

describe('updates that only add signatures keep the detail of what they added', () => {
  it('a second (visible) signature: signatures-only, the new field named in the additions', async () => {
    const twice = await signPdf(await signedPdf(p, p.signer), { cms: cmsFor(p, p.vnSigner), m: p.now, fieldName: 'Approver', appearance: true });
    const [a, b] = verifyPdf(twice, opts).signatures;
    expect(verdict(a!)).toEqual(['PASSED', null, 'signatures-only']);
    expect(a!.coverage).toMatchObject({ changes: [], additions: ['signature field added (field "Approver") with a new signature'] });
    expect(a!.verdictVi).toBe('Chữ ký hợp lệ (tài liệu được ký thêm sau đó, nội dung không đổi)');
    expect(b!.coverage).toMatchObject({ modificationsAfterSigning: 'none', additions: [], changes: [] });
  });

  it('a prepared empty field signed by the next signer: signatures-only', async () => {
    const prepared = await updates.addPreparedField(await getBasePdf(), 'Approver');
    const once = await signPdf(prepared.pdf, { cms: cmsFor(p, p.signer), m: p.now });
    const twice = await signPdf(once, { cms: cmsFor(p, p.vnSigner), m: p.now, fillField: prepared.field });
    const r = verifyPdf(twice, opts);
    expect(r.signatures.map((s) => [s.indication, s.coverage?.modificationsAfterSigning])).toEqual([
      ['PASSED', 'signatures-only'],
      ['PASSED', 'none'],
    ]);
    expect(r.signatures[0]!.coverage?.additions).toEqual(['empty signature field signed (field "Approver") with a new signature']);
    expect(r.signatures[1]!.signer?.commonName).toBe('Nguyễn Văn A');
  });

  it('a prepared empty field given an appearance without a signature → content change', async () => {
    const prepared = await updates.addPreparedField(await getBasePdf(), 'Approver');
    const once = await signPdf(prepared.pdf, { cms: cmsFor(p, p.signer), m: p.now });
    const attacked = await updates.rewriteObject(
      once,
      prepared.field,
      `<< /Type /Annot /Subtype /Widget /FT /Sig /T (Approver) /F 4 /Rect [0 0 595 842] /P 4 0 R /AP << /N 3 0 R >> >>`,
    );
    const s = first(attacked);
    expect(verdict(s)).toEqual(MODIFIED);
    expect(s.coverage?.changes).toEqual(['an existing signature field was changed (/Rect) and its appearance (field "Approver")']);
  });

  it('a document time-stamp after a signature is named in the additions', async () => {
    const stamped = await signPdf(await signedPdf(p, p.signer), {
      type: 'DocTimeStamp',
      subFilter: 'ETSI.RFC3161',
      m: null,
      cms: (parts) => buildTimestampToken(p.tsa, p.now, parts, [p.tsa, p.inter]),
    });
    expect(first(stamped).coverage?.additions).toEqual([expect.stringMatching(/with a new document time-stamp$/)]);
  });
});
