// The shape of the calendar configuration file (config/holidays.json) and its validation.
// Everything an administrator may get wrong is checked here, and every message names the offending
// value (and the year / entry it sits in) so the file can be fixed without reading code.
// Values that the law leaves to the province or to each year's notice are data, not code: office
// hours (Long An's are UNCONFIRMED), the split of the 5 Tết days, the day added to 2/9.

import { z } from 'zod';
import { WEEKDAY_NAMES, dateProblem } from './civil-date.js';

/** Fixed-offset zones we can compute with: the Vietnamese zone has had no DST since 1975. */
export const SUPPORTED_TIME_ZONES: Record<string, number> = {
  'Asia/Ho_Chi_Minh': 420,
  'Asia/Saigon': 420, // legacy alias in the tz database
};

const hhmm = z.string().refine((s) => parseClock(s) !== null, {
  error: (iss) => `not a clock time: ${JSON.stringify(iss.input)} (expected HH:MM, 00:00–24:00)`,
});

/** Minutes since midnight of "HH:MM", or null; 24:00 is allowed as the end of a period. */
export function parseClock(s: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return null;
  return h * 60 + min;
}

const period = z.tuple([hhmm, hhmm]);

const weekday = z.string().refine((s) => (WEEKDAY_NAMES as readonly string[]).includes(s), {
  error: (iss) => `not a weekday: ${JSON.stringify(iss.input)} (expected one of ${WEEKDAY_NAMES.join(', ')})`,
});

const officeHoursFields = z.strictObject({
  periods: z.array(period).min(1),
  workingDays: z.array(weekday).min(1),
});

/** An agency's override: any field left out comes from the default office hours. */
export const officeHoursOverrideSchema = officeHoursFields.partial().strict();

/** Periods must be real, in order and disjoint; the schema agencies' merged hours are checked with. */
export const officeHoursSchema = officeHoursFields.superRefine((oh, ctx) => {
  let previousEnd = -1;
  oh.periods.forEach(([start, end], i) => {
    const s = parseClock(start) ?? 0;
    const e = parseClock(end) ?? 0;
    if (s >= e) {
      ctx.addIssue({ code: 'custom', path: ['periods', i], message: `period ${start}–${end} does not end after it starts` });
    }
    if (s < previousEnd) {
      ctx.addIssue({
        code: 'custom',
        path: ['periods', i],
        message: `period ${start}–${end} overlaps or precedes the previous one (periods must be in order)`,
      });
    }
    previousEnd = e;
  });
  const seen = new Set<string>();
  for (const d of oh.workingDays) {
    if (seen.has(d)) ctx.addIssue({ code: 'custom', path: ['workingDays'], message: `weekday ${d} listed twice` });
    seen.add(d);
  }
});

export type OfficeHoursConfig = z.infer<typeof officeHoursSchema>;
export type OfficeHoursOverride = z.infer<typeof officeHoursOverrideSchema>;

const isoDate = z.string().refine((s) => dateProblem(s) === null, {
  error: (iss) => `not a real date: ${JSON.stringify(iss.input)} (${dateProblem(String(iss.input))})`,
});

const yearBound = z.number().int().min(1900).max(2199); // the lunar formulas' accurate span

const solarRule = z.strictObject({
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
  name: z.string().min(1),
  fromYear: yearBound.optional(),
  toYear: yearBound.optional(),
});
const lunarRule = solarRule.extend({ day: z.number().int().min(1).max(30) });

export const rulesSchema = z.strictObject({
  /** Time zone of the lunar calendar in hours: 7 for Vietnam (China's 8 gives other dates). */
  lunarTimeZoneHours: z.number().min(-12).max(14),
  solar: z.array(solarRule),
  lunar: z.array(lunarRule),
  tet: z.strictObject({
    name: z.string().min(1),
    /** Days off before mùng 1, ending with the last day of the lunar year (29 or 30 Chạp). */
    daysBefore: z.number().int().min(0).max(10),
    /** Days off from mùng 1 inclusive. Labour Code 2019 Art. 112: 5 days in all. */
    daysFrom: z.number().int().min(1).max(10),
  }),
  /** Labour Code 2019 added one day adjacent to 2/9 (from 2021): 1/9 ('before') or 3/9 ('after'). */
  nationalDayExtra: z.strictObject({
    name: z.string().min(1),
    side: z.enum(['before', 'after']),
    fromYear: yearBound.optional(),
  }),
  /** Art. 111.3: a holiday falling on a weekly rest day is made up on the next working day. */
  makeUpWeekendHolidays: z.boolean(),
});
export type RulesConfig = z.infer<typeof rulesSchema>;

const dayEntry = z.strictObject({ date: isoDate, name: z.string().min(1) });

export const yearTableSchema = z.strictObject({
  /** Where the entry comes from (notice number and date); free text, shown to nobody but admins. */
  source: z.string().optional(),
  /** The 5 legal Tết holiday days as fixed by the notice; replaces the computed Tết days. */
  tet: z.array(isoDate).min(1).optional(),
  /** The day added to Quốc khánh this year: 'before' (1/9), 'after' (3/9) or the date itself. */
  nationalDayExtra: z.union([z.enum(['before', 'after']), isoDate]).optional(),
  /** Extra days off decided by the notice (e.g. a weekday swapped against a worked Saturday). */
  daysOff: z.array(dayEntry).optional(),
  /** Normally non-working days that are worked (the Saturday swapped for a day off). */
  workingDays: z.array(dayEntry).optional(),
});
export type YearTable = z.infer<typeof yearTableSchema>;

/**
 * The whole file. Every top-level section may be left out; the defaults then apply. Every object
 * is strict: a misspelt key ("daysoff") would otherwise be dropped and its days silently ignored.
 */
export const calendarFileSchema = z.strictObject({
  $comment: z.unknown().optional(),
  timeZone: z
    .string()
    .refine((s) => s in SUPPORTED_TIME_ZONES, {
      error: (iss) =>
        `unsupported time zone: ${JSON.stringify(iss.input)} (supported: ${Object.keys(SUPPORTED_TIME_ZONES).join(', ')})`,
    })
    .optional(),
  yearRange: z
    .object({ from: yearBound, to: yearBound })
    .refine((r) => r.from <= r.to, { error: (iss) => `year range ${JSON.stringify(iss.input)} is empty` })
    .optional(),
  officeHours: z
    .object({
      default: officeHoursSchema.optional(),
      /** Per-agency overrides, keyed by agency code (e.g. "000.00.15.H41"). */
      agencies: z.record(z.string().min(1), officeHoursOverrideSchema).optional(),
    })
    .optional(),
  /** Holiday rules; each key left out keeps its default (see defaults.ts). */
  rules: rulesSchema.partial().optional(),
  /** Per-year table of the government's notices, keyed by year ("2025"). */
  years: z.record(z.string(), yearTableSchema).optional(),
});
export type CalendarFile = z.infer<typeof calendarFileSchema>;
