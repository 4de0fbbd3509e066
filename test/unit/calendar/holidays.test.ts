import { describe, expect, it } from 'vitest';
import { calendarFrom, shippedCalendar } from './helpers.js';

const days = (cal: ReturnType<typeof calendarFrom>, year: number, kinds?: string[]) =>
  cal
    .nonWorkingDays(year)
    .filter((d) => !kinds || kinds.includes(d.kind))
    .map((d) => `${d.date} ${d.kind}`);

describe('public holidays from rules (Labour Code 2019 Art. 112)', () => {
  const rules = calendarFrom({}); // no notice table at all

  it('computes Tết as the last day of the lunar year + mùng 1–4 by default, with make-up days', () => {
    // Tết 2025 = Wed 29/1; computed: Tue 28/1 … Sat 1/2, Sat made up on Mon 3/2.
    expect(days(rules, 2025).filter((d) => d < '2025-03')).toEqual([
      '2025-01-01 holiday',
      '2025-01-28 holiday',
      '2025-01-29 holiday',
      '2025-01-30 holiday',
      '2025-01-31 holiday',
      '2025-02-01 holiday',
      '2025-02-03 make-up',
    ]);
  });

  it('makes the Tết split configurable', () => {
    const cal = calendarFrom({ rules: { tet: { name: 'Tết', daysBefore: 2, daysFrom: 3 } } });
    expect(days(cal, 2025).filter((d) => d.startsWith('2025-01-2') || d.startsWith('2025-01-3') || d.startsWith('2025-02'))).toEqual([
      '2025-01-27 holiday',
      '2025-01-28 holiday',
      '2025-01-29 holiday',
      '2025-01-30 holiday',
      '2025-01-31 holiday',
    ]);
  });

  it('has 30/4, 1/5, Giỗ Tổ and 2/9 + 1/9 (default) or 3/9 (configured)', () => {
    expect(days(rules, 2025).filter((d) => d >= '2025-04')).toEqual([
      '2025-04-07 holiday',
      '2025-04-30 holiday',
      '2025-05-01 holiday',
      '2025-09-01 holiday',
      '2025-09-02 holiday',
    ]);
    const after = calendarFrom({ rules: { nationalDayExtra: { name: 'QK', side: 'after' } } });
    expect(days(after, 2025).filter((d) => d >= '2025-09')).toEqual(['2025-09-02 holiday', '2025-09-03 holiday']);
  });

  it('makes up weekend holidays on the next working days, after the holiday cluster (Art. 111.3)', () => {
    // 2023: Sun 1/1 → Mon 2/1; Giỗ Tổ Sat 29/4 + Sun 30/4, Mon 1/5 holiday → Tue 2/5, Wed 3/5;
    // Sat 2/9 → Mon 4/9.
    const y2023 = days(rules, 2023, ['make-up']);
    expect(y2023).toContain('2023-01-02 make-up');
    expect(y2023).toContain('2023-05-02 make-up');
    expect(y2023).toContain('2023-05-03 make-up');
    expect(y2023).toContain('2023-09-04 make-up');
    // 2022: Sat 30/4 and Sun 1/5 → Mon 2/5 and Tue 3/5.
    expect(days(rules, 2022, ['make-up'])).toContain('2022-05-03 make-up');
  });

  it('computes lunar holidays for UTC+7, not the Chinese UTC+8 (Tết 2030, Giỗ Tổ 2009)', () => {
    // New moon 2 Feb 2030 16:07 UTC: 23:07 in Hanoi, 00:07 on 3 Feb in Beijing.
    expect(days(rules, 2030).filter((d) => d.startsWith('2030-02'))[0]).toBe('2030-02-01 holiday');
    expect(rules.nonWorkingDays(2030).find((d) => d.date === '2030-02-02')?.name).toBe('Tết Nguyên Đán');
    expect(days(rules, 2030)).not.toContain('2030-02-06 holiday');
    expect(days(rules, 2009).filter((d) => d.startsWith('2009-04'))).toEqual(['2009-04-04 holiday', '2009-04-06 make-up', '2009-04-30 holiday']);
  });

  it('does not make up when the rule is switched off', () => {
    const cal = calendarFrom({ rules: { makeUpWeekendHolidays: false } });
    expect(days(cal, 2023, ['make-up'])).toEqual([]);
  });

  it('applies rules only from their fromYear (2/9 extra day from 2021, Giỗ Tổ from 2007)', () => {
    expect(days(rules, 2020).filter((d) => d.startsWith('2020-09'))).toEqual(['2020-09-02 holiday']);
    expect(days(rules, 2006).filter((d) => d.startsWith('2006-04'))).toEqual(['2006-04-30 holiday']);
  });

  it('merges two holidays on one date into one day with both names', () => {
    const cal = calendarFrom({ rules: { solar: [{ month: 1, day: 1, name: 'A' }, { month: 1, day: 1, name: 'B' }] } });
    const jan1 = cal.nonWorkingDays(2025).filter((d) => d.date === '2025-01-01');
    expect(jan1).toEqual([{ date: '2025-01-01', weekday: 'Wed', kind: 'holiday', name: 'A; B', working: false }]);
  });
});

