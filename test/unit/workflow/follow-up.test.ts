// Which reminder is due on a day (Decree 30/2020 Art. 25, theo dõi): one before the deadline, one
// on the day, then on the first working day after it and every `remindEveryDays` working days;
// counted in working days, so a window that falls on days off is not lost.
import { describe, expect, it } from 'vitest';
import { weekdaysOnly } from '../../../src/workflow/deadline.js';
import { reminderDue } from '../../../src/workflow/follow-up.js';
import { workingDaysLeft } from '../../../src/workflow/state.js';

const S = { remindBeforeDays: 2, remindEveryDays: 2 };
const D = '2026-12-16'; // a Wednesday

describe('reminderDue', () => {
  it('before the window: nothing; in it: the one "before" reminder (the same key every day of the window)', () => {
    expect(reminderDue(5, '2026-12-09', D, S)).toBeNull();
    expect(reminderDue(3, '2026-12-11', D, S)).toBeNull();
    expect(reminderDue(2, '2026-12-14', D, S)).toBe(`before:${D}`);
    expect(reminderDue(1, '2026-12-15', D, S)).toBe(`before:${D}`);
  });

  it('on the day: "due"', () => {
    expect(reminderDue(0, D, D, S)).toBe(`due:${D}`);
  });

  it('after it: the first day after, then every remindEveryDays, each keyed by its day', () => {
    const after = [-1, -2, -3, -4, -5].map((left) => reminderDue(left, `day${-left}`, D, S));
    expect(after).toEqual(['after:day1', null, 'after:day3', null, 'after:day5']);
    expect([-1, -2, -3, -4].map((left) => reminderDue(left, 'd', D, { remindBeforeDays: 2, remindEveryDays: 1 }))).toEqual(['after:d', 'after:d', 'after:d', 'after:d']);
    expect([-1, -2, -3, -4].map((left) => !!reminderDue(left, 'd', D, { remindBeforeDays: 2, remindEveryDays: 3 }))).toEqual([true, false, false, true]);
  });

  it('remindBeforeDays 0: no reminder before the day', () => {
    expect(reminderDue(1, '2026-12-15', D, { remindBeforeDays: 0, remindEveryDays: 2 })).toBeNull();
  });
});

describe('workingDaysLeft', () => {
  it('counts the working days between today and the deadline', () => {
    expect(workingDaysLeft('2026-12-16', '2026-12-14', weekdaysOnly)).toBe(2);
    expect(workingDaysLeft('2026-12-16', '2026-12-16', weekdaysOnly)).toBe(0);
    expect(workingDaysLeft('2026-12-16', '2026-12-17', weekdaysOnly)).toBe(-1);
    // Deadline Monday 14/12: on Thursday 10 and Friday 11 it is 2 and 1 working days away (the
    // weekend between does not count), so the "before" reminder goes out on a working day.
    expect(workingDaysLeft('2026-12-14', '2026-12-10', weekdaysOnly)).toBe(2);
    expect(workingDaysLeft('2026-12-14', '2026-12-11', weekdaysOnly)).toBe(1);
    expect(reminderDue(workingDaysLeft('2026-12-14', '2026-12-11', weekdaysOnly), '2026-12-11', '2026-12-14', S)).toBe('before:2026-12-14');
    // Deadline Friday 11/12: overdue by one working day on Monday 14, so the first "after" reminder is that Monday.
    expect(workingDaysLeft('2026-12-11', '2026-12-14', weekdaysOnly)).toBe(-1);
    expect(reminderDue(workingDaysLeft('2026-12-11', '2026-12-14', weekdaysOnly), '2026-12-14', '2026-12-11', S)).toBe('after:2026-12-14');
    // A deadline on a Saturday: "due" on the Friday before, overdue on the Monday after.
    expect(workingDaysLeft('2026-12-12', '2026-12-11', weekdaysOnly)).toBe(0);
    expect(workingDaysLeft('2026-12-12', '2026-12-14', weekdaysOnly)).toBe(-1);
  });

  it('a weekend-only window used to hide the "before" reminder: in calendar days Monday’s deadline is 3 days off on Friday', () => {
    // The calendar count (3 on Friday, 2 and 1 on the weekend, when the follow-up does not run) gives nothing on a working day.
    const calendarLeftFriday = 3;
    expect(reminderDue(calendarLeftFriday, '2026-12-11', '2026-12-14', S)).toBeNull();
    expect(reminderDue(workingDaysLeft('2026-12-14', '2026-12-11', weekdaysOnly), '2026-12-11', '2026-12-14', S)).not.toBeNull();
  });
});
