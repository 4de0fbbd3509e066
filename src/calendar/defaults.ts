// Defaults used when config/holidays.json leaves a section out. They restate the law:
// - office hours: Mon–Fri (Decision 188/1999/QĐ-TTg); 07:00–11:30 and 13:30–17:00, the common
//   provincial clock hours (Long An's own are UNCONFIRMED, hence configurable);
// - holidays: Labour Code 2019 Art. 112, make-up days Art. 111.3.
import type { OfficeHoursConfig, RulesConfig } from './schema.js';

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export const DEFAULT_YEAR_RANGE = { from: 1990, to: 2100 } as const;

export const DEFAULT_OFFICE_HOURS: OfficeHoursConfig = {
  periods: [
    ['07:00', '11:30'],
    ['13:30', '17:00'],
  ],
  workingDays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'],
};

export const DEFAULT_RULES: RulesConfig = {
  lunarTimeZoneHours: 7,
  solar: [
    { month: 1, day: 1, name: 'Tết Dương lịch' },
    { month: 4, day: 30, name: 'Ngày Chiến thắng (30/4)' },
    { month: 5, day: 1, name: 'Ngày Quốc tế Lao động (1/5)' },
    { month: 9, day: 2, name: 'Quốc khánh (2/9)' },
  ],
  // Giỗ Tổ Hùng Vương became a paid holiday with the 2007 amendment of the Labour Code.
  lunar: [{ month: 3, day: 10, name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', fromYear: 2007 }],
  // Art. 112 grants 5 days of Tết; which 5 around mùng 1 is fixed each year by the government's
  // notice (Art. 112.3). 1 before + 4 from mùng 1 is the default guess; the per-year table
  // replaces it whenever the notice is known.
  tet: { name: 'Tết Nguyên Đán', daysBefore: 1, daysFrom: 4 },
  // The second Quốc khánh day exists since 1 Jan 2021 (Labour Code 2019). Notices chose 1/9 in
  // 2022, 2023 and 2025 and 3/9 in 2021 and 2024 (in 2024 both choices give the same days off,
  // since 1/9 was a Sunday made up on 3/9), so 'before' is the default.
  nationalDayExtra: { name: 'Quốc khánh (ngày liền kề)', side: 'before', fromYear: 2021 },
  makeUpWeekendHolidays: true,
};
