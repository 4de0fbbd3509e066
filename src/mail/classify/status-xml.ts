// The machine-readable acknowledgement exchanged between vanthu instances: an edXML-style Status
// (QCVN 102:2016, namespace below) carried in a MIME part of type application/vnd.vanthu.status+xml
// on a message marked `X-VanThu-Ack: 1`. The registration engineer writes it with buildStatusXml;
// classification reads it with parseStatusXml. Round-trip: parseStatusXml(buildStatusXml(s))
// equals normalizeStatus(s) (values are trimmed, line breaks unified, characters that XML 1.0
// cannot carry removed, since no XML parser would give them back).
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { z } from 'zod';

export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const STATUS_CONTENT_TYPE = 'application/vnd.vanthu.status+xml';
export const ACK_HEADER = 'X-VanThu-Ack';

/** edXML status codes (domain.md). Unknown two-digit codes from newer peers are kept as strings. */
export const STATUS_CODES = {
  '01': 'arrived',
  '02': 'refused',
  '03': 'accepted/registered',
  '04': 'assigned',
  '05': 'being processed',
  '06': 'completed',
  '13': 'recall requested',
  '15': 'recall/update agreed',
  '16': 'refused (recall/update)',
} as const;
export type KnownStatusCode = keyof typeof STATUS_CODES;
export type StatusCode = KnownStatusCode | (string & {});

export interface StatusOrgan {
  organId: string;
  organName?: string | null;
  email?: string | null;
}

export interface VanThuStatus {
  /** The document this status answers. */
  responseFor: {
    organId: string;
    /** Number and notation, e.g. "695/TTr-STTTT". */
    code: string;
    /** Date of the document as written by its issuer (YYYY-MM-DD recommended). */
    promulgationDate: string | null;
    /** edXML DocumentId `OrganId,YYYY/MM/DD,number/notation`. */
    documentId: string | null;
  };
  /** The organ that sends this status. */
  from: StatusOrgan;
  statusCode: StatusCode;
  description: string | null;
  /** When the status was produced (ISO 8601 with offset). */
  timestamp: string;
  /** Incoming number given by the receiver (status 03). */
  arrivalNumber: string | null;
  /** Legal receipt time per Decision 36 Art. 9.2 (ISO 8601 with offset). */
  receiptTime: string | null;
  /** Message-ID of the email that carried the document, `<…>` form. */
  originalMessageId: string | null;
}

export class StatusXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatusXmlError';
  }
}

// XML 1.0 Char production: anything else cannot be written, so it is dropped before building.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function clean(s: string): string {
  return s.replace(NOT_XML_CHAR, '').replace(/\r\n?/g, '\n').trim();
}

function cleanOpt(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const c = clean(s);
  return c === '' ? null : c;
}

/** The value a status has after a trip through XML (see the module comment). */
export function normalizeStatus(s: VanThuStatus): VanThuStatus {
  return {
    responseFor: {
      organId: clean(s.responseFor.organId),
      code: clean(s.responseFor.code),
      promulgationDate: cleanOpt(s.responseFor.promulgationDate),
      documentId: cleanOpt(s.responseFor.documentId),
    },
    from: { organId: clean(s.from.organId), organName: cleanOpt(s.from.organName), email: cleanOpt(s.from.email) },
    statusCode: clean(s.statusCode),
    description: cleanOpt(s.description),
    timestamp: clean(s.timestamp),
    arrivalNumber: cleanOpt(s.arrivalNumber),
    receiptTime: cleanOpt(s.receiptTime),
    originalMessageId: cleanOpt(s.originalMessageId),
  };
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });

