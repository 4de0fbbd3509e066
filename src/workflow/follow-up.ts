// Theo dõi (Decree 30/2020 Art. 25: the văn thư follows up the handling of documents with a
// deadline): reminders to the units before the deadline, on the day and after it, and a daily
// digest to the clerk and the leaders. Run every few minutes by the workflow worker and on demand
// by `vanthu workflow tick --now …` (which is how tests move the clock). Each run does only what
// is due: what it reads is two Redis indexes kept by handling.ts (open deadlines, documents
// presented each day), never a scan of the handlings; each reminder and each digest is sent once
// (event keys; a digest by its Message-ID, a per-day Redis marker sparing the later sweeps).
import type { Agency } from '../agency/agency.js';
import type { AppContext } from '../runtime/context.js';
import { assignmentText, digestMail, reminderMail, type DigestRow } from './compose.js';
import { workingDaysOf, type IsWorkingDay } from './working-days.js';
import { activeWorkflow, factsOf, handlings, sendWorkflowMail, vnDay, vnInstant, type Entry } from './engine.js';
import { dayIndex, dueKey, freshKey } from './handling.js';
import { daysLeft, isOpen, workingDaysLeft } from './state.js';
import type { HandlingView } from './handling.js';

export interface FollowUpResult {
  reminders: number;
  digests: number;
}

/** Which reminder, if any, is due today for a deadline `left` working days away (negative: overdue; state.ts workingDaysLeft). */
export function reminderDue(left: number, today: string, deadline: string, s: { remindBeforeDays: number; remindEveryDays: number }): string | null {
  if (left > 0 && left <= s.remindBeforeDays) return `before:${deadline}`;
  if (left === 0) return `due:${deadline}`;
  if (left < 0 && (-left - 1) % s.remindEveryDays === 0) return `after:${today}`;
  return null;
}

export async function followUp(ctx: AppContext, now: Date): Promise<FollowUpResult> {
  const today = vnDay(now);
  const out: FollowUpResult = { reminders: 0, digests: 0 };
  const store = handlings(ctx);
  const agencies = new Map<string, Agency | null>();
  const agencyOf = async (code: string) => {
    if (!agencies.has(code)) agencies.set(code, await ctx.agencies.get(code));
    return agencies.get(code) ?? null;
  };
  // One calendar per agency for the whole sweep (workingDaysOf reads the calendar file's stamp).
  const calendars = new Map<string, IsWorkingDay>();
  const workingDays = (a: Agency) => {
    if (!calendars.has(a.code)) calendars.set(a.code, workingDaysOf(a));
    return calendars.get(a.code)!;
  };
  const views = new Map<string, HandlingView>();
  const members = await ctx.redis.zrangebyscore(dueKey(ctx.prefix), '-inf', String(dayIndex(today) + 31));
  for (const member of members) {
    const [code, entryId] = member.split('|') as [string, string];
    const view = await store.get(entryId);
    if (!view || !isOpen(view.state) || !view.deadline) {
      await ctx.redis.zrem(dueKey(ctx.prefix), member);
      continue;
    }
    views.set(entryId, view);
    const agency = await agencyOf(code);
    const wf = activeWorkflow(agency);
    if (!agency || !wf) continue;
    // No reminders on the agency's days off (weekends, holidays): they wait for its next working day.
    const isWorkingDay = workingDays(agency);
    if (!isWorkingDay(today)) continue;
    // Which reminder is due counts working days (a window of days off would hide it); the mail
    // says the calendar days.
    const left = daysLeft(view.deadline, today);
    const due = reminderDue(workingDaysLeft(view.deadline, today, isWorkingDay), today, view.deadline, wf);
    if (!due) continue;
    const e = (await ctx.models.Incoming.findById(entryId).lean()) as Entry | null;
    if (!e) continue;
    for (const u of view.units.filter((x) => !x.completedAt && x.role !== 'informed')) {
      const unit = agency.units.find((x) => x.code === u.code);
      const key = `remind:${u.code}:${due}`;
      if (!unit?.address || view.events.some((x) => x.key === key)) continue;
      const r = await sendWorkflowMail(ctx, agency, entryId, { purpose: 'reminder', part: `${u.code}-${due.replace(/[^0-9a-z]/g, '')}`, to: unit.address, unitCode: u.code, ...reminderMail(factsOf(e, agency.name), { unitName: unit.name, deadline: view.deadline, daysLeft: left }) });
      await store.record(entryId, [{ event: 'reminded', at: now, by: 'system', key, detail: { code: u.code, to: unit.address, daysLeft: left, messageId: r.messageId } }]);
      out.reminders++;
    }
  }
  out.digests = await digests(ctx, now, today, members, views, workingDays);
  return out;
}

async function digests(ctx: AppContext, now: Date, today: string, dueMembers: string[], views: Map<string, HandlingView>, workingDays: (a: Agency) => IsWorkingDay): Promise<number> {
  let sent = 0;
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  for (const agency of await ctx.agencies.all()) {
    const wf = activeWorkflow(agency);
    if (!wf || now < vnInstant(today, wf.digestAt)) continue;
    const isWorkingDay = workingDays(agency);
    if (!isWorkingDay(today)) continue;
    const marker = `${ctx.prefix}:wf:digest:${agency.code}:${today}`;
    // Set once the day's digests are out, not before: a sweep stopped half way (a crash, a mail in
    // doubt) leaves it unset, and the next sweep finishes the rest (each digest is sent once by
    // its Message-ID, mail.ts sendOnce); the marker only spares the sweeps after that the work.
    if (await ctx.redis.exists(marker)) continue;
    const names = agency.units.map((u) => ({ code: u.code, name: u.name }));
    const rowOf = async (entryId: string): Promise<DigestRow | null> => {
      const e = (await ctx.models.Incoming.findById(entryId).lean()) as Entry | null;
      const v = views.get(entryId) ?? (await handlings(ctx).get(entryId));
      return e && v ? { facts: factsOf(e, agency.name), state: v.state, deadline: v.deadline, units: assignmentText(v.units, names) } : null;
    };
    const freshIds = [...new Set([...(await ctx.redis.smembers(freshKey(ctx.prefix, agency.code, yesterday))), ...(await ctx.redis.smembers(freshKey(ctx.prefix, agency.code, today)))])];
    const mine = dueMembers.filter((m) => m.startsWith(`${agency.code}|`)).map((m) => m.split('|')[1]!);
    const fresh = (await Promise.all(freshIds.map(rowOf))).filter((r): r is DigestRow => !!r);
    const dated = (await Promise.all(mine.map(rowOf))).filter((r): r is DigestRow => !!r && !!r.deadline && isOpen(r.state as never));
    const overdue = dated.filter((r) => daysLeft(r.deadline!, today) < 0);
    const dueSoon = dated.filter((r) => {
      const left = workingDaysLeft(r.deadline!, today, isWorkingDay);
      return daysLeft(r.deadline!, today) >= 0 && left <= wf.remindBeforeDays;
    });
    const mail = digestMail(agency.name, today, { fresh, overdue, dueSoon });
    const to = [...new Set([...(wf.clerks.length ? wf.clerks : [agency.address]), wf.leaders[0]!.address])];
    for (const address of to) {
      const r = await sendWorkflowMail(ctx, agency, `digest-${agency.code.replace(/[^A-Za-z0-9]/g, '-')}`, { purpose: 'digest', part: `${today}-${address}`, to: address, ...mail });
      if (r.result === 'sent') sent++;
    }
    await ctx.redis.set(marker, '1', 'EX', 3 * 86_400);
  }
  return sent;
}
