// The six-monthly report on the use of electronic documents (Decision 36 Art. 14.1e: "báo cáo
// định kỳ 06 tháng … về tình hình triển khai sử dụng và quản lý văn bản điện tử"). Pure: the
// report service (report-service.ts) reads the records, this computes the figures and the lines
// the spreadsheet prints.
//
// Which record counts in which half-year (Vietnam time, UTC+7 all year):
//  - an incoming entry by its receipt time (Art. 9.2), as the register numbers it;
//  - a refused message by its arrival in the mailbox (IMAP INTERNALDATE, else when it was stored);
//  - a quarantined document by when it was held;
//  - an outgoing document by when it was registered for sending (its number), whatever became of
//    its deliveries; its deliveries are counted with it.
// Timings, in minutes:
//  - registration: from the instant the document entered the agency's system (`arrivalInstant`:
//    the mailbox's arrival time, or the arrival a clerk typed for paper) to the moment its entry
//    was written (`registeredAt`). Not from the receipt time: Art. 9.2 moves that to the next
//    office hours, so a document registered at night would count negative time, and Decree 30
//    Art. 22's "same day" is about how long the document waited, office hours or not.
//  - acknowledgement: from `registeredAt` to the moment the 03 (registered) went out (`ack.sentAt`).
// The handling after registration (issue 16; Decree 30/2020 Art. 24–25), counted by when each
// thing happened, whatever the document's receipt time: presented (its slip went to the leader),
// assigned (its first instruction naming units), filed ("Lưu" as the last word in the period),
// completed (on time when done on or before its deadline's day, Vietnam time), replies refused.
// Open and overdue are the state at the period's end, or now for a period not yet over (`asOf`).

import { foldHandling, isOpen, type HandlingEventRecord } from '../workflow/state.js';

export type Half = 1 | 2;

/** Where an outgoing document was asked for; "console" is the web console's. */
export const OUTGOING_CHANNELS = ['api', 'cli', 'email', 'console'] as const;

export interface ReportEntry {
  source: string;
  arrivalInstant: Date;
  receiptTime: Date;
  registeredAt?: Date | null;
  duplicateOf?: string | null;
  unreadable?: boolean | null;
  ack?: { state?: string | null; sentAt?: Date | null } | null;
}

export interface ReportInput {
  agencyCode: string;
  agencyName: string;
  year: number;
  half: Half;
  entries: ReportEntry[];
  /** Messages refused (bad signature, wrong recipient…): when each arrived. */
  refused: Array<{ internalDate?: Date | null; createdAt?: Date | null }>;
  quarantine: Array<{ kind?: string | null; createdAt?: Date | null; handedOverAt?: Date | null; releasedAt?: Date | null }>;
  outgoing: Array<{ _id: string; source: string; state?: string | null; createdAt?: Date | null }>;
  deliveries: Array<{ docId: string; state?: string | null }>;
  /** The agency's handlings (src/workflow/model.ts): their events say what happened when. */
  handlings?: Array<{ events?: HandlingEventRecord[] | null }>;
  /** The instant the report is made: open and overdue are counted at the period's end or now, whichever is first. */
  now?: Date;
}

export interface Timing {
  count: number;
  averageMinutes: number | null;
  medianMinutes: number | null;
}

export interface HalfYearReport {
  agencyCode: string;
  agencyName: string;
  year: number;
  half: Half;
  /** Vietnam calendar dates, inclusive. */
  period: { from: string; to: string };
  incoming: {
    registered: number;
    electronic: number;
    paper: number;
    /** Of those registered: probably registered before (Appendix VI III.1.h). */
    duplicates: number;
    /** Of those registered: their text could not be read, a clerk checked them. */
    unreadable: number;
    refused: number;
    quarantined: { total: number; secret: number; unreadable: number; secretHandedOver: number; unreadableReleased: number };
    acknowledgementsSent: number;
  };
  outgoing: {
    sent: number;
    byChannel: Record<string, number>;
    byState: Record<string, number>;
    deliveries: number;
    deliveriesFailed: number;
    /** Refused by the recipient (StatusCode 02). */
    deliveriesRefused: number;
  };
  timing: {
    registration: Timing;
    registrationElectronic: Timing;
    registrationPaper: Timing;
    acknowledgement: Timing;
  };
  /** The handling after registration (trình, chuyển giao, theo dõi). */
  workflow: WorkflowFigures;
}

