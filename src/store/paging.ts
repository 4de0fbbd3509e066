// Cursor paging that works the same on MongoDB and FerretDB: results are sorted on a list of keys
// whose last one is unique, and the cursor carries the last row's values of those keys, so the
// next page starts strictly after it (stable under inserts, unlike skip/offset).
import type { Model } from 'mongoose';
import { invalid } from '../errors.js';

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null when this was the last. */
  nextCursor: string | null;
}

export interface SortKey {
  field: string;
  dir: 1 | -1;
}

type Encoded = string | number | boolean | null | { d: string };

function enc(v: unknown): Encoded {
  if (v instanceof Date) return { d: v.toISOString() };
  if (v === undefined) return null;
  return v as Encoded;
}

/**
 * A cursor comes back from the caller, so each value is checked: a string, a number, null, or a
 * date `{d: ISO}` — never an object that would reach the query as an operator (`{$gt: …}`).
 */
function dec(v: unknown): unknown {
  if (v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return v;
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { d?: unknown }).d === 'string') {
    const d = new Date((v as { d: string }).d);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new Error('not a cursor value');
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values.map(enc))).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== length) throw new Error('wrong length');
    return v.map(dec);
  } catch {
    throw invalid('cursor', 'is not a cursor this list gave out');
  }
}

function get(row: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), row);
}

/** The filter that selects rows strictly after `after` in the order of `keys`. */
export function afterFilter(keys: SortKey[], after: unknown[]): Record<string, unknown> {
  const or: Record<string, unknown>[] = [];
  keys.forEach((k, i) => {
    const clause: Record<string, unknown> = {};
    for (let j = 0; j < i; j++) clause[keys[j]!.field] = after[j];
    clause[k.field] = { [k.dir === 1 ? '$gt' : '$lt']: after[i] };
    or.push(clause);
  });
  return { $or: or };
}

export const MAX_PAGE = 500;

/** A page size a caller asked for: a whole number from 1 to MAX_PAGE (50 when not given). */
export function pageLimit(limit: number | undefined): number {
  const n = limit ?? 50;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw invalid('limit', `must be a whole number from 1 to ${MAX_PAGE}`);
  return n;
}

/** `s` as a regular expression that matches it literally. */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One page of `model` rows matching `filter`, in the order of `keys`, after `cursor`. */
export async function pageOf<T extends Record<string, unknown>>(
  model: Model<never>,
  filter: Record<string, unknown>,
  keys: SortKey[],
  opts: { limit?: number; cursor?: string | null; projection?: Record<string, 0 | 1> },
): Promise<Page<T>> {
  const limit = pageLimit(opts.limit);
  const where = opts.cursor ? { $and: [filter, afterFilter(keys, decodeCursor(opts.cursor, keys.length))] } : filter;
  const sort = Object.fromEntries(keys.map((k) => [k.field, k.dir]));
  const rows = (await model.find(where as never, opts.projection).sort(sort).limit(limit + 1).lean()) as unknown as T[];
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keys.map((k) => get(last, k.field))) : null };
}
