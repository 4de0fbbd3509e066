// The incoming register book (sổ đăng ký văn bản đến) with the Decree 30 Appendix IV.VI columns,
// as rows ready for CSV or XLSX. Pure: entries in, rows out.
import { formatInstant } from '../calendar/index.js';

export const INCOMING_COLUMNS = [
  'Ngày đến',
  'Số đến',
  'Tác giả',
  'Số, ký hiệu văn bản',
  'Ngày tháng văn bản',
  'Tên loại và trích yếu nội dung',
  'Đơn vị hoặc người nhận',
  'Ngày chuyển',
  'Ký nhận',
  'Ghi chú',
] as const;

export interface BookEntry {
  arrivalNumber: number;
  receiptTime: Date;
  receiptAdjusted?: boolean;
  source?: string;
  metadata?: Record<string, unknown> | null;
  recipientUnit?: string | null;
  forwardedAt?: Date | null;
  signedFor?: string | null;
  note?: string | null;
  duplicateOf?: string | null;
  duplicateOfNumber?: string | null;
  sender?: string | null;
}

/** The heading printed above a register book. */
export function bookTitle(book: 'incoming' | 'outgoing', year: number, agencyName: string): string {
  return `SỔ ĐĂNG KÝ VĂN BẢN ${book === 'outgoing' ? 'ĐI' : 'ĐẾN'} NĂM ${year} — ${agencyName}`;
}

/** dd/mm/yyyy in Vietnam time, the way registers are written. */
export function vnDate(d: Date | null | undefined): string {
  if (!d) return '';
  const s = formatInstant(new Date(d), 420);
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
}

/** A YYYY-MM-DD date as registers write it (dd/mm/yyyy); '' for anything else. */
export function isoToVn(iso: unknown): string {
  return typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '';
}

export function incomingRow(e: BookEntry): string[] {
  const md = (e.metadata ?? {}) as Record<string, unknown>;
  const code = (md.codeRaw as string) || (md.codeNumber && md.codeNotation ? `${md.codeNumber}/${md.codeNotation}` : '');
  const typeAndSubject = [md.typeName, md.subject].filter(Boolean).join(' ');
  const notes = [
    e.note,
    e.source === 'paper' ? 'Văn bản giấy' : null,
    e.duplicateOf ? `Có thể trùng văn bản đã vào sổ${e.duplicateOfNumber ? ` (số đến ${e.duplicateOfNumber})` : ''}` : null,
    md.urgency ? `Độ khẩn: ${md.urgency}` : null,
  ].filter(Boolean);
  return [
    vnDate(e.receiptTime),
    String(e.arrivalNumber),
    String(md.organName ?? e.sender ?? ''),
    code,
    isoToVn(md.issuedDate),
    typeAndSubject,
    e.recipientUnit ?? '',
    vnDate(e.forwardedAt ?? null),
    e.signedFor ?? '',
    notes.join('; '),
  ];
}

/**
 * A cell a spreadsheet program would run as a formula (=, +, -, @, or a tab or carriage return
 * before one) gets a leading apostrophe, so it is shown as text (OWASP "CSV injection"): the organ,
 * subject and sender come from whoever sent the mail, e.g. `=HYPERLINK("http://…","Bấm vào đây")`.
 */
export function neutralizeCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export function toCsv(header: readonly string[], rows: string[][]): string {
  const cell = (raw: string) => {
    const v = neutralizeCell(raw);
    return /[",\n\r;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  // A BOM so that spreadsheet programs read the Vietnamese text as UTF-8.
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
