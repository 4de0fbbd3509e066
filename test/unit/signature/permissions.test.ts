// What may follow a signature (issue 14): each update gets a class — validation data, signing,
// form filling, annotations, other — and is judged against the signature's permissions (DocMDP
// /P 1|2|3, field locks, and the default when none is given: form filling and signing).
import { describe, expect, it } from 'vitest';
import { PDFName, PDFRef } from 'pdf-lib';
import { verifyPdf } from '../../../src/signature/index.js';
import { isLocked, judgeRevision } from '../../../src/signature/pdf/docmdp.js';
import { formatReport } from '../../../src/signature/format.js';
import { appendUpdate, buildTimestampToken, cmsFor, getBasePdf, getPki, signPdf, signedPdf, trust, updates, type TestCert } from './fixtures.js';
import * as later from './helpers/later.js';

const p = getPki();
const opts = trust(p);

const first = (pdf: Buffer) => verifyPdf(pdf, opts).signatures[0]!;
const verdict = (s: ReturnType<typeof first>) => [s.indication, s.subIndication, s.coverage?.modificationsAfterSigning];
const classes = (s: ReturnType<typeof first>) => s.coverage?.revisions.map((r) => [r.class, r.allowed]);

const docMdp = (P: number) => `/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P ${P} /V /1.2 >> >>]`;
const fieldMdp = (action: string, fields: string[]) =>
  `/Reference [<< /Type /SigRef /TransformMethod /FieldMDP /TransformParams << /Type /TransformParams /Action /${action} /Fields [${fields.map((f) => `(${f})`).join(' ')}] /V /1.2 >> >>]`;

/** The base document with a text field "HoTen", signed by `signer` with these extra entries. */
async function signedForm(o: { sigExtra?: string; fieldExtra?: string; perms?: boolean; signer?: TestCert } = {}) {
  const form = await later.addTextField(await getBasePdf(), 'HoTen');
  const pdf = await signPdf(form.pdf, { cms: cmsFor(p, o.signer ?? p.signer), m: p.now, fieldName: 'Author', ...o });
  return { pdf, field: form.field };
}
const countersign = (pdf: Buffer, o: { appearance?: boolean; fieldName?: string } = {}) =>
  signPdf(pdf, { cms: cmsFor(p, p.vnSigner), m: p.now, fieldName: o.fieldName ?? 'Approver', appearance: o.appearance ?? true });
const docTimeStamp = (pdf: Buffer) =>
  signPdf(pdf, { type: 'DocTimeStamp', subFilter: 'ETSI.RFC3161', m: null, cms: (parts) => buildTimestampToken(p.tsa, p.now, parts, [p.tsa, p.inter]) });

