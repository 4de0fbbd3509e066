// PDF fixtures: simple documents made with pdf-lib, then signed by appending an incremental
// update the way signing tools do (signature dictionary with a /Contents placeholder, a /Sig
// widget field, updated page /Annots and /AcroForm, new xref section with /Prev).
import { PDFDocument, PDFName, PDFRef, PDFArray, PDFDict, StandardFonts, type PDFObject } from 'pdf-lib';

export async function makePdf(opts: { text?: string; objectStreams?: boolean; bigStreamBytes?: number; pages?: number } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < (opts.pages ?? 1); i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(opts.text ?? `So: 12/UBND-VX. Trang ${i + 1}.`, { x: 50, y: 780, size: 14, font });
  }
  if (opts.bigStreamBytes) {
    // An incompressible payload (like a scanned image) to make a large file.
    const data = Buffer.alloc(opts.bigStreamBytes);
    for (let o = 0; o < data.length; o += 65536) data.writeUInt32LE((o * 2654435761) >>> 0, o);
    const ref = doc.context.register(doc.context.stream(data, { Type: 'XObject', Subtype: 'Image', Width: 1, Height: 1 }));
    doc.catalog.set(PDFName.of('VanthuPayload'), ref);
  }
  return Buffer.from(await doc.save({ useObjectStreams: opts.objectStreams ?? false }));
}

export interface UpdateObject {
  num: number;
  body: string | Buffer;
}

function lastStartxref(pdf: Buffer): number {
  const i = pdf.lastIndexOf('startxref');
  return Number(/\d+/.exec(pdf.toString('latin1', i + 9, i + 40))![0]);
}

/**
 * Append an incremental update holding `objects`; xref as a table or a stream like the base.
 * `trailerExtra` is written into the new trailer (e.g. "/Info 12 0 R").
 */
