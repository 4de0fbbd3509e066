// Incremental updates made after signing, for the modification rules: the overlay attack (a
// signature widget without a signature, or an existing signature field's appearance or
// rectangle changed), document information, validation data (/DSS), and a prepared empty
// signature field for the next signer.
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { appendUpdate, type UpdateObject } from './pdf.js';

/** Opaque white box over the whole A4 page with other text: what the attacker wants shown. */
const OVERLAY_OPS = '1 g 0 0 595 842 re f 0 g BT /Helv 14 Tf 50 780 Td (So: 99/UBND-VX) Tj ET';
const overlayStream = (): string => `<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length ${OVERLAY_OPS.length} >>\nstream\n${OVERLAY_OPS}\nendstream`;

export interface Loaded {
  doc: PDFDocument;
  root: string;
  next: number;
  pageNum: number;
  page: PDFDict;
  acroNum: number | null;
  acro: PDFDict | null;
}

export async function load(pdf: Buffer): Promise<Loaded> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const page = doc.getPages()[0]!;
  const acroRef = doc.catalog.get(PDFName.of('AcroForm'));
  return {
    doc,
    root: (doc.context.trailerInfo.Root as PDFRef).toString(),
    // pdf-lib ignores xref-stream numbers; skip well past them so nothing is reused.
    next: doc.context.largestObjectNumber + 20,
    pageNum: page.ref.objectNumber,
    page: page.node,
    acroNum: acroRef instanceof PDFRef ? acroRef.objectNumber : null,
    acro: acroRef instanceof PDFRef ? doc.context.lookup(acroRef, PDFDict) : null,
  };
}

export const refs = (a: unknown): string[] => (a instanceof PDFArray ? a.asArray().map((x) => x.toString()) : []);

/** The object number of the first signature field's widget (the fixture merges field and widget). */
export async function firstSignatureWidget(pdf: Buffer): Promise<number> {
  const l = await load(pdf);
  const first = refs(l.acro?.get(PDFName.of('Fields')))[0];
  if (!first) throw new Error('no signature field');
  return Number(first.split(' ')[0]);
}

/**
 * The overlay attack: a new /Sig widget with NO /V whose appearance covers the page, added to
 * the page's /Annots (and, unless `outsideForm`, to /AcroForm /Fields).
 */
