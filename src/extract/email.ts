// An incoming message: an edXML envelope (if attached) is authoritative; otherwise the document
// attachments are read, and the subject and body fill what is still missing. Secrecy and urgency
// take the highest level seen anywhere, so a "MẬT" stamp in any attachment blocks forwarding; and
// secrecy is only "not marked" when every document file of the message was read: one that could
// not be (damaged, over a limit, a scan without text, a format without a reader) leaves it unknown
// (`secrecyUnchecked`), and the policy for unreadable documents applies.
import { simpleParser } from 'mailparser';
import type { DocumentMetadata, ExtractError, ExtractOptions, FieldName, Secrecy, Urgency } from './types.js';
import { DEFAULT_OPTIONS, FIELD_NAMES, emptyMetadata } from './types.js';
import { parseEdxml, parseEdxmlEnvelope, EDXML_NS, type EdxmlEnvelope, type EdxmlOrgan } from './edxml.js';
import { extractFromBuffer } from './file.js';
import { claimedFormat } from './format.js';
import { canonicalNumber } from './fields/code.js';
import { parseDateText } from './fields/date.js';
import { typeFromNotation } from './fields/title.js';
import { fold } from './text/fold.js';
import { decodeTextBytes } from './text/decode.js';
import { isAttachment, parseMime, walkParts } from '../mail/classify/mime-walk.js';
import { htmlToText } from '../mail/parse.js';

export interface AttachmentResult {
  filename: string | null;
  contentType: string;
  size: number;
  metadata: DocumentMetadata;
  error: ExtractError | null;
}

export interface EmailExtractResult {
  metadata: DocumentMetadata;
  error: ExtractError | null;
  /** Where the primary values came from. */
  source: 'edxml' | 'attachment' | 'message' | 'none';
  edxml: boolean;
  /** The organs the edXML envelope's To names (null without an envelope). */
  receivers: EdxmlOrgan[] | null;
  /** The sender's organ id, DocumentId and DueDate from an edXML envelope, or null without one. */
  envelope: EdxmlEnvelope | null;
  attachments: AttachmentResult[];
  messageSubject: string | null;
  /**
   * Why the message's secrecy could not be checked, or null when every document file of it was
   * read. Set when the message itself could not be read (`error`), and when any one document file
   * could not be, even if another file or the body gave the other fields: a stamp in the file that
   * was not read cannot be ruled out. `filename` names that file (null for the message or its body).
   * Not the same as `metadata.secrecy === null`, which says "read, and not marked".
   */
  secrecyUnchecked: (ExtractError & { filename: string | null }) | null;
}

/** Largest edXML envelope read (QCVN 102 headers are a few KB; attachments are separate parts). */
export const EDXML_MAX_BYTES = 2 * 1024 * 1024;

/** How deep forwarded messages (message/rfc822 inside message/rfc822…) are opened. */
export const MAX_EMBEDDED_DEPTH = 3;

/** Document files extraction has no reader for; the register lists them (mail/classify/document.ts)
 *  and a stamp in them is not checked, so they leave the message's secrecy unknown. */
const UNREAD_DOCUMENT = /\.(rtf|xls|xlsx|ods)$/i;
const UNREAD_DOCUMENT_TYPES = /^(application\/rtf|text\/rtf|application\/vnd\.ms-excel|application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet|application\/vnd\.oasis\.opendocument\.spreadsheet)$/i;

const SECRECY_RANK: Secrecy[] = ['Mật', 'Tối mật', 'Tuyệt mật'];
const URGENCY_RANK: Urgency[] = ['Khẩn', 'Thượng khẩn', 'Hỏa tốc'];

function filled(md: DocumentMetadata): number {
  return FIELD_NAMES.filter((k) => md[k] !== null).length;
}

function fillFrom(target: DocumentMetadata, src: DocumentMetadata): void {
  for (const k of FIELD_NAMES) {
    if (target[k] === null && src[k] !== null) {
      (target as unknown as Record<string, unknown>)[k] = src[k];
      const e = src.evidence[k];
      if (e) target.evidence[k] = e;
    }
  }
  if (target.codeRaw === null && src.codeRaw !== null && target.codeNumber === src.codeNumber) target.codeRaw = src.codeRaw;
}

