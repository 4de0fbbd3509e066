// A document's handling (src/workflow) as the console shows it, in Vietnamese: the state, the
// leader it went to, the proposal, the instruction, each unit's progress (Decree 30/2020 Art. 24:
// chuyển giao, ký nhận), the deadline, and the timeline of every event with who and why. Pure.
import type { Agency } from '../agency/agency.js';
import { isoToVn, stateVi } from '../workflow/compose.js';
import type { HandlingView } from '../workflow/handling.js';
import { readerReasonVi, refusalVi } from '../workflow/reason-vi.js';
import { daysLeft, isOpen, type HandlingEventRecord } from '../workflow/state.js';
import { vnDateTime } from './format.js';

export const WF_ROLE_VI: Record<string, string> = { lead: 'chủ trì', support: 'phối hợp', informed: 'để biết' };

type AgencyLike = Pick<Agency, 'units' | 'workflow'> | null;

/** Who did it, as a clerk reads it: the service itself, a person of the console, CLI or API, a mail address. */
export function byVi(by: string | null | undefined): string {
  if (!by) return '';
  if (by === 'system') return 'hệ thống';
  const m = /^(session|cli|token|open):(.+)$/.exec(by);
  if (!m) return by;
  const where = m[1] === 'session' ? 'trên trang văn thư' : m[1] === 'cli' ? 'dòng lệnh' : 'qua API';
  return `${m[2]!.replace(/^cli:/, '')} (${where})`;
}

/** A unit's name from the agency's list, or from the names an event carried, or its code. */
function namer(agency: AgencyLike, events: readonly HandlingEventRecord[]): (code: string) => string {
  const names = new Map<string, string>();
  for (const e of events) for (const n of (e.detail?.names ?? []) as Array<{ code: string; name: string }>) names.set(n.code, n.name);
  for (const u of agency?.units ?? []) names.set(u.code, u.name);
  return (code) => names.get(code) ?? code;
}

function assigned(units: unknown, name: (c: string) => string): string {
  return ((units ?? []) as Array<{ code: string; role: string }>).map((u) => `${name(u.code)} ${WF_ROLE_VI[u.role] ?? u.role}`).join('; ');
}

/** One event of the timeline in words. */
export function eventVi(e: HandlingEventRecord, name: (code: string) => string): string {
  const d = (e.detail ?? {}) as Record<string, unknown>;
  const unit = d.code ? name(String(d.code)) : null;
  const deadline = d.deadline ? `, hạn ${isoToVn(String(d.deadline))}` : '';
  switch (e.event) {
    case 'proposed':
      return `Đề xuất: ${assigned(d.units, name) || '(không có)'}${deadline}${d.rule ? ` (theo quy tắc “${String(d.rule)}”)` : ''}`;
    case 'presented':
      return `Trình lãnh đạo${d.to ? ` (${String(d.to)})` : ''}${d.urgent ? ', văn bản khẩn: trình ngay' : ''}`;
    case 'instructed':
      return `Ý kiến chỉ đạo${d.text ? `: “${String(d.text)}”` : ''} → ${assigned(d.units, name) || 'đồng ý đề xuất'}${deadline}`;
    case 'filed':
      return `Cho lưu, không giao xử lý${d.text ? `: “${String(d.text)}”` : ''}`;
    case 'unreadable':
      return `Không đọc được thư trả lời${unit ? ` của ${unit}` : ''}, chuyển văn thư xem: ${readerReasonVi(String(d.reason ?? ''))}${d.text ? ` — “${String(d.text).slice(0, 200)}”` : ''}`;
    case 'handedOver':
      return `Chuyển giao cho ${unit ?? '?'}${d.to ? ` (${String(d.to)})` : ''}`;
    case 'received':
      return `${unit ?? 'Đơn vị'} ký nhận`;
    case 'completed':
      return `${unit ? `${unit} báo` : 'Ghi nhận'} hoàn thành${d.note ? `: ${String(d.note)}` : ''}`;
    case 'reminded': {
      const left = Number(d.daysLeft);
      return `Nhắc hạn ${unit ?? ''}: ${left > 0 ? `còn ${left} ngày` : left === 0 ? 'hôm nay đến hạn' : `quá hạn ${-left} ngày`}`.replace(/ {2,}/g, ' ');
    }
    case 'replyRefused':
      return `Thư trả lời bị từ chối: ${refusalVi(d)}`;
    case 'mailBounced':
      return `Thư ${PURPOSE_VI[String(d.purpose)] ?? ''} gửi ${String(d.to ?? '?')} không đến được${d.status ? ` (${String(d.status)})` : ''}${d.diagnostic ? `: ${String(d.diagnostic).slice(0, 200)}` : ''}`.replace(/ {2,}/g, ' ');
    case 'answered':
      return 'Đã báo lại lãnh đạo nội dung hệ thống hiểu';
    case 'peerTold':
      return `Báo trạng thái cho nơi gửi (mã ${String(d.statusCode ?? '?')})`;
    default:
      return String(e.event);
  }
}

