// What the console shows, in Vietnamese: roles, states, urgency, dates, and a signature report in
// plain words. Pure.
import type { Role } from '../access/roles.js';
import { formatInstant, vnDay } from '../calendar/index.js';

export const ROLE_VI: Record<Role, string> = { admin: 'Quản trị hệ thống', clerk: 'Văn thư', leader: 'Lãnh đạo', reader: 'Người xem' };

export const ENTRY_STATE_VI: Record<string, string> = {
  pending: 'Chưa chuyển',
  forwarded: 'Đã chuyển',
  duplicate: 'Có thể trùng',
  unchecked: 'Chưa kiểm tra được độ mật',
  overdue: 'Quá hạn giải quyết',
};

export const DELIVERY_STATE_VI: Record<string, string> = {
  queued: 'Chờ gửi',
  sending: 'Đang gửi',
  'in-doubt': 'Chưa rõ (chờ xác nhận)',
  accepted: 'Máy chủ thư đã nhận',
  delayed: 'Chậm chuyển',
  relayed: 'Đã chuyển tiếp',
  delivered: 'Đã đến hộp thư',
  failed: 'Thất bại',
  displayed: 'Đã đọc',
  received: 'Nơi nhận đã nhận',
  registered: 'Nơi nhận đã vào sổ',
  refused: 'Nơi nhận từ chối',
};

export const OUTGOING_STATE_VI: Record<string, string> = { sending: 'Đang gửi', sent: 'Đã gửi', 'partly-failed': 'Gửi lỗi một phần', failed: 'Gửi thất bại' };

export const MESSAGE_STATE_VI: Record<string, string> = {
  stored: 'Đã lưu',
  classified: 'Đã phân loại',
  ready: 'Chờ vào sổ',
  registered: 'Đã vào sổ',
  refused: 'Từ chối',
  quarantined: 'Bị giữ lại',
  handled: 'Đã xử lý',
  ignored: 'Không phải văn bản',
  failed: 'Lỗi',
};

export const MAILBOX_STATE_VI: Record<string, string> = {
  connecting: 'Đang kết nối',
  watching: 'Đang theo dõi',
  polling: 'Đang kiểm tra định kỳ',
  backoff: 'Tạm thử lại',
  error: 'Lỗi — cần quản trị',
  stopped: 'Đã dừng',
};

/** Most urgent first: Hỏa tốc, Thượng khẩn, Khẩn, then ordinary. */
export function urgencyRank(u: string | null | undefined): number {
  return u === 'Hỏa tốc' ? 0 : u === 'Thượng khẩn' ? 1 : u === 'Khẩn' ? 2 : 3;
}