function maxLevel<T extends string>(rank: T[], values: Array<T | null>): T | null {
  let best = -1;
  for (const v of values) if (v) best = Math.max(best, rank.indexOf(v));
  return best >= 0 ? rank[best]! : null;
}

/** A mail subject such as "Công văn số 12/UBND-VX ngày 5/3/2024 V/v tăng cường …". */
export function fromMailSubject(subject: string): DocumentMetadata {
  const md = emptyMetadata();
  const s = subject.normalize('NFC');
  const f = fold(s);
  const ev = (confidence: number) => ({ text: s, confidence, source: 'email-subject' as const });
  // The first match with a letter in its notation: a date written before the code ("ngày 5/3/2024
  // số 12/UBND-VX") matches first and has none, and the code after it was lost (found by fuzzing).
  const code = [...s.matchAll(/(?<![\d/])(\d{1,6})\s*\/\s*([\p{L}\d&.]+(?:[-/][\p{L}\d&.]+)+|[\p{L}][\p{L}\d&.]*)/gu)].find((m) => /\p{L}/u.test(m[2]!));
  if (code) {
    md.codeNumber = canonicalNumber(code[1]!);
    md.codeNotation = code[2]!;
    md.codeRaw = `${code[1]}/${code[2]}`;
    md.evidence.codeNumber = ev(0.7);
    md.evidence.codeNotation = ev(0.7);
    const t = typeFromNotation(md.codeNotation);
    if (t) {
      md.typeName = t.name;
      md.evidence.typeName = ev(0.6);
    }
  }
  const d = parseDateText(s, f);
  if (d) {
    md.issuedDate = d;
    md.evidence.issuedDate = ev(0.6);
  }
  const vv = /(?:^|\s)(v\s*\/\s*v|ve viec)\s/.exec(f);
  if (vv) {
    md.subject = s.slice(vv.index).trim();
    md.evidence.subject = ev(0.6);
  }
  return md;
}

function isEdxmlPart(filename: string | null, contentType: string, content: Buffer): boolean {
  if (filename && /\.edxml$/i.test(filename)) return true;
  if (/edxml/i.test(contentType)) return true;
  if ((filename && /\.xml$/i.test(filename)) || /xml/i.test(contentType)) return content.subarray(0, 8192).toString('utf8').includes(EDXML_NS);
  return false;
}

/** The Subject header as sent. Old clients (Outlook Express with windows-1258, TCVN3 users) put raw
 *  8-bit text in headers, which mailparser reads as UTF-8 and mangles; such a subject is decoded
 *  here with the message's charset, or by the same guess as plain-text files. */
export function rawSubject(raw: Buffer): string | null {
  const end = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n');
  const head = raw.subarray(0, end < 0 ? Math.min(raw.length, 65536) : end);
  const text = head.toString('latin1');
  const m = /^subject:[ \t]*((?:.*)(?:\r?\n[ \t].*)*)/im.exec(text);
  if (!m) return null;
  const bytes = Buffer.from(m[1]!.replace(/\r?\n[ \t]+/g, ' '), 'latin1');
  if (!bytes.some((b) => b > 0x7f)) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return null; // valid UTF-8: mailparser read it right
  } catch {
    const charset = /^content-type:[^\n]*charset="?([\w-]+)/im.exec(text)?.[1];
    return decodeTextBytes(bytes, charset).trim();
  }
}

/**
 * The message's own text. mailparser decodes a body with the charset it declares, so a body
 * declared UTF-8 but written by an old client in windows-1258 (or TCVN3) comes out as U+FFFD —
 * the subject and file names of the same message are repaired from their bytes. Such a body is
 * read again from its bytes and decoded as the Subject header is (`decodeTextBytes`: valid UTF-8
 * as UTF-8, otherwise the more Vietnamese-looking of the 8-bit readings).
 */
