// The legal business calendar: office hours, public holidays and Decision 36 Art. 9.2 receipt time.
// Pure logic everywhere except loadCalendar, which reads the calendar file.

export { type Calendar, type CalendarDay, type DayKind, type DayStatus, createCalendar } from './calendar.js';
export { type CivilDate, type DayNumber, dayNumber, formatDate, parseDate } from './civil-date.js';
export { CalendarConfigError, CalendarRangeError, InstantParseError } from './errors.js';
export { type SpecialDay, type SpecialKind, publicHolidays } from './holidays.js';
export { formatInstant, parseInstant, vnDay } from './instant.js';
export { type LoadCalendarOptions, HOLIDAYS_FILE_ENV, defaultHolidaysFile, holidaysFilePath, loadCalendar, loadCalendarFresh } from './load.js';
export { type LunarDate, VIETNAM_TIME_ZONE_HOURS, lunarDay, lunarNewYear, lunarToSolar, solarToLunar } from './lunar.js';
export { type ReceiptTime, isWorkingInstant, nextOfficeStart, receiptTime } from './receipt.js';
export { type CalendarSettings, type OfficeHours, type Period, resolveSettings } from './settings.js';

import type { Calendar, CalendarDay } from './calendar.js';

/** The special days of `year` (holidays, make-up days, days off, worked Saturdays) in date order. */
export function nonWorkingDays(year: number, calendar: Calendar, options?: { includeWeekends?: boolean }): CalendarDay[] {
  return calendar.nonWorkingDays(year, options);
}