export function vnDateTime(d: Date | string | null | undefined): string {
  if (!d) return '';
  const s = formatInstant(new Date(d), 420);
  return `${s.slice(11, 16)} ${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
}

export function vnDate(d: Date | string | null | undefined): string {
  if (!d) return '';
  if (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)) return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  const s = formatInstant(new Date(d), 420);
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
}

/** Today's date in Vietnam (YYYY-MM-DD). */
export function vnToday(now = new Date()): string {
  return vnDay(now);
}

interface SignatureLike {
  signer?: { commonName?: string | null; organization?: string | null } | null;
  signerName?: string | null;
  signingTime?: string | Date | null;
  indication?: string;
  subIndication?: string | null;
  reasonVi?: string | null;
  verdictVi?: string | null;
}

interface FileReportLike {
  file?: string | null;
  overall?: { indication?: string; subIndication?: string | null; verdictVi?: string | null };
  signatures?: SignatureLike[];
}

export interface SignatureLine {
  file: string;
  who: string;
  when: string;
  valid: boolean;
  text: string;
}

/** A document's signature reports in plain Vietnamese: who signed, when, valid or why not. */
export function signaturesVi(reports: unknown): SignatureLine[] {
  const out: SignatureLine[] = [];
  for (const r of (Array.isArray(reports) ? reports : []) as FileReportLike[]) {
    for (const s of r.signatures ?? []) {
      const valid = s.indication === 'TOTAL-PASSED' || s.indication === 'PASSED';
      const who = s.signer?.commonName ?? s.signerName ?? 'không rõ người ký';
      const org = s.signer?.organization ? ` (${s.signer.organization})` : '';
      out.push({
        file: r.file ?? 'thư',
        who: `${who}${org}`,
        when: s.signingTime ? vnDateTime(s.signingTime) : '',
        valid,
        text: s.verdictVi ?? s.reasonVi ?? (valid ? 'Chữ ký hợp lệ.' : `Chữ ký không hợp lệ (${s.indication ?? '?'}${s.subIndication ? `: ${s.subIndication}` : ''}).`),
      });
    }
  }
  return out;
}

interface RowLike {
  receiptTime: Date | string;
  issuedDate: string | null;
  forwardedAt: Date | string | null;
  note: string | null;
  duplicateOfNumber: string | null;
  source: string;
}

/** A register row with the book's display values (dates as dd/mm/yyyy, Ghi chú composed). */
export function rowView<T extends RowLike>(r: T, showAgency = false): T & { receiptDate: string; issuedDateVi: string; forwardedVi: string; noteVi: string; showAgency: boolean } {
  const notes = [r.note, r.source === 'paper' ? 'Văn bản giấy' : null, r.duplicateOfNumber ? `Có thể trùng văn bản đến số ${r.duplicateOfNumber}` : null].filter(Boolean);
  return { ...r, receiptDate: vnDateTime(r.receiptTime), issuedDateVi: vnDate(r.issuedDate), forwardedVi: vnDate(r.forwardedAt), noteVi: notes.join('; '), showAgency };
}

/** The fields a clerk may edit, as the form names them. */
export const EDIT_LABELS_VI: Record<string, string> = {
  organName: 'Tác giả (cơ quan ban hành)',
  codeNumber: 'Số văn bản',
  codeNotation: 'Ký hiệu văn bản',
  typeName: 'Tên loại văn bản',
  issuedDate: 'Ngày tháng văn bản (YYYY-MM-DD)',
  place: 'Địa danh',
  subject: 'Trích yếu nội dung',
  urgency: 'Mức độ khẩn (Khẩn, Thượng khẩn, Hỏa tốc)',
  pageCount: 'Số tờ',
  'signer.authority': 'Thẩm quyền ký (TM., KT., TL., TUQ., Q.)',
  'signer.position': 'Chức vụ người ký',
  'signer.fullName': 'Họ tên người ký',
  recipients: 'Nơi nhận của văn bản (cách nhau bởi ;)',
  recipientUnit: 'Đơn vị hoặc người nhận',
  forwardedAt: 'Ngày chuyển (YYYY-MM-DD)',
  note: 'Ghi chú',
  fileCode: 'Mã hồ sơ',
  distributionNote: 'Ý kiến phân phối',
  deadline: 'Thời hạn giải quyết (YYYY-MM-DD)',
};

/** Where a value came from, for the clerk. */
export const SOURCE_VI: Record<string, string> = {
  register: 'hệ thống đăng ký',
  'mail system': 'máy chủ thư',
  clerk: 'văn thư nhập',
  email: 'thư điện tử',
  edxml: 'gói edXML',
  text: 'nội dung văn bản',
  ocr: 'nhận dạng ảnh',
  policy: 'chính sách',
  message: 'thư điện tử',
  subject: 'tiêu đề thư',
  filename: 'tên tệp',
};

export const ACK_STATE_VI: Record<string, string> = {
  pending: 'Đang chờ gửi',
  sent: 'Đã gửi',
  failed: 'Gửi lỗi',
  'not-sent': 'Không gửi (văn bản giấy)',
  suppressed: 'Không gửi (thư tự động hoặc danh sách)',
};

export const EVENT_VI: Record<string, string> = {
  queued: 'Vào hàng đợi gửi',
  attempt: 'Bắt đầu gửi',
  accepted: 'Máy chủ thư nhận',
  deferred: 'Máy chủ tạm từ chối, sẽ gửi lại',
  rejected: 'Máy chủ từ chối',
  'gave-up': 'Ngừng gửi (quá số lần thử)',
  'in-doubt': 'Chưa rõ kết quả',
  resend: 'Gửi lại',
  'dsn-delayed': 'Báo chậm chuyển',
  'dsn-relayed': 'Báo đã chuyển tiếp',
  'dsn-delivered': 'Báo đã đến hộp thư',
  'dsn-failed': 'Báo không chuyển được',
  'mdn-displayed': 'Báo đã đọc',
  'ack-received': 'Nơi nhận báo đã nhận',
  'ack-registered': 'Nơi nhận báo đã vào sổ',
  'ack-refused': 'Nơi nhận từ chối',
  'ack-other': 'Nơi nhận báo tình trạng khác',
  'mdn-other': 'Báo nhận thư khác',
  feedback: 'Báo thư rác / khiếu nại',
};

/** Why a receipt time was moved (calendar/receipt.ts says it in English), for the clerk. */
export function receiptReasonVi(reason: string | null | undefined): string | null {
  if (!reason) return null;
  const fixed: Record<string, string> = {
    'before office hours': 'đến trước giờ làm việc',
    'after office hours': 'đến sau giờ làm việc',
    'lunch break': 'đến giờ nghỉ trưa',
    'break between office-hours periods': 'đến giờ nghỉ giữa ca',
    weekend: 'đến ngày nghỉ cuối tuần',
  };
  if (fixed[reason]) return fixed[reason]!;
  const m = /^(public holiday|make-up day off|day off \(notice\)): (.*)$/.exec(reason);
  if (m) return `${m[1] === 'public holiday' ? 'đến ngày lễ' : m[1] === 'make-up day off' ? 'đến ngày nghỉ bù' : 'đến ngày nghỉ theo thông báo'}: ${m[2]}`;
  return reason;
}

/** A dispatch warning (English in the record, for integrators) as the clerk reads it. */
export function warningVi(w: string): string {
  const m = /^the document reads number (\S+), registered as (\d+)$/.exec(w);
  if (m) return `Văn bản ghi số ${m[1]}, nhưng được vào sổ văn bản đi số ${m[2]}: kiểm tra lại số trên văn bản.`;
  const f = /^(.+?): ([A-Z_]+) (.*)$/.exec(w);
  if (f) return `Không đọc được nội dung tệp ${f[1]} (${f[2]}) để kiểm tra độ mật và số, ký hiệu.`;
  return w;
}
