// Does a message carry an official document? Either it has a document file (PDF, Word, ODF,
// spreadsheet, edXML package: Decision 36 Art. 7.1 lists .pdf/.doc/.odt and "…"), or, without a
// file, its subject and body read like one (number and notation, document type, "Kính gửi", the
// national motto). The text test is a score so no single word decides.
import { foldText } from '../parse.js';
import { partText, walkParts, type MimePart } from './mime-walk.js';
import { STATUS_CONTENT_TYPE } from './status-xml.js';
import type { DocumentAttachment } from './types.js';

const DOC_EXTENSIONS: Record<string, string> = {
  pdf: 'PDF',
  doc: 'Word',
  docx: 'Word',
  odt: 'OpenDocument text',
  rtf: 'RTF',
  xls: 'Excel',
  xlsx: 'Excel',
  ods: 'OpenDocument spreadsheet',
  edxml: 'edXML',
};

const DOC_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/x-pdf': 'PDF',
  'application/msword': 'Word',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'application/rtf': 'RTF',
  'text/rtf': 'RTF',
  'application/vnd.ms-excel': 'Excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet',
  'application/edxml+xml': 'edXML',
};

/** An edXML package (a document envelope), as opposed to an edXML Status (an acknowledgement). */
function looksLikeEdxml(part: MimePart): boolean {
  if (!/^(?:application|text)\/(?:[a-z.+-]*\+)?xml$/.test(part.contentType) && !/\.xml$/i.test(part.filename ?? '')) return false;
  const head = part.body.subarray(0, 8192).toString('utf8');
  return /<(?:[\w-]+:)?edXML(?:Envelope)?[\s>/]/.test(head) || (/QCVN_102_2016/.test(head) && /<(?:[\w-]+:)?MessageHeader[\s>]/.test(head));
}

/** Width and height of a PNG or JPEG from its header (no decoding), or null. */
export function imageSize(b: Buffer): { width: number; height: number } | null {
  if (b.length > 24 && b.readUInt32BE(0) === 0x89504e47) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b[0] !== 0xff || b[1] !== 0xd8) return null;
  for (let i = 2; i + 9 < b.length; ) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    const len = b.readUInt16BE(i + 2);
    // SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC) carry the frame's size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
    i += 2 + len;
  }
  return null;
}

/** A scanned page sent as an image (Decision 36 Art. 7.1a: the stamped paper, scanned): a JPEG or
 *  PNG upright and the shape of a page (A4 is 1:1.41; a phone photo of one 1:1.33) with its
 *  shorter side 1000 px or more (A4 at 120 dpi), or a TIFF (a scanner's or a fax's format). A logo
 *  or a signature icon is too small, and a camera's photo lies on its side (4:3 landscape); an
 *  upright photo of that size would be taken for a page, read by OCR and found empty — the
 *  unreadable rule (config/policy.json) then puts it before a clerk. */
function scannedPage(part: MimePart): string | null {
  const name = part.filename ?? '';
  if (/\.tiff?$/i.test(name) || part.contentType === 'image/tiff') return 'scanned page (TIFF)';
  if (!/\.(jpe?g|png)$/i.test(name) && !/^image\/(jpeg|png)$/.test(part.contentType)) return null;
  const size = imageSize(part.body);
  if (!size) return null;
  const ratio = size.height / Math.max(1, size.width);
  return size.width >= 1000 && ratio >= 1.3 && ratio <= 1.5 ? `scanned page (${size.width} × ${size.height} image)` : null;
}

function attachmentReason(part: MimePart): string | null {
  if (part.children.length > 0 || part.contentType === STATUS_CONTENT_TYPE) return null;
  const ext = /\.([a-z0-9]{2,6})$/i.exec(part.filename ?? '')?.[1]?.toLowerCase();
  if (ext && DOC_EXTENSIONS[ext]) return `${DOC_EXTENSIONS[ext]} file (.${ext})`;
  if (DOC_TYPES[part.contentType]) return `${DOC_TYPES[part.contentType]} content type`;
  const scan = scannedPage(part);
  if (scan) return scan;
  if (looksLikeEdxml(part)) return 'edXML package';
  return null;
}

