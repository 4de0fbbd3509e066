// The generated hostile-mail set (issue 15): messages an outsider can send to an agency's mailbox
// to break or stall ingestion — deep nesting, thousands of parts, huge headers, broken transfer
// encodings, charset lies, zip and PDF bombs, PDF object loops, a 50 MB attachment, non-MIME
// bytes, an empty message, headers alone. Each comes with the outcome ingestion must reach:
//   'failed:<CODE>'  failed once, for good, with that code (src/ingest/poison.ts)
//   'ignored'        not a document nor a receipt: recorded and left alone
//   'registered'     a document, numbered (hostile but valid: the oddity is survived)
//   'quarantined'    a document held for a clerk (unreadable under config/policy.json's rule)
//   'refused'        a document refused (02 to its sender)
// The drill (npm run drill) mixes these into its flow; test/unit/ingest/hostile.test.ts runs each
// through the real classification and extraction in-process. Deterministic (seeded) and fast:
// the default set is built in well under 2 s; the 50 MB attachment only with `large: true`.
import { encodeTcvn3 } from '../../../src/extract/text/legacy.js';
import iconv from 'iconv-lite';
import {
  attachmentPart,
  base64Lines,
  deflated,
  message,
  multipart,
  pdf,
  randomBytes,
  stream,
  TEXT_PART,
  textPdf,
  topHeaders,
  zeroDeflateRaw,
  zeroDeflateZlib,
  zip,
  type Envelope,
} from './build.js';

export interface HostileMessage {
  name: string;
  raw: Buffer;
  expect: string;
}

const FROM = 'Văn thư UBND <vanthu@ubnd.longan.test>';
const TO = 'vanthu@stttt.longan.test';
const env = (name: string, extra: Partial<Envelope> = {}): Envelope => ({ from: FROM, to: TO, messageId: `<hostile.${name}@ubnd.longan.test>`, ...extra });
const MIXED = (b: string) => [`MIME-Version: 1.0`, `Content-Type: multipart/mixed; boundary="${b}"`];

/** A document mail: a text part and a PDF, with the top headers given. */
function documentWith(e: Envelope, attachment: string = attachmentPart('12-UBND-VX.pdf', 'application/pdf', textPdf()), extraHead: string[] = []): Buffer {
  return message(topHeaders(e, [...MIXED('hb0'), ...extraHead]), multipart('hb0', [TEXT_PART, attachment]));
}

/** `parts` MIME parts: the document first (so classification sees a PDF), then small text parts. */
export function manyPartsDocument(o: { from: string; to: string; messageId: string; parts: number; subject?: string }): Buffer {
  const filler = Array.from({ length: Math.max(0, o.parts - 2) }, (_, i) => `Content-Type: text/plain\r\n\r\nphần ${i + 1}`);
  return message(topHeaders({ ...o }, MIXED('many')), multipart('many', [TEXT_PART, attachmentPart('12-UBND-VX.pdf', 'application/pdf', textPdf()), ...filler]));
}

/** Multipart nested `levels` deep, the document at the bottom. */
function deepMultipart(levels: number): Buffer {
  let inner = multipart(`d${levels}`, [TEXT_PART, attachmentPart('12-UBND-VX.pdf', 'application/pdf', textPdf())]);
  let type = `multipart/mixed; boundary="d${levels}"`;
  for (let i = levels - 1; i >= 1; i--) {
    inner = multipart(`d${i}`, [`Content-Type: ${type}\r\n\r\n${inner}`]);
    type = `multipart/mixed; boundary="d${i}"`;
  }
  return message(topHeaders(env('deep-multipart'), ['MIME-Version: 1.0', `Content-Type: ${type}`]), inner);
}

/** message/rfc822 inside message/rfc822 … `levels` deep (a forward of a forward of …). */
function deepRfc822(levels: number): Buffer {
  let inner = documentWith(env('deep-rfc822-bottom')).toString('latin1');
  for (let i = levels; i >= 1; i--) {
    const head = topHeaders(env(`deep-rfc822-${i}`, { subject: `Fwd: chuyển tiếp lần ${i}` }), ['MIME-Version: 1.0', 'Content-Type: message/rfc822']);
    inner = `${head}\r\n\r\n${inner}`;
  }
  return Buffer.from(inner, 'latin1');
}

/** Official text, to be written in a charset other than the one declared. */
const CONG_VAN = [
  'ỦY BAN NHÂN DÂN TỈNH LONG AN',
  'Số: 15/UBND-VX',
  'Long An, ngày 20 tháng 11 năm 2026',
  'V/v tăng cường công tác văn thư, lưu trữ',
  'Kính gửi: Sở Thông tin và Truyền thông',
  'Nơi nhận: - Như trên; - Lưu: VT.',
  'TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH',
].join('\r\n');

function charsetLie(name: string, declared: string, body: Buffer): Buffer {
  return message(topHeaders(env(name, { subject: 'Công văn số 15/UBND-VX V/v tăng cường công tác văn thư' }), ['MIME-Version: 1.0', `Content-Type: text/plain; charset=${declared}`, 'Content-Transfer-Encoding: 8bit']), body);
}

/** A PDF whose /Count claims 100 million pages and whose page content inflates to `mib` MiB of zeros. */
function pdfBomb(mib: number): Buffer {
  return pdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 100000000 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    stream('/Filter /FlateDecode', zeroDeflateZlib(mib)),
  ]);
}

