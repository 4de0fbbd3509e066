// The only I/O of the calendar: reading config/holidays.json (or $VANTHU_HOLIDAYS_FILE).
// Deliberately independent of the main configuration module, so that the calendar can be used
// (and tested) on its own and a broken main config does not hide a broken holiday table.

import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { configFile } from '../config/root.js';
import { type Calendar, createCalendar } from './calendar.js';
import { CalendarConfigError } from './errors.js';
import { resolveSettings } from './settings.js';
import type { OfficeHoursOverride } from './schema.js';

export const HOLIDAYS_FILE_ENV = 'VANTHU_HOLIDAYS_FILE';

export interface LoadCalendarOptions {
  /** Path of the calendar file; default $VANTHU_HOLIDAYS_FILE, else config/holidays.json. */
  file?: string;
  /** Agency code whose office hours apply; default: the default office hours. */
  agency?: string | null;
  /** The agency's own office hours (from the agency directory); they replace the file's entry. */
  officeHours?: OfficeHoursOverride | null;
  /** Environment to read VANTHU_HOLIDAYS_FILE from (tests); default process.env. */
  env?: Record<string, string | undefined>;
}

/** config/holidays.json of the project (from src/ or from the compiled dist/src/). */
export function defaultHolidaysFile(): string {
  return configFile('holidays.json');
}

export function holidaysFilePath(options: LoadCalendarOptions = {}): string {
  const env = options.env ?? process.env;
  return resolve(options.file ?? (env[HOLIDAYS_FILE_ENV] || defaultHolidaysFile()));
}

/** Read, validate and resolve the calendar file. Throws CalendarConfigError naming the file. */
export function loadCalendar(options: LoadCalendarOptions = {}): Calendar {
  const file = holidaysFilePath(options);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    // A missing table is an error, not "no holidays": receipt times would silently be wrong.
    const code = (err as NodeJS.ErrnoException).code;
    throw new CalendarConfigError(`cannot read calendar file ${file}: ${code ?? (err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CalendarConfigError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  return createCalendar(resolveSettings(json, file, options.agency ?? null, options.officeHours ?? null));
}

const cached = new Map<string, { stamp: string; calendar: Calendar }>();

/**
 * loadCalendar for long-running workers: the file is read again only when its size or modification
 * time changed, so an administrator's edit of the table (a new year's notice) applies without a
 * restart, and an unchanged file costs one stat per call.
 */
export function loadCalendarFresh(options: LoadCalendarOptions = {}): Calendar {
  const file = holidaysFilePath(options);
  let stamp: string;
  try {
    const st = statSync(file);
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    return loadCalendar(options); // reports the missing file in its own words
  }
  const key = `${file}\u0000${options.agency ?? ''}\u0000${options.officeHours ? JSON.stringify(options.officeHours) : ''}`;
  const hit = cached.get(key);
  if (hit?.stamp === stamp) return hit.calendar;
  const calendar = loadCalendar({ ...options, file });
  cached.set(key, { stamp, calendar });
  return calendar;
}
