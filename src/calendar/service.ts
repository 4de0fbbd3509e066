// The holiday table of each year as an administrator keeps it (the government's yearly notice:
// extra days off, Saturdays worked in exchange). It lives in the calendar file
// (config/holidays.json or $VANTHU_HOLIDAYS_FILE), which every worker re-reads when it changes;
// a change is checked whole — the file must still load — before it replaces the file (written to
// a temporary file, then renamed, so no reader ever sees half of it).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { requirePermission, type Principal } from '../access/roles.js';
import type { AuditLog } from '../audit/log.js';
import { VanthuError, invalid } from '../errors.js';
import { dateProblem } from './civil-date.js';
import { holidaysFilePath, loadCalendar } from './load.js';
import { resolveSettings } from './settings.js';
import { CalendarConfigError } from './errors.js';
import type { CalendarDay } from './calendar.js';

export type DayKind = 'daysOff' | 'workingDays';

export interface YearView {
  year: number;
  file: string;
  source: string | null;
  daysOff: Array<{ date: string; name: string }>;
  workingDays: Array<{ date: string; name: string }>;
  /** Every special day of the year as the calendar computes it (holidays, make-up days, swaps). */
  special: CalendarDay[];
}

type CalendarJson = { years?: Record<string, { source?: string; daysOff?: Array<{ date: string; name: string }>; workingDays?: Array<{ date: string; name: string }> } & Record<string, unknown>> } & Record<string, unknown>;

export class CalendarService {
  constructor(private readonly d: { audit: AuditLog; file?: string }) {}

  private path(): string {
    return holidaysFilePath({ file: this.d.file });
  }

  async year(actor: Principal, year: number): Promise<YearView> {
    requirePermission(actor, 'register:read');
    const file = this.path();
    const json = JSON.parse(readFileSync(file, 'utf8')) as CalendarJson;
    const entry = json.years?.[String(year)] ?? {};
    let special: CalendarDay[];
    try {
      special = loadCalendar({ file }).nonWorkingDays(year, { includeWeekends: false });
    } catch (err) {
      if (err instanceof CalendarConfigError || err instanceof RangeError) throw invalid('year', (err as Error).message);
      throw err;
    }
    return { year, file, source: entry.source ?? null, daysOff: entry.daysOff ?? [], workingDays: entry.workingDays ?? [], special };
  }

  /** Adds a day off or a worked day to the year (a date already listed is refused). */
  async addDay(actor: Principal, year: number, kind: DayKind, date: string, name: string): Promise<YearView> {
    requirePermission(actor, 'system:write');
    const problem = dateProblem(date);
    if (problem) throw invalid('date', `"${date}" is not a date (${problem})`);
    if (!date.startsWith(`${year}-`)) throw invalid('date', `${date} is not in ${year}`);
    if (!name.trim()) throw invalid('name', 'say what the day is (the notice’s wording)');
    await this.change(actor, year, (entry) => {
      const list = (entry[kind] ??= []);
      if (list.some((x) => x.date === date)) throw new VanthuError('ALREADY_EXISTS', `${date} is already listed`, { field: 'date' });
      list.push({ date, name: name.trim() });
      list.sort((a, b) => a.date.localeCompare(b.date));
    });
    return this.year(actor, year);
  }

  async removeDay(actor: Principal, year: number, kind: DayKind, date: string): Promise<YearView> {
    requirePermission(actor, 'system:write');
    await this.change(actor, year, (entry) => {
      const before = entry[kind]?.length ?? 0;
      entry[kind] = (entry[kind] ?? []).filter((x) => x.date !== date);
      if (entry[kind]!.length === before) throw new VanthuError('NOT_FOUND', `${date} is not listed`);
    });
    return this.year(actor, year);
  }

  private async change(actor: Principal, year: number, mutate: (entry: NonNullable<CalendarJson['years']>[string]) => void): Promise<void> {
    const file = this.path();
    const json = JSON.parse(readFileSync(file, 'utf8')) as CalendarJson;
    const years = (json.years ??= {});
    const before = JSON.parse(JSON.stringify(years[String(year)] ?? null)) as unknown;
    const entry = (years[String(year)] ??= {});
    mutate(entry);
    try {
      resolveSettings(json, file); // the whole file must still be valid
    } catch (err) {
      throw new VanthuError('INVALID_INPUT', (err as Error).message, { field: 'date' });
    }
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(json, null, 2) + '\n');
    renameSync(tmp, file);
    await this.d.audit.record(actor, { action: 'calendar.edit', target: `calendar/${year}`, before, after: entry });
  }
}
