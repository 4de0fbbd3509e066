// The one writer of a document's handling (state.ts says what its events mean). Every event goes
// through `record`, under the entry's Redis lock: the leader's reply, a unit's ký nhận, a clerk's
// correction and the reminder sweep can come at the same moment, and FerretDB 1.x loses one of two
// concurrent updates of one document (src/queue/lock.ts). An event given a key is written once.
// After each change the register entry's book columns — "Đơn vị hoặc người nhận", "Ngày chuyển",
// "Ký nhận" (Decree 30/2020 Appendix IV) — and its instruction and deadline are written from the
// folded state, so the book, the API and the console read what the handling says.
import type { Redis } from 'ioredis';
import type { Model } from 'mongoose';
import { withLock } from '../queue/lock.js';
import { withEntryLock } from '../register/entry-lock.js';
import { vnDay } from './deadline.js';
import type { IncomingEntry } from '../register/models.js';
import { indexEntries, type ListingModels } from '../register/listing.js';
import { searchTextOf } from '../register/search.js';
import { vnDate } from '../register/book.js';
import type { HandlingDoc } from './model.js';
import { foldHandling, isOpen, type Folded, type HandlingEventRecord } from './state.js';

export interface HandlingDeps {
  models: ListingModels & { Incoming: Model<IncomingEntry>; Handling: Model<HandlingDoc> };
  redis: Redis;
  prefix: string;
}

export interface HandlingView extends Folded {
  entryId: string;
  agencyCode: string;
  year: number;
  arrivalNumber: number;
  leader: string | null;
  proposal: { units: Array<{ code: string; role: string }>; deadline: string | null; rule: string | null } | null;
  events: HandlingEventRecord[];
}

const ROLE_VI: Record<string, string> = { lead: 'chủ trì', support: 'phối hợp', informed: 'để biết' };

export function viewOf(d: HandlingDoc & { _id: string }): HandlingView {
  const events = (d.events ?? []) as HandlingEventRecord[];
  return {
    entryId: d._id,
    agencyCode: d.agencyCode,
    year: d.year,
    arrivalNumber: d.arrivalNumber,
    leader: d.leader ?? null,
    proposal: (d.proposal as HandlingView['proposal']) ?? null,
    events,
    ...foldHandling(events),
  };
}

export class HandlingStore {
  constructor(private readonly d: HandlingDeps) {}

  async get(entryId: string): Promise<HandlingView | null> {
    const doc = await this.d.models.Handling.findById(entryId).lean();
    return doc ? viewOf(doc as HandlingDoc & { _id: string }) : null;
  }

  /**
   * The open documents with a deadline, from the due index (members "agencyCode|entryId", score
   * the deadline's day index): those of one agency, or of all when `agencyCode` is null, earliest
   * deadline first. The index is kept by every write (`index`), so it is the list itself; the
   * handlings are then read by `_id`, never found by a scan.
   */
  async due(agencyCode: string | null): Promise<Array<{ entryId: string; agencyCode: string; day: number }>> {
    const flat = await this.d.redis.zrangebyscore(dueKey(this.d.prefix), '-inf', '+inf', 'WITHSCORES');
    const out: Array<{ entryId: string; agencyCode: string; day: number }> = [];
    for (let i = 0; i < flat.length; i += 2) {
      const [code, entryId] = flat[i]!.split('|') as [string, string];
      if (agencyCode === null || code === agencyCode) out.push({ entryId, agencyCode: code, day: Number(flat[i + 1]) });
    }
    return out;
  }

