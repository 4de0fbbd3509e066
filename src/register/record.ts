// One register entry as the record Decision 36 Art. 11.4b asks for: every field, in the order of
// the article, with where its value came from (extraction, edXML, the email, or the clerk). Pure.
import { formatInstant } from '../calendar/index.js';

export interface RecordField {
  key: string;
  /** The Vietnamese name of the field, as in Art. 11.4b. */
  label: string;
  value: string | null;
  source: string | null;
}

export interface EntryRecord {
  agencyCode: string;
  year: number;
  arrivalNumber: number;
  fields: RecordField[];
}

interface EntryLike {
  agencyCode: string;
  year: number;
  arrivalNumber: number;
  source: string;
  arrivalInstant: Date;
  receiptTime: Date;
  receiptReason?: string | null;
  metadata?: Record<string, unknown> | null;
  fieldSources?: Record<string, string> | null;
  attachments?: { filename?: string | null }[] | null;
  fileCode?: string | null;
  distributionNote?: string | null;
  deadline?: string | null;
  recipientUnit?: string | null;
  forwardedAt?: Date | null;
  note?: string | null;
  sender?: string | null;
  duplicateOfNumber?: string | null;
  /** Its text (or one of its files) could not be read, so its secrecy was not checked. */
  unreadable?: boolean | null;
}

/** "Mức độ mật" of an entry whose secrecy was not checked (a file could not be read). */
export const SECRECY_UNCHECKED = 'chưa xác định';

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
const vnTime = (d: Date) => formatInstant(new Date(d), 420);

export function entryRecord(e: EntryLike): EntryRecord {
  const md = e.metadata ?? {};
  const src = e.fieldSources ?? {};
  const signer = md.signer as { authority?: string | null; position?: string | null; fullName?: string | null } | null | undefined;
  const field = (key: string, label: string, value: unknown, source: string | null = src[key] ?? null): RecordField => ({ key, label, value: str(value), source: str(value) === null ? null : source });
  const clerkOrNull = (key: string) => (src[key] === 'clerk' ? 'clerk' : null);
  const code = str(md.codeRaw) ?? (md.codeNumber && md.codeNotation ? `${String(md.codeNumber)}/${String(md.codeNotation)}` : null);
  return {
    agencyCode: e.agencyCode,
    year: e.year,
    arrivalNumber: e.arrivalNumber,
    fields: [
      field('arrivalNumber', 'Số đến', e.arrivalNumber, 'register'),
      field('receiptTime', 'Ngày đến (thời điểm tiếp nhận)', `${vnTime(e.receiptTime)}${e.receiptReason ? ` (${e.receiptReason}; thư đến lúc ${vnTime(e.arrivalInstant)})` : ''}`, e.source === 'paper' ? 'clerk' : 'mail system'),
      field('organName', 'Tác giả (cơ quan ban hành)', md.organName ?? null),
      field('code', 'Số và ký hiệu văn bản', code, src.codeNumber ?? src.codeNotation ?? null),
      field('issuedDate', 'Ngày tháng văn bản', md.issuedDate ?? null),
      field('typeName', 'Tên loại văn bản', md.typeName ?? null),
      field('subject', 'Trích yếu nội dung', md.subject ?? null),
      field('fileCode', 'Mã hồ sơ', e.fileCode ?? null, clerkOrNull('fileCode')),
      // Secret documents never enter this register (they are quarantined): an entry is "Không mật"
      // when its files were read and carry no stamp, "chưa xác định" when one could not be read
      // (the Ghi chú says why; a clerk who released it from quarantine has looked, and it is read).
      field('secrecy', 'Mức độ mật', e.unreadable ? SECRECY_UNCHECKED : 'Không mật', 'policy'),
      field('urgency', 'Mức độ khẩn', md.urgency ?? 'Thường'),
      field('pageCount', 'Số tờ', md.pageCount ?? null),
      field('distributionNote', 'Ý kiến phân phối', e.distributionNote ?? null, clerkOrNull('distributionNote')),
      field('deadline', 'Thời hạn giải quyết', e.deadline ?? null, src.deadline ?? null),
      field('attachments', 'File văn bản đến đính kèm', (e.attachments ?? []).map((a) => a.filename).filter(Boolean).join('; ') || null, e.source === 'email' ? 'email' : null),
      field('signer', 'Người ký', signer ? [signer.authority, signer.position, signer.fullName].filter(Boolean).join(' ') || null : null),
      field('place', 'Địa danh', md.place ?? null),
      field('recipients', 'Nơi nhận (của văn bản)', Array.isArray(md.recipients) ? (md.recipients as string[]).join('; ') : null),
      field('recipientUnit', 'Đơn vị hoặc người nhận', e.recipientUnit ?? null, clerkOrNull('recipientUnit')),
      field('forwardedAt', 'Ngày chuyển', e.forwardedAt ? vnTime(e.forwardedAt).slice(0, 10) : null, clerkOrNull('forwardedAt')),
      field('sender', 'Địa chỉ thư gửi đến', e.sender ?? null, 'email'),
      field('note', 'Ghi chú', [e.note, e.duplicateOfNumber ? `Có thể trùng văn bản đến số ${e.duplicateOfNumber}` : null].filter(Boolean).join('; ') || null, clerkOrNull('note')),
    ],
  };
}
