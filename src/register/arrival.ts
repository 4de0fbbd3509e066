// When did a message enter the agency's system? The IMAP INTERNALDATE; without one, the date of
// the top (most recent) Received header, which the receiving server wrote. Pure functions.
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
  const d = new Date(m[1]!.slice(semi + 1).trim().replace(/\s*\(.*\)\s*$/, ''));
  return Number.isNaN(d.getTime()) ? null : d;
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
