// Renders corpus documents into real files: PDF (render-pdf.ts, three templates), DOCX (`docx`:
// header and footer in borderless tables of one or two rows, or one paragraph per cell with soft
// line breaks, or no table with a tab between the columns), ODT (content.xml written here, zipped
// with jszip: tables, plain paragraphs, or cells with line breaks), plain text in its byte
// encoding, and e-mail (MIME written here, optional edXML envelope).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Tab, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import JSZip from 'jszip';
import type { CorpusDoc } from './generate.js';
import { alignFooter, alignHeader, bodyLines, encodeLine, renderText } from './render-text.js';
import { renderPdf } from './render-pdf.js';
import { renderAdverse } from './render-adverse.js';
import { renderOfficeDocx } from './render-office.js';
import { PDFDocument } from 'pdf-lib';
import { readFile } from 'node:fs/promises';

export { renderPdf };
import { buildEdxml } from '../../../src/extract/edxml.js';
import { emptyMetadata, type DocumentMetadata } from '../../../src/extract/types.js';

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

export async function renderDocx(doc: CorpusDoc): Promise<Buffer> {
  const L = doc.logical;
  const e = (s: string) => encodeLine(doc, s);
  const p = (s: string, boldRun = false, align: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.CENTER) =>
    new Paragraph({ alignment: align, children: [new TextRun({ text: e(s), bold: boldRun })] });
  // One paragraph whose lines are separated by soft breaks (Shift+Enter).
  const soft = (lines: string[], boldRun = true) =>
    new Paragraph({ alignment: AlignmentType.CENTER, children: lines.map((l, i) => new TextRun({ text: e(l), bold: boldRun, break: i === 0 ? 0 : 1 })) });
  const cell = (lines: string[]) =>
    new TableCell({
      width: { size: 50, type: WidthType.PERCENTAGE },
      children: !lines.length ? [p('')] : doc.layout === 'soft' ? [soft(lines)] : lines.map((l) => p(l, true)),
    });
  const row = (a: string[], b: string[]) => new TableRow({ children: [cell(a), cell(b)] });
  const table = (rows: TableRow[]) => new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, borders: NO_BORDERS, rows });
  // A row typed with a tab stop between the columns instead of a table.
  const tabbed = (rows: Array<[string, string]>) =>
    rows.map(([a, b]) => new Paragraph({ children: [new TextRun({ text: e(a), bold: true }), new TextRun({ children: [new Tab(), e(b)], bold: true })] }));
  const left = L.headerLeft;
  const s = left.findIndex((l) => /^S[ốo]\s*:/.test(l));
  let header: Array<Table | Paragraph>;
  if (doc.layout === 'tabs') header = tabbed(alignHeader(L));
  else if (doc.layout === 'tworow') header = [table([row(left.slice(0, s), L.headerRight.slice(0, 3)), row(left.slice(s), L.headerRight.slice(3))])];
  else header = [table([row(left, L.headerRight)])];
  const footer = doc.layout === 'tabs' ? tabbed(alignFooter(L)) : [table([row(L.footerLeft, L.footerRight)])];
  const children = [
    ...(L.top ?? []).map((t) => p(t, true, AlignmentType.LEFT)),
    ...header,
    ...(L.title ? [p(L.title, true)] : []),
    ...L.subject.map((x) => p(x, true)),
    ...bodyLines(L, doc.bodyRepeat).map((x) => p(x, false, AlignmentType.JUSTIFIED)),
    ...footer,
  ];
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

