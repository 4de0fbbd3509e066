import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWorkingInstant, nextOfficeStart, receiptTime } from '../../../src/calendar/index.js';
import { at, calendarFrom, shippedCalendar, vn } from './helpers.js';

const cal = shippedCalendar();
const rt = (local: string) => {
  const r = receiptTime(at(local), cal);
  return { receiptTime: vn(r.receiptTime), adjusted: r.adjusted, reason: r.reason };
};

describe('receiptTime (Decision 36 Art. 9.2)', () => {
  it('keeps an arrival inside office hours', () => {
    expect(rt('2025-03-04 09:15')).toEqual({ receiptTime: '2025-03-04T09:15:00+07:00', adjusted: false, reason: null });
  });

  it('moves Friday 17:30 to Monday 07:00', () => {
    expect(rt('2025-03-07 17:30')).toEqual({ receiptTime: '2025-03-10T07:00:00+07:00', adjusted: true, reason: 'after office hours' });
  });

  it('moves the lunch break to 13:30 and early morning to 07:00', () => {
    expect(rt('2025-03-04 12:00')).toEqual({ receiptTime: '2025-03-04T13:30:00+07:00', adjusted: true, reason: 'lunch break' });
    expect(rt('2025-03-04 06:59')).toEqual({ receiptTime: '2025-03-04T07:00:00+07:00', adjusted: true, reason: 'before office hours' });
  });

  it('treats a period start as inside and a period end as outside (half-open periods)', () => {
    expect(rt('2025-03-04 07:00').adjusted).toBe(false);
    expect(rt('2025-03-04 13:30').adjusted).toBe(false);
    expect(rt('2025-03-04 11:30')).toMatchObject({ receiptTime: '2025-03-04T13:30:00+07:00', reason: 'lunch break' });
    expect(rt('2025-03-04 17:00')).toMatchObject({ receiptTime: '2025-03-05T07:00:00+07:00', reason: 'after office hours' });
    const justBefore = new Date(at('2025-03-04 17:00').getTime() - 1);
    expect(receiptTime(justBefore, cal).adjusted).toBe(false);
  });

  it('skips the weekend', () => {
    expect(rt('2025-03-08 10:00')).toEqual({ receiptTime: '2025-03-10T07:00:00+07:00', adjusted: true, reason: 'weekend' });
  });

  it('skips Tết 2025 (Mon 27/1–Fri 31/1 off, weekends around it)', () => {
    expect(rt('2025-01-24 17:30')).toMatchObject({ receiptTime: '2025-02-03T07:00:00+07:00', reason: 'after office hours' });
    expect(rt('2025-01-27 09:00')).toEqual({
      receiptTime: '2025-02-03T07:00:00+07:00',
      adjusted: true,
      reason: 'public holiday: Tết Nguyên Đán',
    });
  });

  it('skips 30/4, 1/5 and the swapped 2/5/2025, and counts Saturday 26/4/2025 as worked', () => {
    expect(rt('2025-04-30 08:00')).toMatchObject({ receiptTime: '2025-05-05T07:00:00+07:00', reason: 'public holiday: Ngày Chiến thắng (30/4)' });
    expect(rt('2025-05-02 08:00')).toMatchObject({ receiptTime: '2025-05-05T07:00:00+07:00' });
    expect(rt('2025-05-02 08:00').reason).toMatch(/^day off \(notice\): /);
    expect(rt('2025-04-26 08:00')).toEqual({ receiptTime: '2025-04-26T08:00:00+07:00', adjusted: false, reason: null });
    expect(rt('2025-04-25 18:00')).toMatchObject({ receiptTime: '2025-04-26T07:00:00+07:00' });
  });

  it('skips 2/9 and its adjacent day', () => {
    expect(rt('2025-08-29 17:00')).toMatchObject({ receiptTime: '2025-09-03T07:00:00+07:00' });
    expect(rt('2024-08-30 17:05')).toMatchObject({ receiptTime: '2024-09-04T07:00:00+07:00' });
  });

  it('skips a make-up day for a holiday that fell on a weekend', () => {
    // Sat 2/9/2023 is made up on Mon 4/9/2023 (with Fri 1/9 as the adjacent day).
    expect(rt('2023-09-04 08:00')).toEqual({
      receiptTime: '2023-09-05T07:00:00+07:00',
      adjusted: true,
      reason: 'make-up day off: Nghỉ bù Quốc khánh (2/9)',
    });
  });

  it('crosses the year boundary: 31/12 18:00 → next working day in January', () => {
    expect(rt('2024-12-31 18:00')).toMatchObject({ receiptTime: '2025-01-02T07:00:00+07:00' }); // 1/1/2025 Wed
    expect(rt('2025-12-31 18:00')).toMatchObject({ receiptTime: '2026-01-05T07:00:00+07:00' }); // 1/1 + swapped 2/1/2026
    expect(rt('2022-12-30 18:00')).toMatchObject({ receiptTime: '2023-01-03T07:00:00+07:00' }); // Sun 1/1 made up Mon 2/1
  });

  it('uses the instant, not the server zone: 23:30 UTC on Monday is 06:30 Tuesday in Vietnam', () => {
    const r = receiptTime(new Date('2025-03-03T23:30:00Z'), cal);
    expect(vn(r.receiptTime)).toBe('2025-03-04T07:00:00+07:00');
    expect(r.reason).toBe('before office hours');
  });

  it('refuses instants outside the supported years and invalid Dates', () => {
    expect(() => receiptTime(at('2100-12-31 18:00'), cal)).toThrow('date 2101-01-01 is outside the supported years 1990–2100');
    expect(() => receiptTime(new Date('x'), cal)).toThrow('invalid Date');
  });

  it('follows an agency’s own office hours', () => {
    const own = calendarFrom(
      { officeHours: { agencies: { 'A.1': { periods: [['07:30', '11:30'], ['13:00', '16:30']] } } } },
      'A.1',
    );
    expect(own.settings.officeHoursSource).toBe('agency');
    expect(vn(receiptTime(at('2025-03-04 07:10'), own).receiptTime)).toBe('2025-03-04T07:30:00+07:00');
    expect(receiptTime(at('2025-03-04 16:45'), own).reason).toBe('after office hours');
    expect(receiptTime(at('2025-03-04 13:10'), own).adjusted).toBe(false);
    const other = calendarFrom({ officeHours: { agencies: { 'A.1': { periods: [['07:30', '11:30']] } } } }, 'B.2');
    expect(other.settings.officeHoursSource).toBe('default');
    expect(receiptTime(at('2025-03-04 07:10'), other).adjusted).toBe(false);
  });
});

