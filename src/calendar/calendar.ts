// The calendar of one agency: which local days are working days and why not. It wraps the
// resolved settings with a per-year cache of special days and enforces the supported year range.

import { type DayNumber, type WeekdayName, civilDate, formatDate, isoWeekday, weekdayName } from './civil-date.js';
import { CalendarRangeError } from './errors.js';
import { type SpecialDay, type SpecialKind, specialDays } from './holidays.js';
import type { CalendarSettings } from './settings.js';

export type DayKind = SpecialKind | 'weekend' | 'workday';

export interface DayStatus {
  day: DayNumber;
  working: boolean;
  kind: DayKind;
  /** Holiday or notice name; null for a plain weekend or workday. */
  name: string | null;
}

/** A row of `nonWorkingDays`: a day whose status differs from an ordinary week (or a weekend). */
export interface CalendarDay {
  date: string; // YYYY-MM-DD, local
  weekday: WeekdayName;
  kind: Exclude<DayKind, 'workday'>;
  name: string | null;
  working: boolean;
}

export interface Calendar {
  readonly settings: CalendarSettings;
  /** Status of a local day; throws CalendarRangeError outside the supported years. */
  day(day: DayNumber): DayStatus;
  /**
   * The special days of a year in date order: holidays (also on weekends), make-up days, days off
   * and worked weekend days; plain weekends only with includeWeekends.
   */
  nonWorkingDays(year: number, options?: { includeWeekends?: boolean }): CalendarDay[];
}

export function createCalendar(settings: CalendarSettings): Calendar {
  const cache = new Map<number, Map<DayNumber, SpecialDay>>();
  const { from, to } = settings.yearRange;

  const checkYear = (year: number, what: string): void => {
    if (!Number.isInteger(year) || year < from || year > to) {
      throw new CalendarRangeError(`${what} is outside the supported years ${from}–${to} (calendar yearRange)`);
    }
  };
  const specials = (year: number): Map<DayNumber, SpecialDay> => {
    let m = cache.get(year);
    if (!m) {
      m = specialDays(year, settings);
      cache.set(year, m);
    }
    return m;
  };

  const day = (d: DayNumber): DayStatus => {
    const year = civilDate(d).year;
    checkYear(year, `date ${formatDate(d)}`);
    const special = specials(year).get(d);
    if (special) {
      const working = special.kind === 'working-saturday' || special.kind === 'working-day';
      return { day: d, working, kind: special.kind, name: special.name };
    }
    const working = settings.officeHours.workingWeekdays.includes(isoWeekday(d));
    return { day: d, working, kind: working ? 'workday' : 'weekend', name: null };
  };

  const nonWorkingDays = (year: number, options: { includeWeekends?: boolean } = {}): CalendarDay[] => {
    checkYear(year, `year ${year}`);
    const rows = new Map<DayNumber, CalendarDay>();
    for (const s of specials(year).values()) {
      const working = s.kind === 'working-saturday' || s.kind === 'working-day';
      rows.set(s.day, { date: formatDate(s.day), weekday: weekdayName(s.day), kind: s.kind, name: s.name, working });
    }
    if (options.includeWeekends) {
      const first = Date.UTC(year, 0, 1) / 86_400_000;
      const last = Date.UTC(year + 1, 0, 1) / 86_400_000;
      for (let d = first; d < last; d++) {
        if (!rows.has(d) && !settings.officeHours.workingWeekdays.includes(isoWeekday(d))) {
          rows.set(d, { date: formatDate(d), weekday: weekdayName(d), kind: 'weekend', name: null, working: false });
        }
      }
    }
    return [...rows.entries()].sort(([a], [b]) => a - b).map(([, r]) => r);
  };

  return { settings, day, nonWorkingDays };
}
