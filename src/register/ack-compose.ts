// The acknowledgement (hồi báo) a registered or refused document earns its sender (Decree 30
// Art. 21.2c: notify the sender the same day): a short Vietnamese text for the clerk, and an
// edXML-style Status part that a peer instance of this service reads back. Pure: builds the mail.
import { buildStatusXml, STATUS_CONTENT_TYPE, ACK_HEADER, type VanThuStatus } from '../mail/classify/index.js';
import { formatInstant } from '../calendar/index.js';
import type { DocumentMetadata } from '../extract/index.js';

export interface AckInput {
  /** 01 received, 02 refused, 03 registered; 04 assigned, 05 being processed, 06 completed (the workflow, src/workflow/peer.ts). */
  statusCode: '01' | '02' | '03' | '04' | '05' | '06';
  agency: { code: string; name: string; address: string };
  to: string;
  inReplyTo: string | null;
  references: string | null;
  metadata: Partial<DocumentMetadata>;
  /** The sender's organ id and the edXML DocumentId, when its envelope gave them. */
  senderOrganId?: string | null;
  documentId?: string | null;
  arrivalNumber: number | null;
  receiptTime: Date | null;
  reasonVi: string | null;
  reasonEn: string | null;
  messageId: string;
  instanceId: string;
  now: Date;
}

const vnTime = (d: Date) => {
  const s = formatInstant(d, 420); // 2026-11-25T08:00:00+07:00
  return `${s.slice(11, 16)} ngày ${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
};

export function codeOf(md: Partial<DocumentMetadata>): string | null {
  if (md.codeRaw) return md.codeRaw;
  if (md.codeNumber && md.codeNotation) return `${md.codeNumber}/${md.codeNotation}`;
  return null;
}

/** The handling statuses a peer service is told (edXML status codes 04–06). */
const PROGRESS: Partial<Record<AckInput['statusCode'], string>> = { '04': 'đã được phân công xử lý', '05': 'đang được xử lý', '06': 'đã xử lý xong' };

const capitalise = (t: string) => t.charAt(0).toLocaleUpperCase('vi') + t.slice(1);

export function ackText(i: AckInput): { subject: string; text: string } {
  const code = codeOf(i.metadata);
  const doc = code ? `văn bản số ${code}` : 'văn bản';
  if (i.statusCode === '02') {
    return {
      subject: `Hồi báo: không tiếp nhận ${doc}`,
      text: `${i.agency.name} không tiếp nhận ${doc}.\nLý do: ${capitalise(i.reasonVi ?? 'không rõ')}\n\nĐây là thư trả lời tự động của hệ thống văn thư điện tử; đề nghị kiểm tra và gửi lại.`,
    };
  }
  if (i.statusCode === '01') {
    return {
      subject: `Hồi báo: đã nhận ${doc}, đang chờ kiểm tra`,
      text: `${i.agency.name} đã nhận ${doc}; văn bản đang chờ văn thư kiểm tra trước khi vào sổ.\nLý do: ${capitalise(i.reasonVi ?? 'cần kiểm tra')}\n\nSẽ có hồi báo tiếp theo khi văn bản được vào sổ. Đây là thư trả lời tự động của hệ thống văn thư điện tử.`,
    };
  }
  const progress = PROGRESS[i.statusCode];
  if (progress) {
    return {
      subject: `Hồi báo: ${doc} ${progress}${i.arrivalNumber ? ` (số đến ${i.arrivalNumber})` : ''}`,
      text: `${i.agency.name} thông báo: ${doc}${i.arrivalNumber ? `, số đến ${i.arrivalNumber}` : ''}, ${progress}${i.reasonVi ? ` (${i.reasonVi})` : ''}.\n\nĐây là thư trả lời tự động của hệ thống văn thư điện tử.`,
    };
  }
  return {
    subject: `Hồi báo: đã nhận ${doc}${i.arrivalNumber ? `, số đến ${i.arrivalNumber}` : ''}`,
    text:
      `${i.agency.name} đã nhận ${doc}` +
      (i.arrivalNumber ? `, số đến ${i.arrivalNumber}` : '') +
      (i.receiptTime ? `, thời điểm tiếp nhận ${vnTime(i.receiptTime)}` : '') +
      `.\n\nĐây là thư trả lời tự động của hệ thống văn thư điện tử.`,
  };
}

export function ackStatus(i: AckInput): VanThuStatus {
  return {
    responseFor: {
      // The sender's organ identifier when its envelope named it; otherwise its name as read.
      organId: i.senderOrganId ?? i.metadata.organName ?? 'unknown',
      code: codeOf(i.metadata) ?? 'unknown',
      promulgationDate: i.metadata.issuedDate ?? null,
      documentId: i.documentId ?? null,
    },
    from: { organId: i.agency.code, organName: i.agency.name, email: i.agency.address },
    statusCode: i.statusCode,
    description: i.statusCode === '03' ? 'Đã vào sổ văn bản đến' : PROGRESS[i.statusCode] ? capitalise(PROGRESS[i.statusCode]!) : (i.reasonVi ?? i.reasonEn ?? 'Đã nhận'),
    timestamp: formatInstant(i.now, 420),
    arrivalNumber: i.arrivalNumber !== null ? String(i.arrivalNumber) : null,
    receiptTime: i.receiptTime ? formatInstant(i.receiptTime, 420) : null,
    originalMessageId: i.inReplyTo,
  };
}

export function composeAck(i: AckInput) {
  const { subject, text } = ackText(i);
  return {
    from: { name: i.agency.name, address: i.agency.address },
    to: i.to,
    subject,
    text,
    messageId: i.messageId,
    inReplyTo: i.inReplyTo ?? undefined,
    references: [i.references, i.inReplyTo].filter(Boolean).join(' ') || undefined,
    headers: { 'Auto-Submitted': 'auto-replied', [ACK_HEADER]: '1', 'X-VanThu-Instance': i.instanceId, 'X-Auto-Response-Suppress': 'All' },
    attachments: [{ filename: 'status.xml', content: buildStatusXml(ackStatus(i)), contentType: `${STATUS_CONTENT_TYPE}; charset=utf-8` }],
  };
}