export function messageBodyText(raw: Buffer, parsed: string): string {
  if (!parsed.includes('\uFFFD')) return parsed;
  const plain: string[] = [];
  const html: string[] = [];
  for (const p of walkParts(parseMime(raw))) {
    if (p.children.length > 0 || isAttachment(p)) continue;
    if (p.contentType === 'text/plain') plain.push(decodeTextBytes(p.body, p.params.charset));
    else if (p.contentType === 'text/html') html.push(htmlToText(decodeTextBytes(p.body, p.params.charset)));
  }
  const repaired = (plain.length ? plain : html).join('\n');
  return repaired.trim() ? repaired : parsed;
}

export async function extractFromEmail(raw: Uint8Array, options: ExtractOptions = {}): Promise<EmailExtractResult> {
  return extractMessage(raw, options, 0);
}

async function extractMessage(raw: Uint8Array, options: ExtractOptions, depth: number): Promise<EmailExtractResult> {
  const opts = { ...DEFAULT_OPTIONS, ...options };
  const result: EmailExtractResult = { metadata: emptyMetadata(), error: null, source: 'none', edxml: false, receivers: null, envelope: null, attachments: [], messageSubject: null, secrecyUnchecked: null };
  if (raw.byteLength > opts.maxBytes) {
    result.error = { code: 'TOO_LARGE', message: `The message is larger than the ${(opts.maxBytes / 1048576).toFixed(1)} MiB limit.` };
    result.secrecyUnchecked = { ...result.error, filename: null };
    return result;
  }
  const rawBuf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const mail = await simpleParser(rawBuf);
  result.messageSubject = rawSubject(rawBuf) ?? mail.subject ?? null;
  let envelope: DocumentMetadata | null = null;
  // Forwarded messages (Outlook's "forward as attachment"): their documents are the message's too.
  const embedded: DocumentMetadata[] = [];
  for (const a of mail.attachments) {
    const filename = a.filename ?? null;
    if (/^message\/(rfc822|global)$/i.test(a.contentType) || (filename && /\.eml$/i.test(filename))) {
      if (depth + 1 > MAX_EMBEDDED_DEPTH) {
        result.attachments.push({ filename, contentType: a.contentType, size: a.size, metadata: emptyMetadata(), error: { code: 'TOO_LARGE', message: `A message forwarded more than ${MAX_EMBEDDED_DEPTH} levels deep was not opened.` } });
        continue;
      }
      const inner = await extractMessage(a.content, opts, depth + 1);
      result.attachments.push(...inner.attachments);
      embedded.push(inner.metadata);
      if (inner.secrecyUnchecked && inner.secrecyUnchecked.code !== 'NO_DOCUMENT') result.secrecyUnchecked ??= { ...inner.secrecyUnchecked, filename: inner.secrecyUnchecked.filename ?? filename };
      continue;
    }
    if (isEdxmlPart(filename, a.contentType, a.content)) {
      // The envelope is parsed here, on the caller's thread: it is a header of a few KB (the
      // documents travel as parts of their own), so one larger than EDXML_MAX_BYTES is not read.
      if (a.size > EDXML_MAX_BYTES) {
        result.attachments.push({ filename, contentType: a.contentType, size: a.size, metadata: emptyMetadata(), error: { code: 'TOO_LARGE', message: `An edXML envelope of ${(a.size / 1048576).toFixed(1)} MiB was not read (limit ${EDXML_MAX_BYTES / 1048576} MiB).` } });
        continue;
      }
      if (!envelope) {
        envelope = parseEdxml(a.content);
        if (envelope) {
          result.envelope = parseEdxmlEnvelope(a.content);
          result.receivers = result.envelope.receivers;
        } else {
          // An envelope that does not parse may carry the secrecy (Độ mật) the attachments do not
          // show: it counts as a file left unread, so the message's secrecy is unchecked.
          result.attachments.push({ filename, contentType: a.contentType, size: a.size, metadata: emptyMetadata(), error: { code: 'CORRUPT', message: 'The edXML envelope could not be parsed.' } });
        }
      }
      continue;
    }
    const fmt = claimedFormat({ filename: filename ?? undefined, contentType: a.contentType });
    if (!['pdf', 'docx', 'doc', 'odt', 'text', 'image'].includes(fmt)) {
      if ((filename && UNREAD_DOCUMENT.test(filename)) || UNREAD_DOCUMENT_TYPES.test(a.contentType)) {
        result.attachments.push({ filename, contentType: a.contentType, size: a.size, metadata: emptyMetadata(), error: { code: 'UNSUPPORTED_FORMAT', message: `${filename ?? a.contentType} is a document format that is not read (RTF, spreadsheet).` } });
      }
      continue;
    }
    const r = await extractFromBuffer(a.content, { filename: filename ?? undefined, contentType: a.contentType }, opts);
    // An image smaller than a page (a logo or a signature icon in the mail) is not a document: it
    // neither counts as a file left unread nor makes the message's secrecy unknown. A page-sized
    // image is a scan or a photo of a page (Decision 36 Art. 7.1a) and is read like any document.
    if (fmt === 'image' && r.error?.code === 'NOT_A_PAGE') continue;
    result.attachments.push({ filename, contentType: a.contentType, size: a.size, metadata: r.metadata, error: r.error });
  }

  const docs = result.attachments.filter((a) => !a.error).sort((x, y) => filled(y.metadata) - filled(x.metadata));
  const md = emptyMetadata();
  if (envelope) {
    result.edxml = true;
    result.source = 'edxml';
    fillFrom(md, envelope);
  }
  const primary = docs[0];
  if (primary) {
    if (result.source === 'none') result.source = 'attachment';
    fillFrom(md, primary.metadata);
  }
  // The body is recognised in a worker like any document (a huge or pathological body must not
  // block the main thread); the subject is one header line, cut to a sane length.
  const bodyText = messageBodyText(rawBuf, mail.text ?? '');
  const body = bodyText.trim() ? await extractFromBuffer(Buffer.from(bodyText, 'utf8'), { contentType: 'text/plain; charset=utf-8' }, opts) : null;
  const fromBody = body?.metadata ?? emptyMetadata();
  const fromSubject = result.messageSubject ? fromMailSubject(result.messageSubject.slice(0, 2000)) : emptyMetadata();
  const before = filled(md);
  for (const e of embedded) fillFrom(md, e);
  fillFrom(md, fromBody);
  fillFrom(md, fromSubject);
  if (result.source === 'none' && filled(md) > before) result.source = 'message';

  // Safety first: the strongest stamp anywhere in the message counts.
  const all = [envelope, ...result.attachments.map((a) => a.metadata), ...embedded, fromBody].filter((m): m is DocumentMetadata => !!m);
  const sec = maxLevel(SECRECY_RANK, all.map((m) => m.secrecy));
  if (sec && sec !== md.secrecy) {
    md.secrecy = sec;
    const src = all.find((m) => m.secrecy === sec)!;
    if (src.evidence.secrecy) md.evidence.secrecy = src.evidence.secrecy;
  }
  if (!envelope || envelope.urgency === null) {
    const urg = maxLevel(URGENCY_RANK, all.map((m) => m.urgency));
    if (urg && urg !== md.urgency) {
      md.urgency = urg;
      const src = all.find((m) => m.urgency === urg)!;
      if (src.evidence.urgency) md.evidence.urgency = src.evidence.urgency;
    }
  }
  result.metadata = md;
  if (!envelope && !result.attachments.length && filled(md) === 0) {
    result.error = { code: 'NO_DOCUMENT', message: 'The message has no edXML envelope, no document attachment and no recognisable document data.' };
  } else if (!envelope && result.attachments.length && !docs.length && filled(md) === 0) {
    result.error = result.attachments[0]!.error;
  }
  // Secrecy is known only when everything that may carry a stamp was read: the message, each of
  // its document files (a damaged PDF beside a body that reads "Số: …" still hides its own stamp),
  // and the body.
  const unread = result.attachments.find((a) => a.error);
  if (result.error) result.secrecyUnchecked = { ...result.error, filename: unread?.filename ?? null };
  else if (unread) result.secrecyUnchecked = { ...unread.error!, filename: unread.filename };
  else if (body?.error) result.secrecyUnchecked ??= { ...body.error, filename: null };
  return result;
}

export type { FieldName };
