// Incremental updates that real signing and form tools write after a signature (issue 14): form
// filling, annotations, /Info and XMP metadata, /DSS through indirect arrays and /VRI, /AcroForm
// /DR fonts, and the changes that stay refused (new page, an object an old dangling reference
// shows). Each returns the PDF with one more update.
import { PDFName, PDFRef } from 'pdf-lib';
import { appendUpdate, type UpdateObject } from './pdf.js';
import { load, refs, type Loaded } from './updates.js';

const stream = (ops: string, dict = '/Type /XObject /Subtype /Form /BBox [0 0 200 20]') => `<< ${dict} /Length ${ops.length} >>\nstream\n${ops}\nendstream`;
const refList = (nums: string[]) => nums.map((r) => PDFRef.of(Number(r.split(' ')[0])));

function withAnnot(l: Loaded, num: number): UpdateObject {
  l.page.set(PDFName.of('Annots'), l.doc.context.obj(refList([...refs(l.page.get(PDFName.of('Annots'))), `${num} 0 R`])));
  return { num: l.pageNum, body: l.page.toString() };
}

function withField(l: Loaded, num: number, next: number): UpdateObject[] {
  if (l.acroNum !== null) {
    l.acro!.set(PDFName.of('Fields'), l.doc.context.obj(refList([...refs(l.acro!.get(PDFName.of('Fields'))), `${num} 0 R`])));
    return [{ num: l.acroNum, body: l.acro!.toString() }];
  }
  l.doc.catalog.set(PDFName.of('AcroForm'), PDFRef.of(next));
  return [
    { num: next, body: `<< /Fields [${num} 0 R] >>` },
    { num: Number(l.root.split(' ')[0]), body: l.doc.catalog.toString() },
  ];
}

/** A text field on the first page (before signing): the field a later form filling changes. */
export async function addTextField(pdf: Buffer, name: string, flags = 0): Promise<{ pdf: Buffer; field: number }> {
  const l = await load(pdf);
  const field = l.next;
  const objects: UpdateObject[] = [
    { num: field, body: `<< /Type /Annot /Subtype /Widget /FT /Tx /T (${name}) /Ff ${flags} /F 4 /Rect [50 600 250 620] /P ${l.pageNum} 0 R /DA (/Helv 12 Tf 0 g) >>` },
    withAnnot(l, field),
    ...withField(l, field, l.next + 1),
  ];
  return { pdf: appendUpdate(pdf, objects, l.root, l.next + 2), field };
}

/**
 * Fill the text field `field`: /V and a new appearance stream. `edit` may change the field's
 * dictionary text further (e.g. move its /Rect); `apNum` rewrites that existing stream in place.
 */
export async function fillTextField(pdf: Buffer, field: number, value: string, o: { edit?: (d: string) => string; apNum?: number } = {}): Promise<Buffer> {
  const l = await load(pdf);
  const dict = l.doc.context.lookup(PDFRef.of(field))!.toString();
  const ap = o.apNum ?? l.next;
  let body = dict.replace(/\s*>>\s*$/, ` /V (${value}) /AP << /N ${ap} 0 R >> >>`);
  if (o.edit) body = o.edit(body);
  return appendUpdate(pdf, [{ num: field, body }, { num: ap, body: stream(`/Tx BMC BT /Helv 12 Tf 2 5 Td (${value}) Tj ET EMC`) }], l.root, l.next + 1);
}

/** A new annotation (not a widget) with its appearance on the first page. */
export async function addAnnotation(pdf: Buffer, subtype = 'Text', rect = '[10 10 50 50]'): Promise<Buffer> {
  const l = await load(pdf);
  const annot = l.next;
  const objects: UpdateObject[] = [
    { num: l.next + 1, body: stream('1 1 0 rg 0 0 40 40 re f', '/Type /XObject /Subtype /Form /BBox [0 0 40 40]') },
    { num: annot, body: `<< /Type /Annot /Subtype /${subtype} /Rect ${rect} /Contents (Ghi chu) /P ${l.pageNum} 0 R /AP << /N ${l.next + 1} 0 R >> >>` },
    withAnnot(l, annot),
  ];
  return appendUpdate(pdf, objects, l.root, l.next + 2);
}

/** Document information: a new /Info with `entries`, or the existing one rewritten in place. */
export async function setInfoEntries(pdf: Buffer, entries: string, inPlace?: number): Promise<Buffer> {
  const l = await load(pdf);
  const num = inPlace ?? l.next;
  return appendUpdate(pdf, [{ num, body: `<< ${entries} >>` }], l.root, l.next + 1, undefined, `/Info ${num} 0 R`);
}

/** The XMP packet of the catalog (/Metadata), new or rewritten in place. */
export async function setMetadata(pdf: Buffer, xml: string, inPlace?: number): Promise<{ pdf: Buffer; num: number }> {
  const l = await load(pdf);
  const num = inPlace ?? l.next;
  l.doc.catalog.set(PDFName.of('Metadata'), PDFRef.of(num));
  const objects = [
    { num, body: stream(xml, '/Type /Metadata /Subtype /XML') },
    { num: Number(l.root.split(' ')[0]), body: l.doc.catalog.toString() },
  ];
  return { pdf: appendUpdate(pdf, objects, l.root, l.next + 1), num };
}

