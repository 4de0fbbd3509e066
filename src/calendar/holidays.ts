// Which days of a year are special: public holidays by rule (Labour Code 2019 Art. 112), their
// make-up days (Art. 111.3), and the per-year table's days off and worked weekend days.
// Pure computation from the resolved settings; the calendar caches the result per year.

import { type DayNumber, type IsoWeekday, civilDate, dayNumber, isoWeekday } from './civil-date.js';
import { lunarDay, lunarNewYear } from './lunar.js';
import type { CalendarSettings, NamedDay } from './settings.js';

/**
 * - holiday: a public holiday (Art. 112), also listed when it falls on a weekend;
 * - make-up: a working day given off because a holiday fell on a weekly rest day (Art. 111.3);
 * - day-off: an extra day off fixed by the year's notice (usually swapped for a worked Saturday);
 * - working-saturday / working-day: a day the notice makes a working day (the swap's other half;
 *   'working-day' if the notice ever picks a day other than a Saturday).
 */
export type SpecialKind = 'holiday' | 'make-up' | 'day-off' | 'working-saturday' | 'working-day';

export interface SpecialDay {
  day: DayNumber;
  kind: SpecialKind;
  name: string;
}

const applies = (year: number, r: { fromYear?: number | undefined; toYear?: number | undefined }) =>
  (r.fromYear === undefined || year >= r.fromYear) && (r.toYear === undefined || year <= r.toYear);

/** The public holidays whose date falls in Gregorian `year`, before any make-up. */
export function publicHolidays(year: number, s: CalendarSettings): NamedDay[] {
  const { rules } = s;
  const tz = rules.lunarTimeZoneHours;
  const entry = s.years.get(year);
  const out: NamedDay[] = [];

  for (const r of rules.solar) {
    // dayNumber() would roll 29/2 into 1/3 in a common year; such a rule simply does not apply.
    if (!applies(year, r) || civilDate(dayNumber(year, r.month, r.day)).month !== r.month) continue;
    out.push({ day: dayNumber(year, r.month, r.day), name: r.name });
  }
  // Lunar months 11 and 12 of lunar year Y-1 fall partly in Gregorian year Y, so look at both.
  for (const r of rules.lunar) {
    for (const ly of [year - 1, year]) {
      if (!applies(ly, r)) continue;
      const d = lunarDay(ly, r.month, r.day, tz); // null: day 30 of a 29-day month, skipped
      if (d !== null && civilDate(d).year === year) out.push({ day: d, name: r.name });
    }
  }
  // Tết: the table's days when the notice is known, else the configured split around mùng 1.
  if (entry?.tet) {
    for (const d of entry.tet) out.push({ day: d, name: rules.tet.name });
  } else {
    const tet = lunarNewYear(year, tz);
    for (let d = tet - rules.tet.daysBefore; d < tet + rules.tet.daysFrom; d++) out.push({ day: d, name: rules.tet.name });
  }
  const extra = rules.nationalDayExtra;
  if (applies(year, extra)) {
    const sept2 = dayNumber(year, 9, 2);
    out.push({ day: entry?.nationalDayExtra ?? (extra.side === 'before' ? sept2 - 1 : sept2 + 1), name: extra.name });
  }
  return mergeSameDay(out);
}

/** Two rules on one date make one holiday (and one make-up day at most), with both names. */
function mergeSameDay(days: NamedDay[]): NamedDay[] {
  const byDay = new Map<DayNumber, string[]>();
  for (const { day, name } of days) byDay.set(day, [...(byDay.get(day) ?? []), name]);
  return [...byDay.entries()].sort(([a], [b]) => a - b).map(([day, names]) => ({ day, name: [...new Set(names)].join('; ') }));
}

function isWeeklyWorkday(day: DayNumber, weekdays: readonly IsoWeekday[]): boolean {
  return weekdays.includes(isoWeekday(day));
}

/**
 * Every special day of Gregorian `year`. Make-up days are computed over the previous year too,
 * so that a late-December holiday on a weekend is made up in January.
 */
export function specialDays(year: number, s: CalendarSettings): Map<DayNumber, SpecialDay> {
  const weekdays = s.officeHours.workingWeekdays;
  const holidays = [...publicHolidays(year - 1, s), ...publicHolidays(year, s)];
  const notices = [s.years.get(year - 1), s.years.get(year)];
  const daysOff = notices.flatMap((e) => e?.daysOff ?? []);
  const worked = notices.flatMap((e) => e?.workingDays ?? []);

  const out = new Map<DayNumber, SpecialDay>();
  // "Taken" days cannot receive a make-up: they are already off.
  const taken = new Set<DayNumber>([...holidays.map((h) => h.day), ...daysOff.map((d) => d.day)]);
  if (s.rules.makeUpWeekendHolidays) {
    // In date order, so consecutive weekend holidays get consecutive make-up days (Tết 2024:
    // Sat 10 and Sun 11 Feb → Tue 13 and Wed 14, after the holiday on Mon 12).
    for (const h of holidays) {
      if (isWeeklyWorkday(h.day, weekdays)) continue;
      let d = h.day + 1;
      while (!isWeeklyWorkday(d, weekdays) || taken.has(d)) d++;
      taken.add(d);
      out.set(d, { day: d, kind: 'make-up', name: `Nghỉ bù ${h.name}` });
    }
  }
  for (const d of daysOff) out.set(d.day, { day: d.day, kind: 'day-off', name: d.name });
  for (const h of holidays) out.set(h.day, { day: h.day, kind: 'holiday', name: h.name });
  // The notice has the last word: a day it declares worked is worked, whatever the rules said.
  for (const w of worked) {
    out.set(w.day, { day: w.day, kind: isoWeekday(w.day) === 6 ? 'working-saturday' : 'working-day', name: w.name });
  }
  for (const d of out.keys()) if (civilDate(d).year !== year) out.delete(d);
  return out;
}
