// Civil (wall-calendar) dates as plain day numbers. Holidays, weekends and notices speak about
// local dates, not instants, so everything about "which day is it" works on an integer count of
// days since 1970-01-01. That keeps the logic free of Date objects, time zones and DST surprises.

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 (day 0 was a Thursday). */
export type DayNumber = number;

export interface CivilDate {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
}

/** ISO weekday numbers: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

export function dayNumber(year: number, month: number, day: number): DayNumber {
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear avoids that for the rare caller.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.floor(d.getTime() / MS_PER_DAY);
}

export function civilDate(n: DayNumber): CivilDate {
  const d = new Date(n * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function isoWeekday(n: DayNumber): IsoWeekday {
  // ((n mod 7) + 7) mod 7 handles days before 1970; day 0 (Thursday) must give 4.
  return ((((n + 3) % 7) + 7) % 7) + 1 as IsoWeekday;
}

export function weekdayName(n: DayNumber): WeekdayName {
  return WEEKDAY_NAMES[isoWeekday(n) - 1] as WeekdayName;
}

export function daysInMonth(year: number, month: number): number {
  return dayNumber(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - dayNumber(year, month, 1);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function formatDate(n: DayNumber): string {
  const c = civilDate(n);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`;
}

/** Why a YYYY-MM-DD string is not a real date, or null when it is. */
export function dateProblem(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return 'expected YYYY-MM-DD';
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return `month ${month} does not exist`;
  const max = daysInMonth(year, month);
  if (day < 1 || day > max) return `${pad(year, 4)}-${pad(month)} has ${max} days`;
  return null;
}

/** Parse a strict YYYY-MM-DD date; throws with the reason when it is not a real date. */
export function parseDate(text: string): DayNumber {
  const problem = dateProblem(text);
  if (problem) throw new Error(`not a date: ${JSON.stringify(text)} (${problem})`);
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  return dayNumber(y, m, d);
}

export const MS_PER_MINUTE = 60_000;
export { MS_PER_DAY };

/** Local day number and milliseconds into that local day, for a fixed UTC offset. */
export function toLocal(instantMs: number, offsetMinutes: number): { day: DayNumber; msOfDay: number } {
  const local = instantMs + offsetMinutes * MS_PER_MINUTE;
  const day = Math.floor(local / MS_PER_DAY);
  return { day, msOfDay: local - day * MS_PER_DAY };
}

/** The instant of a local day plus milliseconds, for a fixed UTC offset. */
export function fromLocal(day: DayNumber, msOfDay: number, offsetMinutes: number): number {
  return day * MS_PER_DAY + msOfDay - offsetMinutes * MS_PER_MINUTE;
}
