// Corpus documents as an agency's clerk types them in a word processor, and their PDFs as
// LibreOffice lays them out: an independent layout engine (line breaking, table cells, fonts)
// that is not this project's. The DOCX follows Decree 30/2020's Appendix I layout:
// - A4, margins top/bottom 20 mm, left 30 mm, right 20 mm; Times New Roman (rendered by
//   LibreOffice with Liberation Serif, its metric twin) or Liberation Serif itself, 13 or 14 pt;
// - the header a borderless two-column table: organ (parent in regular capitals, organ in bold),
//   a short rule drawn as a paragraph border, "Số:", the V/v subject typed as one paragraph that
//   the cell wraps; motto, rule and the italic place-and-date on the right;
// - secrecy and urgency marks under "Số:" (Decree 30, Appendix I, item 10: the mark is printed
//   under the number) as red bold capitals in a box (a paragraph border);
// - title and subject centred in bold, the body justified with a first-line indent;
// - the foot a borderless two-column table: "Nơi nhận:" (bold italic 12 pt, items 11 pt) beside
//   the signature block (authority, position, room for the signature, name, all bold).
// Layouts: 'office' (left column 40 %) and 'office-narrow' (left column a third: long organ
// names wrap by width, and the date column is narrower). A third of the documents type the header
// as two rows with an empty paragraph opening the second (white inside the table).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType } from 'docx';
import type { CorpusDoc } from './generate.js';
import { bodyLines } from './render-text.js';
import { SOFFICE } from '../../../src/stack/install.js';

const run = promisify(execFile);

/** Text width of an A4 page with 30 mm and 20 mm side margins, in twentieths of a point. */
const PAGE_W = 11906;
const MARGIN = { top: 1134, bottom: 1134, left: 1701, right: 1134 };
const TEXT_W = PAGE_W - MARGIN.left - MARGIN.right;

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
export const MARK = /^(MẬT|TỐI MẬT|TUYỆT MẬT|KHẨN|THƯỢNG KHẨN|HỎA TỐC(?: HẸN GIỜ)?)$/;
export const RULE = /^[-_=]{3,}$/;

/** A stable small number from the document's id: font and size choices vary across documents. */
export function pick(id: string, n: number): number {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % n;
}

interface Style {
  font: string;
  /** Body size in half-points (13 pt = 26). */
  size: number;
  leftShare: number;
}

function styleOf(doc: CorpusDoc): Style {
  return {
    font: pick(doc.id, 3) === 0 ? 'Liberation Serif' : 'Times New Roman',
    size: pick(doc.id, 2) === 0 ? 26 : 28,
    leftShare: doc.layout === 'office-narrow' ? 1 / 3 : 0.4,
  };
}

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

function para(st: Style, text: string, o: { bold?: boolean; italics?: boolean; size?: number; align?: Align; indent?: number; after?: number; color?: string } = {}): Paragraph {
  return new Paragraph({
    alignment: o.align ?? AlignmentType.CENTER,
    spacing: { before: 0, after: o.after ?? 0, line: 240 },
    indent: o.indent ? { firstLine: o.indent } : undefined,
    children: [new TextRun({ text, bold: o.bold, italics: o.italics, size: o.size ?? st.size, font: st.font, color: o.color })],
  });
}

/** A short rule under the organ or the motto: a bottom border on an empty paragraph indented to
 *  the rule's length (a third of the cell, or the motto's width), as Word users draw it. */
function rule(cellW: number, share: number): Paragraph {
  const side = Math.round((cellW * (1 - share)) / 2);
  return new Paragraph({ spacing: { before: 0, after: 60, line: 120 }, indent: { left: side, right: side }, border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } }, children: [] });
}