export const XMP = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:ModifyDate>2026-12-01T10:00:00Z</xmp:ModifyDate></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

/** /DSS as real tools write it: an indirect /DSS, indirect /CRLs and /Certs arrays, a /VRI entry. */
export async function addIndirectDss(pdf: Buffer, crls: Buffer[], extraKey = ''): Promise<Buffer> {
  const l = await load(pdf);
  const n = l.next;
  const streams = crls.map((der, i) => ({ num: n + 4 + i, body: Buffer.concat([Buffer.from(`<< /Length ${der.length} >>\nstream\n`), der, Buffer.from('\nendstream')]) }));
  const list = streams.map((s) => `${s.num} 0 R`).join(' ');
  const objects: UpdateObject[] = [
    { num: n, body: `<< /Type /DSS /CRLs ${n + 1} 0 R /Certs ${n + 2} 0 R /VRI ${n + 3} 0 R ${extraKey}>>` },
    { num: n + 1, body: `[${list}]` },
    { num: n + 2, body: '[]' },
    { num: n + 3, body: `<< /${'A1B2C3D4E5'.repeat(4)} << /CRL [${list}] >> >>` },
    ...streams,
  ];
  l.doc.catalog.set(PDFName.of('DSS'), PDFRef.of(n));
  objects.push({ num: Number(l.root.split(' ')[0]), body: l.doc.catalog.toString() });
  return appendUpdate(pdf, objects, l.root, n + 4 + crls.length);
}

/** /AcroForm /DR gains a font and /DA is set, as signing tools do for their appearance. */
export async function extendDefaultResources(pdf: Buffer): Promise<Buffer> {
  const l = await load(pdf);
  if (l.acroNum === null) throw new Error('no /AcroForm');
  const font = l.next;
  l.acro!.set(PDFName.of('DR'), l.doc.context.obj({ Font: { Helv: PDFRef.of(font) } }));
  const body = l.acro!.toString().replace(/\s*>>\s*$/, ' /DA (/Helv 0 Tf 0 g) >>');
  return appendUpdate(pdf, [{ num: font, body: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>' }, { num: l.acroNum, body }], l.root, l.next + 1);
}

/** A new page appended to the page tree. */
export async function addPage(pdf: Buffer): Promise<Buffer> {
  const l = await load(pdf);
  const pagesRef = l.doc.catalog.get(PDFName.of('Pages')) as PDFRef;
  const pages = l.doc.context.lookup(pagesRef)!;
  const text = pages.toString();
  const kids = /\/Kids \[([^\]]*)\]/.exec(text)![1]!.trim();
  const count = Number(/\/Count (\d+)/.exec(text)![1]);
  const body = text.replace(/\/Kids \[[^\]]*\]/, `/Kids [ ${kids} ${l.next} 0 R ]`).replace(/\/Count \d+/, `/Count ${count + 1}`);
  const objects = [
    { num: l.next + 1, body: stream('BT /F1 14 Tf 50 780 Td (Phu luc gia mao) Tj ET', '') },
    { num: l.next, body: `<< /Type /Page /Parent ${pagesRef.toString()} /MediaBox [0 0 595 842] /Contents ${l.next + 1} 0 R >>` },
    { num: pagesRef.objectNumber, body },
  ];
  return appendUpdate(pdf, objects, l.root, l.next + 2);
}

/** Before signing: the first page's resources name an XObject that does not exist yet. */
export async function addDanglingXObject(pdf: Buffer): Promise<{ pdf: Buffer; num: number }> {
  const l = await load(pdf);
  const num = l.next + 50;
  const text = l.page.toString().replace(/\/XObject <<\s*>>/, `/XObject << /Im9 ${num} 0 R >>`);
  if (!text.includes('/Im9')) throw new Error('page without a direct /Resources dictionary');
  return { pdf: appendUpdate(pdf, [{ num: l.pageNum, body: text }], l.root, l.next), num };
}

/** After signing: define object `num` and give it an owner in /AcroForm /DR. */
export async function defineThroughDr(pdf: Buffer, num: number): Promise<Buffer> {
  const l = await load(pdf);
  if (l.acroNum === null) throw new Error('no /AcroForm');
  l.acro!.set(PDFName.of('DR'), l.doc.context.obj({ XObject: { Im9: PDFRef.of(num) } }));
  const objects = [
    { num, body: stream('1 g 0 0 595 842 re f 0 g BT /Helv 14 Tf 50 780 Td (So: 99/UBND-VX) Tj ET', '/Type /XObject /Subtype /Form /BBox [0 0 595 842]') },
    { num: l.acroNum, body: l.acro!.toString() },
  ];
  return appendUpdate(pdf, objects, l.root, Math.max(l.next, num + 1));
}