describe('classes of the updates after an approval signature (no permissions given)', () => {
  it('a second visible signature is signing, listed object by object', async () => {
    const s = first(await countersign(await signedPdf(p, p.signer)));
    expect(verdict(s)).toEqual(['PASSED', null, 'signatures-only']);
    expect(classes(s)).toEqual([['signing', true]]);
    const reasons = s.coverage!.revisions[0]!.objects.map((o) => o.reason);
    expect(reasons).toEqual(expect.arrayContaining(['visible signature field (field "Approver")', 'signature dictionary (field "Approver")', 'appearance of the new signature (field "Approver")']));
    expect(s.coverage?.permissions).toEqual({ docMdp: null, fieldLock: null, sources: [] });
  });

  it('/DSS through indirect arrays with a /VRI entry is validation data', async () => {
    const s = first(await later.addIndirectDss(await signedPdf(p, p.signer), [p.crls.inter]));
    expect(verdict(s)).toEqual(['PASSED', null, 'signatures-only']);
    expect(classes(s)).toEqual([['validation-data', true]]);
    expect(s.coverage?.additions).toEqual(['validation data (/DSS) added']);
    expect(s.verdictVi).toContain('dữ liệu kiểm tra chữ ký');
  });

  it('a /DSS with entries PAdES does not define is a change', async () => {
    const s = first(await later.addIndirectDss(await signedPdf(p, p.signer), [p.crls.inter], '/Pages 1 0 R '));
    expect(verdict(s)).toEqual(['FAILED', 'MODIFIED_AFTER_SIGNING', 'content']);
    expect(s.coverage?.changes).toEqual(['the validation data (/DSS) holds unexpected entries (/Pages)']);
  });

  it('/Info ModDate and Producer, new or rewritten in place, are validation data; /Title is not', async () => {
    const signed = await signedPdf(p, p.signer);
    const info = await later.setInfoEntries(signed, '/Producer (VGCA Sign) /ModDate (D:20261201100000Z)');
    expect(classes(first(info))).toEqual([['validation-data', true]]);
    const infoNum = Number(/\/Info (\d+) 0 R/.exec(info.toString('latin1', info.lastIndexOf('trailer') >= 0 ? info.lastIndexOf('/Info') - 10 : 0))![1]);
    const again = await later.setInfoEntries(info, '/Producer (ViettelCA) /ModDate (D:20261202100000Z)', infoNum);
    expect(verdict(first(again))).toEqual(['PASSED', null, 'signatures-only']);
    expect(first(again).coverage?.additions).toContain('document information updated (/ModDate, /Producer)');
    const retitled = first(await later.setInfoEntries(again, '/Producer (ViettelCA) /Title (Quyet dinh khac)', infoNum));
    expect(verdict(retitled)).toEqual(['FAILED', 'MODIFIED_AFTER_SIGNING', 'content']);
    expect(retitled.coverage?.changes).toEqual(['document information (/Info) was changed (/Title)']);
  });

  it('an XMP /Metadata packet is validation data; a stream that is not XMP is a change', async () => {
    const { pdf, num } = await later.setMetadata(await signedPdf(p, p.signer), later.XMP);
    expect(classes(first(pdf))).toEqual([['validation-data', true]]);
    const bad = first((await later.setMetadata(pdf, 'BT (X) Tj ET', num)).pdf);
    expect(verdict(bad)).toEqual(['FAILED', 'MODIFIED_AFTER_SIGNING', 'content']);
    expect(bad.coverage?.changes).toEqual([`the XMP metadata (/Metadata) was replaced by something else (object ${num})`]);
  });

  it('/AcroForm /DR and /DA extended for an appearance is signing', async () => {
    const s = first(await later.extendDefaultResources(await signedPdf(p, p.signer)));
    expect(verdict(s)).toEqual(['PASSED', null, 'signatures-only']);
    expect(classes(s)).toEqual([['signing', true]]);
    expect(s.coverage?.revisions[0]?.objects.map((o) => o.reason)).toContain('default resource of the form (/DR)');
  });

  it('filling a text field with a new appearance is form filling, allowed by default', async () => {
    const { pdf, field } = await signedForm();
    const s = first(await later.fillTextField(pdf, field, 'Nguyen Van A'));
    expect(verdict(s)).toEqual(['PASSED', null, 'allowed']);
    expect(classes(s)).toEqual([['form-filling', true]]);
    expect(s.coverage?.additions).toEqual(['form field filled in (field "HoTen")']);
    expect(s.verdictVi).toBe('Chữ ký hợp lệ (sau khi ký văn bản có thêm nội dung điền vào biểu mẫu, được phép theo chữ ký này)');
  });

  it('filling a field but moving its widget, or drawing it with an existing stream, is a change', async () => {
    const { pdf, field } = await signedForm();
    const moved = first(await later.fillTextField(pdf, field, 'A', { edit: (d) => d.replace(/\/Rect \[[^\]]*\]/, '/Rect [ 0 0 595 842 ]') }));
    expect(verdict(moved)).toEqual(['FAILED', 'MODIFIED_AFTER_SIGNING', 'content']);
    expect(moved.coverage?.changes).toEqual(['an existing form field was changed (/Rect) (field "HoTen")']);
    const contentStream = Number(/\/Contents \[ (\d+) 0 R/.exec(pdf.toString('latin1'))![1]);
    const inPlace = first(await later.fillTextField(pdf, field, 'A', { apNum: contentStream }));
    expect(verdict(inPlace)).toEqual(['FAILED', 'MODIFIED_AFTER_SIGNING', 'content']);
    expect(inPlace.coverage?.changes).toContain('the appearance of an existing form field was rewritten in place (field "HoTen")');
  });

  it('filling a read-only field is a change', async () => {
    const form = await later.addTextField(await getBasePdf(), 'SoHieu', 1);
    const signed = await signPdf(form.pdf, { cms: cmsFor(p, p.signer), m: p.now });
    const s = first(await later.fillTextField(signed, form.field, '99/UBND'));
    expect(verdict(s)).toEqual(['FAILED', 'MODIFIED_AFTER_SIGNING', 'content']);
    expect(s.coverage?.changes).toEqual(['a read-only form field was filled in (field "SoHieu")']);
  });

  it('a new annotation is refused by default (it can draw over the page), with the reason', async () => {
    const s = first(await later.addAnnotation(await signedPdf(p, p.signer), 'FreeText', '[0 0 595 842]'));
    expect(verdict(s)).toEqual(['FAILED', 'MODIFIED_AFTER_SIGNING', 'content']);
    expect(classes(s)).toEqual([['annotations', false]]);
    expect(s.coverage?.changes).toEqual(['new annotations after this signature is not allowed by the default for a signature without permissions (form filling and signing only)']);
    expect(s.reason).toMatch(/^an update appended after this signature is not allowed by its permissions: new annotations/);
    expect(s.verdictVi).toBe('Chữ ký không hợp lệ: sau khi ký văn bản có thêm ghi chú mà chữ ký này không cho phép');
  });

  it('a new page is a change', async () => {
    const s = first(await later.addPage(await signedPdf(p, p.signer)));
    expect(verdict(s)).toEqual(['FAILED', 'MODIFIED_AFTER_SIGNING', 'content']);
    expect(classes(s)).toEqual([['other', false]]);
    expect(s.coverage?.changes.join('; ')).toMatch(/\(\/Pages\) was changed/);
  });

  it('an object that an old dangling reference shows is a change even when /DR adopts it', async () => {
    const prepared = await later.addDanglingXObject(await getBasePdf());
    const signed = await signPdf(prepared.pdf, { cms: cmsFor(p, p.signer), m: p.now });
    const s = first(await later.defineThroughDr(signed, prepared.num));
    expect(verdict(s)).toEqual(['FAILED', 'MODIFIED_AFTER_SIGNING', 'content']);
    expect(s.coverage?.changes).toContain(`object ${prepared.num} was referenced by the revision before it existed: the update gives that old reference a meaning`);
  });

  it('more than 100 updates after a signature are not examined one by one: refused', async () => {
    let pdf = await signedPdf(p, p.signer);
    const root = /\/Root (\d+ 0 R)/.exec(pdf.toString('latin1', pdf.lastIndexOf('trailer')))![1]!;
    for (let i = 0; i < 101; i++) pdf = appendUpdate(pdf, [{ num: 900 + i, body: '<< /Unused true >>' }], root, 1000);
    const s = first(pdf);
    expect(verdict(s)).toEqual(['FAILED', 'MODIFIED_AFTER_SIGNING', 'content']);
    expect(s.coverage?.changes).toEqual(['101 incremental updates follow the signature (more than 100 are not examined)']);
  });

  it('the form moved onto an existing object (rewritten as a form dictionary) is a change', async () => {
    const signed = await signedPdf(p, p.signer);
    const l = await updates.load(signed);
    const font = Number(/\/Helvetica[-\w]* (\d+) 0 R/.exec(l.page.toString())![1]);
    l.doc.catalog.set(PDFName.of('AcroForm'), PDFRef.of(font));
    const moved = appendUpdate(
      signed,
      [
        { num: font, body: l.acro!.toString() },
        { num: Number(l.root.split(' ')[0]), body: l.doc.catalog.toString() },
      ],
      l.root,
      l.next,
    );
    const s = first(moved);
    expect(verdict(s)).toEqual(['FAILED', 'MODIFIED_AFTER_SIGNING', 'content']);
    expect(s.coverage?.changes).toEqual([`the form (/AcroForm) was moved onto an existing object (object ${font})`]);
  });

  it('three updates (signature, DSS, document time-stamp): one class each, oldest first', async () => {
    const twice = await countersign(await signedPdf(p, p.signer));
    const pdf = await docTimeStamp(await later.addIndirectDss(twice, [p.crls.inter]));
    const [a, b, ts] = verifyPdf(pdf, opts).signatures;
    expect(classes(a!)).toEqual([
      ['signing', true],
      ['validation-data', true],
      ['validation-data', true],
    ]);
    expect(a!.coverage!.revisions.map((r) => r.offset)).toEqual([...a!.coverage!.revisions.map((r) => r.offset)].sort((x, y) => x - y));
    expect(a!.verdictVi).toBe('Chữ ký hợp lệ (sau khi ký văn bản có thêm chữ ký, dấu thời gian, nội dung không đổi)');
    expect(verdict(b!)).toEqual(['PASSED', null, 'signatures-only']);
    expect(ts!.coverage?.revisions).toEqual([]);
    expect(formatReport(verifyPdf(pdf, opts))).toContain('Updates after signing: signing, validation-data, validation-data.');
  });
});