export interface WorkflowFigures {
  /** Documents whose routing slip went to the leader in the period. */
  presented: number;
  /** Documents whose first instruction naming units was given in the period. */
  assigned: number;
  /** Documents the leader said "Lưu" for (nothing to hand over), as the last word given in the period. */
  filed: number;
  /** Documents whose work was completed in the period: by their deadline, after it, or with none. */
  completed: { total: number; onTime: number; late: number; withoutDeadline: number };
  /** Vietnam day at which open and overdue are counted: the period's last day, or today while it runs. */
  asOf: string;
  /** Documents still to be handled then (waiting, presented, needs the clerk, assigned, in progress). */
  open: number;
  /** Of those, past their deadline then. */
  overdue: number;
  /** Replies to workflow mail refused in the period (not from the person asked, origin not proven). */
  repliesRefused: number;
}

const VN_OFFSET_MS = 7 * 3_600_000;

/** The half-year as instants: [start, end). */
export function halfYearBounds(year: number, half: Half): { start: Date; end: Date } {
  const start = new Date(Date.UTC(year, half === 1 ? 0 : 6, 1) - VN_OFFSET_MS);
  const end = new Date(Date.UTC(half === 1 ? year : year + 1, half === 1 ? 6 : 0, 1) - VN_OFFSET_MS);
  return { start, end };
}

