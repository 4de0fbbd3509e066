// edXML (QCVN 102:2016/BTTTT) MessageHeader <-> DocumentMetadata. When a peer attaches an edXML
// envelope its fields are authoritative (they were typed by the sending clerk), so they win over
// anything recognised in the text. Element names follow the standard; prefixes are ignored on
// reading (senders use "edXML:" or a default namespace).
import { XMLParser } from 'fast-xml-parser';
import type { DocumentMetadata, FieldEvidence, SignerAuthority, Urgency } from './types.js';
import { emptyMetadata } from './types.js';
import { parseDateText } from './fields/date.js';
import { canonicalNumber } from './fields/code.js';
import { TITLES } from './fields/doctypes.js';
import { fold } from './text/fold.js';

export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

type X = Record<string, unknown>;

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  // Numeric character references (XML 1.0 4.1) are decoded only with this option (HTML names
  // come with it, harmlessly): without it "&#224;" from a serializer that writes ASCII stayed in
  // the organ's name as written (found by fuzzing).
  htmlEntities: true,
  isArray: (name) => name === 'Place' || name === 'To',
});

function find(node: unknown, name: string, depth = 0): X | null {
  if (!node || typeof node !== 'object' || depth > 8) return null;
  const o = node as X;
  if (name in o && o[name] && typeof o[name] === 'object') return o[name] as X;
  for (const v of Object.values(o)) {
    const r = find(Array.isArray(v) ? v[0] : v, name, depth + 1);
    if (r) return r;
  }
  return null;
}

function str(v: unknown): string | null {
  if (Array.isArray(v)) v = v[0];
  if (v === undefined || v === null || typeof v === 'object') return null;
  const s = String(v).trim();
  return s && s !== 'N/A' ? s : null;
}

const PRIORITY: Record<string, Urgency | null> = { '0': null, '1': 'Khẩn', '2': 'Thượng khẩn', '3': 'Hỏa tốc', '4': 'Hỏa tốc' };
const PRIORITY_OUT: Record<Urgency, string> = { Khẩn: '1', 'Thượng khẩn': '2', 'Hỏa tốc': '3' };

function authorityOf(s: string | null): SignerAuthority | null {
  if (!s) return null;
  const f = fold(s);
  if (/^tm\b|thay mat/.test(f)) return 'TM.';
  if (/^kt\b|ky thay/.test(f)) return 'KT.';
  if (/^tuq\b|thua uy quyen/.test(f)) return 'TUQ.';
  if (/^tl\b|thua lenh/.test(f)) return 'TL.';
  if (/^q\b|^quyen\b/.test(f)) return 'Q.';
  return null;
}

function canonicalType(s: string | null): string | null {
  if (!s) return null;
  const f = fold(s).trim();
  return TITLES.find((t) => t.fold === f)?.name ?? s;
}

/** The MessageHeader of an edXML document, or null when the XML is unreadable or has none. */
function messageHeader(xml: string | Uint8Array): X | null {
  const text = typeof xml === 'string' ? xml : Buffer.from(xml).toString('utf8');
  if (!text.includes(EDXML_NS) && !/MessageHeader/.test(text)) return null;
  try {
    return find(parser.parse(text), 'MessageHeader') ?? null;
  } catch {
    return null;
  }
}