describe('the shipped notice table', () => {
  const cal = shippedCalendar();

  it('2025: Tết off Mon 27/1–Fri 31/1 (table overrides the computed days), 2/5 off, Sat 26/4 worked', () => {
    expect(days(cal, 2025)).toEqual([
      '2025-01-01 holiday',
      '2025-01-27 holiday',
      '2025-01-28 holiday',
      '2025-01-29 holiday',
      '2025-01-30 holiday',
      '2025-01-31 holiday',
      '2025-04-07 holiday',
      '2025-04-26 working-saturday',
      '2025-04-30 holiday',
      '2025-05-01 holiday',
      '2025-05-02 day-off',
      '2025-09-01 holiday',
      '2025-09-02 holiday',
    ]);
  });

  it('2024: Tết 8–12/2 with Sat/Sun made up on 13–14/2; 29/4 swapped with Sat 4/5; 2/9 + 3/9', () => {
    const d = days(cal, 2024);
    expect(d.filter((x) => x.startsWith('2024-02'))).toEqual([
      '2024-02-08 holiday',
      '2024-02-09 holiday',
      '2024-02-10 holiday',
      '2024-02-11 holiday',
      '2024-02-12 holiday',
      '2024-02-13 make-up',
      '2024-02-14 make-up',
    ]);
    expect(d).toContain('2024-04-29 day-off');
    expect(d).toContain('2024-05-04 working-saturday');
    expect(d.filter((x) => x.startsWith('2024-09'))).toEqual(['2024-09-02 holiday', '2024-09-03 holiday']);
  });

  it('2026: New Year swap 2/1 ↔ Sat 10/1, Tết 16–20/2, 31/8 swapped with Sat 22/8', () => {
    const d = days(cal, 2026);
    expect(d).toContain('2026-01-02 day-off');
    expect(d).toContain('2026-01-10 working-saturday');
    expect(d).toContain('2026-02-16 holiday');
    expect(d).toContain('2026-02-20 holiday');
    expect(d).toContain('2026-04-27 make-up'); // Giỗ Tổ on Sun 26/4
    expect(d).toContain('2026-08-31 day-off');
    expect(d).toContain('2026-08-22 working-saturday');
  });

  it('marks a worked Saturday as a working day and a swapped weekday as not', () => {
    expect(cal.day(Date.UTC(2025, 3, 26) / 86_400_000)).toMatchObject({ working: true, kind: 'working-saturday' });
    expect(cal.day(Date.UTC(2025, 4, 2) / 86_400_000)).toMatchObject({ working: false, kind: 'day-off' });
    expect(cal.day(Date.UTC(2025, 4, 3) / 86_400_000)).toMatchObject({ working: false, kind: 'weekend' });
    expect(cal.day(Date.UTC(2025, 4, 5) / 86_400_000)).toMatchObject({ working: true, kind: 'workday' });
  });

  it('lists plain weekends only when asked', () => {
    const all = cal.nonWorkingDays(2025, { includeWeekends: true });
    expect(all.filter((d) => d.kind === 'weekend')).toHaveLength(104 - 1); // Sat 26/4 is worked
    expect(cal.nonWorkingDays(2025).some((d) => d.kind === 'weekend')).toBe(false);
  });

  it('refuses years outside the supported range', () => {
    expect(() => cal.nonWorkingDays(2101)).toThrow('year 2101 is outside the supported years 1990–2100');
    expect(() => cal.nonWorkingDays(1989)).toThrow(RangeError);
  });
});