export interface HandlingVi {
  state: string;
  stateVi: string;
  open: boolean;
  leader: string | null;
  proposal: string | null;
  instruction: { kindVi: string; text: string; by: string; atVi: string } | null;
  units: Array<{ code: string; name: string; roleVi: string; handedVi: string; receivedVi: string; receivedBy: string; completedVi: string; signed: boolean }>;
  deadline: string | null;
  deadlineVi: string;
  daysLeft: number | null;
  overdue: boolean;
  completedVi: string;
  timeline: Array<{ atVi: string; by: string; text: string; kind: string; problem: boolean }>;
}

const PROBLEMS: ReadonlySet<string> = new Set(['unreadable', 'replyRefused', 'mailBounced']);

/** What a bounced workflow mail was, in the timeline's words. */
const PURPOSE_VI: Record<string, string> = { present: 'trình', handover: 'chuyển giao', answer: 'báo lại lãnh đạo', notice: 'báo văn thư', reminder: 'nhắc hạn', peer: 'báo trạng thái' };

/** Everything the handling section shows, in words; `today` is Vietnam's day (YYYY-MM-DD). */
export function handlingVi(v: HandlingView, agency: AgencyLike, today: string): HandlingVi {
  const name = namer(agency, v.events);
  const leader = v.leader ? (agency?.workflow?.leaders.find((l) => l.address === v.leader) ?? null) : null;
  const left = v.deadline ? daysLeft(v.deadline, today) : null;
  const open = isOpen(v.state);
  return {
    state: v.state,
    stateVi: stateVi(v.state),
    open,
    leader: leader ? `${leader.title} ${leader.name} (${leader.address})` : v.leader,
    proposal: v.proposal ? [assigned(v.proposal.units, name), v.proposal.deadline ? `hạn ${isoToVn(v.proposal.deadline)}` : '', v.proposal.rule ? `theo quy tắc “${v.proposal.rule}”` : ''].filter(Boolean).join(', ') || null : null,
    instruction: v.instruction
      ? { kindVi: v.instruction.kind === 'file' ? 'Cho lưu' : v.instruction.kind === 'approve' ? 'Đồng ý đề xuất' : 'Giao xử lý', text: v.instruction.text, by: byVi(v.instruction.by), atVi: vnDateTime(v.instruction.at) }
      : null,
    units: v.units.map((u) => ({
      code: u.code,
      name: name(u.code),
      roleVi: WF_ROLE_VI[u.role] ?? u.role,
      handedVi: vnDateTime(u.handedOverAt),
      receivedVi: vnDateTime(u.receivedAt),
      receivedBy: byVi(u.receivedBy),
      completedVi: vnDateTime(u.completedAt),
      signed: !!u.receivedAt,
    })),
    deadline: v.deadline,
    deadlineVi: v.deadline ? isoToVn(v.deadline) : '',
    daysLeft: left,
    overdue: open && left !== null && left < 0,
    completedVi: vnDateTime(v.completedAt),
    timeline: v.events.map((e) => ({ atVi: vnDateTime(e.at), by: byVi(e.by), text: eventVi(e, name), kind: e.event, problem: PROBLEMS.has(e.event) })),
  };
}

/** "quá hạn 3 ngày", "hôm nay đến hạn", "còn 2 ngày". */
export function daysLeftVi(left: number): string {
  return left < 0 ? `Quá hạn ${-left} ngày` : left === 0 ? 'Hôm nay đến hạn' : `Còn ${left} ngày`;
}
