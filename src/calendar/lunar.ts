// The Vietnamese lunisolar calendar, after Hồ Ngọc Đức's astronomical algorithm
// ("Âm lịch Việt Nam", https://www.informatik.uni-leipzig.de/~duc/amlich/). Lunar months start on
// the LOCAL day of the new moon and month 11 is the one containing the winter solstice, so the
// result depends on the time zone: Vietnam uses UTC+7 since 1968, China UTC+8. That is why Tết
// 1985 was 21 Jan in Vietnam and 20 Feb in China, and why Intl's 'chinese' calendar (UTC+8) must
// not be used. The formulas (Meeus-style truncated series) are accurate to minutes for 1800–2199,
// which only matters when a new moon falls within minutes of local midnight.
//
// Internally days are Julian Day Numbers (JDN); callers get CivilDate / DayNumber values.

import { type CivilDate, type DayNumber, civilDate, dayNumber } from './civil-date.js';

/** Vietnam's offset in hours, the one the lunar calendar is computed for. */
export const VIETNAM_TIME_ZONE_HOURS = 7;

export interface LunarDate {
  year: number;
  month: number; // 1–12
  day: number; // 1–30
  leap: boolean; // true for the intercalary (nhuận) month
}

const INT = Math.floor;
const PI = Math.PI;
const DR = PI / 180;
// JDN of 1970-01-01, to move between JDN and our DayNumber.
const JDN_UNIX_EPOCH = 2_440_588;

function jdFromDate(dd: number, mm: number, yy: number): number {
  const a = INT((14 - mm) / 12);
  const y = yy + 4800 - a;
  const m = mm + 12 * a - 3;
  let jd = dd + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - INT(y / 100) + INT(y / 400) - 32045;
  if (jd < 2299161) jd = dd + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - 32083; // Julian calendar
  return jd;
}

/** Julian day (with fraction) of the k-th new moon after 1900-01-01 13:52 UTC. */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DR);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // Sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // Moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // Moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * DR) + 0.0021 * Math.sin(2 * DR * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * DR) + 0.0161 * Math.sin(DR * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(DR * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(DR * 2 * F) - 0.0051 * Math.sin(DR * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(DR * (M - Mpr)) + 0.0004 * Math.sin(DR * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(DR * (2 * F - M)) - 0.0006 * Math.sin(DR * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(DR * (2 * F - Mpr)) + 0.0005 * Math.sin(DR * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** Sun's apparent longitude in radians, 0 ≤ L < 2π, at Julian day jdn (UTC). */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(DR * M);
  DL += (0.019993 - 0.000101 * T) * Math.sin(DR * 2 * M) + 0.00029 * Math.sin(DR * 3 * M);
  let L = (L0 + DL) * DR;
  L -= PI * 2 * INT(L / (PI * 2));
  return L;
}

/** Which of the 12 solar-term sectors (0–11) the Sun is in at the START of local day jd. */
function sunSector(jd: number, tz: number): number {
  return INT((sunLongitude(jd - 0.5 - tz / 24) / PI) * 6);
}

/** Local day (JDN) of the k-th new moon. */
function newMoonDay(k: number, tz: number): number {
  return INT(newMoon(k) + 0.5 + tz / 24);
}

/** Start (JDN) of lunar month 11 of year yy: the month that contains the winter solstice. */
function lunarMonth11(yy: number, tz: number): number {
  const off = jdFromDate(31, 12, yy) - 2415021;
  const k = INT(off / 29.530588853);
  const nm = newMoonDay(k, tz);
  return sunSector(nm, tz) >= 9 ? newMoonDay(k - 1, tz) : nm;
}

/** In a 13-month year starting at a11, the index of the leap month (the first with no major term). */
function leapMonthOffset(a11: number, tz: number): number {
  const k = INT((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let last: number;
  let i = 1;
  let arc = sunSector(newMoonDay(k + i, tz), tz);
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i, tz), tz);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** The lunar date of a civil (Gregorian) date, for a time zone in hours (7 for Vietnam). */
export function solarToLunar(date: CivilDate, tz: number = VIETNAM_TIME_ZONE_HOURS): LunarDate {
  const jd = jdFromDate(date.day, date.month, date.year);
  // The estimate of the lunation index can be off by one near a new moon (the published algorithm
  // gave day 0 for 9 April 2062): step until newMoonDay(k) <= jd < newMoonDay(k + 1).
  let k = INT((jd - 2415021.076998695) / 29.530588853) + 1;
  while (newMoonDay(k, tz) > jd) k -= 1;
  while (newMoonDay(k + 1, tz) <= jd) k += 1;
  const monthStart = newMoonDay(k, tz);
  let a11 = lunarMonth11(date.year, tz);
  let b11 = a11;
  let year: number;
  if (a11 >= monthStart) {
    year = date.year;
    a11 = lunarMonth11(date.year - 1, tz);
  } else {
    year = date.year + 1;
    b11 = lunarMonth11(date.year + 1, tz);
  }
  const day = jd - monthStart + 1;
  const diff = INT((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, tz);
    if (diff >= leapDiff) {
      month = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) year -= 1;
  return { year, month, day, leap };
}

/**
 * The civil date of a lunar date, or null when it does not exist (a leap month asked for in a year
 * whose leap month is another one, or day 30 of a 29-day month).
 */
export function lunarToSolar(lunar: LunarDate, tz: number = VIETNAM_TIME_ZONE_HOURS): CivilDate | null {
  const { year, month, day, leap } = lunar;
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11(year - 1, tz);
    b11 = lunarMonth11(year, tz);
  } else {
    a11 = lunarMonth11(year, tz);
    b11 = lunarMonth11(year + 1, tz);
  }
  const k = INT(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, tz);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) return null;
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    return null;
  }
  const monthStart = newMoonDay(k + off, tz);
  const result = monthStart + day - 1;
  if (day > 29 && newMoonDay(k + off + 1, tz) <= result) return null;
  return civilDate(result - JDN_UNIX_EPOCH);
}

/** Day number of Tết (1st day of lunar month 1) that falls in Gregorian year `year`. */
export function lunarNewYear(year: number, tz: number = VIETNAM_TIME_ZONE_HOURS): DayNumber {
  const c = lunarToSolar({ year, month: 1, day: 1, leap: false }, tz);
  // Day 1 of month 1 always exists; the null branch is unreachable but keeps the types honest.
  if (!c) throw new Error(`no lunar new year for ${year}`);
  return dayNumber(c.year, c.month, c.day);
}

/** Day number of a (non-leap) lunar day-month in lunar year `year`, or null if it does not exist. */
export function lunarDay(year: number, month: number, day: number, tz: number = VIETNAM_TIME_ZONE_HOURS): DayNumber | null {
  const c = lunarToSolar({ year, month, day, leap: false }, tz);
  return c ? dayNumber(c.year, c.month, c.day) : null;
}