function xmlEsc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export async function renderOdt(doc: CorpusDoc): Promise<Buffer> {
  const L = doc.logical;
  const inline = (s: string) => xmlEsc(encodeLine(doc, s)).replace(/ {2,}/g, (m) => ` <text:s text:c="${m.length - 1}"/>`);
  const para = (s: string) => `<text:p>${inline(s)}</text:p>`;
  // 'linebreak': each cell is one paragraph whose lines end in <text:line-break/>.
  const cellBody = (lines: string[]) => (doc.layout === 'linebreak' ? `<text:p>${lines.map(inline).join('<text:line-break/>')}</text:p>` : lines.map(para).join(''));
  const table = (a: string[], b: string[]) =>
    `<table:table table:name="T"><table:table-column table:number-columns-repeated="2"/><table:table-row>` +
    `<table:table-cell office:value-type="string">${cellBody(a)}</table:table-cell>` +
    `<table:table-cell office:value-type="string">${cellBody(b)}</table:table-cell></table:table-row></table:table>`;
  const body =
    (L.top ?? []).map(para).join('') +
    (doc.layout === 'plain' ? [...L.headerLeft, ...L.headerRight].map(para).join('') : table(L.headerLeft, L.headerRight)) +
    (L.title ? `<text:h text:outline-level="1">${xmlEsc(encodeLine(doc, L.title))}</text:h>` : '') +
    L.subject.map(para).join('') +
    bodyLines(L, doc.bodyRepeat).map(para).join('') +
    (doc.layout === 'plain' ? [...L.footerLeft, ...L.footerRight].map(para).join('') : table(L.footerLeft, L.footerRight));
  const content =
    `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
    `xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">` +
    `<office:body><office:text>${body}</office:text></office:body></office:document-content>`;
  const manifest =
    `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">` +
    `<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>` +
    `<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`;
  const zip = new JSZip();
  zip.file('mimetype', 'application/vnd.oasis.opendocument.text', { compression: 'STORE' });
  zip.file('content.xml', content);
  zip.file('META-INF/manifest.xml', manifest);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function b64lines(b: Uint8Array): string {
  return Buffer.from(b).toString('base64').replace(/.{76}/g, '$&\r\n');
}

function encodedWord(s: string): string {
  return `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

/** Metadata the sender's clerk typed into the envelope: the label itself. */
export function labelAsMetadata(doc: CorpusDoc, pages: number | null): DocumentMetadata {
  const l = doc.label;
  return {
    ...emptyMetadata(),
    organName: l.organName,
    parentOrganName: l.parentOrganName,
    codeNumber: l.codeNumber,
    codeNotation: l.codeNotation,
    typeName: l.typeName,
    issuedDate: l.issuedDate,
    place: l.place,
    subject: l.subject,
    signer: l.signer as DocumentMetadata['signer'],
    recipients: l.recipients,
    urgency: l.urgency as DocumentMetadata['urgency'],
    pageCount: pages,
  };
}

export async function renderEml(doc: CorpusDoc): Promise<{ bytes: Buffer; pages: number | null }> {
  const m = doc.mail!;
  let attachment: { name: string; type: string; data: Uint8Array };
  let pages: number | null = null;
  if (m.attach === 'pdf') {
    const r = await renderPdf(doc);
    pages = r.pages;
    attachment = { name: 'van-ban.pdf', type: 'application/pdf', data: r.bytes };
  } else attachment = { name: 'van-ban.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: await renderDocx(doc) };
  const B = 'vanthu-corpus-boundary';
  const parts = [
    `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64lines(Buffer.from('Kính gửi: Văn thư cơ quan.\nĐề nghị tiếp nhận văn bản điện tử đính kèm.\nTrân trọng.\n', 'utf8'))}`,
    `Content-Type: ${attachment.type}; name="${attachment.name}"\r\nContent-Disposition: attachment; filename="${attachment.name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64lines(attachment.data)}`,
  ];
  if (m.edxml) {
    const xml = buildEdxml(labelAsMetadata(doc, pages), { organId: '000.00.00.H42', attachments: [{ contentId: 'doc1', name: attachment.name, contentType: attachment.type }] });
    parts.push(`Content-Type: application/xml; name="envelope.edxml"\r\nContent-Disposition: attachment; filename="envelope.edxml"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64lines(Buffer.from(xml, 'utf8'))}`);
  }
  const raw =
    `From: van-thu@stc.longan.gov.vn\r\nTo: van-thu@sotttt.longan.gov.vn\r\nSubject: ${encodedWord(m.subject)}\r\nDate: Mon, 04 Mar 2024 09:15:00 +0700\r\n` +
    `Message-ID: <${doc.id}@corpus.vanthu>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${B}"\r\n\r\n` +
    parts.map((p) => `--${B}\r\n${p}\r\n`).join('') +
    `--${B}--\r\n`;
  return { bytes: Buffer.from(raw, 'utf8'), pages };
}

export function isOffice(doc: CorpusDoc): boolean {
  return doc.layout === 'office' || doc.layout === 'office-narrow';
}

/** Write one document to `dir`; returns its path and the page count a PDF got. An 'office' PDF
 *  must have been converted into `dir` already. */
export async function renderToFile(doc: CorpusDoc, dir: string): Promise<{ path: string; pages: number | null }> {
  switch (doc.format) {
    case 'pdf': {
      if (isOffice(doc)) {
        // Converted beforehand, all in one LibreOffice run (render-office.ts renderOfficePdfs).
        const path = join(dir, `${doc.id}.pdf`);
        const pdf = await PDFDocument.load(await readFile(path));
        return { path, pages: pdf.getPageCount() };
      }
      const r = doc.layout === 'adverse' ? await renderAdverse(doc) : await renderPdf(doc);
      const path = join(dir, `${doc.id}.pdf`);
      await writeFile(path, r.bytes);
      return { path, pages: r.pages };
    }
    case 'docx': {
      const path = join(dir, `${doc.id}.docx`);
      await writeFile(path, isOffice(doc) ? await renderOfficeDocx(doc) : await renderDocx(doc));
      return { path, pages: null };
    }
    case 'odt': {
      const path = join(dir, `${doc.id}.odt`);
      await writeFile(path, await renderOdt(doc));
      return { path, pages: null };
    }
    case 'eml': {
      const r = await renderEml(doc);
      const path = join(dir, `${doc.id}.eml`);
      await writeFile(path, r.bytes);
      return { path, pages: r.pages };
    }
    default: {
      const path = join(dir, `${doc.id}.txt`);
      await writeFile(path, renderText(doc).bytes);
      return { path, pages: null };
    }
  }
}
