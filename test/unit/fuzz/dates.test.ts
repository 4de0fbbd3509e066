// Property-based fuzzing of the date readers the project wrote itself: the promulgation date of a
// document ("Long An, ngày 12 tháng 3 năm 2024", numeric dates; src/extract/fields/date.ts) and
// the RFC 5322 date of the top Received header, the arrival time when IMAP gives no INTERNALDATE
// (src/register/arrival.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDate, isoDate, parseDateText } from '../../../src/extract/fields/date.js';
import { toLines } from '../../../src/extract/fields/lines.js';
import { extractFromText } from '../../../src/extract/from-text.js';
import { dateProblem } from '../../../src/calendar/civil-date.js';
import { topReceivedDate } from '../../../src/register/arrival.js';
import { FUZZ_TIMEOUT, check, repeated, withinTime } from '../../helpers/fuzz.js';
import { asWritten, civilDate, code, codeStyle, dateStyle, iso, layout, place, writeCode, writeDate, writeHeader } from './header-doc.js';
import { stripMarks } from '../../../src/extract/text/fold.js';

/** A date a reader returns is a real calendar date in the years documents are dated. */
function realDate(s: string | null): void {
  if (s === null) return;
  expect(dateProblem(s)).toBeNull();
  const y = Number(s.slice(0, 4));
  expect(y).toBeGreaterThanOrEqual(1945);
  expect(y).toBeLessThanOrEqual(2100);
}

describe('document dates: round trip', () => {
  it('isoDate accepts exactly the real dates', () => {
    check(
      fc.property(fc.integer({ min: -5, max: 40 }), fc.integer({ min: -2, max: 15 }), fc.integer({ min: 1900, max: 2200 }), (d, m, y) => {
        const out = isoDate(d, m, y);
        const real = m >= 1 && m <= 12 && d >= 1 && y >= 1945 && y <= 2100 && new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
        expect(out).toBe(real ? iso({ y, m, d }) : null);
      }),
      2000,
    );
  });

  it('parseDateText reads a date however a document writes it (words, numbers, marks or none, NFC or NFD)', () => {
    check(
      fc.property(civilDate, dateStyle, fc.constantFrom('marked', 'unmarked'), fc.constantFrom('NFC', 'NFD'), (d, s, marks, form) => {
        const written = writeDate(d, s);
        const text = (marks === 'unmarked' ? stripMarks(written) : written).normalize(form);
        expect(parseDateText(text)).toBe(iso(d));
      }),
      1000,
    );
  });

  it('a document header gives back its date and place, in either layout', { timeout: FUZZ_TIMEOUT }, () => {
    check(
      fc.property(civilDate, dateStyle, place, code, codeStyle, layout, (d, ds, p, c, cs, l) => {
        const md = extractFromText(writeHeader(writeCode(c, { ...cs, wrapAt: null }), `${p}, ${writeDate(d, ds)}`, l));
        expect({ date: md.issuedDate, place: md.place }).toEqual({ date: iso(d), place: asWritten(p, l) });
      }),
      200,
      5,
    );
  });
});

