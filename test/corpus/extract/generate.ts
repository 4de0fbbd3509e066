// The labelled extraction corpus. Each entry is a document written here (content from content.ts),
// the format and layout it is rendered in, the text damage applied (lost diacritics, legacy
// encodings, NFD, flattened columns, hyphenation) and its label: the metadata as the author put it
// in the document. Labels are computed from the spec, never from the extractor.
//
// Run `npx tsx test/corpus/extract/generate.ts [outdir]` to write the texts and labels.json; the
// accuracy test renders the files (PDF, DOCX, ODT, EML) into a temp dir at run time.
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ORGANS, NAMES, TYPES, RECIPIENT_POOL, KINH_GUI, type Organ, type TypeSpec } from './content.js';
import { stripMarks } from '../../../src/extract/text/fold.js';
import { encodeTcvn3, decodeTcvn3 } from '../../../src/extract/text/legacy.js';
import { handmadeDocs } from './handmade.js';
import { HANDMADE_A } from './handmade-a.js';
import { HANDMADE_B } from './handmade-b.js';
import { HANDMADE_C } from './handmade-c.js';
import { HANDMADE_D } from './handmade-d.js';
import { HANDMADE_E } from './handmade-e.js';
import { rng } from '../../helpers/seeded.js';

export type Format = 'pdf' | 'docx' | 'odt' | 'txt' | 'eml';
export type Variant = 'clean' | 'ocr' | 'tcvn3' | 'vni' | 'cp1258' | 'nfd' | 'seed';
/** How a document is laid out. PDF: 'flat' (classic template), 'narrow', 'grid' (render-pdf.ts),
 *  'adverse' (render-cells.ts: a third-width left column, drawn right cell first, marks last), and
 *  'office' / 'office-narrow' (a DOCX typed like a real one, laid out by LibreOffice:
 *  render-office.ts; as format 'docx' the DOCX itself).
 *  DOCX: 'table', 'tworow', 'soft' (one paragraph per cell, soft breaks), 'tabs' (no table: header
 *  rows with a tab between the columns). ODT: 'table', 'plain', 'linebreak'. Text: 'flat' (columns
 *  on shared lines, as PDF text comes out) or 'stacked' (left column, then right). */
export type Layout = 'table' | 'tworow' | 'plain' | 'flat' | 'stacked' | 'narrow' | 'grid' | 'soft' | 'tabs' | 'linebreak' | 'adverse' | 'office' | 'office-narrow';

export interface Label {
  organName: string | null;
  parentOrganName: string | null;
  codeNumber: string | null;
  codeNotation: string | null;
  typeName: string | null;
  issuedDate: string | null;
  place: string | null;
  subject: string | null;
  /** authorityChain: every authority line as printed, outermost first (compared when given). */
  signer: { authority: string | null; authorityChain?: string[]; position: string | null; fullName: string | null } | null;
  recipients: string[] | null;
  urgency: string | null;
  secrecy: string | null;
  /** null = the renderer decides (PDF page count); 'none' = the format records no page count. */
  pageCount: number | 'pdf' | null;
}

/** The document as blocks; renderers lay them out. */
export interface Logical {
  /** Printed above the header (a stamp box at the top left). */
  top?: string[];
  headerLeft: string[];
  headerRight: string[];
  title: string | null;
  subject: string[];
  competence: string | null;
  kinhGui: string[] | null;
  body: string[];
  footerLeft: string[];
  footerRight: string[];
}

export interface CorpusDoc {
  id: string;
  format: Format;
  variant: Variant;
  layout: Layout;
  /** Extra pages of body text (multi-page PDFs). */
  bodyRepeat: number;
  /** For e-mail: how the document travels. */
  mail?: { attach: 'pdf' | 'docx'; edxml: boolean; subject: string };
  logical: Logical;
  /** The seed's raw text (variant 'seed'). */
  raw?: string;
  label: Label;
  /** Written out by hand (handmade.ts) rather than assembled from content.ts. */
  handmade?: boolean;
  /** Written after the layout and recogniser fixes of issue #13 and never tuned against
   *  (handmade-e.ts): reported apart. */
  heldOut?: boolean;
}


