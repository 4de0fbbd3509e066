// Turns the raw JSON of config/holidays.json into checked, ready-to-compute settings. Pure: the
// caller reads the file. Every refusal names the file, the place in it and the offending value.

import { z } from 'zod';
import { type DayNumber, type IsoWeekday, WEEKDAY_NAMES, dayNumber, formatDate, parseDate } from './civil-date.js';
import { DEFAULT_OFFICE_HOURS, DEFAULT_RULES, DEFAULT_TIME_ZONE, DEFAULT_YEAR_RANGE } from './defaults.js';
import { CalendarConfigError } from './errors.js';
import { lunarNewYear } from './lunar.js';
import {
  type OfficeHoursConfig,
  type OfficeHoursOverride,
  type RulesConfig,
  type YearTable,
  SUPPORTED_TIME_ZONES,
  calendarFileSchema,
  yearTableSchema,
  officeHoursSchema,
  parseClock,
} from './schema.js';

/** One office-hours period in minutes since local midnight, half-open: [start, end). */
export interface Period {
  start: number;
  end: number;
}

export interface OfficeHours {
  periods: Period[];
  workingWeekdays: IsoWeekday[];
}

export interface NamedDay {
  day: DayNumber;
  name: string;
}

export interface YearEntry {
  source?: string;
  tet?: DayNumber[];
  nationalDayExtra?: DayNumber;
  daysOff: NamedDay[];
  workingDays: NamedDay[];
}

export interface CalendarSettings {
  timeZone: string;
  utcOffsetMinutes: number;
  yearRange: { from: number; to: number };
  /** The agency asked for, or null. */
  agency: string | null;
  /** Whether the office hours are the agency's own entry or the default ones. */
  officeHoursSource: 'agency' | 'default';
  officeHours: OfficeHours;
  rules: RulesConfig;
  years: Map<number, YearEntry>;
}

/** "years.2025.tet[0]" from a zod path. */
function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(top level)';
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/** ", expected one of …" for the objects an administrator edits most. */
function knownKeysHint(path: readonly PropertyKey[]): string {
  const shape =
    path.length === 0 ? calendarFileSchema.shape : path.length === 2 && path[0] === 'years' ? yearTableSchema.shape : null;
  return shape ? ` (expected one of ${Object.keys(shape).join(', ')})` : '';
}

function zodFailure(source: string, input: unknown, error: z.ZodError): CalendarConfigError {
  const lines = error.issues.slice(0, 5).map((iss) => {
    // A misspelt or unknown key is named by the message itself; the object around it is noise.
    if (iss.code === 'unrecognized_keys') {
      const known = knownKeysHint(iss.path);
      return `${source}: ${pathText(iss.path)}: unknown key${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => JSON.stringify(k)).join(', ')}${known}`;
    }
    const value = valueAt(input, iss.path);
    const shown = value === undefined ? 'missing' : JSON.stringify(value);
    const withValue = iss.message.includes(shown) ? iss.message : `${iss.message} (got ${shown})`;
    return `${source}: ${pathText(iss.path)}: ${withValue}`;
  });
  if (error.issues.length > 5) lines.push(`… and ${error.issues.length - 5} more problems`);
  return new CalendarConfigError(lines.join('\n'));
}

function toOfficeHours(cfg: OfficeHoursConfig): OfficeHours {
  return {
    periods: cfg.periods.map(([s, e]) => ({ start: parseClock(s) ?? 0, end: parseClock(e) ?? 0 })),
    workingWeekdays: cfg.workingDays
      .map((d) => ((WEEKDAY_NAMES as readonly string[]).indexOf(d) + 1) as IsoWeekday)
      .sort((a, b) => a - b),
  };
}

