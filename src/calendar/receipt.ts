// Decision 36/2013 Art. 9.2: the receipt time of an electronic document is when it entered the
// receiving agency's system; outside office hours it is the start of the next office-hours period.
//
// Boundary choice: each period is half-open, [start, end). An arrival at exactly 07:00:00.000 is
// inside (not adjusted); one at exactly 17:00:00.000 (or 11:30:00.000) is outside and moves to the
// next start. So every instant belongs to exactly one period or none, and the adjusted receipt
// time is itself a working instant, which keeps receiptTime idempotent.

import { MS_PER_MINUTE, fromLocal, toLocal } from './civil-date.js';
import type { Calendar, DayStatus } from './calendar.js';
import { CalendarConfigError } from './errors.js';

export interface ReceiptTime {
  receiptTime: Date;
  adjusted: boolean;
  /** Why the arrival was outside office hours; null when not adjusted. */
  reason: string | null;
}

// A year can hold at most a few consecutive days off (Tết: 9); a long search means a broken config.
const SEARCH_DAYS = 400;

function instantMs(d: Date, what: string): number {
  const ms = d.getTime();
  if (Number.isNaN(ms)) throw new TypeError(`${what} is an invalid Date`);
  return ms;
}

/** True when the instant is inside an office-hours period of a working day. */
export function isWorkingInstant(instant: Date, calendar: Calendar): boolean {
  const { day, msOfDay } = toLocal(instantMs(instant, 'instant'), calendar.settings.utcOffsetMinutes);
  if (!calendar.day(day).working) return false;
  return calendar.settings.officeHours.periods.some((p) => msOfDay >= p.start * MS_PER_MINUTE && msOfDay < p.end * MS_PER_MINUTE);
}

/** The first office-hours period start at or after the instant. */
export function nextOfficeStart(instant: Date, calendar: Calendar): Date {
  const offset = calendar.settings.utcOffsetMinutes;
  const { day, msOfDay } = toLocal(instantMs(instant, 'instant'), offset);
  for (let d = day; d <= day + SEARCH_DAYS; d++) {
    if (!calendar.day(d).working) continue;
    for (const p of calendar.settings.officeHours.periods) {
      const start = p.start * MS_PER_MINUTE;
      if (d > day || start >= msOfDay) return new Date(fromLocal(d, start, offset));
    }
  }
  throw new CalendarConfigError(`no office hours within ${SEARCH_DAYS} days after ${instant.toISOString()}: check the calendar configuration`);
}

function dayReason(status: DayStatus): string {
  switch (status.kind) {
    case 'holiday':
      return `public holiday: ${status.name}`;
    case 'make-up':
      return `make-up day off: ${status.name}`;
    case 'day-off':
      return `day off (notice): ${status.name}`;
    default:
      return 'weekend';
  }
}

/** The receipt time of a document that arrived at `arrival` (Art. 9.2). */
export function receiptTime(arrival: Date, calendar: Calendar): ReceiptTime {
  if (isWorkingInstant(arrival, calendar)) return { receiptTime: new Date(arrival.getTime()), adjusted: false, reason: null };
  const { day, msOfDay } = toLocal(arrival.getTime(), calendar.settings.utcOffsetMinutes);
  const status = calendar.day(day);
  let reason: string;
  if (!status.working) {
    reason = dayReason(status);
  } else {
    const periods = calendar.settings.officeHours.periods;
    const minute = msOfDay / MS_PER_MINUTE;
    if (minute < (periods[0]?.start ?? 0)) reason = 'before office hours';
    else if (minute >= (periods[periods.length - 1]?.end ?? 0)) reason = 'after office hours';
    // With the usual two periods the gap is the lunch break; more periods make it just a break.
    else reason = periods.length === 2 ? 'lunch break' : 'break between office-hours periods';
  }
  return { receiptTime: nextOfficeStart(arrival, calendar), adjusted: true, reason };
}