/** Metadata from an edXML document, or null when the XML holds no edXML MessageHeader. */
export function parseEdxml(xml: string | Uint8Array): DocumentMetadata | null {
  const h = messageHeader(xml);
  if (!h) return null;
  const md = emptyMetadata();
  const e = (t: string | null): FieldEvidence => ({ text: t ?? '', confidence: 1, source: 'edxml' });
  const from = find(h, 'From') ?? (Array.isArray(h.From) ? (h.From[0] as X) : null);
  md.organName = str(from?.OrganName);
  md.parentOrganName = str(from?.OrganizationInCharge);
  if (md.parentOrganName && md.parentOrganName === md.organName) md.parentOrganName = null;
  const code = find(h, 'Code');
  const num = str(code?.CodeNumber);
  md.codeNumber = num && /^\d+$/.test(num) ? canonicalNumber(num) : num;
  md.codeNotation = str(code?.CodeNotation);
  md.codeRaw = num && md.codeNotation ? `${num}/${md.codeNotation}` : null;
  const prom = find(h, 'PromulgationInfo');
  md.place = str(prom?.Place);
  const date = str(prom?.PromulgationDate);
  md.issuedDate = date ? parseDateText(date) : null;
  const type = find(h, 'DocumentType');
  md.typeName = canonicalType(str(type?.TypeName));
  md.subject = str(h.Subject);
  const si = find(h, 'SignerInfo');
  if (si) {
    const signer = { authority: authorityOf(str(si.Competence)), position: str(si.Position), fullName: str(si.FullName) };
    if (signer.authority || signer.position || signer.fullName) md.signer = signer;
  }
  const tp = find(h, 'ToPlaces');
  const places = (Array.isArray(tp?.Place) ? tp.Place : []).map(str).filter((s): s is string => !!s);
  md.recipients = places.length ? places : null;
  const oi = find(h, 'OtherInfo');
  const pr = str(oi?.Priority);
  md.urgency = pr !== null ? (PRIORITY[pr] ?? null) : null;
  const pages = str(oi?.PageAmount);
  md.pageCount = pages && /^\d+$/.test(pages) && +pages > 0 ? +pages : null;

  md.evidence = {};
  const pairs: Array<[keyof DocumentMetadata & keyof typeof md.evidence, string | null, unknown]> = [
    ['organName', 'From/OrganName', md.organName],
    ['parentOrganName', 'From/OrganizationInCharge', md.parentOrganName],
    ['codeNumber', 'Code/CodeNumber', md.codeNumber],
    ['codeNotation', 'Code/CodeNotation', md.codeNotation],
    ['issuedDate', 'PromulgationInfo/PromulgationDate', md.issuedDate],
    ['place', 'PromulgationInfo/Place', md.place],
    ['typeName', 'DocumentType/TypeName', md.typeName],
    ['subject', 'Subject', md.subject],
    ['signer', 'SignerInfo', md.signer],
    ['recipients', 'ToPlaces/Place', md.recipients],
    ['urgency', 'OtherInfo/Priority', md.urgency],
    ['pageCount', 'OtherInfo/PageAmount', md.pageCount],
  ];
  for (const [k, path, v] of pairs) if (v !== null) md.evidence[k] = e(`edXML ${path}`);
  return md;
}

/** What an edXML envelope says about the exchange itself, beyond the document's metadata. */
export interface EdxmlEnvelope {
  /** The sender's organ identifier (From/OrganId), e.g. 000.00.00.H41. */
  fromOrganId: string | null;
  /** DocumentId `OrganId,YYYY/MM/DD,number/notation`, echoed in the acknowledgement's ResponseFor. */
  documentId: string | null;
  /** DueDate (thời hạn giải quyết) as an ISO date. */
  dueDate: string | null;
  /** The organs the sending service addressed this copy to (MessageHeader/To); empty when none. */
  receivers: EdxmlOrgan[];
}

/** From/OrganId, DocumentId, DueDate and To of an edXML envelope (nulls, [] when absent). */
export function parseEdxmlEnvelope(xml: string | Uint8Array): EdxmlEnvelope {
  const h = messageHeader(xml);
  const from = h ? (find(h, 'From') ?? (Array.isArray(h.From) ? (h.From[0] as X) : null)) : null;
  const due = str(h?.DueDate);
  const to = h && Array.isArray(h.To) ? (h.To as X[]) : [];
  return {
    fromOrganId: str(from?.OrganId),
    documentId: str(h?.DocumentId),
    dueDate: due ? parseDateText(due) : null,
    receivers: to.map((t) => ({ organId: str(t?.OrganId), organName: str(t?.OrganName) })).filter((o) => o.organId || o.organName),
  };
}

/** An organ named in the envelope's To: who the sending service addressed this copy to. */
export interface EdxmlOrgan {
  organId: string | null;
  organName: string | null;
}

/** The receivers (MessageHeader/To) of an edXML envelope; empty when it names none. */
export function parseEdxmlReceivers(xml: string | Uint8Array): EdxmlOrgan[] {
  return parseEdxmlEnvelope(xml).receivers;
}

