// Calendars for tests, built from in-memory JSON (no file I/O) or from the shipped table.
import { fileURLToPath } from 'node:url';
import { type Calendar, createCalendar, loadCalendar, resolveSettings } from '../../../src/calendar/index.js';

export const SHIPPED_FILE = fileURLToPath(new URL('../../../config/holidays.json', import.meta.url));

/** The calendar of config/holidays.json as shipped. */
export function shippedCalendar(agency: string | null = null): Calendar {
  return loadCalendar({ file: SHIPPED_FILE, agency });
}

/** A calendar from an in-memory file; `{}` gives the pure rules with no notice table. */
export function calendarFrom(json: unknown, agency: string | null = null): Calendar {
  return createCalendar(resolveSettings(json, 'test.json', agency));
}

/** An instant written in Vietnam time, e.g. at('2025-01-24 17:30'). */
export function at(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+07:00`);
}

/** The +07:00 ISO text of an instant, for readable assertions. */
export function vn(d: Date): string {
  return new Date(d.getTime() + 7 * 3_600_000).toISOString().replace(/\.000Z$/, '+07:00').replace('Z', '+07:00');
}
