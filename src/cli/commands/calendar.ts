// `vanthu calendar`: the legal business calendar (Decision 36/2013 Art. 9.2).
//   receipt-time <instant>   when a document that arrived at <instant> counts as received
//   show --year YYYY         the year's holidays, make-up days, days off and worked Saturdays
// Calendar errors (bad instant, bad holidays file, year out of range) are the user's to fix, so
// they become UserError: one line on stderr, exit code 2.
import type { Command } from 'commander';
import {
  type Calendar,
  type CalendarDay,
  CalendarConfigError,
  CalendarRangeError,
  InstantParseError,
  formatInstant,
  loadCalendar,
  parseInstant,
  receiptTime,
} from '../../calendar/index.js';
import { UserError, action, emit } from '../output.js';

function asUserError(err: unknown): unknown {
  if (err instanceof InstantParseError || err instanceof CalendarConfigError || err instanceof CalendarRangeError) {
    return new UserError(err.message);
  }
  return err;
}

function withCalendar<T>(agency: string | undefined, fn: (cal: Calendar) => T): T {
  try {
    return fn(loadCalendar({ agency: agency ?? null }));
  } catch (err) {
    throw asUserError(err);
  }
}

interface ReceiptOutput {
  arrival: string;
  receiptTime: string;
  adjusted: boolean;
  reason: string | null;
}

interface ShowOutput {
  year: number;
  days: Array<{ date: string; weekday: string; kind: CalendarDay['kind']; name: string | null }>;
}

const KIND_LABEL: Record<CalendarDay['kind'], string> = {
  holiday: 'holiday',
  'make-up': 'make-up day off',
  'day-off': 'day off (notice)',
  'working-saturday': 'WORKING (swap)',
  'working-day': 'WORKING (notice)',
  weekend: 'weekend',
};

export function register(program: Command): void {
  const cal = program.command('calendar').description('legal business calendar: office hours, holidays, receipt time (Art. 9.2)');

  cal
    .command('receipt-time <instant>')
    .description('receipt time of a document that arrived at <instant> (ISO-8601 with a time zone)')
    .option('--json', 'print {"arrival","receiptTime","adjusted","reason"}')
    .option('--agency <code>', 'use the office hours configured for this agency')
    .action(
      action((instant: string, opts: { json?: boolean; agency?: string }) => {
        const out = withCalendar(opts.agency, (calendar): ReceiptOutput => {
          const arrival = parseInstant(instant);
          const r = receiptTime(arrival, calendar);
          const offset = calendar.settings.utcOffsetMinutes;
          return {
            arrival: formatInstant(arrival, offset),
            receiptTime: formatInstant(r.receiptTime, offset),
            adjusted: r.adjusted,
            reason: r.reason,
          };
        });
        emit(out, opts, (o) => (o.adjusted ? `${o.receiptTime}  (adjusted: ${o.reason})` : o.receiptTime));
      }),
    );

  cal
    .command('show')
    .description('list the holidays, make-up days, days off and worked Saturdays of a year')
    .requiredOption('--year <YYYY>', 'the year')
    .option('--weekends', 'also list the plain weekends')
    .option('--json', 'print {"year","days":[{"date","weekday","kind","name"}]}')
    .option('--agency <code>', 'use the working weekdays configured for this agency')
    .action(
      action((opts: { year: string; weekends?: boolean; json?: boolean; agency?: string }) => {
        if (!/^\d{4}$/.test(opts.year)) throw new UserError(`not a year: ${opts.year} (expected YYYY)`);
        const year = Number(opts.year);
        const out = withCalendar(opts.agency, (calendar): ShowOutput => ({
          year,
          days: calendar
            .nonWorkingDays(year, { includeWeekends: opts.weekends === true })
            .map((d) => ({ date: d.date, weekday: d.weekday, kind: d.kind, name: d.name })),
        }));
        emit(out, opts, (o) =>
          [`Calendar ${o.year} (weekends${opts.weekends ? '' : ' not'} listed)`, ...o.days.map((d) => `${d.date} ${d.weekday}  ${KIND_LABEL[d.kind].padEnd(17)} ${d.name ?? ''}`.trimEnd())].join('\n'),
        );
      }),
    );
}
