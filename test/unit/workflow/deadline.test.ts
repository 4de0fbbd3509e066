// Deadlines as leaders write them (Decree 30/2020 Art. 24): every written form, a day and month
// without a year resolved on or after the reply's day, dates that do not exist, two deadlines,
// working days. Text is folded first (src/extract/text/fold.ts), as the reader does.
import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/extract/text/fold.js';
import { readDeadline, resolveDate, weekdaysOnly } from '../../../src/workflow/deadline.js';

const read = (text: string, received = '2026-12-03', isWorkingDay = weekdaysOnly) => readDeadline(fold(text), received, isWorkingDay);
const dl = (text: string, received?: string) => {
  const r = read(text, received);
  return 'error' in r ? `error: ${r.error}` : r.deadline;
};

describe('readDeadline: the written forms', () => {
  it.each([
    ['Chuyển P.KH xử lý, hạn 20/12', '2026-12-20'],
    ['hạn: 20/12/2026', '2026-12-20'],
    ['Hạn 20-12', '2026-12-20'],
    ['han 20.12.2026', '2026-12-20'],
    ['hạn 20/12/26', '2026-12-20'],
    ['hạn ngày 5/1', '2027-01-05'],
    ['Hạn chót 18/12', '2026-12-18'],
    ['hạn xử lý 18/12', '2026-12-18'],
    ['hạn giải quyết: 18/12', '2026-12-18'],
    ['hạn báo cáo 18/12', '2026-12-18'],
    ['Thời hạn 18/12', '2026-12-18'],
    ['deadline 18/12', '2026-12-18'],
    ['báo cáo trước 18/12', '2026-12-18'],
    ['trước ngày 18/12', '2026-12-18'],
    ['trả lời trước 15h ngày 18/12', '2026-12-18'],
    ['trước 15 giờ 30 ngày 18/12/2026', '2026-12-18'],
    ['chậm nhất là ngày 18/12', '2026-12-18'],
    ['không quá 18/12', '2026-12-18'],
    ['hạn 18 tháng 12', '2026-12-18'],
    ['hạn ngày 18 tháng 12 năm 2026', '2026-12-18'],
    ['han 18 thang 12 2026', '2026-12-18'],
  ])('%s → %s', (text, want) => expect(dl(text)).toBe(want));

  it('"trong N ngày" counts calendar days from the reply’s day; "làm việc" counts working days', () => {
    expect(dl('Chuyển P.KH xử lý trong 5 ngày')).toBe('2026-12-08');
    expect(dl('trong vòng 10 ngày')).toBe('2026-12-13');
    // 3 December 2026 is a Thursday: Fri 4, Mon 7, Tue 8, Wed 9, Thu 10.
    expect(dl('trong 5 ngày làm việc')).toBe('2026-12-10');
    // With a calendar that knows a holiday (Mon 7), the count skips it too.
    const r = read('trong 5 ngày làm việc', '2026-12-03', (d) => weekdaysOnly(d) && d !== '2026-12-07');
    expect(r).toEqual({ deadline: '2026-12-11' });
  });

  it('no deadline written: null; numbers that are not after a deadline word are not deadlines', () => {
    expect(dl('Chuyển P.KH xử lý')).toBeNull();
    expect(dl('Theo công văn 15/12 của Bộ, chuyển P.KH')).toBeNull();
    expect(dl('Đồng ý')).toBeNull();
  });
});

describe('readDeadline: the year', () => {
  it('a day and month without a year is the next one on or after the reply’s day (year roll-over)', () => {
    expect(dl('hạn 5/1', '2026-12-28')).toBe('2027-01-05');
    expect(dl('hạn 28/12', '2026-12-28')).toBe('2026-12-28');
    expect(dl('hạn 31/12', '2026-12-31')).toBe('2026-12-31');
  });

  it('a day and month a few weeks past is a slip, not next year’s date: the clerk reads it', () => {
    // Written on 3 December: "1/12" is two days ago, not 1 December 2027 (a year without reminders).
    expect(dl('hạn 1/12', '2026-12-03')).toMatch(/^error: 1\/12 is before the day of the reply/);
    expect(dl('hạn 5/11', '2026-12-03')).toMatch(/^error/);
    // More than a month past: the coming one ("báo cáo trước 15/6" written in December is June next year).
    expect(dl('báo cáo trước 15/6', '2026-12-03')).toBe('2027-06-15');
    expect(dl('hạn 31/10', '2026-12-03')).toBe('2027-10-31');
  });

  it('29/2 without a year: the coming 29 February when it falls within a year, otherwise not a date', () => {
    expect(dl('hạn 29/2', '2027-03-01')).toBe('2028-02-29');
    expect(dl('hạn 29/2', '2028-01-10')).toBe('2028-02-29');
    // 2026 and 2027 have no 29 February: never a deadline two years away.
    expect(dl('hạn 29/2', '2026-02-10')).toMatch(/^error: 29\/2 is not a date/);
    expect(dl('hạn 29/2/2028', '2026-02-10')).toBe('2028-02-29');
    expect(dl('hạn 29/2/2027')).toMatch(/^error: 29\/2\/2027 is not a date/);
  });

  it('a date that does not exist is an error, never moved to a nearby day', () => {
    expect(dl('hạn 31/11')).toMatch(/^error: 31\/11 is not a date/);
    expect(dl('hạn 0/12')).toMatch(/^error/);
    expect(dl('hạn 12/13')).toMatch(/^error/);
    expect(dl('hạn 20/12/1999')).toMatch(/^error/);
    expect(dl('trong 0 ngày')).toMatch(/^error/);
    expect(dl('trong 400 ngày')).toMatch(/^error/);
  });

  it('a date written with its year that is already past when the reply arrives is an error (a slip of the year, for the clerk)', () => {
    expect(dl('hạn 20/12/2025', '2026-01-05')).toMatch(/^error: 20\/12\/2025 is before/);
    expect(dl('hạn 5/1/2026', '2026-01-05')).toBe('2026-01-05');
  });
});

describe('readDeadline: two deadlines', () => {
  it('two different dates are an error; the same date written twice is one', () => {
    expect(dl('P.KH hạn 18/12, P.TC hạn 20/12')).toMatch(/^error: two different deadlines \(2026-12-18, 2026-12-20\)/);
    expect(dl('hạn 18/12. Nhắc lại: hạn 18/12/2026')).toBe('2026-12-18');
    expect(dl('hạn 8/12, trong 5 ngày')).toBe('2026-12-08');
    expect(dl('hạn 9/12, trong 5 ngày')).toMatch(/^error: two different deadlines/);
  });
});

describe('resolveDate and weekdaysOnly', () => {
  it('resolves two-digit years in this century and refuses others', () => {
    expect(resolveDate(1, 2, 27, '2026-12-03')).toBe('2027-02-01');
    expect(resolveDate(1, 2, 2101, '2026-12-03')).toEqual({ error: expect.stringContaining('not a date') });
  });
  it('Saturday and Sunday are off', () => {
    expect(['2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07'].map(weekdaysOnly)).toEqual([true, false, false, true]);
  });
});
