import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilDate, dayNumber, formatDate } from '../../../src/calendar/civil-date.js';
import { lunarDay, lunarNewYear, lunarToSolar, solarToLunar } from '../../../src/calendar/lunar.js';

describe('lunar calendar (Hồ Ngọc Đức, UTC+7)', () => {
  it.each([
    [2021, '2021-02-12'],
    [2022, '2022-02-01'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
  ])('Tết %i is %s', (year, date) => {
    expect(formatDate(lunarNewYear(year, 7))).toBe(date);
  });

  it('differs from the Chinese (UTC+8) calendar where the new moon is near midnight', () => {
    // 1985: the famous case, a whole month apart; 2007: one day apart.
    expect(formatDate(lunarNewYear(1985, 7))).toBe('1985-01-21');
    expect(formatDate(lunarNewYear(1985, 8))).toBe('1985-02-20');
    expect(formatDate(lunarNewYear(2007, 7))).toBe('2007-02-17');
    expect(formatDate(lunarNewYear(2007, 8))).toBe('2007-02-18');
    expect(formatDate(lunarNewYear(2030))).toBe('2030-02-02'); // the default time zone is Vietnam's
    expect(formatDate(lunarNewYear(2030, 8))).toBe('2030-02-03');
  });

  it.each([
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('Giỗ Tổ (10/3 lunar) %i is %s', (year, date) => {
    const d = lunarDay(year, 3, 10);
    expect(d === null ? null : formatDate(d)).toBe(date);
  });

  it('knows the last day of the lunar year (29 or 30 Chạp)', () => {
    expect(solarToLunar({ year: 2024, month: 2, day: 9 })).toEqual({ year: 2023, month: 12, day: 30, leap: false });
    expect(solarToLunar({ year: 2025, month: 1, day: 28 })).toEqual({ year: 2024, month: 12, day: 29, leap: false });
    expect(solarToLunar({ year: 2026, month: 2, day: 16 })).toEqual({ year: 2025, month: 12, day: 29, leap: false });
  });

  it('finds leap months (2/2023 nhuận, 6/2025 nhuận) and refuses ones that do not exist', () => {
    expect(solarToLunar({ year: 2023, month: 3, day: 22 })).toEqual({ year: 2023, month: 2, day: 1, leap: true });
    expect(solarToLunar({ year: 2025, month: 7, day: 25 })).toEqual({ year: 2025, month: 6, day: 1, leap: true });
    expect(lunarToSolar({ year: 2023, month: 2, day: 1, leap: true })).toEqual({ year: 2023, month: 3, day: 22 });
    expect(lunarToSolar({ year: 2024, month: 2, day: 1, leap: true })).toBeNull();
    expect(lunarToSolar({ year: 2025, month: 12, day: 30, leap: false })).toBeNull(); // 29-day month
  });

  it('round-trips every one of the 40,542 days of 1990–2100', () => {
    let failures = 0;
    for (let n = dayNumber(1990, 1, 1); n <= dayNumber(2100, 12, 31); n++) {
      const c = civilDate(n);
      const l = solarToLunar(c);
      const back = lunarToSolar(l);
      if (l.day < 1 || l.day > 30 || !back || back.year !== c.year || back.month !== c.month || back.day !== c.day) failures++;
    }
    expect(failures).toBe(0);
  });

  it('gives 9 April 2062 a real lunar day (a case the property test found)', () => {
    const c = { year: 2062, month: 4, day: 9 };
    const l = solarToLunar(c);
    expect(l.day).toBeGreaterThanOrEqual(1);
    expect(lunarToSolar(l)).toEqual(c);
  });

  it('round-trips every day of 1990–2100 (solar → lunar → solar)', () => {
    const first = dayNumber(1990, 1, 1);
    const last = dayNumber(2100, 12, 31);
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), (n) => {
        const c = civilDate(n);
        const l = solarToLunar(c);
        expect(l.day).toBeGreaterThanOrEqual(1);
        expect(l.day).toBeLessThanOrEqual(30);
        expect(lunarToSolar(l)).toEqual(c);
      }),
      { numRuns: 500 },
    );
  });

  it('puts Tết between 21 January and 20 February every year', () => {
    for (let y = 1990; y <= 2100; y++) {
      const t = civilDate(lunarNewYear(y));
      const key = t.month * 100 + t.day;
      expect(key, `Tết ${y}`).toBeGreaterThanOrEqual(121);
      expect(key, `Tết ${y}`).toBeLessThanOrEqual(220);
    }
  });
});