function vnDate(instant: Date): string {
  return new Date(instant.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

export function timing(minutes: number[]): Timing {
  if (!minutes.length) return { count: 0, averageMinutes: null, medianMinutes: null };
  const sorted = [...minutes].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const round = (x: number) => Math.round(x * 10) / 10;
  return { count: sorted.length, averageMinutes: round(sorted.reduce((s, x) => s + x, 0) / sorted.length), medianMinutes: round(median) };
}

/** Minutes from a to b, never negative (clocks of two machines may disagree by a little). */
const minutesBetween = (a: Date, b: Date) => Math.max(0, (b.getTime() - a.getTime()) / 60_000);

/** The workflow's figures for the period [start, end), open and overdue at `asOf` (an instant within or at its end). */
export function workflowFigures(handlings: NonNullable<ReportInput['handlings']>, start: Date, end: Date, now: Date | undefined): WorkflowFigures {
  const within = (d: Date) => d.getTime() >= start.getTime() && d.getTime() < end.getTime();
  const asOfInstant = now && now.getTime() < end.getTime() ? now : new Date(end.getTime() - 1);
  const asOf = vnDate(asOfInstant);
  const out: WorkflowFigures = { presented: 0, assigned: 0, filed: 0, completed: { total: 0, onTime: 0, late: 0, withoutDeadline: 0 }, asOf, open: 0, overdue: 0, repliesRefused: 0 };
  for (const h of handlings) {
    const events = (h.events ?? []).map((e) => ({ ...e, at: new Date(e.at) }));
    if (events.some((e) => e.event === 'presented' && within(e.at))) out.presented++;
    const firstAssigned = events.find((e) => e.event === 'instructed');
    if (firstAssigned && within(firstAssigned.at)) out.assigned++;
    out.repliesRefused += events.filter((e) => e.event === 'replyRefused' && within(e.at)).length;
    // The state at the end of the period (events after it have not happened yet, as far as it goes).
    const atEnd = foldHandling(events.filter((e) => e.at.getTime() < end.getTime()));
    if (atEnd.state === 'filed' && atEnd.instruction && within(atEnd.instruction.at)) out.filed++;
    if (atEnd.state === 'done' && atEnd.completedAt && within(atEnd.completedAt)) {
      out.completed.total++;
      if (!atEnd.deadline) out.completed.withoutDeadline++;
      else if (vnDate(atEnd.completedAt) <= atEnd.deadline) out.completed.onTime++;
      else out.completed.late++;
    }
    const then = foldHandling(events.filter((e) => e.at.getTime() <= asOfInstant.getTime()));
    if (events.some((e) => e.at.getTime() <= asOfInstant.getTime()) && isOpen(then.state)) {
      out.open++;
      if (then.deadline && then.deadline < asOf) out.overdue++;
    }
  }
  return out;
}

export function computeHalfYearReport(input: ReportInput): HalfYearReport {
  const { start, end } = halfYearBounds(input.year, input.half);
  const within = (d: Date | null | undefined) => !!d && d.getTime() >= start.getTime() && d.getTime() < end.getTime();

  const entries = input.entries.filter((e) => within(e.receiptTime));
  const electronic = entries.filter((e) => e.source === 'email');
  const registration = (list: ReportEntry[]) => list.filter((e) => e.registeredAt).map((e) => minutesBetween(e.arrivalInstant, e.registeredAt!));
  const acked = entries.filter((e) => e.ack?.state === 'sent');
  const held = input.quarantine.filter((q) => within(q.createdAt));
  const secret = held.filter((q) => (q.kind ?? 'secret') === 'secret');
  const unreadableHeld = held.filter((q) => q.kind === 'unreadable');

  const outgoing = input.outgoing.filter((o) => within(o.createdAt));
  const ids = new Set(outgoing.map((o) => o._id));
  const deliveries = input.deliveries.filter((d) => ids.has(d.docId));
  const byChannel: Record<string, number> = Object.fromEntries(OUTGOING_CHANNELS.map((c) => [c, 0]));
  for (const o of outgoing) byChannel[o.source] = (byChannel[o.source] ?? 0) + 1;
  const byState: Record<string, number> = { sending: 0, sent: 0, 'partly-failed': 0, failed: 0 };
  for (const o of outgoing) if (o.state) byState[o.state] = (byState[o.state] ?? 0) + 1;

  return {
    agencyCode: input.agencyCode,
    agencyName: input.agencyName,
    year: input.year,
    half: input.half,
    period: { from: vnDate(start), to: vnDate(new Date(end.getTime() - 1)) },
    incoming: {
      registered: entries.length,
      electronic: electronic.length,
      paper: entries.filter((e) => e.source === 'paper').length,
      duplicates: entries.filter((e) => e.duplicateOf).length,
      unreadable: entries.filter((e) => e.unreadable).length,
      refused: input.refused.filter((m) => within(m.internalDate ?? m.createdAt)).length,
      quarantined: {
        total: held.length,
        secret: secret.length,
        unreadable: unreadableHeld.length,
        secretHandedOver: secret.filter((q) => q.handedOverAt).length,
        unreadableReleased: unreadableHeld.filter((q) => q.releasedAt).length,
      },
      acknowledgementsSent: acked.length,
    },
    outgoing: {
      sent: outgoing.length,
      byChannel,
      byState,
      deliveries: deliveries.length,
      deliveriesFailed: deliveries.filter((d) => d.state === 'failed').length,
      deliveriesRefused: deliveries.filter((d) => d.state === 'refused').length,
    },
    timing: {
      registration: timing(registration(entries)),
      registrationElectronic: timing(registration(electronic)),
      registrationPaper: timing(registration(entries.filter((e) => e.source === 'paper'))),
      acknowledgement: timing(acked.filter((e) => e.registeredAt && e.ack?.sentAt).map((e) => minutesBetween(e.registeredAt!, e.ack!.sentAt!))),
    },
    workflow: workflowFigures(input.handlings ?? [], start, end, input.now),
  };
}

const dmy = (iso: string) => iso.split('-').reverse().join('/');

/** The title lines the clerk reads (Vietnamese). */
export function reportTitle(r: HalfYearReport): string[] {
  return [
    `BÁO CÁO TÌNH HÌNH SỬ DỤNG VĂN BẢN ĐIỆN TỬ 6 THÁNG ${r.half === 1 ? 'ĐẦU' : 'CUỐI'} NĂM ${r.year}`,
    `Cơ quan: ${r.agencyName} (mã ${r.agencyCode}) — Kỳ báo cáo: từ ngày ${dmy(r.period.from)} đến ngày ${dmy(r.period.to)}`,
    'Căn cứ điểm e khoản 1 Điều 14 Quyết định số 36/2013/QĐ-UBND của UBND tỉnh Long An',
  ];
}

export const REPORT_COLUMNS = ['STT', 'Chỉ tiêu', 'Số lượng', 'Ghi chú'] as const;

const CHANNEL_VI: Record<string, string> = { api: 'qua giao diện lập trình (API)', cli: 'bằng dòng lệnh trên máy chủ', email: 'theo yêu cầu gửi bằng thư điện tử', console: 'qua trang quản trị (web)' };

const num = (t: Timing, k: 'averageMinutes' | 'medianMinutes') => (t[k] === null ? '' : String(t[k]));
const pair = (t: Timing) => (t.count ? `${num(t, 'averageMinutes')} / ${num(t, 'medianMinutes')}` : '');

/** The report's lines (STT, heading, figure, note), as the spreadsheet prints them. Pure. */
export function reportRows(r: HalfYearReport): Array<[string, string, string, string]> {
  const i = r.incoming;
  const o = r.outgoing;
  const t = r.timing;
  const w = r.workflow;
  const rows: Array<[string, string, string | number, string]> = [
    ['I', 'VĂN BẢN ĐẾN', '', ''],
    ['1', 'Văn bản đến đã vào sổ', i.registered, 'Theo thời điểm tiếp nhận (Điều 9 khoản 2)'],
    ['1.1', 'Văn bản điện tử (nhận qua thư điện tử)', i.electronic, ''],
    ['1.2', 'Văn bản giấy', i.paper, ''],
    ['1.3', 'Trong đó: có thể trùng văn bản đã vào sổ', i.duplicates, ''],
    ['1.4', 'Trong đó: không đọc được nội dung tự động, văn thư đã kiểm tra', i.unreadable, ''],
    ['2', 'Văn bản điện tử bị từ chối, trả lại nơi gửi', i.refused, 'Chữ ký số không hợp lệ, gửi nhầm nơi nhận…'],
    ['3', 'Văn bản bị giữ lại, không vào sổ', i.quarantined.total, ''],
    ['3.1', 'Văn bản mật (không trao đổi qua mạng, Điều 6 khoản 4)', i.quarantined.secret, `Đã bàn giao ra ngoài mạng: ${i.quarantined.secretHandedOver}`],
    ['3.2', 'Văn bản không đọc được nội dung', i.quarantined.unreadable, `Văn thư đã kiểm tra và cho vào sổ: ${i.quarantined.unreadableReleased}`],
    ['4', 'Hồi báo đã vào sổ đã gửi nơi gửi', i.acknowledgementsSent, ''],
    ['II', 'VĂN BẢN ĐI', '', ''],
    ['5', 'Văn bản đi gửi bằng phương thức điện tử', o.sent, 'Theo thời điểm đăng ký số đi'],
    ...Object.entries(o.byChannel).map(([c, n], k): [string, string, number, string] => [`5.${k + 1}`, `Gửi ${CHANNEL_VI[c] ?? c}`, n, '']),
    ['6', 'Lượt gửi đến nơi nhận', o.deliveries, ''],
    ['6.1', 'Gửi không thành công', o.deliveriesFailed, ''],
    ['6.2', 'Bị nơi nhận từ chối', o.deliveriesRefused, ''],
    ['III', 'THỜI GIAN XỬ LÝ (phút)', '', ''],
    ['7', 'Từ khi văn bản đến hệ thống đến khi vào sổ: trung bình', num(t.registration, 'averageMinutes'), `Số văn bản: ${t.registration.count}`],
    ['7.1', 'Trung vị', num(t.registration, 'medianMinutes'), ''],
    ['7.2', 'Văn bản điện tử: trung bình / trung vị', pair(t.registrationElectronic), `Số văn bản: ${t.registrationElectronic.count}`],
    ['7.3', 'Văn bản giấy: trung bình / trung vị', pair(t.registrationPaper), `Số văn bản: ${t.registrationPaper.count}`],
    ['8', 'Từ khi vào sổ đến khi gửi hồi báo: trung bình', num(t.acknowledgement, 'averageMinutes'), `Số hồi báo: ${t.acknowledgement.count}`],
    ['8.1', 'Trung vị', num(t.acknowledgement, 'medianMinutes'), ''],
    ['IV', 'TRÌNH, CHUYỂN GIAO VÀ THEO DÕI VĂN BẢN ĐẾN', '', 'Nghị định 30/2020 Điều 24, 25'],
    ['9', 'Văn bản đến đã trình lãnh đạo', w.presented, 'Theo thời điểm gửi phiếu trình'],
    ['10', 'Văn bản đã có ý kiến chỉ đạo, chuyển giao đơn vị giải quyết', w.assigned, 'Theo ý kiến chỉ đạo đầu tiên'],
    ['11', 'Văn bản lãnh đạo cho lưu, không chuyển giải quyết', w.filed, ''],
    ['12', 'Văn bản đã giải quyết xong', w.completed.total, ''],
    ['12.1', 'Đúng hạn', w.completed.onTime, ''],
    ['12.2', 'Quá hạn', w.completed.late, ''],
    ['12.3', 'Không có hạn giải quyết', w.completed.withoutDeadline, ''],
    ['13', 'Văn bản còn đang giải quyết', w.open, `Đến ngày ${dmy(w.asOf)}`],
    ['13.1', 'Trong đó: quá hạn giải quyết', w.overdue, ''],
    ['14', 'Thư trả lời bị từ chối, không ghi nhận', w.repliesRefused, 'Không phải người được hỏi, hoặc không xác thực được nơi gửi'],
  ];
  return rows.map(([a, b, c, d]) => [a, b, String(c), d]);
}
