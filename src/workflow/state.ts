// The handling of one registered document after its registration (Decree 30/2020 Art. 24): the
// events that happen to it and the state they lead to. Pure: `handling.ts` is the one writer and
// calls `fold` on the events it holds, so the state is never written apart from its events.
//
//   waiting ──presented──▶ presented ──instructed──▶ assigned ──received──▶ in-progress ──completed──▶ done
//      │                      │    └──unreadable──▶ needs-clerk ──instructed (by the clerk)──┘
//      │                      └──filed──▶ filed (also from needs-clerk, assigned, in-progress)
//      └──instructed (a clerk enters the leader's instruction given on paper)
// A later instruction (or "Lưu") replaces an earlier one in any state but done. A unit's ký nhận
// or completion counts only for a unit the latest instruction names.
import type { Assignment, Role } from './instruction.js';

export type HandlingState = 'waiting' | 'presented' | 'needs-clerk' | 'assigned' | 'in-progress' | 'done' | 'filed';

export type HandlingEvent =
  | 'proposed' // where the routing rules propose it goes
  | 'presented' // the routing slip was sent to the leader
  | 'instructed' // the leader's instruction, read from his reply or entered by the clerk
  | 'filed' // the leader said "Lưu": nothing to do
  | 'unreadable' // a reply the clerk must read
  | 'handedOver' // the document was sent to one unit (chuyển giao)
  | 'received' // a unit's ký nhận
  | 'completed' // the work is done (the unit's reply or the clerk)
  | 'reminded' // a reminder about the deadline went to a unit
  | 'replyRefused' // a reply that did not prove it came from the person asked (changes nothing)
  | 'answered' // vanthu told the leader what it understood
  | 'mailBounced' // a workflow mail came back undelivered (its DSN): the clerk must reach the addressee
  | 'peerTold'; // the sending service was told a status (edXML 04/05/06)

export interface HandlingEventRecord {
  event: HandlingEvent;
  at: Date;
  /** Who did it: a mail address, `cli:<login>`, `user:<login>` or `system`. */
  by: string;
  detail?: Record<string, unknown>;
  /** The same event with the same key is recorded once (a retried job, a reply seen twice). */
  key?: string;
}

export interface UnitProgress {
  code: string;
  role: Role;
  handedOverAt: Date | null;
  receivedAt: Date | null;
  receivedBy: string | null;
  completedAt: Date | null;
}

export interface Folded {
  state: HandlingState;
  units: UnitProgress[];
  deadline: string | null;
  instruction: { kind: 'assign' | 'approve' | 'file'; by: string; at: Date; text: string } | null;
  completedAt: Date | null;
}


/** The state and the units' progress that a list of events (in order) leads to. */
export function foldHandling(events: readonly HandlingEventRecord[]): Folded {
  const out: Folded = { state: 'waiting', units: [], deadline: null, instruction: null, completedAt: null };
  const unit = (code: string) => out.units.find((u) => u.code === code);
  for (const e of events) {
    const d = e.detail ?? {};
    switch (e.event) {
      case 'presented':
        if (out.state === 'waiting') out.state = 'presented';
        break;
      case 'unreadable':
        if (out.state === 'presented' || out.state === 'waiting') out.state = 'needs-clerk';
        break;
      case 'filed':
        // "Lưu" is an instruction like any other: a later one replaces an earlier assignment (the
        // leader is told "ý kiến sau thay ý kiến trước"), but not work already done.
        if (out.state !== 'done') {
          out.state = 'filed';
          out.instruction = { kind: 'file', by: e.by, at: e.at, text: String(d.text ?? '') };
        }
        break;
      case 'instructed': {
        // A later instruction replaces an earlier one (the leader changes his mind; the clerk
        // corrects it); units already handed the document keep their progress.
        const units = (d.units ?? []) as Assignment[];
        out.units = units.map((a) => unit(a.code) ?? { code: a.code, role: a.role, handedOverAt: null, receivedAt: null, receivedBy: null, completedAt: null }).map((u, i) => ({ ...u, role: units[i]!.role }));
        out.deadline = (d.deadline as string | null | undefined) ?? null;
        out.instruction = { kind: d.kind === 'approve' ? 'approve' : 'assign', by: e.by, at: e.at, text: String(d.text ?? '') };
        if (out.state !== 'done') out.state = out.units.some((u) => u.receivedAt) ? 'in-progress' : 'assigned';
        break;
      }
      case 'handedOver': {
        const u = unit(String(d.code));
        if (u && !u.handedOverAt) u.handedOverAt = e.at;
        break;
      }
      case 'received': {
        const u = unit(String(d.code));
        // A unit the latest instruction no longer names (it answers an older hand-over): nothing.
        if (!u) break;
        if (!u.receivedAt) {
          u.receivedAt = e.at;
          u.receivedBy = e.by;
        }
        if (out.state === 'assigned') out.state = 'in-progress';
        break;
      }
      case 'completed': {
        const u = d.code ? unit(String(d.code)) : null;
        // As for received: a unit no longer named does not complete the document.
        if (d.code && !u) break;
        if (u) {
          u.completedAt ??= e.at;
          u.receivedAt ??= e.at;
          u.receivedBy ??= e.by;
        }
        // The document is done when the unit in charge (or the clerk, for all) says so.
        if (!u || u.role === 'lead') {
          out.state = 'done';
          out.completedAt = e.at;
        } else if (out.state === 'assigned') out.state = 'in-progress';
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** Is the document still open (someone must act on it)? */
export function isOpen(state: HandlingState): boolean {
  return state !== 'done' && state !== 'filed';
}

/** The days between a deadline and today (negative: overdue), both YYYY-MM-DD. */
export function daysLeft(deadline: string, today: string): number {
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/**
 * The working days between today and a deadline, as the reminders count them (settings.ts:
 * "this many working days before"): the working days in (today, deadline] when it is ahead, minus
 * those in (deadline, today] when it is past; 0 on the day and when only days off lie between.
 * So a deadline on a Monday is announced on the Friday before, and one that fell on a Saturday is
 * overdue on the Monday after (the follow-up does not run on days off).
 */
export function workingDaysLeft(deadline: string, today: string, isWorkingDay: (isoDay: string) => boolean): number {
  const step = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const sign = deadline >= today ? 1 : -1;
  const [from, to] = sign > 0 ? [today, deadline] : [deadline, today];
  let n = 0;
  for (let d = step(from, 1); d <= to; d = step(d, 1)) if (isWorkingDay(d)) n++;
  return sign * n;
}

/**
 * The deadline an instruction sets: the one the leader wrote, else the one already on the entry
 * (the document's own, from its sender or the clerk, or an earlier instruction's) — an instruction
 * that names no date does not take the deadline away from the follow-up.
 */
export function deadlineOf(written: string | null, entry: { deadline?: string | null }): string | null {
  return written ?? entry.deadline ?? null;
}