describe('certification (DocMDP) and field locks', () => {
  it('P=1: validation data and a document time-stamp may follow, a signature may not', async () => {
    const { pdf } = await signedForm({ sigExtra: docMdp(1) });
    const stamped = first(await docTimeStamp(await later.addIndirectDss(pdf, [p.crls.inter])));
    expect(verdict(stamped)).toEqual(['PASSED', null, 'signatures-only']);
    expect(stamped.coverage?.permissions).toEqual({ docMdp: 1, fieldLock: null, sources: ['/Reference DocMDP'] });
    const signed = first(await countersign(pdf, { appearance: false }));
    expect(verdict(signed)).toEqual(['FAILED', 'MODIFIED_AFTER_SIGNING', 'content']);
    expect(signed.coverage?.changes).toEqual(["a new signature after this signature is not allowed by the signature's permissions (DocMDP /P 1)"]);
    expect(signed.verdictVi).toBe('Chữ ký không hợp lệ: sau khi ký văn bản có thêm chữ ký mà chữ ký này không cho phép');
  });

  it('a signature named by /Perms /DocMDP without a DocMDP /Reference certifies with the default P=2', async () => {
    const { pdf } = await signedForm({ perms: true });
    const s = first(await countersign(pdf));
    expect(s.coverage?.permissions).toEqual({ docMdp: 2, fieldLock: null, sources: ['/Perms /DocMDP'] });
    expect(s.coverage?.changes).toEqual(['a new visible signature field ("Approver") was added after a signature with DocMDP permissions; only prepared fields may be signed']);
  });

  it('P=1: form filling is refused', async () => {
    const { pdf, field } = await signedForm({ sigExtra: docMdp(1) });
    expect(classes(first(await later.fillTextField(pdf, field, 'A')))).toEqual([['form-filling', false]]);
  });

  it('P=2: form filling and an invisible signature pass; a new visible signature field and annotations do not', async () => {
    const { pdf, field } = await signedForm({ sigExtra: docMdp(2) });
    expect(verdict(first(await later.fillTextField(pdf, field, 'A')))).toEqual(['PASSED', null, 'allowed']);
    expect(verdict(first(await countersign(pdf, { appearance: false })))).toEqual(['PASSED', null, 'signatures-only']);
    const visible = first(await countersign(pdf));
    expect(verdict(visible)).toEqual(['FAILED', 'MODIFIED_AFTER_SIGNING', 'content']);
    expect(visible.coverage?.changes).toEqual(['a new visible signature field ("Approver") was added after a signature with DocMDP permissions; only prepared fields may be signed']);
    expect(classes(first(await later.addAnnotation(pdf)))).toEqual([['annotations', false]]);
  });

  it('P=2: the next signer fills a field prepared before certification', async () => {
    const prepared = await updates.addPreparedField(await getBasePdf(), 'Approver');
    const certified = await signPdf(prepared.pdf, { cms: cmsFor(p, p.signer), m: p.now, sigExtra: docMdp(2) });
    const s = first(await signPdf(certified, { cms: cmsFor(p, p.vnSigner), m: p.now, fillField: prepared.field }));
    expect(verdict(s)).toEqual(['PASSED', null, 'signatures-only']);
    expect(s.coverage?.additions).toEqual(['empty signature field signed (field "Approver") with a new signature']);
  });

  it('P=3: annotations are allowed, and the clerk is told', async () => {
    const s = first(await later.addAnnotation(await signedPdf(p, p.signer, {}, { sigExtra: docMdp(3) })));
    expect(verdict(s)).toEqual(['PASSED', null, 'allowed']);
    expect(s.verdictVi).toBe('Chữ ký hợp lệ (sau khi ký văn bản có thêm ghi chú, được phép theo chữ ký này)');
  });

  it('P=3: an annotation added through an indirect /Annots array, the page untouched', async () => {
    const signed = await signedPdf(p, p.signer, {}, { sigExtra: docMdp(3) });
    const l = await updates.load(signed);
    const arr = l.next;
    const entries = updates.refs(l.page.get(PDFName.of('Annots'))).join(' ');
    const pageText = l.page.toString().replace(/\/Annots \[[^\]]*\]/, `/Annots ${arr} 0 R`);
    const indirect = appendUpdate(signed, [{ num: arr, body: `[${entries}]` }, { num: l.pageNum, body: pageText }], l.root, arr + 1);
    const annot = arr + 1;
    const grown = appendUpdate(
      indirect,
      [
        { num: annot, body: `<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /Contents (Ghi chu) /P ${l.pageNum} 0 R >>` },
        { num: arr, body: `[${entries} ${annot} 0 R]` },
      ],
      l.root,
      annot + 1,
    );
    const s = first(grown);
    expect(classes(s)).toEqual([
      ['none', true],
      ['annotations', true],
    ]);
    expect(verdict(first(grown))).toEqual(['PASSED', null, 'allowed']);
  });

  it('P=3 does not allow what is not an annotation: the overlay widget and page content stay refused', async () => {
    const signed = await signedPdf(p, p.signer, {}, { sigExtra: docMdp(3) });
    const overlay = first(await updates.addEmptySignatureWidget(signed));
    expect(verdict(overlay)).toEqual(['FAILED', 'MODIFIED_AFTER_SIGNING', 'content']);
    expect(overlay.coverage?.changes).toEqual(['a signature field was added without a signature (field "Overlay")']);
  });

  it('FieldMDP /Include: the locked field may not be filled; a new signature may be added', async () => {
    const { pdf, field } = await signedForm({ sigExtra: fieldMdp('Include', ['HoTen']) });
    const filled = first(await later.fillTextField(pdf, field, 'A'));
    expect(verdict(filled)).toEqual(['FAILED', 'MODIFIED_AFTER_SIGNING', 'content']);
    expect(filled.coverage?.changes).toEqual(['field "HoTen" is locked by this signature (/Action /Include): value changed after signing is not allowed']);
    expect(verdict(first(await countersign(pdf)))).toEqual(['PASSED', null, 'signatures-only']);
  });

  it('FieldMDP /Exclude: the listed field stays free', async () => {
    const { pdf, field } = await signedForm({ sigExtra: fieldMdp('Exclude', ['HoTen']) });
    expect(verdict(first(await later.fillTextField(pdf, field, 'A')))).toEqual(['PASSED', null, 'allowed']);
  });

  it('a field /Lock /All without /Reference still binds: a visible signature is refused, a document time-stamp is not', async () => {
    const { pdf } = await signedForm({ fieldExtra: '/Lock << /Type /SigFieldLock /Action /All >>' });
    const s = first(await countersign(pdf));
    expect(s.coverage?.permissions).toEqual({ docMdp: null, fieldLock: { action: 'All', fields: [] }, sources: ['field /Lock'] });
    expect(verdict(s)).toEqual(['FAILED', 'MODIFIED_AFTER_SIGNING', 'content']);
    expect(verdict(first(await docTimeStamp(pdf)))).toEqual(['PASSED', null, 'signatures-only']);
  });

  it('a field /Lock /P (PDF 2.0) sets DocMDP when the signature has none', async () => {
    const { pdf, field } = await signedForm({ fieldExtra: '/Lock << /Type /SigFieldLock /Action /Include /Fields [] /P 1 >>' });
    const s = first(await later.fillTextField(pdf, field, 'A'));
    expect(s.coverage?.permissions.docMdp).toBe(1);
    expect(verdict(s)).toEqual(['FAILED', 'MODIFIED_AFTER_SIGNING', 'content']);
  });
});