  /**
   * Appends `events` (those whose key is already there are skipped) and writes the state they
   * lead to. `base` creates the record the first time (the entry's identity, the proposal).
   * Returns the handling after the write and the events actually written.
   */
  async record(
    entryId: string,
    events: HandlingEventRecord[],
    base?: { agencyCode: string; year: number; arrivalNumber: number; leader?: string | null; proposal?: HandlingView['proposal'] },
  ): Promise<{ view: HandlingView; written: HandlingEventRecord[] }> {
    return withLock(this.d.redis, `${this.d.prefix}:lock:handling:${entryId}`, `handling ${entryId}`, async () => {
      const M = this.d.models.Handling;
      const doc = (await M.findById(entryId).lean()) as (HandlingDoc & { _id: string }) | null;
      if (!doc && !base) throw new Error(`entry ${entryId} has no handling yet`);
      const before = (doc?.events ?? []) as HandlingEventRecord[];
      const keys = new Set(before.map((e) => e.key).filter(Boolean));
      const written = events.filter((e) => !e.key || !keys.has(e.key)).map((e) => ({ ...e, at: e.at ?? new Date() }));
      const all = [...before, ...written];
      const folded = foldHandling(all);
      const set: Record<string, unknown> = { events: all, state: folded.state, units: folded.units, completedAt: folded.completedAt };
      if (folded.deadline) set.deadline = folded.deadline;
      if (base?.leader !== undefined && !doc?.leader) set.leader = base.leader;
      if (base?.proposal !== undefined && !doc?.proposal) set.proposal = base.proposal;
      if (!doc) {
        await M.create({ _id: entryId, agencyCode: base!.agencyCode, year: base!.year, arrivalNumber: base!.arrivalNumber, ...set });
      } else if (written.length || set.leader || set.proposal) {
        await M.updateOne({ _id: entryId }, { $set: set });
      }
      const view = viewOf({ ...(doc ?? { _id: entryId, agencyCode: base!.agencyCode, year: base!.year, arrivalNumber: base!.arrivalNumber }), ...set } as HandlingDoc & { _id: string });
      if (written.some((e) => BOOK_EVENTS.has(e.event))) await this.writeBook(view);
      await this.index(view, written);
      return { view, written };
    });
  }

  /**
   * The two Redis indexes the follow-up reads instead of scanning handlings (follow-up.ts): the
   * open documents with a deadline, by deadline; the documents presented each day, per agency.
   */
  private async index(v: HandlingView, written: HandlingEventRecord[]): Promise<void> {
    const member = `${v.agencyCode}|${v.entryId}`;
    if (isOpen(v.state) && v.deadline) await this.d.redis.zadd(dueKey(this.d.prefix), dayIndex(v.deadline), member);
    else await this.d.redis.zrem(dueKey(this.d.prefix), member);
    for (const e of written.filter((x) => x.event === 'presented')) {
      const key = freshKey(this.d.prefix, v.agencyCode, vnDay(new Date(e.at)));
      await this.d.redis.sadd(key, v.entryId);
      await this.d.redis.expire(key, 4 * 86_400);
    }
  }

  /** The register entry's columns that the handling fills. */
  private async writeBook(v: HandlingView): Promise<void> {
    // Under the entry's lock as well (register/entry-lock.ts): a clerk's edit may write it now.
    if (await withEntryLock(this.d, v.entryId, () => this.writeColumns(v))) await indexEntries(this.d.models, [v.entryId]);
  }

  /** Whether anything was written. */
  private async writeColumns(v: HandlingView): Promise<boolean> {
    const entry = await this.d.models.Incoming.findById(v.entryId).lean();
    if (!entry) return false;
    const names = new Map<string, string>((v.events.flatMap((e) => (e.detail?.names ?? []) as Array<{ code: string; name: string }>)).map((n) => [n.code, n.name]));
    const name = (code: string) => names.get(code) ?? code;
    const handed = v.units.filter((u) => u.handedOverAt);
    const set: Record<string, unknown> = {};
    if (v.units.length) set.recipientUnit = v.units.map((u) => `${name(u.code)} (${ROLE_VI[u.role] ?? u.role})`).join('; ');
    if (handed.length) set.forwardedAt = handed.map((u) => u.handedOverAt!).sort((a, b) => +a - +b)[0];
    const signed = v.units.filter((u) => u.receivedAt);
    if (signed.length) set.signedFor = signed.map((u) => `${name(u.code)}: ${u.receivedBy ?? ''} ${vnDate(u.receivedAt)}`.replace(/\s+/g, ' ').trim()).join('; ');
    if (v.instruction) set.distributionNote = v.instruction.kind === 'file' ? `Lưu (${v.instruction.text})` : v.instruction.text;
    if (v.deadline) set.deadline = v.deadline;
    if (!Object.keys(set).length) return false;
    set.searchText = searchTextOf({ ...(entry as Record<string, unknown>), ...set } as never);
    await this.d.models.Incoming.updateOne({ _id: v.entryId }, { $set: set });
    return true;
  }
}

export const dueKey = (prefix: string) => `${prefix}:wf:due`;
export const freshKey = (prefix: string, agencyCode: string, day: string) => `${prefix}:wf:new:${agencyCode}:${day}`;
/** Days since 1970-01-01 of a YYYY-MM-DD day (the due index's score). */
export const dayIndex = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);

/** Events that change the book's columns. */
const BOOK_EVENTS: ReadonlySet<string> = new Set(['instructed', 'filed', 'handedOver', 'received', 'completed']);