export function appendUpdate(pdf: Buffer, objects: UpdateObject[], root: string, size: number, xrefStream?: boolean, trailerExtra = ''): Buffer {
  const prev = lastStartxref(pdf);
  // An update's trailer repeats the previous one's entries (ISO 32000-1 7.5.6), /Info included.
  const info = /\/Info\s+(\d+ \d+ R)/.exec(pdf.toString('latin1', prev, prev + 4096))?.[1];
  if (info && !trailerExtra.includes('/Info')) trailerExtra = `/Info ${info} ${trailerExtra}`;
  const useStream = xrefStream ?? !pdf.toString('latin1', prev, prev + 4).startsWith('xref');
  const chunks: Buffer[] = [pdf, Buffer.from('\n')];
  let pos = pdf.length + 1;
  const offsets = new Map<number, number>();
  for (const o of objects) {
    const b = Buffer.concat([Buffer.from(`${o.num} 0 obj\n`), Buffer.from(o.body as string, 'latin1'), Buffer.from('\nendobj\n')]);
    offsets.set(o.num, pos);
    chunks.push(b);
    pos += b.length;
  }
  const xrefAt = pos;
  if (useStream) {
    const xnum = Math.max(size, ...objects.map((o) => o.num + 1));
    offsets.set(xnum, xrefAt);
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    const rows = Buffer.alloc(nums.length * 7);
    nums.forEach((n, i) => {
      rows[i * 7] = 1;
      rows.writeUInt32BE(offsets.get(n)!, i * 7 + 1);
      rows.writeUInt16BE(0, i * 7 + 5);
    });
    const dict = `<< /Type /XRef /Size ${xnum + 1} /W [1 4 2] /Index [${nums.map((n) => `${n} 1`).join(' ')}] /Root ${root} /Prev ${prev} ${trailerExtra} /Length ${rows.length} >>`;
    chunks.push(Buffer.from(`${xnum} 0 obj\n${dict}\nstream\n`), rows, Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`));
  } else {
    let x = 'xref\n0 1\n0000000000 65535 f\r\n';
    for (const n of [...offsets.keys()].sort((a, b) => a - b)) x += `${n} 1\n${String(offsets.get(n)).padStart(10, '0')} 00000 n\r\n`;
    x += `trailer\n<< /Size ${size} /Root ${root} /Prev ${prev} ${trailerExtra} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
    chunks.push(Buffer.from(x));
  }
  return Buffer.concat(chunks);
}

export interface SignPdfSpec {
  /** Produce the CMS (or RFC 3161 token) for the two signed byte ranges. */
  cms: (parts: Buffer[]) => Buffer;
  subFilter?: string;
  type?: 'Sig' | 'DocTimeStamp';
  placeholderBytes?: number;
  m?: Date | null;
  name?: string;
  reason?: string;
  fieldName?: string;
  /** Rewrite the /ByteRange actually written (faults). */
  byteRange?: (br: number[]) => number[];
  xrefStream?: boolean;
  /** Sign this existing (empty) signature field instead of adding a new one. */
  fillField?: number;
  /** A visible signature: the widget gets a rectangle and an appearance stream (/AP /N). */
  appearance?: boolean;
  /** Entries written into the signature dictionary (e.g. a /Reference with DocMDP or FieldMDP). */
  sigExtra?: string;
  /** Entries written into a new signature field (e.g. a /Lock dictionary). */
  fieldExtra?: string;
  /** Name the signature in the catalog's /Perms /DocMDP (a certification signature). */
  perms?: boolean;
}

const APPEARANCE_OPS = 'BT /Helv 10 Tf 5 30 Td (Da ky boi: Test Signer) Tj ET';

const pdfDate = (d: Date) => `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
const str = (v: PDFObject) => v.toString();

/** Sign `pdf` with a new signature field appended as an incremental update. */
export async function signPdf(pdf: Buffer, spec: SignPdfSpec): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const ctx = doc.context;
  let next = ctx.largestObjectNumber + 1;
  const sigNum = next++;
  const widgetNum = next++;
  const page = doc.getPages()[0]!;
  const rootRef = ctx.trailerInfo.Root as PDFRef;
  const placeholder = spec.placeholderBytes ?? 8192;
  const m = spec.m === undefined ? new Date() : spec.m;
  const sigDict =
    `<< /Type /${spec.type ?? 'Sig'} /Filter /Adobe.PPKLite /SubFilter /${spec.subFilter ?? 'adbe.pkcs7.detached'} ` +
    `/ByteRange [0 0000000000 0000000000 0000000000] /Contents <${'0'.repeat(placeholder * 2)}>` +
    (m ? ` /M (${pdfDate(m)})` : '') +
    (spec.name ? ` /Name (${spec.name})` : '') +
    (spec.reason ? ` /Reason (${spec.reason})` : '') +
    (spec.sigExtra ? ` ${spec.sigExtra}` : '') +
    ' >>';
  const objects: UpdateObject[] = [{ num: sigNum, body: sigDict }];
  let look = '/Rect [0 0 0 0]';
  if (spec.appearance) {
    const apNum = next++;
    objects.push({ num: apNum, body: `<< /Type /XObject /Subtype /Form /BBox [0 0 200 70] /Length ${APPEARANCE_OPS.length} >>\nstream\n${APPEARANCE_OPS}\nendstream` });
    look = `/Rect [300 50 500 120] /AP << /N ${apNum} 0 R >>`;
  }
  const widget = `<< /Type /Annot /Subtype /Widget /FT /Sig /F 132 /T (${spec.fieldName ?? `Signature${sigNum}`}) /V ${sigNum} 0 R ${look} /P ${page.ref.toString()}${spec.fieldExtra ? ` ${spec.fieldExtra}` : ''} >>`;
  if (spec.fillField !== undefined) {
    // The field is already in /Fields and the page's /Annots: only its /V changes.
    const field = ctx.lookup(PDFRef.of(spec.fillField), PDFDict);
    field.set(PDFName.of('V'), PDFRef.of(sigNum));
    objects.push({ num: spec.fillField, body: str(field) });
    return finishSignature(pdf, appendUpdate(pdf, objects, rootRef.toString(), next, spec.xrefStream), sigNum, placeholder, spec);
  }
  objects.push({ num: widgetNum, body: widget });
  // AcroForm: extend the existing one, or create it and point the catalog at it.
  const acro = doc.catalog.get(PDFName.of('AcroForm'));
  const fields: string[] = [];
  if (acro instanceof PDFRef) {
    const d = ctx.lookup(acro, PDFDict);
    const f = d.lookup(PDFName.of('Fields'));
    if (f instanceof PDFArray) for (const x of f.asArray()) fields.push(str(x));
    objects.push({ num: acro.objectNumber, body: `<< /Fields [${[...fields, `${widgetNum} 0 R`].join(' ')}] /SigFlags 3 >>` });
  } else {
    const acroNum = next++;
    objects.push({ num: acroNum, body: `<< /Fields [${widgetNum} 0 R] /SigFlags 3 >>` });
    doc.catalog.set(PDFName.of('AcroForm'), PDFRef.of(acroNum));
  }
  if (spec.perms) doc.catalog.set(PDFName.of('Perms'), ctx.obj({ DocMDP: PDFRef.of(sigNum) }));
  if (spec.perms || !(acro instanceof PDFRef)) objects.push({ num: rootRef.objectNumber, body: str(doc.catalog) });
  const annots = page.node.lookup(PDFName.of('Annots'));
  const annotRefs = annots instanceof PDFArray ? annots.asArray().map(str) : [];
  page.node.set(PDFName.of('Annots'), ctx.obj([...annotRefs.map((r) => PDFRef.of(Number(r.split(' ')[0]))), PDFRef.of(widgetNum)]));
  objects.push({ num: page.ref.objectNumber, body: str(page.node) });

  return finishSignature(pdf, appendUpdate(pdf, objects, rootRef.toString(), next, spec.xrefStream), sigNum, placeholder, spec);
}

/** Fill in the byte range and the signature of the update just appended. */
function finishSignature(pdf: Buffer, out: Buffer, sigNum: number, placeholder: number, spec: SignPdfSpec): Buffer {
  const sigObjAt = out.indexOf(`\n${sigNum} 0 obj\n`, pdf.length);
  const brAt = out.indexOf('/ByteRange [', sigObjAt) + '/ByteRange ['.length;
  const contentsStart = out.indexOf('/Contents <', sigObjAt) + '/Contents '.length;
  const contentsEnd = contentsStart + placeholder * 2 + 2;
  let br = [0, contentsStart, contentsEnd, out.length - contentsEnd];
  const signedParts = [out.subarray(0, contentsStart), out.subarray(contentsEnd)];
  if (spec.byteRange) br = spec.byteRange(br);
  out.write(`0 ${br.slice(1).map((n) => String(n).padStart(10, '0')).join(' ')}]`, brAt - 0, 'latin1');
  // Note: the byte range text is inside the signed bytes, so sign after writing it.
  const parts = spec.byteRange ? signedParts : [out.subarray(0, contentsStart), out.subarray(contentsEnd)];
  const cms = spec.cms(parts);
  if (cms.length > placeholder) throw new Error(`signature (${cms.length} bytes) larger than the placeholder`);
  out.write(cms.toString('hex'), contentsStart + 1, 'latin1');
  return out;
}

/** Append an update that replaces the first page's content stream (a content change). */
export async function changePageContent(pdf: Buffer, newText: string): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const page = doc.getPages()[0]!;
  const contents = page.node.get(PDFName.of('Contents'));
  const ref = contents instanceof PDFRef ? contents : contents instanceof PDFArray ? (contents.get(0) as PDFRef) : null;
  if (!ref) throw new Error('page without a content stream reference');
  const ops = `BT /F1 14 Tf 50 780 Td (${newText}) Tj ET`;
  const body = `<< /Length ${ops.length} >>\nstream\n${ops}\nendstream`;
  return appendUpdate(pdf, [{ num: ref.objectNumber, body }], (doc.context.trailerInfo.Root as PDFRef).toString(), doc.context.largestObjectNumber + 1);
}
