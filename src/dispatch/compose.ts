// One recipient's copy of an outgoing document, as nodemailer options. Pure: the caller supplies
// the file bytes. Every copy carries what lets its receipts find it again:
//   - MAIL FROM = the agency mailbox that is polled, so DSNs come back where we read them;
//   - DSN ENVID = the delivery id, NOTIFY=SUCCESS,FAILURE,DELAY, RET=HDRS (headers come back);
//   - Message-ID encodes the delivery id; X-VanThu-Delivery repeats it in the returned headers;
//   - Disposition-Notification-To asks for a read receipt (MDN);
//   - an edXML envelope (QCVN 102:2016) beside the document, so a peer reads the metadata exactly.
import { buildEdxml, emptyMetadata, type DocumentMetadata } from '../extract/index.js';

export interface ComposeFile {
  filename: string;
  contentType: string;
  content: Buffer;
  kind?: string | null;
}

export interface ComposeInput {
  instanceId: string;
  from: { address: string; agency: { code: string; name: string } };
  /** The recipient's agency when the directory knows its address (named in the edXML envelope). */
  peer: { code: string; name: string } | null;
  to: string;
  envid: string;
  messageId: string;
  subject: string;
  codeRaw: string | null;
  metadata: Partial<DocumentMetadata>;
  files: ComposeFile[];
  date?: Date;
}

export interface ComposedMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  messageId: string;
  date: Date;
  headers: Record<string, string>;
  envelope: { from: string; to: string[] };
  dsn: { id: string; return: 'headers'; notify: string[]; recipient: string };
  attachments: Array<{ filename: string; content: Buffer; contentType: string; cid?: string }>;
}

export function composeDelivery(i: ComposeInput): ComposedMail {
  const docs = i.files.filter((f) => f.kind !== 'edxml');
  const cid = (n: number) => `doc${n}.${i.envid}@vanthu`;
  const md: DocumentMetadata = { ...emptyMetadata(), ...i.metadata, evidence: {} };
  const peer = i.peer;
  const edxml = buildEdxml(md, {
    organId: i.from.agency.code,
    to: peer ? [{ organId: peer.code, organName: peer.name }] : [],
    attachments: docs.map((f, n) => ({ contentId: cid(n), name: f.filename, contentType: f.contentType })),
  });
  const doc = i.codeRaw ? `văn bản số ${i.codeRaw}` : 'văn bản';
  const text =
    `Kính gửi: ${peer?.name ?? i.to}\n\n` +
    `${i.from.agency.name} gửi ${doc}${md.subject ? ` (${md.subject})` : ''} kèm theo thư này.\n` +
    `Đề nghị quý cơ quan tiếp nhận và gửi hồi báo.\n\n` +
    `Thư được gửi từ hệ thống văn thư điện tử; thông tin văn bản (edXML) đính kèm tệp edxml.xml.`;
  return {
    from: { name: i.from.agency.name, address: i.from.address },
    to: i.to,
    subject: i.subject,
    text,
    messageId: i.messageId,
    date: i.date ?? new Date(),
    headers: {
      'X-VanThu-Instance': i.instanceId,
      'X-VanThu-Delivery': i.envid,
      'Disposition-Notification-To': i.from.address,
    },
    envelope: { from: i.from.address, to: [i.to] },
    dsn: { id: i.envid, return: 'headers', notify: ['success', 'failure', 'delay'], recipient: i.to },
    attachments: [
      ...docs.map((f, n) => ({ filename: f.filename, content: f.content, contentType: f.contentType, cid: cid(n) })),
      { filename: 'edxml.xml', content: Buffer.from(edxml, 'utf8'), contentType: 'application/xml' },
    ],
  };
}

/** The subject line: the clerk's, or "<Type> số <number/notation> <abstract>". */
export function defaultSubject(codeRaw: string | null, md: Partial<DocumentMetadata>): string {
  const parts = [md.typeName ?? 'Văn bản', codeRaw ? `số ${codeRaw}` : null, md.subject ?? null].filter(Boolean);
  return parts.join(' ');
}