export interface EdxmlBuildOptions {
  /** Sender's organ code (OrganId) for From and DocumentId. */
  organId?: string;
  /** Receivers (To); ToPlaces lists the metadata's recipients. */
  to?: Array<{ organId?: string; organName: string }>;
  /** Attachments referenced from the manifest by content id (cid:). */
  attachments?: Array<{ contentId: string; name: string; contentType: string; description?: string }>;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function el(name: string, value: string | number | null | undefined, indent: string): string {
  return value === null || value === undefined || value === '' ? '' : `${indent}<edXML:${name}>${esc(String(value))}</edXML:${name}>\n`;
}

/** The edXML envelope of an outgoing document (MessageHeader + manifest). Empty fields are left
 *  out rather than filled with placeholders, so a peer never reads an invented value. */
export function buildEdxml(md: DocumentMetadata, opts: EdxmlBuildOptions = {}): string {
  const i3 = '        ';
  const i4 = i3 + '  ';
  let h = '';
  h += `${i3}<edXML:From>\n${el('OrganId', opts.organId, i4)}${el('OrganizationInCharge', md.parentOrganName, i4)}${el('OrganName', md.organName, i4)}${i3}</edXML:From>\n`;
  for (const t of opts.to ?? []) h += `${i3}<edXML:To>\n${el('OrganId', t.organId, i4)}${el('OrganName', t.organName, i4)}${i3}</edXML:To>\n`;
  const date = md.issuedDate ? md.issuedDate.replace(/-/g, '/') : null;
  if (opts.organId && date && md.codeNumber && md.codeNotation) h += el('DocumentId', `${opts.organId},${date},${md.codeNumber}/${md.codeNotation}`, i3);
  if (md.codeNumber || md.codeNotation) h += `${i3}<edXML:Code>\n${el('CodeNumber', md.codeNumber, i4)}${el('CodeNotation', md.codeNotation, i4)}${i3}</edXML:Code>\n`;
  if (md.place || date) h += `${i3}<edXML:PromulgationInfo>\n${el('Place', md.place, i4)}${el('PromulgationDate', date, i4)}${i3}</edXML:PromulgationInfo>\n`;
  if (md.typeName) h += `${i3}<edXML:DocumentType>\n${el('TypeName', md.typeName, i4)}${i3}</edXML:DocumentType>\n`;
  h += el('Subject', md.subject, i3);
  if (md.signer) h += `${i3}<edXML:SignerInfo>\n${el('Competence', md.signer.authority, i4)}${el('Position', md.signer.position, i4)}${el('FullName', md.signer.fullName, i4)}${i3}</edXML:SignerInfo>\n`;
  if (md.recipients?.length) h += `${i3}<edXML:ToPlaces>\n${md.recipients.map((r) => el('Place', r, i4)).join('')}${i3}</edXML:ToPlaces>\n`;
  h += `${i3}<edXML:OtherInfo>\n${el('Priority', md.urgency ? PRIORITY_OUT[md.urgency] : '0', i4)}${el('PageAmount', md.pageCount, i4)}${i3}</edXML:OtherInfo>\n`;
  const refs = (opts.attachments ?? [])
    .map(
      (a) =>
        `        <edXML:Reference xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="cid:${esc(a.contentId)}" xlink:type="simple">\n` +
        `${el('Description', a.description ?? a.name, '          ')}${el('AttachmentName', a.name, '          ')}${el('ContentType', a.contentType, '          ')}` +
        `        </edXML:Reference>\n`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<edXML xmlns="${EDXML_NS}">\n` +
    `  <edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}">\n` +
    `    <edXML:edXMLHeader>\n      <edXML:MessageHeader>\n${h.replace(/^ {8}/gm, '        ')}      </edXML:MessageHeader>\n    </edXML:edXMLHeader>\n` +
    `    <edXML:edXMLBody>\n      <edXML:edXMLManifest version="1.0">\n${refs}      </edXML:edXMLManifest>\n    </edXML:edXMLBody>\n` +
    `  </edXML:edXMLEnvelope>\n</edXML>\n`
  );
}