/** Serialise a status as an edXML-style Status document (UTF-8, default namespace). */
export function buildStatusXml(status: VanThuStatus): string {
  const s = normalizeStatus(status);
  if (!/^\d{2}$/.test(s.statusCode)) throw new StatusXmlError(`status code must be two digits, got ${JSON.stringify(s.statusCode)}`);
  if (!s.responseFor.organId || !s.responseFor.code || !s.from.organId || !s.timestamp)
    throw new StatusXmlError('ResponseFor/OrganId, ResponseFor/Code, From/OrganId and Timestamp are required');
  const opt = (v: string | null | undefined) => v ?? '';
  // Element order follows edXML's Status: ResponseFor, From, StatusCode, Description, Timestamp;
  // the vanthu extensions come after so an edXML reader that stops early still gets the core.
  const doc = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    Status: {
      '@_xmlns': EDXML_NS,
      ResponseFor: {
        OrganId: s.responseFor.organId,
        Code: s.responseFor.code,
        PromulgationDate: opt(s.responseFor.promulgationDate),
        DocumentId: opt(s.responseFor.documentId),
      },
      From: { OrganId: s.from.organId, OrganName: opt(s.from.organName), Email: opt(s.from.email) },
      StatusCode: s.statusCode,
      Description: opt(s.description),
      Timestamp: s.timestamp,
      ArrivalNumber: opt(s.arrivalNumber),
      ReceiptTime: opt(s.receiptTime),
      OriginalMessageId: opt(s.originalMessageId),
    },
  };
  return builder.build(doc) as string;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false, // "03" must stay "03"
  trimValues: true,
  processEntities: true,
  // Numeric character references (XML 1.0 4.1) are decoded only with this option (HTML names
  // such as &nbsp; come with it, harmlessly). With `false` the parser left "&#224;" as written,
  // so a peer whose serializer writes ASCII ("S&#7903; T&#224;i ch&#237;nh") was read wrong
  // (found by fuzzing).
  htmlEntities: true,
});

/** Largest Status read: one is a few hundred bytes; parsing cost grows with size (200 KB of
 *  nested elements took 1.4 s), and the part comes from anyone who can send mail. */
export const STATUS_MAX_BYTES = 65_536;

// Elements are optional strings when present; empty elements come back as ''.
const text = z.string();
const optText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? null : v.trim()));
const organ = z.object({ OrganId: text, OrganName: optText, Email: optText }).loose();
const statusSchema = z
  .object({
    ResponseFor: z.object({ OrganId: text, Code: text, PromulgationDate: optText, DocumentId: optText }).loose(),
    From: organ,
    StatusCode: z.string().regex(/^\d{2}$/, 'StatusCode must be two digits'),
    Description: optText,
    Timestamp: text,
    ArrivalNumber: optText,
    ReceiptTime: optText,
    OriginalMessageId: optText,
  })
  .loose();

/** Parse a Status document. Throws StatusXmlError with a readable reason when it is not one. */
export function parseStatusXml(xml: string | Buffer): VanThuStatus {
  if (xml.length > STATUS_MAX_BYTES) throw new StatusXmlError(`a Status of ${xml.length} bytes is larger than the ${STATUS_MAX_BYTES} bytes read`);
  const src = typeof xml === 'string' ? xml : xml.toString('utf8');
  let tree: Record<string, unknown>;
  try {
    tree = parser.parse(src, true) as Record<string, unknown>;
  } catch (err) {
    throw new StatusXmlError(`not well-formed XML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const root = tree.Status;
  if (root === undefined) throw new StatusXmlError('root element is not Status');
  // removeNSPrefix drops xmlns attributes, so the namespace is checked on the source text.
  if (!src.includes(EDXML_NS)) throw new StatusXmlError(`Status is not in the edXML namespace ${EDXML_NS}`);
  const r = statusSchema.safeParse(root);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new StatusXmlError(`invalid Status: ${issue ? `${issue.path.join('/') || 'Status'}: ${issue.message}` : 'unknown'}`);
  }
  const v = r.data;
  return normalizeStatus({
    responseFor: {
      organId: v.ResponseFor.OrganId,
      code: v.ResponseFor.Code,
      promulgationDate: v.ResponseFor.PromulgationDate,
      documentId: v.ResponseFor.DocumentId,
    },
    from: { organId: v.From.OrganId, organName: v.From.OrganName, email: v.From.Email },
    statusCode: v.StatusCode,
    description: v.Description,
    timestamp: v.Timestamp,
    arrivalNumber: v.ArrivalNumber,
    receiptTime: v.ReceiptTime,
    originalMessageId: v.OriginalMessageId,
  });
}

/** parseStatusXml without the throw, for callers that must never fail (classification). */
export function safeParseStatusXml(xml: string | Buffer): { ok: true; status: VanThuStatus } | { ok: false; error: string } {
  try {
    return { ok: true, status: parseStatusXml(xml) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
