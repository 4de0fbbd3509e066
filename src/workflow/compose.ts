// The words of the workflow's mail, in Vietnamese, for leaders, units and clerks: the routing slip
// (phiếu trình, Decree 30/2020 Art. 24.1), the hand-over to a unit (chuyển giao, Art. 24.2) with
// the leader's instruction, the answer saying what was understood, the clerk's notice of a reply
// that could not be read, and the reminders. Pure: data in, subject and text out.
import { isoToVn, vnDate } from '../register/book.js';
import type { Assignment, Role } from './instruction.js';

export interface DocumentFacts {
  agencyName: string;
  arrivalNumber: number;
  year: number;
  receiptTime: Date;
  organName: string | null;
  code: string | null;
  issuedDate: string | null;
  typeName: string | null;
  subject: string | null;
  urgency: string | null;
}

export interface Named {
  code: string;
  name: string;
}

const ROLE_VI: Record<Role, string> = { lead: 'chủ trì', support: 'phối hợp', informed: 'để biết' };

export { isoToVn };

function time(d: Date): string {
  const local = new Date(d.getTime() + 7 * 3_600_000);
  return `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
}

/** "Phòng Kế hoạch - Đầu tư chủ trì; Phòng Quản lý ngân sách phối hợp". */
export function assignmentText(units: readonly Assignment[], names: readonly Named[]): string {
  return units.map((u) => `${names.find((n) => n.code === u.code)?.name ?? u.code} ${ROLE_VI[u.role]}`).join('; ');
}

function facts(d: DocumentFacts): string[] {
  return [
    `Cơ quan nhận: ${d.agencyName}`,
    `Số đến: ${d.arrivalNumber}/${d.year}     Ngày đến: ${vnDate(d.receiptTime)} ${time(d.receiptTime)}`,
    `Tác giả: ${d.organName ?? '(chưa rõ)'}`,
    `Số, ký hiệu: ${d.code ?? '(chưa rõ)'}     Ngày văn bản: ${isoToVn(d.issuedDate) || '(chưa rõ)'}`,
    `Trích yếu: ${[d.typeName, d.subject].filter(Boolean).join(' ') || '(chưa rõ)'}`,
    `Độ khẩn: ${d.urgency ?? 'Thường'}`,
  ];
}

function label(d: DocumentFacts): string {
  return `${d.arrivalNumber}/${d.year}`;
}

function short(s: string | null, n = 80): string {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

export function slipMail(d: DocumentFacts, o: { leaderName: string; leaderTitle: string; proposal: readonly Assignment[]; deadline: string | null; units: readonly Named[]; paper?: boolean }) {
  const urgent = d.urgency ? `[${d.urgency.toUpperCase()}] ` : '';
  const proposal = o.proposal.length ? assignmentText(o.proposal, o.units) : '(chưa có đề xuất: xin đồng chí cho ý kiến)';
  return {
    subject: `${urgent}[Trình] Văn bản đến số ${label(d)}: ${short(d.subject) || short(d.typeName) || 'văn bản đến'}`,
    text: [
      'PHIẾU TRÌNH VĂN BẢN ĐẾN',
      '',
      `Kính gửi: ${o.leaderTitle} ${o.leaderName}`,
      '',
      ...facts(d),
      '',
      `Đề xuất: ${proposal}`,
      `Hạn giải quyết (đề xuất): ${isoToVn(o.deadline) || 'không có'}`,
      '',
      'Xin ý kiến chỉ đạo của đồng chí. Đồng chí trả lời thư này bằng lời, ví dụ:',
      '  Đồng ý đề xuất',
      `  Chuyển ${o.units[0]?.name ?? 'Phòng …'} chủ trì${o.units[1] ? `, ${o.units[1].name} phối hợp` : ''}, hạn 20/12`,
      '  Lưu',
      '',
      `Các đơn vị, cá nhân: ${o.units.map((u) => `${u.name} (${u.code})`).join('; ') || '(chưa khai báo)'}`,
      '',
      o.paper ? 'Văn bản giấy: bản gốc lưu tại văn thư. Chỉ thư trả lời từ địa chỉ của đồng chí mới được ghi nhận.' : 'Văn bản gốc được đính kèm nguyên vẹn. Chỉ thư trả lời từ địa chỉ của đồng chí mới được ghi nhận.',
      'Thư này do hệ thống văn thư điện tử gửi.',
    ].join('\n'),
  };
}

export function handoverMail(d: DocumentFacts, o: { unitName: string; role: Role; instruction: string; by: string; deadline: string | null; others: string; signUrl?: string | null }) {
  return {
    subject: `[Chuyển giao] Văn bản đến số ${label(d)}: ${short(d.subject) || 'văn bản đến'}`,
    text: [
      `Kính gửi: ${o.unitName}`,
      '',
      `Văn bản dưới đây được chuyển đến đơn vị để ${ROLE_VI[o.role]}, theo ý kiến chỉ đạo của ${o.by}:`,
      `  "${o.instruction.replace(/\s+/g, ' ').trim()}"`,
      `Hạn giải quyết: ${isoToVn(o.deadline) || 'không ghi hạn'}`,
      o.others ? `Phân công: ${o.others}` : '',
      '',
      ...facts(d),
      '',
      'Đề nghị đơn vị trả lời thư này để ký nhận, ví dụ "Đã nhận"; khi giải quyết xong, trả lời "Đã xử lý" kèm kết quả.',
      o.signUrl ? `Hoặc ký nhận bằng một lần bấm: ${o.signUrl}` : '',
      'Văn bản gốc được đính kèm nguyên vẹn.',
    ]
      .filter((l, i, a) => l !== '' || a[i - 1] !== '')
      .join('\n'),
  };
}

export function answerMail(d: DocumentFacts, o: { understood: string; deadline: string | null }) {
  return {
    subject: `Đã ghi nhận ý kiến chỉ đạo: văn bản đến số ${label(d)}`,
    text: [
      `Hệ thống đã ghi nhận ý kiến của đồng chí về văn bản đến số ${label(d)} (${short(d.subject) || 'văn bản đến'}):`,
      '',
      `  ${o.understood}`,
      `  Hạn giải quyết: ${isoToVn(o.deadline) || 'không ghi hạn'}`,
      '',
      'Nếu chưa đúng, đồng chí trả lời thư này với ý kiến đúng; ý kiến sau thay ý kiến trước.',
    ].join('\n'),
  };
}

export function clerkNoticeMail(d: DocumentFacts, o: { from: string; reason: string; text: string }) {
  return {
    subject: `[Cần văn thư xử lý] Ý kiến về văn bản đến số ${label(d)} chưa đọc được`,
    text: [
      `Thư trả lời của ${o.from} về văn bản đến số ${label(d)} (${short(d.subject) || 'văn bản đến'}) không được hệ thống hiểu chắc chắn, nên chưa thực hiện gì.`,
      `Lý do: ${o.reason}`,
      '',
      'Nội dung thư:',
      ...o.text.split('\n').map((l) => `  ${l}`),
      '',
      'Đề nghị văn thư đọc và ghi ý kiến chỉ đạo vào sổ (lệnh "vanthu workflow instruct" hoặc trên giao diện web).',
    ].join('\n'),
  };
}

export function reminderMail(d: DocumentFacts, o: { unitName: string; deadline: string; daysLeft: number }) {
  const when = o.daysLeft > 0 ? `còn ${o.daysLeft} ngày đến hạn` : o.daysLeft === 0 ? 'đến hạn hôm nay' : `đã quá hạn ${-o.daysLeft} ngày`;
  return {
    subject: `[Nhắc hạn] Văn bản đến số ${label(d)} ${when}`,
    text: [
      `Kính gửi: ${o.unitName}`,
      '',
      `Văn bản đến số ${label(d)} (${short(d.subject) || 'văn bản đến'}) có hạn giải quyết ${isoToVn(o.deadline)}: ${when}.`,
      '',
      ...facts(d),
      '',
      'Khi giải quyết xong, đề nghị trả lời thư này "Đã xử lý" kèm kết quả.',
    ].join('\n'),
  };
}

export interface DigestRow {
  facts: DocumentFacts;
  state: string;
  deadline: string | null;
  units: string;
}

const STATE_VI: Record<string, string> = {
  waiting: 'chờ trình',
  presented: 'đã trình, chờ ý kiến',
  'needs-clerk': 'ý kiến chưa đọc được, cần văn thư',
  assigned: 'đã giao, chờ ký nhận',
  'in-progress': 'đang xử lý',
  done: 'đã xử lý xong',
  filed: 'lưu',
};

export function stateVi(state: string): string {
  return STATE_VI[state] ?? state;
}

/** The daily digest for the clerk and the leader: what is new, what is overdue, what falls due soon. */
export function digestMail(agencyName: string, day: string, o: { fresh: DigestRow[]; overdue: DigestRow[]; dueSoon: DigestRow[] }) {
  const row = (r: DigestRow) =>
    `  - Số đến ${label(r.facts)}: ${short(r.facts.subject) || 'văn bản đến'} — ${stateVi(r.state)}${r.deadline ? `, hạn ${isoToVn(r.deadline)}` : ''}${r.units ? ` — ${r.units}` : ''}`;
  const part = (title: string, rows: DigestRow[]) => [`${title} (${rows.length}):`, ...(rows.length ? rows.map(row) : ['  (không có)']), ''];
  return {
    subject: `[Tổng hợp ngày ${isoToVn(day)}] ${agencyName}: ${o.fresh.length} văn bản mới, ${o.overdue.length} quá hạn`,
    text: [
      `TỔNG HỢP VĂN BẢN ĐẾN NGÀY ${isoToVn(day)} — ${agencyName}`,
      '',
      ...part('Văn bản mới', o.fresh),
      ...part('Quá hạn giải quyết', o.overdue),
      ...part('Sắp đến hạn', o.dueSoon),
      'Thư này do hệ thống văn thư điện tử gửi mỗi ngày làm việc.',
    ].join('\n'),
  };
}

/** A reader's reason (instruction.ts, unit-reply.ts: English, for logs), in words for the clerk. */
export { readerReasonVi as reasonVi } from './reason-vi.js';