/** Document files on the message, and inside forwarded (embedded) messages. */
/** The parts that count as documents, in the order the register lists them (forwarded ones too). */
export function documentAttachmentParts(root: MimePart): Array<{ part: MimePart; reason: string; forwarded: boolean }> {
  const out: Array<{ part: MimePart; reason: string; forwarded: boolean }> = [];
  const visit = (part: MimePart, forwarded: boolean) => {
    for (const p of walkParts(part)) {
      const reason = attachmentReason(p);
      if (reason) out.push({ part: p, reason, forwarded });
      if (p.message) visit(p.message, true);
    }
  };
  visit(root, false);
  return out;
}

export function documentAttachments(root: MimePart): DocumentAttachment[] {
  return documentAttachmentParts(root).map(({ part: p, reason, forwarded }) => ({ filename: p.filename, contentType: p.contentType, size: p.body.length, reason, forwarded }));
}

// Number/notation: "12/UBND-VX", "36/2013/QĐ-UBND", "695/TTr-STTTT". The notation must start with
// a capital letter and contain at least two letters, so dates (12/2024) and fractions do not match.
const CODE_NOTATION = /(?<![\w/])(\d{1,5}\/(?:\d{4}\/)?[A-ZĐ][A-ZĐa-zđ0-9]*(?:-[A-ZĐ0-9][A-ZĐa-zđ0-9]*)*)(?![\w/])/u;

export function findCodeNotation(text: string): string | null {
  for (const m of text.matchAll(new RegExp(CODE_NOTATION.source, 'gu'))) {
    const c = m[1]!;
    if ((c.split('/').pop()?.match(/[A-ZĐ]/gu)?.length ?? 0) >= 2) return c;
  }
  return null;
}

const DOC_WORDS = /\b(?:cong van|quyet dinh|to trinh|thong bao|giay moi|ke hoach|bao cao|chi thi|nghi quyet|huong dan|thong tu|nghi dinh|v\/v)\b/;

export interface TextEvidence {
  score: number;
  codeNotation: string | null;
  reasons: string[];
}

/** Score how much the subject and body read like an official document. ≥ 3 counts as one. */
export function officialTextEvidence(subject: string, body: string): TextEvidence {
  const reasons: string[] = [];
  let score = 0;
  const fs = foldText(subject);
  const fb = foldText(body.slice(0, 20000));
  const subjectCode = findCodeNotation(subject);
  const bodyCode = findCodeNotation(body.slice(0, 20000));
  if (subjectCode) {
    score += 2;
    reasons.push(`number/notation in subject: ${subjectCode}`);
  }
  if (DOC_WORDS.test(fs)) {
    score += 1;
    reasons.push('document type or "V/v" in subject');
  }
  if (/cong hoa xa hoi chu nghia viet nam/.test(fb)) {
    score += 2;
    reasons.push('national heading in body');
  }
  if (/\bkinh gui\b/.test(fb)) {
    score += 1;
    reasons.push('"Kính gửi" in body');
  }
  if (/\bnoi nhan\b/.test(fb)) {
    score += 1;
    reasons.push('"Nơi nhận" in body');
  }
  if (!subjectCode && bodyCode && /\bso\s*:?\s*\d/.test(fb)) {
    score += 1;
    reasons.push(`number/notation in body: ${bodyCode}`);
  }
  // A reply rarely carries the document itself, even when it quotes its number.
  if (/^(?:re|tl|tra loi|aw)\s*:/.test(fs)) {
    score -= 1;
    reasons.push('subject is a reply');
  }
  return { score, codeNotation: subjectCode ?? bodyCode, reasons };
}

/** Read the text of every top-level edXML part (for callers that want the package itself). */
export function edxmlParts(root: MimePart): { filename: string | null; xml: string }[] {
  return [...walkParts(root)].filter(looksLikeEdxml).map((p) => ({ filename: p.filename, xml: partText(p) }));
}
