// The register's listing index: one small row per entry, for the lists and the console.
//
// Why it exists: FerretDB 1.24 serves only a bare {_id} lookup from an index; any other query
// reads and decodes every document of the collection — with the register's full entries
// (metadata, signature reports, edits) about a second for 10,000 entries. So:
//   - a row's _id is the entry's place in its book, `agency|year|number` (zero-padded). Numbers
//     are gapless (numbering.ts), so a page of the book is fifty _id lookups, whatever the size
//     of the register; `RegisterHead` keeps each book's last number;
//   - filters and search scan these rows (a few hundred bytes each) instead of the entries, then
//     fetch only the page's entries by _id.
// Rows are derived data: written after each entry is made or changed (registrar, paper entries,
// edits, duplicate flags), idempotently (replace by _id), and rebuilt by `vanthu migrate`.
import { Schema, type Connection, type Model } from 'mongoose';
import { searchForm, searchTextOf } from './search.js';
import type { RegisterModels } from './models.js';

const rowSchema = new Schema(
  {
    _id: { type: String, required: true },
    e: { type: String, required: true }, // the entry's _id
    a: { type: String, required: true }, // agency code
    y: { type: Number, required: true },
    n: { type: Number, required: true },
    t: { type: Date, required: true }, // receipt time
    s: { type: String }, // search text (search.ts)
    o: { type: String }, // organ, folded
    k: { type: String }, // type name, folded
    u: { type: String }, // urgency
    fw: { type: Boolean }, // passed on (Ngày chuyển set)
    d: { type: String }, // deadline YYYY-MM-DD
    dup: { type: Boolean },
    un: { type: Boolean },
  },
  { versionKey: false },
);

// On MongoDB these serve the filtered lists; FerretDB scans the (small) rows.
rowSchema.index({ a: 1, y: -1, n: -1 });
rowSchema.index({ a: 1, t: -1 });
rowSchema.index({ e: 1 });

const headSchema = new Schema({ _id: { type: String, required: true }, a: { type: String, required: true }, y: { type: Number, required: true }, last: { type: Number, required: true } }, { versionKey: false });
headSchema.index({ a: 1 });

export interface ListingRow {
  _id: string;
  e: string;
  a: string;
  y: number;
  n: number;
  t: Date;
  s?: string;
  o?: string;
  k?: string;
  u?: string | null;
  fw?: boolean;
  d?: string | null;
  dup?: boolean;
  un?: boolean;
}

export interface ListingModels {
  RegisterRow: Model<ListingRow>;
  RegisterHead: Model<{ _id: string; a: string; y: number; last: number }>;
}

export function listingModels(conn: Connection): ListingModels {
  return {
    RegisterRow: (conn.models.RegisterRow as Model<ListingRow>) ?? conn.model<ListingRow>('RegisterRow', rowSchema, 'register_rows'),
    RegisterHead: (conn.models.RegisterHead as ListingModels['RegisterHead']) ?? conn.model('RegisterHead', headSchema, 'register_heads'),
  };
}

export function slotId(agencyCode: string, year: number, number: number): string {
  return `${agencyCode}|${year}|${String(number).padStart(9, '0')}`;
}

export function headId(agencyCode: string, year: number): string {
  return `${agencyCode}|${year}`;
}

interface EntryLike {
  _id: string;
  agencyCode: string;
  year: number;
  arrivalNumber: number;
  receiptTime: Date;
  metadata?: Record<string, unknown> | null;
  sender?: string | null;
  recipientUnit?: string | null;
  note?: string | null;
  forwardedAt?: Date | null;
  deadline?: string | null;
  duplicateOf?: string | null;
  unreadable?: boolean | null;
}

/** The row of an entry. Pure. */
export function rowOf(e: EntryLike): ListingRow {
  const md = e.metadata ?? {};
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return {
    _id: slotId(e.agencyCode, e.year, e.arrivalNumber),
    e: e._id,
    a: e.agencyCode,
    y: e.year,
    n: e.arrivalNumber,
    t: new Date(e.receiptTime),
    s: searchTextOf(e),
    o: str(md.organName) ? searchForm(String(md.organName)) : undefined,
    k: str(md.typeName) ? searchForm(String(md.typeName)) : undefined,
    u: str(md.urgency) ?? null,
    fw: !!e.forwardedAt,
    d: e.deadline ?? null,
    dup: !!e.duplicateOf,
    un: !!e.unreadable,
  };
}

const ROW_FIELDS = { _id: 1, agencyCode: 1, year: 1, arrivalNumber: 1, receiptTime: 1, metadata: 1, sender: 1, recipientUnit: 1, note: 1, forwardedAt: 1, deadline: 1, duplicateOf: 1, unreadable: 1 } as const;

/** (Re)writes the rows of these entries and moves their books' heads. By _id only. */
export async function indexEntries(models: ListingModels & Pick<RegisterModels, 'Incoming'>, entryIds: readonly string[]): Promise<void> {
  const entries = await Promise.all(entryIds.map((id) => models.Incoming.findById(id, ROW_FIELDS).lean()));
  const heads = new Map<string, { a: string; y: number; last: number }>();
  for (const e of entries) {
    if (!e) continue;
    const row = rowOf(e as unknown as EntryLike);
    await models.RegisterRow.replaceOne({ _id: row._id }, row, { upsert: true });
    const h = heads.get(headId(row.a, row.y));
    if (!h || h.last < row.n) heads.set(headId(row.a, row.y), { a: row.a, y: row.y, last: row.n });
  }
  for (const [id, h] of heads) {
    // Read, then raise by _id: one registrar per agency holds the lease, and a head left low by a
    // crash is corrected by readers (they look past it) and by the next registration.
    const cur = await models.RegisterHead.findById(id, { last: 1 }).lean();
    if (!cur || cur.last < h.last) await models.RegisterHead.replaceOne({ _id: id }, { _id: id, ...h }, { upsert: true });
  }
}

/** The last number of a book: its head, checked forward (a head may lag a crash). */
export async function lastNumber(models: ListingModels, agencyCode: string, year: number): Promise<number> {
  let last = (await models.RegisterHead.findById(headId(agencyCode, year), { last: 1 }).lean())?.last ?? 0;
  while (await models.RegisterRow.exists({ _id: slotId(agencyCode, year, last + 1) })) last++;
  return last;
}

/** The years an agency has a book for, newest first. */
export async function yearsOf(models: ListingModels, agencyCode: string): Promise<number[]> {
  return (await models.RegisterHead.find({ a: agencyCode }, { y: 1 }).lean()).map((h) => h.y).sort((x, y) => y - x);
}

/** Rebuilds every row (vanthu migrate): entries whose row is missing or stale. Returns how many. */
export async function rebuildListing(models: ListingModels & Pick<RegisterModels, 'Incoming'>, batch = 500): Promise<number> {
  let done = 0;
  let after = '';
  for (;;) {
    const ids = (await models.Incoming.find(after ? { _id: { $gt: after } } : {}, { _id: 1 }).sort({ _id: 1 }).limit(batch).lean()).map((e) => String(e._id));
    if (!ids.length) return done;
    await indexEntries(models, ids);
    done += ids.length;
    after = ids[ids.length - 1]!;
  }
}