describe('the policy alone (docmdp.ts)', () => {
  const none = { docMdp: null, fieldLock: null, sources: [] };
  it('levels: validation data always, signing and form filling up to P=2, annotations only P=3, other never', () => {
    const at = (P: 1 | 2 | 3 | null) => (['validation-data', 'signing', 'form-filling', 'annotations', 'other'] as const).map((c) => judgeRevision(c, [], { ...none, docMdp: P }) === null);
    expect(at(1)).toEqual([true, false, false, false, false]);
    expect(at(2)).toEqual([true, true, true, false, false]);
    expect(at(3)).toEqual([true, true, true, true, false]);
    expect(at(null)).toEqual([true, true, true, false, false]);
  });
  it('isLocked follows the field hierarchy', () => {
    expect(isLocked({ action: 'Include', fields: ['a'] }, 'a.b')).toBe(true);
    expect(isLocked({ action: 'Include', fields: ['a'] }, 'ab')).toBe(false);
    expect(isLocked({ action: 'Exclude', fields: ['a'] }, 'b')).toBe(true);
    expect(isLocked({ action: 'All', fields: [] }, 'x')).toBe(true);
  });
  it('an invisible document time-stamp passes a lock; a value change does not', () => {
    const lock = { ...none, fieldLock: { action: 'All' as const, fields: [] } };
    expect(judgeRevision('validation-data', [{ name: 'TS', what: 'signature field added', visible: false, exempt: true }], lock)).toBeNull();
    expect(judgeRevision('form-filling', [{ name: 'x', what: 'value changed', visible: true, exempt: false }], lock)).toMatch(/locked/);
  });
});