/** A secrecy or urgency mark: red bold capitals in a red box just wide enough for them. */
function mark(st: Style, text: string, cellW: number): Paragraph {
  const boxW = Math.round((text.length * 11.5 + 36) * 20);
  const side = Math.max(0, Math.round((cellW - boxW) / 2));
  const red = { style: BorderStyle.SINGLE, size: 12, color: 'C00000', space: 2 };
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: 80, after: 80 },
    indent: { left: side, right: side },
    border: { top: red, bottom: red, left: red, right: red },
    children: [new TextRun({ text, bold: true, size: 28, font: st.font, color: 'C00000' })],
  });
}

function headerLeft(doc: CorpusDoc, st: Style, w: number): Paragraph[] {
  const parent = doc.label.parentOrganName ?? '';
  const out: Paragraph[] = [];
  const lines = doc.logical.headerLeft;
  const no = lines.findIndex((l) => /^S[ốo]\s*:/.test(l));
  let subject: string[] = [];
  lines.forEach((l, k) => {
    if (RULE.test(l)) out.push(rule(w, 0.35));
    else if (MARK.test(l)) out.push(mark(st, l, w));
    else if (no >= 0 && k > no) subject.push(l);
    else if (k === no) out.push(para(st, l, { size: 26, after: 60 }));
    else out.push(para(st, l, { bold: !(parent && parent.includes(l)), size: 26 }));
    // A V/v subject is typed as one paragraph; the cell wraps it.
    if (subject.length && (k === lines.length - 1 || MARK.test(lines[k + 1] ?? ''))) {
      out.push(para(st, subject.join(' '), { size: 24 }));
      subject = [];
    }
  });
  return out;
}

function headerRight(doc: CorpusDoc, st: Style, w: number): Paragraph[] {
  return doc.logical.headerRight.map((l, k) => {
    if (RULE.test(l)) return rule(w, 0.62);
    if (MARK.test(l)) return mark(st, l, w);
    if (k === 0) return para(st, l, { bold: true, size: 24 });
    if (/^Độc lập/.test(l)) return para(st, l, { bold: true, size: st.size });
    return para(st, l, { italics: true, size: st.size, after: 60 });
  });
}

function cell(children: Paragraph[], w: number): TableCell {
  return new TableCell({ width: { size: w, type: WidthType.DXA }, children: children.length ? children : [new Paragraph({ children: [] })] });
}

function table(left: Paragraph[], right: Paragraph[], lw: number): Table {
  return tableOf([[left, right]], lw);
}

function tableOf(rows: Array<[Paragraph[], Paragraph[]]>, lw: number): Table {
  const rw = TEXT_W - lw;
  return new Table({ width: { size: TEXT_W, type: WidthType.DXA }, columnWidths: [lw, rw], layout: TableLayoutType.FIXED, borders: NO_BORDERS, rows: rows.map(([l, r]) => new TableRow({ children: [cell(l, lw), cell(r, rw)] })) });
}

/** The header as many agencies type it: two rows (organ | motto, then Số … | place and date),
 *  the second row opening with an empty paragraph in each cell — white inside the table. */
function twoRowHeader(left: Paragraph[], leftLines: string[], right: Paragraph[], rightLines: string[], lw: number): Table {
  const empty = () => new Paragraph({ children: [] });
  // Paragraphs map one to one to lines except the V/v lines, typed as one paragraph: split both
  // cells after their first rule.
  const l = leftLines.findIndex((t) => RULE.test(t)) + 1;
  const r = rightLines.findIndex((t) => RULE.test(t)) + 1;
  if (l <= 0 || r <= 0) return table(left, right, lw);
  return tableOf(
    [
      [left.slice(0, l), right.slice(0, r)],
      [[empty(), ...left.slice(l)], [empty(), ...right.slice(r)]],
    ],
    lw,
  );
}