const PLAN: Array<{ format: Format; variant: Variant; layout: Layout; bodyRepeat?: number; notitle?: boolean; mail?: CorpusDoc['mail'] }> = [
  { format: 'pdf', variant: 'clean', layout: 'flat' },
  { format: 'pdf', variant: 'clean', layout: 'flat', bodyRepeat: 6 },
  { format: 'pdf', variant: 'clean', layout: 'flat' },
  { format: 'pdf', variant: 'clean', layout: 'flat' },
  { format: 'pdf', variant: 'clean', layout: 'flat', bodyRepeat: 3 },
  { format: 'pdf', variant: 'clean', layout: 'flat' },
  { format: 'pdf', variant: 'clean', layout: 'flat' },
  { format: 'pdf', variant: 'clean', layout: 'flat' },
  { format: 'docx', variant: 'clean', layout: 'table' },
  { format: 'docx', variant: 'clean', layout: 'tworow' },
  { format: 'docx', variant: 'clean', layout: 'table' },
  { format: 'docx', variant: 'clean', layout: 'tworow' },
  { format: 'docx', variant: 'nfd', layout: 'table' },
  { format: 'docx', variant: 'tcvn3', layout: 'table' },
  { format: 'docx', variant: 'vni', layout: 'table' },
  { format: 'odt', variant: 'clean', layout: 'table' },
  { format: 'odt', variant: 'clean', layout: 'plain' },
  { format: 'odt', variant: 'clean', layout: 'table' },
  { format: 'odt', variant: 'clean', layout: 'plain' },
  { format: 'txt', variant: 'ocr', layout: 'flat' },
  { format: 'txt', variant: 'ocr', layout: 'stacked' },
  { format: 'txt', variant: 'ocr', layout: 'flat', notitle: true },
  { format: 'txt', variant: 'ocr', layout: 'flat' },
  { format: 'txt', variant: 'tcvn3', layout: 'stacked' },
  { format: 'txt', variant: 'tcvn3', layout: 'flat' },
  { format: 'txt', variant: 'vni', layout: 'stacked' },
  { format: 'txt', variant: 'cp1258', layout: 'stacked' },
  { format: 'txt', variant: 'clean', layout: 'flat' },
  { format: 'txt', variant: 'clean', layout: 'stacked', notitle: true },
  { format: 'eml', variant: 'clean', layout: 'flat', mail: { attach: 'pdf', edxml: false, subject: '' } },
  { format: 'eml', variant: 'clean', layout: 'flat', mail: { attach: 'pdf', edxml: true, subject: '' } },
  { format: 'eml', variant: 'clean', layout: 'table', mail: { attach: 'docx', edxml: false, subject: '' } },
  { format: 'pdf', variant: 'clean', layout: 'flat' },
  { format: 'docx', variant: 'clean', layout: 'table' },
];

const UNITS = ['VP', 'NS', 'KT', 'VX', 'TH', 'HCTH', 'KHTC'];
const STAMPS_U: Array<[string, string] | null> = [null, null, ['KHẨN', 'Khẩn'], null, ['HỎA TỐC', 'Hỏa tốc'], null, null, ['THƯỢNG KHẨN', 'Thượng khẩn'], null];
const STAMPS_S: Array<[string, string] | null> = [null, null, null, ['MẬT', 'Mật'], null, null, null, null, null, null, ['TỐI MẬT', 'Tối mật'], null, null];

function signerFor(organ: Organ, form: number, name: string): { right: string[]; label: Label['signer'] } {
  // Signature block as printed (authority line, position line) and as labelled.
  switch (form % 6) {
    case 0:
      if (organ.collective) return { right: [organ.collective, organ.head], label: { authority: 'TM.', position: organ.head, fullName: name } };
      return { right: [organ.head], label: { authority: null, position: organ.head, fullName: name } };
    case 1:
      return { right: [`KT. ${organ.head}`, organ.deputy], label: { authority: 'KT.', position: organ.deputy, fullName: name } };
    case 2:
      return { right: [organ.head], label: { authority: null, position: organ.head, fullName: name } };
    case 3:
      return { right: [`TL. ${organ.head}`, 'CHÁNH VĂN PHÒNG'], label: { authority: 'TL.', position: 'CHÁNH VĂN PHÒNG', fullName: name } };
    case 4:
      return { right: [`TUQ. ${organ.head}`, 'TRƯỞNG PHÒNG HÀNH CHÍNH - TỔNG HỢP'], label: { authority: 'TUQ.', position: 'TRƯỞNG PHÒNG HÀNH CHÍNH - TỔNG HỢP', fullName: name } };
    default:
      return { right: [`Q. ${organ.head}`], label: { authority: 'Q.', position: organ.head, fullName: name } };
  }
}