describe('attacks through what an update may change (review of issue 14)', () => {
  it('the page content listed under /DSS by one update and rewritten by the next is a change, not validation data', async () => {
    const withDss = await later.addIndirectDss(await signedPdf(p, p.signer), [p.crls.inter]);
    const { load } = await import('./helpers/updates.js');
    const l = await load(withDss);
    const raw = l.page.get(PDFName.of('Contents'));
    const contents = raw instanceof PDFRef ? raw : (raw as unknown as { asArray: () => unknown[] }).asArray()[0];
    expect(contents).toBeInstanceOf(PDFRef);
    const content = (contents as PDFRef).objectNumber;
    const dss = l.doc.catalog.get(PDFName.of('DSS')) as PDFRef;
    const certs = (l.doc.context.lookup(dss) as unknown as { get: (n: PDFName) => unknown }).get(PDFName.of('Certs')) as PDFRef;
    // Update A: the page's content stream drafted into /DSS /Certs (nothing else changes).
    const drafted = appendUpdate(withDss, [{ num: certs.objectNumber, body: `[${content} 0 R]` }], l.root, l.next);
    expect(verdict(first(drafted))[0]).toBe('PASSED');
    // Update B: that stream rewritten with other text.
    const text = 'BT /F1 24 Tf 72 700 Td (So tien: 999.999.999 dong) Tj ET';
    const forged = appendUpdate(drafted, [{ num: content, body: `<< /Length ${text.length} >>\nstream\n${text}\nendstream` }], l.root, l.next);
    const s = first(forged);
    expect(verdict(s)).toEqual(['FAILED', 'MODIFIED_AFTER_SIGNING', 'content']);
    expect(s.coverage?.changes.join(' ')).toContain(`object ${content}`);
  });

  it('an existing array other than the form\'s /Fields (a page tree\'s /Kids) may not grow, even by a signature', async () => {
    const { load } = await import('./helpers/updates.js');
    const signed = await signedPdf(p, p.signer);
    const l = await load(signed);
    const pagesRef = l.doc.catalog.get(PDFName.of('Pages')) as PDFRef;
    const pages = l.doc.context.lookup(pagesRef) as unknown as { get: (n: PDFName) => unknown; toString: () => string };
    const kids = pages.get(PDFName.of('Kids'));
    // Make /Kids an indirect array in one update, then grow it in the next.
    const kidsText = String(kids);
    const n = l.next;
    const a = appendUpdate(signed, [{ num: n, body: kidsText }, { num: pagesRef.objectNumber, body: pages.toString().replace(kidsText, `${n} 0 R`) }], l.root, n + 1);
    const b = appendUpdate(a, [{ num: n, body: kidsText.replace(']', ` ${l.pageNum} 0 R]`) }], l.root, n + 1);
    const s = first(b);
    expect(verdict(s)[0]).toBe('FAILED');
    // The second update is judged on its own: the array is not the form's /Fields, so any change is one.
    const last = s.coverage!.revisions[1]!;
    expect([last.class, last.allowed]).toEqual(['other', false]);
    expect(last.objects.map((o) => o.reason)).toContain(`array object ${n} was changed`);
  });
});
