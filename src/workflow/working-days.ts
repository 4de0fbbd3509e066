// Which days count as working days for an agency's deadlines and reminders: its legal calendar
// (config/holidays.json with the agency's office hours: Tết, the Hùng Kings' day, 30/4, 1/5, 2/9,
// and each year's notice of days off and make-up Saturdays), the one that already decides receipt
// times (Decision 36 Art. 9.2). "Trong 5 ngày làm việc" and "nhắc trước 2 ngày làm việc" count
// these days, never a Tết week as five working days.
import { CalendarRangeError, loadCalendarFresh, parseDate } from '../calendar/index.js';
import type { Agency } from '../agency/agency.js';
import { weekdaysOnly } from './deadline.js';

export type IsWorkingDay = (isoDay: string) => boolean;

/** The agency's working days; outside the calendar's supported years, Monday to Friday. */
export function workingDaysOf(agency: Pick<Agency, 'code' | 'officeHours'>): IsWorkingDay {
  // Read per call (a stat when unchanged): an administrator's edit of the table applies at once.
  const calendar = loadCalendarFresh({ agency: agency.code, officeHours: agency.officeHours });
  return (isoDay) => {
    try {
      return calendar.day(parseDate(isoDay)).working;
    } catch (err) {
      if (err instanceof CalendarRangeError) return weekdaysOnly(isoDay);
      throw err;
    }
  };
}