/** A /Pages node that is its own kid. */
function pdfPagesLoop(): Buffer {
  return pdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>']);
}

/** A DOCX whose document.xml inflates to `mib` MiB (a zip bomb in a document's clothes). */
function docxBomb(mib: number): Buffer {
  return zip([
    deflated('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    { name: 'word/document.xml', deflated: zeroDeflateRaw(mib), size: mib * (1 << 20) },
  ]);
}

export function hostileMessages(opts: { large?: boolean } = {}): HostileMessage[] {
  const out: HostileMessage[] = [];
  const add = (name: string, expect: string, raw: Buffer) => out.push({ name, raw, expect });
  const doc = (name: string, extra: Partial<Envelope> = {}) => env(name, extra);

  // Nesting and part counts.
  add('deep-multipart-150', 'registered', deepMultipart(150));
  add('deep-rfc822-120', 'ignored', deepRfc822(120));
  add('parts-5000', 'failed:MIME_LIMIT', manyPartsDocument({ ...doc('parts-5000'), parts: 5000 }));

  // Huge headers: one 1 MiB line; 10,000 lines.
  add('header-1mb-line', 'failed:MIME_LIMIT', documentWith(doc('header-1mb-line'), undefined, [`X-Filler: ${'A'.repeat(1 << 20)}`]));
  add('header-10000-lines', 'registered', documentWith(doc('header-10000-lines'), undefined, Array.from({ length: 10_000 }, (_, i) => `X-Filler-${i}: giá trị ${i}`)));

  // Broken transfer encodings.
  const pdfB64 = base64Lines(textPdf()).split('\r\n');
  const badB64 = pdfB64.map((l, i) => (i % 3 === 1 ? `${l.slice(0, 30)}!!@@**${l.slice(30)}` : l)).join('\r\n') + '\r\n=A=';
  add('bad-base64', 'registered', documentWith(doc('bad-base64'), `Content-Type: application/pdf; name="12-UBND-VX.pdf"\r\nContent-Disposition: attachment; filename="12-UBND-VX.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${badB64}`));
  const qp = `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nS=E1=BB=91: 15/UBND-VX =ZZ =G1 =\r\nK=C3=ADnh g=E1=BB=ADi =\r\n=\r\n=E1=BB`;
  add('bad-quoted-printable', 'registered', documentWith(doc('bad-quoted-printable'), qp));
  const whole = documentWith(doc('truncated'));
  add('truncated', 'registered', whole.subarray(0, Math.floor(whole.length * 0.6)));

  // Charset lies and unknown charsets.
  add('charset-lie-windows-1258', 'registered', charsetLie('charset-lie-windows-1258', 'utf-8', iconv.encode(CONG_VAN, 'windows-1258')));
  add('charset-lie-tcvn3', 'registered', charsetLie('charset-lie-tcvn3', '"utf-8"', Buffer.from(encodeTcvn3(CONG_VAN), 'latin1')));
  add('charset-unknown', 'registered', charsetLie('charset-unknown', 'x-klingon-42', iconv.encode(CONG_VAN, 'windows-1258')));

  // Bombs and loops.
  add('zip-bomb-1gib', 'registered', documentWith(doc('zip-bomb-1gib'), attachmentPart('bom.zip', 'application/zip', docxBomb(1024))));
  add('docx-bomb-1gib', 'registered', documentWith(doc('docx-bomb-1gib'), attachmentPart('12-UBND-VX.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', docxBomb(1024))));
  add('pdf-bomb-pages-deflate', 'registered', documentWith(doc('pdf-bomb-pages-deflate'), attachmentPart('12-UBND-VX.pdf', 'application/pdf', pdfBomb(256))));
  add('pdf-pages-loop', 'registered', documentWith(doc('pdf-pages-loop'), attachmentPart('12-UBND-VX.pdf', 'application/pdf', pdfPagesLoop())));
  add('pdf-prev-loop', 'registered', documentWith(doc('pdf-prev-loop'), attachmentPart('12-UBND-VX.pdf', 'application/pdf', pdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'], '/Root 1 0 R', { prevSelf: true }))));

  // Not MIME, or nothing at all.
  const junk = randomBytes(4096, 15).toString('latin1');
  add('non-mime-8bit', 'ignored', Buffer.from(`From: ${junk.slice(0, 40).replace(/[\r\n]/g, '?')} <x@y.test>\r\nTo: ${TO}\r\nSubject: \xc7\xf4ng v\xe3n ${junk.slice(40, 80).replace(/[\r\n]/g, '?')}\r\nMessage-ID: <hostile.non-mime@ubnd.longan.test>\r\n\r\n${junk}`, 'latin1'));
  add('binary-garbage', 'ignored', randomBytes(65_536, 20261203));
  add('empty', 'ignored', Buffer.alloc(0));
  add('headers-only', 'registered', Buffer.from(`${topHeaders(doc('headers-only'))}\r\n`, 'utf8'));

  if (opts.large) {
    // 50 MiB of seeded bytes behind a PDF header: generated in a fraction of a second.
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n', 'latin1'), randomBytes(50 * (1 << 20), 50)]);
    add('attachment-50mb', 'registered', documentWith(doc('attachment-50mb'), attachmentPart('12-UBND-VX.pdf', 'application/pdf', big)));
  }
  return out;
}