function buildDoc(i: number): CorpusDoc {
  const r = rng(1000 + i);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const plan = PLAN[i]!;
  const type: TypeSpec = TYPES[i % TYPES.length]!;
  let organ: Organ = ORGANS[(i * 5) % ORGANS.length]!;
  // A Nghị quyết is issued by a council; a Chỉ thị by a people's committee.
  if (type.name === 'Nghị quyết') organ = ORGANS[7]!;
  const subject = type.subjects[i % type.subjects.length]!;
  const name = NAMES[i % NAMES.length]!;
  const y = 2019 + Math.floor(r() * 7);
  const m = 1 + Math.floor(r() * 12);
  const d = 1 + Math.floor(r() * 28);
  const num = r() < 0.25 ? 1 + Math.floor(r() * 9) : 10 + Math.floor(r() * 1500);
  const numPrinted = num < 10 && r() < 0.7 ? `0${num}` : String(num);
  const legal = ['Quyết định', 'Nghị quyết', 'Chỉ thị'].includes(type.name) && organ.code.match(/UBND|HĐND/) && r() < 0.7;
  const notation = type.abbr ? `${legal ? `${y}/` : ''}${type.abbr}-${organ.code}` : `${organ.code}-${pick(UNITS)}`;
  const dd = d < 10 && r() < 0.5 ? `0${d}` : String(d);
  const mm = m < 3 && r() < 0.5 ? `0${m}` : String(m);
  const dateText = r() < 0.8 ? `${organ.place}, ngày ${dd} tháng ${mm} năm ${y}` : `${organ.place}, ngày ${dd}/${mm}/${y}`;
  const urgency = STAMPS_U[i % STAMPS_U.length] ?? null;
  const secrecy = STAMPS_S[i % STAMPS_S.length] ?? null;
  const sig = signerFor(organ, i, name);
  const nRec = 3 + Math.floor(r() * 4);
  const recs: string[] = [];
  if (type.name === 'Công văn') recs.push('Như trên');
  while (recs.length < nRec) {
    const c = pick(RECIPIENT_POOL);
    if (!recs.includes(c) && !(c.startsWith('Như') && recs.some((x) => x.startsWith('Như')))) recs.push(c);
  }
  recs.push(`Lưu: VT, ${pick(UNITS)}`);

  const headerLeft = [...(organ.parent ? [organ.parent] : []), ...organ.lines, '-------', `Số: ${numPrinted}/${notation}`];
  if (urgency) headerLeft.push(urgency[0]);
  if (secrecy) headerLeft.push(secrecy[0]);
  const isCv = type.title === null;
  if (isCv) headerLeft.push(...subject);
  const headerRight = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', '---------------', dateText];
  const footerLeft = ['Nơi nhận:', ...recs.map((x, k) => `- ${x}${k === recs.length - 1 ? '.' : ';'}`)];
  const footerRight = [...sig.right, '', '', '(Đã ký)', '', name];
  const logical: Logical = {
    headerLeft,
    headerRight,
    title: isCv || plan.notitle ? null : type.title,
    subject: isCv ? [] : plan.notitle ? [] : subject,
    competence: ['Quyết định', 'Nghị quyết', 'Chỉ thị'].includes(type.name) ? organ.competence : null,
    kinhGui: isCv ? [pick(KINH_GUI)] : null,
    body: type.body,
    footerLeft,
    footerRight,
  };

  const ocr = plan.variant === 'ocr';
  const t = (s: string) => (ocr ? stripMarks(s) : s);
  const label: Label = {
    organName: t(organ.lines.join(' ')),
    parentOrganName: organ.parent ? t(organ.parent) : null,
    codeNumber: num < 10 ? `0${num}` : String(num),
    codeNotation: t(notation),
    // Without a title the type is still what the author issued; the notation says it.
    typeName: type.name,
    issuedDate: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    place: t(organ.place),
    subject: plan.notitle && !isCv ? null : t(subject.join(' ')),
    signer: sig.label && { authority: sig.label.authority, position: sig.label.position && t(sig.label.position), fullName: sig.label.fullName && t(sig.label.fullName) },
    recipients: recs.map(t),
    urgency: urgency?.[1] ?? null,
    secrecy: secrecy?.[1] ?? null,
    pageCount: plan.format === 'pdf' || plan.mail?.attach === 'pdf' ? 'pdf' : null,
  };
  const doc: CorpusDoc = {
    id: `${String(i + 1).padStart(2, '0')}-${plan.format}-${plan.variant}-${plan.layout}-${type.abbr ?? 'CV'}`,
    format: plan.format,
    variant: plan.variant,
    layout: plan.layout,
    bodyRepeat: plan.bodyRepeat ?? 0,
    logical,
    label,
  };
  if (plan.mail) {
    doc.mail = { ...plan.mail, subject: `${type.name} số ${numPrinted}/${notation} ${isCv ? subject.join(' ') : ''}`.trim() };
    // An edXML envelope carries the document's metadata typed by the sender (same values here).
    if (plan.mail.edxml) doc.label.pageCount = 'pdf';
  }
  if (plan.variant === 'tcvn3') assertTcvn3Safe(doc);
  return doc;
}

