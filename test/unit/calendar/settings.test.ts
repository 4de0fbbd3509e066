import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CalendarConfigError, HOLIDAYS_FILE_ENV, holidaysFilePath, loadCalendar, loadCalendarFresh, resolveSettings } from '../../../src/calendar/index.js';
import { SHIPPED_FILE } from './helpers.js';

const refuse = (json: unknown, agency: string | null = null) => () => resolveSettings(json, 'cal.json', agency);
const year = (entry: unknown) => ({ years: { '2025': entry } });

describe('office-hours configuration', () => {
  it('defaults to 07:00–11:30, 13:30–17:00, Mon–Fri, Asia/Ho_Chi_Minh', () => {
    const s = resolveSettings({}, 'cal.json');
    expect(s.officeHours.periods).toEqual([
      { start: 420, end: 690 },
      { start: 810, end: 1020 },
    ]);
    expect(s.officeHours.workingWeekdays).toEqual([1, 2, 3, 4, 5]);
    expect(s.timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(s.utcOffsetMinutes).toBe(420);
    expect(s.yearRange).toEqual({ from: 1990, to: 2100 });
  });

  it.each([
    [{ periods: [['25:00', '26:00']], workingDays: ['Mon'] }, '"25:00"'],
    [{ periods: [['7:00', '11:30']], workingDays: ['Mon'] }, '"7:00"'],
    [{ periods: [['11:30', '07:00']], workingDays: ['Mon'] }, '11:30–07:00 does not end after it starts'],
    [{ periods: [['13:30', '17:00'], ['07:00', '11:30']], workingDays: ['Mon'] }, '07:00–11:30 overlaps or precedes'],
    [{ periods: [['07:00', '17:00']], workingDays: ['Monday'] }, '"Monday"'],
    [{ periods: [['07:00', '17:00']], workingDays: ['Mon', 'Mon'] }, 'Mon listed twice'],
    [{ periods: [], workingDays: ['Mon'] }, 'officeHours.default.periods'],
  ])('refuses office hours %j, naming %s', (hours, message) => {
    expect(refuse({ officeHours: { default: hours } })).toThrow(message);
    expect(refuse({ officeHours: { default: hours } })).toThrow(/^cal\.json: officeHours\.default/);
  });

  it('refuses a bad agency override, naming the agency', () => {
    const json = { officeHours: { agencies: { 'X.1': { periods: [['17:00', '07:00']] } } } };
    expect(refuse(json, 'X.1')).toThrow('cal.json: officeHours.agencies.X.1.periods[0]: period 17:00–07:00 does not end after it starts');
  });

  it('refuses an unsupported time zone and an empty year range', () => {
    expect(refuse({ timeZone: 'Asia/Shanghai' })).toThrow('unsupported time zone: "Asia/Shanghai"');
    expect(refuse({ yearRange: { from: 2000, to: 1999 } })).toThrow('is empty');
  });
});

describe('the per-year notice table', () => {
  it.each([
    [year({ tet: ['2025-02-30'] }), 'cal.json: years.2025.tet[0]: not a real date: "2025-02-30" (2025-02 has 28 days)'],
    [year({ tet: ['2024-01-29'] }), 'cal.json: years.2025.tet[0]: "2024-01-29" is not in 2025'],
    [year({ tet: ['2025-03-29'] }), 'cal.json: years.2025.tet[0]: "2025-03-29" is more than 10 days from the lunar new year (2025-01-29)'],
    [year({ tet: ['2025-01-29', '2025-01-29'] }), 'years.2025.tet: ["2025-01-29","2025-01-29"] lists a day twice'],
    [year({ nationalDayExtra: '2025-09-05' }), 'years.2025.nationalDayExtra: "2025-09-05" must be 2025-09-01 or 2025-09-03'],
    [year({ nationalDayExtra: 'later' }), 'years.2025.nationalDayExtra'],
    [year({ daysOff: [{ date: '2025-05-02' }] }), 'years.2025.daysOff[0].name'],
    [year({ daysOff: [{ date: '2025-5-2', name: 'x' }] }), 'not a real date: "2025-5-2"'],
    [
      year({ daysOff: [{ date: '2025-05-02', name: 'x' }], workingDays: [{ date: '2025-05-02', name: 'y' }] }),
      'years.2025.workingDays[0].date: "2025-05-02" is already listed in daysOff[0]',
    ],
    [{ years: { '25': {} } }, 'years.25: year key must be 4 digits'],
    [{ years: { '2150': {} } }, 'years.2150: year 2150 is outside the supported range 1990–2100'],
    [year({ tet: '2025-01-29' }), 'years.2025.tet'],
  ])('refuses %j', (json, message) => {
    expect(refuse(json)).toThrow(CalendarConfigError);
    expect(refuse(json)).toThrow(message);
  });

  it('refuses a misspelt key instead of silently ignoring its days, naming it and the keys expected', () => {
    expect(refuse(year({ daysoff: [{ date: '2025-05-02', name: 'x' }] }))).toThrow('cal.json: years.2025: unknown key "daysoff" (expected one of source, tet, nationalDayExtra, daysOff, workingDays)');
    expect(refuse({ Years: {} })).toThrow('cal.json: (top level): unknown key "Years" (expected one of');
    expect(refuse(year({ daysOff: [{ date: '2025-05-02', name: 'x', note: 'y' }] }))).toThrow('years.2025.daysOff[0]: unknown key "note"');
    expect(refuse({ officeHours: { default: { periods: [['07:00', '11:00']], workingDays: ['Mon'], lunch: 1 } } })).toThrow('unknown key "lunch"');
    expect(refuse({ rules: { tet: { name: 'Tết', daysBefore: 1, daysFrom: 4, extra: 1 } } })).toThrow('rules.tet: unknown key "extra"');
  });

  it('names the value of a mistyped field', () => {
    expect(refuse({ rules: { makeUpWeekendHolidays: 'yes' } })).toThrow('rules.makeUpWeekendHolidays: ');
    expect(refuse({ rules: { makeUpWeekendHolidays: 'yes' } })).toThrow('"yes"');
  });
});

describe('loadCalendar', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vanthu-cal-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the shipped table, which covers 2021–2026', () => {
    const cal = loadCalendar({ file: SHIPPED_FILE });
    expect([...cal.settings.years.keys()]).toEqual([2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it('loadCalendarFresh re-reads the file only when it changed (an edit applies without a restart)', () => {
    const file = join(dir, 'fresh.json');
    writeFileSync(file, JSON.stringify({ yearRange: { from: 2020, to: 2030 } }));
    const first = loadCalendarFresh({ file });
    expect(loadCalendarFresh({ file })).toBe(first);
    // A different size, so the change shows even within one tick of the file system's clock.
    writeFileSync(file, JSON.stringify({ timeZone: 'Asia/Ho_Chi_Minh', yearRange: { from: 2020, to: 2035 } }));
    const edited = loadCalendarFresh({ file });
    expect(edited).not.toBe(first);
    expect(edited.settings.yearRange).toEqual({ from: 2020, to: 2035 });
    writeFileSync(file, JSON.stringify({ yearRange: { from: 2020, to: 2035 }, years: { '2025': { daysof: [] } } }));
    expect(() => loadCalendarFresh({ file })).toThrow('unknown key "daysof"');
  });

  it('reads the file named by VANTHU_HOLIDAYS_FILE', () => {
    const file = join(dir, 'h.json');
    writeFileSync(file, JSON.stringify({ yearRange: { from: 2020, to: 2030 } }));
    expect(holidaysFilePath({ env: { [HOLIDAYS_FILE_ENV]: file } })).toBe(file);
    const cal = loadCalendar({ env: { [HOLIDAYS_FILE_ENV]: file } });
    expect(cal.settings.yearRange).toEqual({ from: 2020, to: 2030 });
  });

  it('refuses a missing file and invalid JSON, naming the file', () => {
    const missing = join(dir, 'none.json');
    expect(() => loadCalendar({ file: missing })).toThrow(`cannot read calendar file ${missing}: ENOENT`);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"years": {');
    expect(() => loadCalendar({ file: bad })).toThrow(`${bad}: not valid JSON`);
  });

  it('names the file in validation errors', () => {
    const file = join(dir, 'bad-date.json');
    writeFileSync(file, JSON.stringify(year({ tet: ['2025-02-30'] })));
    expect(() => loadCalendar({ file })).toThrow(`${file}: years.2025.tet[0]: not a real date: "2025-02-30"`);
  });
});
