// Deadlines and reminders count the agency's legal working days (config/holidays.json and its
// office hours), not only Monday to Friday: a Tết week is not five working days.
import { describe, expect, it } from 'vitest';
import { readInstruction } from '../../../src/workflow/instruction.js';
import { workingDaysLeft } from '../../../src/workflow/state.js';
import { workingDaysOf } from '../../../src/workflow/working-days.js';
import { reminderDue } from '../../../src/workflow/follow-up.js';

const agency = { code: 'UBND-LA', officeHours: null };
const units = [{ code: 'KH', name: 'Phòng Kế hoạch', kind: 'unit' as const, address: 'kh@ubnd.longan.test', aliases: [] }];

describe('workingDaysOf', () => {
  const working = workingDaysOf(agency);

  it('Tết 2027 (5–11 February) and the weekends are days off; the Friday before and the Friday after are working days', () => {
    expect(['2027-02-04', '2027-02-12'].map(working)).toEqual([true, true]);
    expect(['2027-02-05', '2027-02-06', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'].map(working)).toEqual([false, false, false, false, false, false]);
    expect(working('2027-09-02')).toBe(false); // Quốc khánh
  });

  it('an agency that works Saturdays (its own office hours) counts them', () => {
    const sat = workingDaysOf({ code: 'X', officeHours: { workingDays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] } });
    expect(sat('2027-03-06')).toBe(true); // a Saturday
    expect(working('2027-03-06')).toBe(false);
  });

  it('outside the calendar\'s years, Monday to Friday', () => {
    expect(working('2300-01-06')).toBe(false); // a Saturday
    expect(working('2300-01-08')).toBe(true); // a Monday
  });

  it('"trong 3 ngày làm việc" written on 4 February 2027 runs past Tết to 16 February', () => {
    const r = readInstruction({ body: 'Giao Phòng Kế hoạch xử lý trong 3 ngày làm việc.', targets: units, proposal: null, received: '2027-02-04', isWorkingDay: working });
    expect(r.kind).toBe('assign');
    expect(r.kind === 'assign' && r.deadline).toBe('2027-02-16');
  });

  it('a deadline just after Tết: the "before" reminder is due on the last working day before it, not during the holiday', () => {
    const deadline = '2027-02-12';
    const left = (today: string) => workingDaysLeft(deadline, today, working);
    expect(left('2027-02-04')).toBe(1);
    expect(reminderDue(left('2027-02-03'), '2027-02-03', deadline, { remindBeforeDays: 1, remindEveryDays: 1 })).toBeNull();
    expect(reminderDue(left('2027-02-04'), '2027-02-04', deadline, { remindBeforeDays: 1, remindEveryDays: 1 })).toBe(`before:${deadline}`);
  });
});