/** .VnTime cannot write a capital toned letter in a mixed-case line; keep such docs honest by
 *  refusing content the encoding could not have carried. */
function assertTcvn3Safe(doc: CorpusDoc): void {
  const L = doc.logical;
  const lines = [...L.headerLeft, ...L.headerRight, L.title ?? '', ...L.subject, ...L.footerLeft, ...L.footerRight];
  for (const l of lines) {
    if (decodeTcvn3(encodeTcvn3(l)) !== l) throw new Error(`corpus: ${doc.id}: line not representable in TCVN3: ${l}`);
  }
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** The seed (a real decision, text as published online, with its extraction losses). */
function seedDoc(): CorpusDoc {
  const raw = readFileSync(join(HERE, 'seed', 'quyet-dinh-36-2013-QD-UBND-long-an.txt'), 'utf8');
  return {
    id: '00-seed-quyet-dinh-36-2013',
    format: 'txt',
    variant: 'seed',
    layout: 'stacked',
    bodyRepeat: 0,
    raw,
    logical: { headerLeft: [], headerRight: [], title: null, subject: [], competence: null, kinhGui: null, body: [], footerLeft: [], footerRight: [] },
    // Read off the document by hand.
    label: {
      organName: 'ỦY BAN NHÂN DÂN TỈNH LONG AN',
      parentOrganName: null,
      codeNumber: '36',
      codeNotation: '2013/QĐ-UBND',
      typeName: 'Quyết định',
      issuedDate: '2013-08-08',
      place: 'Long An',
      subject: 'BAN HÀNH QUY ĐNH V TRAO ĐỔI, LƯU TR, X LÝ VĂN BN ĐIN TTRONG HOT ĐNG CA CÁC CƠ QUAN NHÀ NƯC TRÊN ĐA BÀN TNH LONG AN',
      signer: { authority: 'TM.', position: 'CHỦ TỊCH', fullName: 'Đỗ Hữu Lâm' },
      recipients: [
        'Bộ Thông tin và Truyền thông',
        'Cục KTVBQPPL- Bộ Tư pháp',
        'TT. TU, TT.HĐND tỉnh',
        'CT, các PCT.UBND tỉnh',
        'Ban Tuỵên giáo Tỉnh ủy',
        'Như Điều 3',
        'Công báo tnh',
        'Phòng NC (TH, KT, VX, NC-TCD)',
        'Lưu: VT, M',
      ],
      urgency: null,
      secrecy: null,
      pageCount: null,
    },
  };
}

export function corpus(): CorpusDoc[] {
  return [seedDoc(), ...PLAN.map((_, i) => buildDoc(i)), ...handmadeDocs([...HANDMADE_A, ...HANDMADE_B, ...HANDMADE_C, ...HANDMADE_D], { arrivals: true }), ...handmadeDocs(HANDMADE_E, { arrivals: true, heldOut: true })];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? join(HERE, 'out');
  mkdirSync(out, { recursive: true });
  const { renderText } = await import('./render-text.js');
  const docs = corpus();
  for (const d of docs) writeFileSync(join(out, `${d.id}.txt`), renderText(d).text);
  writeFileSync(join(out, 'labels.json'), JSON.stringify(Object.fromEntries(docs.map((d) => [d.id, d.label])), null, 2));
  console.log(`${docs.length} documents written to ${out}`);
}