describe('document dates: totality and invariants', () => {
  const noise = fc
    .array(
      fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom('ngày', 'tháng', 'năm', 'Ngay', ' ', ',', '/', '-', '.', '\n', '29', '30', '31', '02', '2', '13', '00', '1945', '1944', '2100', '2101', '2024', '0000', 'Long An, '),
        fc.integer({ min: 0, max: 9999 }).map(String),
      ),
      { maxLength: 30 },
    )
    .map((a) => a.join(''));

  it('never throws, and any date read is a real calendar date', { timeout: FUZZ_TIMEOUT }, () => {
    check(
      fc.property(noise, (t) => {
        realDate(parseDateText(t));
        const lines = toLines(t.normalize('NFC'));
        realDate(findDate(lines, 0, lines.length)?.iso ?? null);
        realDate(extractFromText(t).issuedDate);
      }),
      400,
    );
  });

  it('stays within time on long and repetitive text', () => {
    for (const t of [repeated('ngày 1 tháng ', 200_000), repeated('1/', 200_000), repeated('1 / 2 / ', 200_000), repeated('Long An, ', 200_000, '', 'ngày 5 tháng 3 năm 2024'), repeated(' ', 200_000, 'ngày', 'x')]) {
      withinTime(t.length, () => parseDateText(t));
      withinTime(t.length, () => extractFromText(t), 10);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// RFC 5322 dates of the Received header.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// RFC 5322 4.3 obs-zone: the US zones and UT/GMT.
const NAMED: Record<string, number> = { UT: 0, GMT: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420 };

interface Stamp {
  seconds: number;
  offset: number;
  named: string | null;
  withDay: boolean;
  withSeconds: boolean;
  padDay: boolean;
  twoDigitYear: boolean;
  monthCase: 'title' | 'lower' | 'upper';
  comment: string;
  fold: boolean;
}
const stamp: fc.Arbitrary<Stamp> = fc
  .record({
    seconds: fc.integer({ min: Date.UTC(1970, 0, 1) / 1000, max: Date.UTC(2099, 11, 31) / 1000 }),
    offset: fc.oneof(fc.integer({ min: -12 * 60, max: 14 * 60 }), fc.constantFrom(0, 420, -300, 330, 345)),
    named: fc.option(fc.constantFrom(...Object.keys(NAMED)), { nil: null, freq: 4 }),
    withDay: fc.boolean(),
    withSeconds: fc.boolean(),
    padDay: fc.boolean(),
    twoDigitYear: fc.boolean(),
    monthCase: fc.constantFrom('title' as const, 'lower' as const, 'upper' as const),
    comment: fc.constantFrom('', ' (ICT)', ' (UTC)', ' (envelope-from <a@b.vn>)'),
    fold: fc.boolean(),
  })
  .map((s) => ({ ...s, offset: s.named ? NAMED[s.named]! : s.offset, seconds: s.withSeconds ? s.seconds : s.seconds - (s.seconds % 60) }));

/** The date-time as a server writes it after the Received header's ";" (RFC 5322 3.3). */
function writeStamp(s: Stamp): string {
  const local = new Date((s.seconds + s.offset * 60) * 1000);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const year = local.getUTCFullYear();
  const month = MONTHS[local.getUTCMonth()]!;
  const mon = s.monthCase === 'lower' ? month.toLowerCase() : s.monthCase === 'upper' ? month.toUpperCase() : month;
  // A two-digit year only where RFC 5322 4.3 reads it back the same (1950-2049).
  const y = s.twoDigitYear && year >= 1950 && year <= 2049 ? p2(year % 100) : String(year);
  const abs = Math.abs(s.offset);
  const zone = s.named ?? `${s.offset < 0 ? '-' : '+'}${p2(Math.floor(abs / 60))}${p2(abs % 60)}`;
  const day = s.padDay ? p2(local.getUTCDate()) : String(local.getUTCDate());
  const time = `${p2(local.getUTCHours())}:${p2(local.getUTCMinutes())}${s.withSeconds ? `:${p2(local.getUTCSeconds())}` : ''}`;
  return `${s.withDay ? `${DAYS[local.getUTCDay()]},${s.fold ? '\r\n\t' : ' '}` : ''}${day} ${mon} ${y} ${time} ${zone}${s.comment}`;
}

const received = (date: string) =>
  Buffer.from(`Return-Path: <a@so.vn>\r\nReceived: from mail.so.vn (mail.so.vn [10.0.0.1])\r\n\tby mx.longan.gov.vn (Postfix) with ESMTPS id 4X1;\r\n\t${date}\r\nReceived: from x by y; Mon, 1 Jan 2024 00:00:00 +0000\r\nSubject: x\r\n\r\nbody\r\n`);

describe('Received dates (RFC 5322 3.3)', () => {
  it('reads back the instant a server wrote, in every zone and written form', () => {
    check(
      fc.property(stamp, (s) => {
        expect(topReceivedDate(received(writeStamp(s)))?.getTime()).toBe(s.seconds * 1000);
      }),
      1000,
    );
  });

  it('refuses a day the month does not have instead of rolling it over', () => {
    check(
      fc.property(fc.integer({ min: 1970, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 28, max: 31 }), (y, m, d) => {
        const real = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
        const got = topReceivedDate(received(`${d} ${MONTHS[m - 1]} ${y} 08:00:00 +0700`));
        if (real) expect(got?.toISOString()).toBe(new Date(Date.UTC(y, m - 1, d, 1)).toISOString());
        else expect(got).toBeNull();
      }),
      300,
    );
  });

  it('never throws on arbitrary header blocks, and stays within time on hostile ones', { timeout: FUZZ_TIMEOUT }, () => {
    check(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 60 }), (a, b) => {
        const d = topReceivedDate(Buffer.from(`Received: ${a};${b}\r\n\r\n`, 'latin1'));
        if (d !== null) expect(Number.isNaN(d.getTime())).toBe(false);
      }),
      500,
    );
    for (const t of [repeated('(', 200_000, 'Received: x; '), repeated('(', 200_000, 'Received: x; ', ')'), repeated(';', 200_000, 'Received: '), repeated(' ', 200_000, 'Received: x;', 'x)')]) {
      withinTime(t.length, () => topReceivedDate(Buffer.from(`${t}\r\n\r\nbody`, 'latin1')));
    }
  });
});