export async function addEmptySignatureWidget(pdf: Buffer, opts: { outsideForm?: boolean; fieldName?: string } = {}): Promise<Buffer> {
  const l = await load(pdf);
  const widget = l.next;
  const ap = l.next + 1;
  const objects: UpdateObject[] = [
    { num: ap, body: overlayStream() },
    {
      num: widget,
      body: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (${opts.fieldName ?? 'Overlay'}) /F 4 /Rect [0 0 595 842] /P ${l.pageNum} 0 R /AP << /N ${ap} 0 R >> >>`,
    },
  ];
  l.page.set(PDFName.of('Annots'), l.doc.context.obj([...refs(l.page.get(PDFName.of('Annots'))), `${widget} 0 R`].map((r) => PDFRef.of(Number(r.split(' ')[0])))));
  objects.push({ num: l.pageNum, body: l.page.toString() });
  if (!opts.outsideForm && l.acroNum !== null) {
    objects.push({ num: l.acroNum, body: `<< /Fields [${[...refs(l.acro!.get(PDFName.of('Fields'))), `${widget} 0 R`].join(' ')}] /SigFlags 3 >>` });
  }
  return appendUpdate(pdf, objects, l.root, l.next + 2);
}

/**
 * Change the first signature field's widget: `edit` gets its dictionary text and the number of
 * a new object, and returns the new text. `extra` is that new object: 'overlay' (an appearance
 * stream covering the page) or any object body.
 */
export async function editSignatureWidget(pdf: Buffer, edit: (dict: string, newNum: number) => string, extra?: 'overlay' | string): Promise<Buffer> {
  const l = await load(pdf);
  const num = await firstSignatureWidget(pdf);
  const dict = l.doc.context.lookup(PDFRef.of(num), PDFDict).toString();
  const objects: UpdateObject[] = [{ num, body: edit(dict, l.next) }];
  if (extra) objects.push({ num: l.next, body: extra === 'overlay' ? overlayStream() : extra });
  return appendUpdate(pdf, objects, l.root, l.next + 1);
}

/** The overlay appearance stream, to write over an existing object. */
export const OVERLAY_STREAM = overlayStream();

/** Rewrite the object `num` in place with `body` (e.g. an existing appearance stream). */
export async function rewriteObject(pdf: Buffer, num: number, body: string): Promise<Buffer> {
  const l = await load(pdf);
  return appendUpdate(pdf, [{ num, body }], l.root, l.next);
}

/** New document information (trailer /Info) after signing. */
export async function setInfo(pdf: Buffer, title: string): Promise<Buffer> {
  const l = await load(pdf);
  return appendUpdate(pdf, [{ num: l.next, body: `<< /Title (${title}) >>` }], l.root, l.next + 1, undefined, `/Info ${l.next} 0 R`);
}

/** PAdES validation data: the CRLs as streams in a new catalog /DSS. */
export async function addDss(pdf: Buffer, crls: Buffer[]): Promise<Buffer> {
  const l = await load(pdf);
  const streams = crls.map((der, i) => ({ num: l.next + 1 + i, body: Buffer.concat([Buffer.from(`<< /Length ${der.length} >>\nstream\n`), der, Buffer.from('\nendstream')]) }));
  const dss = { num: l.next, body: `<< /Type /DSS /CRLs [${streams.map((s) => `${s.num} 0 R`).join(' ')}] >>` };
  l.doc.catalog.set(PDFName.of('DSS'), PDFRef.of(dss.num));
  const catalog = { num: Number(l.root.split(' ')[0]), body: l.doc.catalog.toString() };
  return appendUpdate(pdf, [dss, ...streams, catalog], l.root, l.next + 1 + crls.length);
}

/**
 * Full PAdES validation data in a new /DSS: /CRLs, /OCSPs and /Certs arrays of streams, or with
 * `vri` the same streams referenced only from a /VRI entry (keyed by any hash: not checked).
 */
export async function addDssData(pdf: Buffer, data: { crls?: Buffer[]; ocsps?: Buffer[]; certs?: Buffer[]; vri?: boolean }): Promise<Buffer> {
  const l = await load(pdf);
  let n = l.next + 1;
  const objects: UpdateObject[] = [];
  const arrays: string[] = [];
  for (const [key, vriKey, blobs] of [['CRLs', 'CRL', data.crls], ['OCSPs', 'OCSP', data.ocsps], ['Certs', 'Cert', data.certs]] as const) {
    if (!blobs?.length) continue;
    const nums = blobs.map((der) => {
      objects.push({ num: n, body: Buffer.concat([Buffer.from(`<< /Length ${der.length} >>\nstream\n`), der, Buffer.from('\nendstream')]) });
      return n++;
    });
    arrays.push(`/${data.vri ? vriKey : key} [${nums.map((x) => `${x} 0 R`).join(' ')}]`);
  }
  const body = data.vri ? `<< /Type /DSS /VRI << /ABCDEF0123456789ABCDEF0123456789ABCDEF01 << ${arrays.join(' ')} >> >> >>` : `<< /Type /DSS ${arrays.join(' ')} >>`;
  objects.unshift({ num: l.next, body });
  l.doc.catalog.set(PDFName.of('DSS'), PDFRef.of(l.next));
  objects.push({ num: Number(l.root.split(' ')[0]), body: l.doc.catalog.toString() });
  return appendUpdate(pdf, objects, l.root, n);
}

/** An empty signature field prepared for a later signer (before anyone signs). */
export async function addPreparedField(pdf: Buffer, name: string): Promise<{ pdf: Buffer; field: number }> {
  const l = await load(pdf);
  const field = l.next;
  const objects: UpdateObject[] = [
    { num: field, body: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (${name}) /F 4 /Rect [300 50 500 120] /P ${l.pageNum} 0 R >>` },
  ];
  l.page.set(PDFName.of('Annots'), l.doc.context.obj([...refs(l.page.get(PDFName.of('Annots'))), `${field} 0 R`].map((r) => PDFRef.of(Number(r.split(' ')[0])))));
  objects.push({ num: l.pageNum, body: l.page.toString() });
  if (l.acroNum !== null) {
    objects.push({ num: l.acroNum, body: `<< /Fields [${[...refs(l.acro!.get(PDFName.of('Fields'))), `${field} 0 R`].join(' ')}] /SigFlags 3 >>` });
  } else {
    const acroNum = l.next + 1;
    objects.push({ num: acroNum, body: `<< /Fields [${field} 0 R] /SigFlags 3 >>` });
    l.doc.catalog.set(PDFName.of('AcroForm'), PDFRef.of(acroNum));
    objects.push({ num: Number(l.root.split(' ')[0]), body: l.doc.catalog.toString() });
  }
  return { pdf: appendUpdate(pdf, objects, l.root, l.next + 2), field };
}
