// Reading and writing instants at the edge (CLI, API). An instant without a time zone is refused:
// "08:00" means different moments on a server in UTC and on a clerk's PC in UTC+7, and a receipt
// time computed from a guess would be wrong by 7 hours. Impossible dates are refused, never rolled
// over the way `new Date('2025-02-30T…')` might.

import { MS_PER_DAY, dayNumber, daysInMonth, fromLocal, toLocal } from './civil-date.js';
import { InstantParseError } from './errors.js';

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Parse an ISO-8601 instant such as 2025-01-27T08:15:00+07:00 or …Z; the zone is mandatory. */
export function parseInstant(text: string): Date {
  const t = text.trim();
  const m = INSTANT.exec(t);
  if (!m) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(t)) throw new InstantParseError(`instant has no time of day: ${text} (e.g. ${t}T08:00:00+07:00)`);
    throw new InstantParseError(`not an ISO-8601 instant: ${text} (e.g. 2025-01-27T08:00:00+07:00)`);
  }
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  if (zone === undefined) throw new InstantParseError(`instant has no time zone: ${text} (add Z or an offset such as +07:00)`);
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = Number(hs);
  const minute = Number(mis);
  const second = ss === undefined ? 0 : Number(ss);
  if (month < 1 || month > 12) throw new InstantParseError(`impossible date in instant: ${text} (month ${month} does not exist)`);
  const max = daysInMonth(year, month);
  if (day < 1 || day > max) throw new InstantParseError(`impossible date in instant: ${text} (${ys}-${mos} has ${max} days)`);
  // 24:00 and leap seconds are legal ISO but never what a mail server stamps; refuse them clearly.
  if (hour > 23 || minute > 59 || second > 59) throw new InstantParseError(`impossible time in instant: ${text}`);
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if ((digits.length !== 2 && digits.length !== 4) || oh > 23 || om > 59) throw new InstantParseError(`bad time-zone offset in instant: ${text}`);
    offsetMinutes = sign * (oh * 60 + om);
  }
  // Sub-millisecond digits cannot be kept in a Date; they are truncated, not rounded up into the
  // next millisecond (which could cross 17:00:00 from 16:59:59.9999).
  const ms = frac === undefined ? 0 : Number(frac.padEnd(3, '0').slice(0, 3));
  const dayNo = dayNumber(year, month, day);
  const msOfDay = ((hour * 60 + minute) * 60 + second) * 1000 + ms;
  const d = new Date(fromLocal(dayNo, msOfDay, offsetMinutes));
  if (Number.isNaN(d.getTime())) throw new InstantParseError(`instant out of range: ${text}`);
  return d;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** ISO-8601 with the given fixed offset, e.g. 2025-01-31T07:00:00+07:00 (milliseconds if any). */
export function formatInstant(instant: Date, offsetMinutes: number): string {
  const { day, msOfDay } = toLocal(instant.getTime(), offsetMinutes);
  const d = new Date(day * MS_PER_DAY);
  const h = Math.floor(msOfDay / 3_600_000);
  const mi = Math.floor(msOfDay / 60_000) % 60;
  const s = Math.floor(msOfDay / 1000) % 60;
  const ms = msOfDay % 1000;
  const abs = Math.abs(offsetMinutes);
  const zone = offsetMinutes === 0 ? 'Z' : `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(h)}:${pad(mi)}:${pad(s)}${ms ? `.${pad(ms, 3)}` : ''}${zone}`
  );
}

/** Vietnam's civil date of an instant (YYYY-MM-DD); the province keeps one time zone, UTC+7. */
export function vnDay(instant: Date = new Date()): string {
  return new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}
