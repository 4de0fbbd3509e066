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

function dec(v: Encoded): unknown {
  return v && typeof v === 'object' && 'd' in v ? new Date(v.d) : v;
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values.map(enc))).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== length) throw new Error('wrong length');
    return (v as Encoded[]).map(dec);
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

/** One page of `model` rows matching `filter`, in the order of `keys`, after `cursor`. */
export async function pageOf<T extends Record<string, unknown>>(
  model: Model<never>,
  filter: Record<string, unknown>,
  keys: SortKey[],
  opts: { limit: number; cursor?: string | null; projection?: Record<string, 0 | 1> },
): Promise<Page<T>> {
  const where = opts.cursor ? { $and: [filter, afterFilter(keys, decodeCursor(opts.cursor, keys.length))] } : filter;
  const sort = Object.fromEntries(keys.map((k) => [k.field, k.dir]));
  const rows = (await model.find(where as never, opts.projection).sort(sort).limit(opts.limit + 1).lean()) as unknown as T[];
  const items = rows.slice(0, opts.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > opts.limit && last ? encodeCursor(keys.map((k) => get(last, k.field))) : null };
}