describe('receiptTime properties', () => {
  // Any millisecond from 1990 to the end of 2099 (leaving room for the next office start).
  const instant = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2099, 11, 1) }).map((ms) => new Date(ms));
  // Instants near office-hour boundaries are where bugs live: bias towards whole minutes of 2023–2027.
  const nearBoundary = fc
    .record({
      day: fc.integer({ min: Date.UTC(2023, 0, 1) / 86_400_000, max: Date.UTC(2027, 11, 31) / 86_400_000 }),
      minute: fc.constantFrom(419, 420, 421, 689, 690, 691, 809, 810, 811, 1019, 1020, 1021, 0, 1439),
      ms: fc.constantFrom(0, 1, 59_999),
    })
    .map(({ day, minute, ms }) => new Date(day * 86_400_000 + (minute - 420) * 60_000 + ms));
  const arrivals = fc.oneof(instant, nearBoundary);

  it('is never before the arrival and always a working instant', () => {
    fc.assert(
      fc.property(arrivals, (arrival) => {
        const r = receiptTime(arrival, cal);
        expect(r.receiptTime.getTime()).toBeGreaterThanOrEqual(arrival.getTime());
        expect(isWorkingInstant(r.receiptTime, cal)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('equals the arrival exactly when the arrival is inside office hours', () => {
    fc.assert(
      fc.property(arrivals, (arrival) => {
        const r = receiptTime(arrival, cal);
        const inside = isWorkingInstant(arrival, cal);
        expect(r.adjusted).toBe(!inside);
        expect(r.reason === null).toBe(inside);
        if (inside) expect(r.receiptTime.getTime()).toBe(arrival.getTime());
        else expect(r.receiptTime.getTime()).toBe(nextOfficeStart(arrival, cal).getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent and leaves no working instant between arrival and receipt', () => {
    fc.assert(
      fc.property(arrivals, fc.double({ min: 0, max: 1, noNaN: true }), (arrival, f) => {
        const r = receiptTime(arrival, cal);
        expect(receiptTime(r.receiptTime, cal)).toEqual({ receiptTime: r.receiptTime, adjusted: false, reason: null });
        // A point strictly between the arrival and an adjusted receipt time is never a working instant.
        const gap = r.receiptTime.getTime() - arrival.getTime();
        if (gap > 0) {
          const between = new Date(arrival.getTime() + Math.floor(f * (gap - 1)));
          expect(isWorkingInstant(between, cal)).toBe(false);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