export async function renderOfficeDocx(doc: CorpusDoc): Promise<Buffer> {
  const L = doc.logical;
  const st = styleOf(doc);
  const lw = Math.round(TEXT_W * st.leftShare);
  const top = (L.top ?? []).map((t) => mark(st, t, lw));
  const hl = headerLeft(doc, st, lw);
  const hr = headerRight(doc, st, TEXT_W - lw);
  const head = pick(`${doc.id}/rows`, 3) === 0 ? twoRowHeader(hl, L.headerLeft, hr, L.headerRight, lw) : table(hl, hr, lw);
  const title = [
    ...(L.title ? [new Paragraph({ spacing: { before: 360 }, children: [] }), para(st, L.title, { bold: true, size: 28 })] : [new Paragraph({ children: [] })]),
    ...L.subject.map((s) => para(st, s, { bold: true, size: 28 })),
    ...(L.title ? [rule(TEXT_W, 0.25)] : []),
  ];
  const body = bodyLines(L, doc.bodyRepeat).map((t) => {
    if (t === L.competence) return para(st, t, { bold: true, after: 120 });
    if (/^(QUYẾT ĐỊNH|QUYẾT NGHỊ|CHỈ THỊ):$/.test(t)) return para(st, t, { bold: true, after: 120 });
    if (/^Kính gửi:/.test(t)) return para(st, t, { after: 120 });
    return para(st, t, { align: AlignmentType.JUSTIFIED, indent: 567, after: 120 });
  });
  const fl = L.footerLeft.map((t, k) => (k === 0 && /^N[ơo]i nh[ậa]n/.test(t) ? para(st, t, { bold: true, italics: true, size: 24, align: AlignmentType.LEFT }) : para(st, t, { size: 22, align: AlignmentType.LEFT })));
  const fr = L.footerRight.map((t) => (t.startsWith('(') ? para(st, t, { italics: true }) : para(st, t, { bold: true })));
  const children = [...top, head, ...title, ...body, new Paragraph({ children: [] }), table(fl, fr, Math.round(TEXT_W * 0.45))];
  return Packer.toBuffer(
    new Document({
      styles: { default: { document: { run: { font: st.font, size: st.size } } } },
      sections: [{ properties: { page: { size: { width: PAGE_W, height: 16838 }, margin: MARGIN } }, children }],
    }),
  );
}

/** Why LibreOffice cannot convert here, or null when it can. */
export function sofficeMissing(): string | null {
  if (!existsSync(SOFFICE)) return `${SOFFICE} is missing: install Debian's libreoffice-writer-nogui (the unit tests' setup installs it as root: src/stack/install.ts ensureOfficeRenderer)`;
  if (!existsSync('/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf')) return 'Liberation Serif is missing: install Debian\'s fonts-liberation2';
  return null;
}

/** Converts DOCX files to PDF in one LibreOffice run (a private profile, so parallel runs do not
 *  share one); returns the milliseconds it took. The PDFs are written to outDir as NAME.pdf. */
export async function convertToPdf(files: string[], outDir: string, profileDir: string): Promise<number> {
  const t0 = Date.now();
  await run(SOFFICE, [`-env:UserInstallation=file://${profileDir}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, ...files], { timeout: 120_000 });
  return Date.now() - t0;
}

/** Writes the DOCX of every document and converts them all to `${id}.pdf` in `dir` in one run;
 *  returns the conversion's milliseconds. */
export async function renderOfficePdfs(docs: CorpusDoc[], dir: string): Promise<number> {
  if (!docs.length) return 0;
  const src = join(dir, 'office-docx');
  await mkdir(src, { recursive: true });
  const files: string[] = [];
  for (const d of docs) {
    const path = join(src, `${d.id}.docx`);
    await writeFile(path, await renderOfficeDocx(d));
    files.push(path);
  }
  const ms = await convertToPdf(files, dir, join(dir, 'office-profile'));
  const missing = docs.filter((d) => !existsSync(join(dir, `${d.id}.pdf`))).map((d) => d.id);
  if (missing.length) throw new Error(`LibreOffice did not convert ${missing.join(', ')}`);
  return ms;
}