/** Checks of one year's entry that need to know the year (dates inside it, no contradictions). */
function resolveYear(source: string, key: string, raw: YearTable, range: { from: number; to: number }, rules: RulesConfig): YearEntry {
  const where = (field: string, value: unknown) => `${source}: years.${key}.${field}: ${JSON.stringify(value)}`;
  if (!/^\d{4}$/.test(key)) throw new CalendarConfigError(`${source}: years.${key}: year key must be 4 digits (got ${JSON.stringify(key)})`);
  const year = Number(key);
  if (year < range.from || year > range.to) {
    throw new CalendarConfigError(`${source}: years.${key}: year ${year} is outside the supported range ${range.from}–${range.to}`);
  }
  const inYear = (field: string, text: string): DayNumber => {
    const d = parseDate(text); // already validated by the schema
    if (!text.startsWith(`${key}-`)) throw new CalendarConfigError(`${where(field, text)} is not in ${year}`);
    return d;
  };
  const entry: YearEntry = { daysOff: [], workingDays: [] };
  if (raw.source !== undefined) entry.source = raw.source;

  if (raw.tet) {
    const tet = lunarNewYear(year, rules.lunarTimeZoneHours);
    entry.tet = raw.tet.map((text, i) => {
      const d = inYear(`tet[${i}]`, text);
      // A typo (wrong month) would silently move Tết; no notice ever put a Tết day further away.
      if (Math.abs(d - tet) > 10) {
        throw new CalendarConfigError(`${where(`tet[${i}]`, text)} is more than 10 days from the lunar new year (${formatDate(tet)})`);
      }
      return d;
    });
    if (new Set(entry.tet).size !== entry.tet.length) throw new CalendarConfigError(`${where('tet', raw.tet)} lists a day twice`);
  }

  if (raw.nationalDayExtra !== undefined) {
    const v = raw.nationalDayExtra;
    const sept2 = dayNumber(year, 9, 2);
    const d = v === 'before' ? sept2 - 1 : v === 'after' ? sept2 + 1 : inYear('nationalDayExtra', v);
    if (Math.abs(d - sept2) !== 1) throw new CalendarConfigError(`${where('nationalDayExtra', v)} must be ${year}-09-01 or ${year}-09-03`);
    entry.nationalDayExtra = d;
  }

  const seen = new Map<DayNumber, string>();
  for (const field of ['daysOff', 'workingDays'] as const) {
    (raw[field] ?? []).forEach((e, i) => {
      const d = inYear(`${field}[${i}].date`, e.date);
      const before = seen.get(d);
      if (before) throw new CalendarConfigError(`${where(`${field}[${i}].date`, e.date)} is already listed in ${before}`);
      seen.set(d, `${field}[${i}]`);
      entry[field].push({ day: d, name: e.name });
    });
  }
  return entry;
}

/**
 * Validate the parsed JSON of a calendar file and resolve it for one agency (null: default hours).
 * `source` names the file in messages.
 */
export function resolveSettings(input: unknown, source: string, agency: string | null = null, agencyHours: OfficeHoursOverride | null = null): CalendarSettings {
  const parsed = calendarFileSchema.safeParse(input ?? {});
  if (!parsed.success) throw zodFailure(source, input, parsed.error);
  const file = parsed.data;
  const timeZone = file.timeZone ?? DEFAULT_TIME_ZONE;
  const yearRange = file.yearRange ?? { ...DEFAULT_YEAR_RANGE };
  const rules: RulesConfig = { ...DEFAULT_RULES, ...file.rules };
  const base = file.officeHours?.default ?? DEFAULT_OFFICE_HOURS;

  // An agency without its own entry works the province's default hours (the usual case); only
  // agencies whose hours differ need an entry.
  let hours = base;
  // The agency directory's hours come first; then the file's entry for the agency.
  const override = agency === null ? undefined : (agencyHours ?? file.officeHours?.agencies?.[agency]);
  if (agency !== null && override !== undefined) {
    const merged = { ...base, ...override };
    const checked = officeHoursSchema.safeParse(merged);
    if (!checked.success) {
      const issues = checked.error.issues.map((i) => ({ ...i, path: ['officeHours', 'agencies', agency, ...i.path] }));
      throw zodFailure(source, { officeHours: { agencies: { [agency]: merged } } }, new z.ZodError(issues));
    }
    hours = checked.data;
  }

  const years = new Map<number, YearEntry>();
  for (const [key, raw] of Object.entries(file.years ?? {})) years.set(Number(key), resolveYear(source, key, raw, yearRange, rules));

  return {
    timeZone,
    utcOffsetMinutes: SUPPORTED_TIME_ZONES[timeZone] ?? 420,
    yearRange,
    agency,
    officeHoursSource: override === undefined ? 'default' : 'agency',
    officeHours: toOfficeHours(hours),
    rules,
    years,
  };
}
