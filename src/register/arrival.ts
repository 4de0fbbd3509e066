// When did a message enter the agency's system? The IMAP INTERNALDATE; without one, the date of
// the top (most recent) Received header, which the receiving server wrote. Pure functions.
import { daysInMonth } from '../calendar/civil-date.js';
import { headerBlock } from '../mail/parse.js';

export interface Arrival {
  instant: Date;
  source: 'internaldate' | 'received';
}

/** The date after the last ';' of the first Received header, or null. */
export function topReceivedDate(raw: Buffer): Date | null {
  const head = headerBlock(raw);
  const m = head.match(/^Received:(.*)$/im);
  if (!m) return null;
  const semi = m[1]!.lastIndexOf(';');
  if (semi < 0) return null;
  let text = m[1]!.slice(semi + 1).trim();
  // A trailing comment ("+0700 (ICT)") is cut at its "(" found by indexOf: the regex
  // /\s*\(.*\)\s*$/ retried from every "(", quadratic on a header of "((((…" (40,000 took 1.7 s;
  // found by fuzzing).
  if (text.endsWith(')') && text.includes('(')) text = text.slice(0, text.indexOf('(')).trim();
  const d = new Date(text);
  return Number.isNaN(d.getTime()) || !dayExists(text) ? null : d;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** RFC 5322 3.3: the day must exist in its month. V8's Date parser rolls an impossible date over
 *  ("31 Feb 2026" became 3 March, a receipt time days off; found by fuzzing). */
function dayExists(text: string): boolean {
  const m = /(?<!\d)(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{2,4})(?!\d)/i.exec(text);
  if (!m) return true;
  const y = Number(m[3]);
  // RFC 5322 4.3: a two-digit year below 50 is 20xx, otherwise 19xx (a three-digit one adds 1900).
  const year = m[3]!.length === 4 ? y : m[3]!.length === 3 ? 1900 + y : y < 50 ? 2000 + y : 1900 + y;
  return Number(m[1]) <= daysInMonth(year, MONTHS.indexOf(m[2]!.toLowerCase()) + 1);
}

export function arrivalOf(internalDate: Date | null | undefined, raw: Buffer): Arrival | null {
  if (internalDate && !Number.isNaN(new Date(internalDate).getTime())) return { instant: new Date(internalDate), source: 'internaldate' };
  const rec = topReceivedDate(raw);
  return rec ? { instant: rec, source: 'received' } : null;
}

/** The calendar year of an instant in Vietnam (UTC+7): the register a receipt time belongs to. */
export function vietnamYear(d: Date): number {
  return new Date(d.getTime() + 7 * 3600_000).getUTCFullYear();
}
