// The drill's checks against the truth, pure: what the mailboxes hold, what the database recorded,
// the register, and what the drill itself sent. Each finding names the check, the run it belongs
// to and what is wrong, in words, so that a table row can be traced to its messages.
import { MESSAGE_EVENTS, finalState, type MessageEvent, type MessageState } from '../../src/ingest/message-state.js';

export type Check = 'lost' | 'duplicated' | 'gaps' | 'journalMismatches' | 'errors';

export interface Finding {
  check: Check;
  /** The run the message or document belongs to; null when it cannot be told. */
  run: string | null;
  what: string;
}

export interface StageFact {
  stage: string;
  at: Date;
  detail?: unknown;
}

export interface RecordFact {
  _id: string;
  mailboxId: string;
  uid: number;
  messageId: string | null;
  state: string;
  error?: string | null;
  stages: StageFact[];
}

export interface EntryFact {
  _id: string;
  agencyCode: string;
  year: number;
  arrivalNumber: number;
  messageKey: string | null;
  ackState: string | null;
}

/** One message as the IMAP server lists it. */
export interface ImapFact {
  uid: number;
  messageId: string | null;
}

export interface BoxFact {
  mailboxId: string;
  imap: ImapFact[];
}

export interface DocumentFact {
  run: string;
  messageId: string;
  mailboxId: string;
  handedOver: boolean;
}

export interface DeliveryFact {
  run: string;
  id: string;
  address: string;
  state: string;
  events: string[];
  /** Copies of it in the recipient's mailbox, plus copies the drill's relay accepted. */
  copies: number;
  /** Sent through the drill's relay, which returns no DSN. */
  viaRelay: boolean;
}

export interface Facts {
  boxes: BoxFact[];
  records: RecordFact[];
  entries: EntryFact[];
  documents: DocumentFact[];
  /** How many copies of each acknowledgement (by entry id) the sender's mailbox holds. */
  ackCopies: Map<string, number>;
  deliveries: DeliveryFact[];
  /** The run a Message-ID belongs to (the drill's own documents), for attribution. */
  runOf: (messageId: string | null) => string | null;
}

/** Delivery states that say the relay took the copy (or better). */
export const DISPATCHED = new Set(['accepted', 'relayed', 'delivered', 'displayed', 'received', 'registered']);

const isEvent = (s: string): s is MessageEvent => Object.prototype.hasOwnProperty.call(MESSAGE_EVENTS, s);
const statusOf = (s: StageFact) => ((s.detail as { statusCode?: string } | undefined)?.statusCode ?? null);

/**
 * What is wrong with one message's journal, alone and against its register entry: the stages in
 * the order MESSAGE_EVENTS allows (each state-setting event from a state its `from` lists),
 * timestamps non-decreasing, no stage twice, the record's state the one the journal ends in, a
 * 03 acknowledgement after `registered`, and the entry agreeing (an entry ⇔ `registered`; an
 * acknowledgement sent ⇔ an `acknowledged` 03 stage ⇔ a copy in the sender's mailbox).
 */
export function journalProblems(r: RecordFact, entry: EntryFact | undefined, ackCopies = 0): string[] {
  const out: string[] = [];
  const st = r.stages;
  if (!st.length) return ['no journal at all'];
  if (st[0]!.stage !== 'stored') out.push(`starts with "${st[0]!.stage}", not "stored"`);
  let state: MessageState | null = null;
  const seen = new Set<string>();
  for (const [i, s] of st.entries()) {
    if (!isEvent(s.stage)) {
      out.push(`unknown stage "${s.stage}"`);
      continue;
    }
    const rule = MESSAGE_EVENTS[s.stage];
    if (rule.sets !== null) {
      const from = rule.from as readonly MessageState[];
      if (i > 0 && !(state !== null && from.includes(state))) out.push(`"${s.stage}" (#${i + 1}) after state ${state ?? 'none'}, expected from ${from.join('/') || 'nothing'}`);
      state = rule.sets;
    }
    if (i > 0 && new Date(s.at).getTime() < new Date(st[i - 1]!.at).getTime()) out.push(`"${s.stage}" (#${i + 1}) is timed before the stage above it`);
    const key = s.stage === 'acknowledged' || s.stage === 'ackBounced' ? `${s.stage} ${statusOf(s) ?? '?'}` : s.stage;
    if (seen.has(key)) out.push(`"${key}" twice`);
    seen.add(key);
  }
  const final = finalState(st.filter((s) => isEvent(s.stage)).map((s) => ({ event: s.stage as MessageEvent })));
  if (final !== r.state) out.push(`state is ${r.state} but the journal ends in ${final ?? 'none'}`);
  const idx = (name: string, code?: string) => st.findIndex((s) => s.stage === name && (code === undefined || statusOf(s) === code));
  const reg = idx('registered');
  const ack03 = idx('acknowledged', '03');
  if (ack03 >= 0 && (reg < 0 || ack03 < reg)) out.push(reg < 0 ? 'acknowledged (03) but never registered' : 'acknowledged (03) listed before registered');
  if (entry && reg < 0) out.push(`register entry ${entry.arrivalNumber}/${entry.year} but no "registered" stage`);
  if (!entry && reg >= 0) out.push('"registered" stage but no register entry');
  if (entry?.ackState === 'sent' && ack03 < 0) out.push(`entry ${entry.arrivalNumber}/${entry.year} says its acknowledgement was sent, the journal has no "acknowledged" (03)`);
  if (entry && entry.ackState !== 'sent' && ack03 >= 0) out.push(`journal says acknowledged (03), the entry's acknowledgement is ${entry.ackState ?? 'unset'}`);
  if (entry && ackCopies > 0 && entry.ackState !== 'sent') out.push(`the sender's mailbox holds the acknowledgement, the entry says ${entry.ackState ?? 'unset'}`);
  return out;
}

/** Missing numbers in 1..max of one agency's year (Decree 30 Art. 22: numbered from 1, in order). */
export function registerGaps(numbers: readonly number[]): number[] {
  const have = new Set(numbers);
  const max = Math.max(0, ...numbers);
  const out: number[] = [];
  for (let n = 1; n <= max; n++) if (!have.has(n)) out.push(n);
  return out;
}

export function check(f: Facts): Finding[] {
  const out: Finding[] = [];
  const recordsByBox = new Map<string, RecordFact[]>();
  for (const r of f.records) recordsByBox.set(r.mailboxId, [...(recordsByBox.get(r.mailboxId) ?? []), r]);
  const entriesByKey = new Map<string, EntryFact[]>();
  for (const e of f.entries) if (e.messageKey) entriesByKey.set(e.messageKey, [...(entriesByKey.get(e.messageKey) ?? []), e]);
  const recordById = new Map(f.records.map((r) => [r._id, r]));

  // Lost / duplicated: each message in a watched mailbox has exactly as many records as copies.
  for (const box of f.boxes) {
    const recs = recordsByBox.get(box.mailboxId) ?? [];
    const byUid = new Map<number, number>();
    for (const r of recs) byUid.set(r.uid, (byUid.get(r.uid) ?? 0) + 1);
    for (const m of box.imap) {
      if (!byUid.get(m.uid)) out.push({ check: 'lost', run: f.runOf(m.messageId), what: `${box.mailboxId} UID ${m.uid} (${m.messageId ?? 'no Message-ID'}) is in the mailbox with no stored record` });
    }
    for (const [uid, n] of byUid) if (n > 1) out.push({ check: 'duplicated', run: null, what: `${box.mailboxId} UID ${uid} stored ${n} times` });
    const copies = new Map<string, number>();
    for (const m of box.imap) if (m.messageId) copies.set(m.messageId, (copies.get(m.messageId) ?? 0) + 1);
    const stored = new Map<string, number>();
    for (const r of recs) if (r.messageId) stored.set(r.messageId, (stored.get(r.messageId) ?? 0) + 1);
    for (const [mid, n] of stored) if (n > (copies.get(mid) ?? 0) && copies.has(mid)) out.push({ check: 'duplicated', run: f.runOf(mid), what: `${box.mailboxId} ${mid}: ${n} records for ${copies.get(mid)} cop${copies.get(mid) === 1 ? 'y' : 'ies'} in the mailbox` });
  }

  // Documents: each one handed over is registered once and acknowledged once.
  for (const d of f.documents) {
    if (!d.handedOver) continue;
    const recs = (recordsByBox.get(d.mailboxId) ?? []).filter((r) => r.messageId === d.messageId);
    if (!recs.length) {
      if (!f.boxes.find((b) => b.mailboxId === d.mailboxId)?.imap.some((m) => m.messageId === d.messageId)) out.push({ check: 'lost', run: d.run, what: `${d.messageId} was handed over but never reached ${d.mailboxId}` });
      continue;
    }
    const entries = recs.flatMap((r) => entriesByKey.get(r._id) ?? []);
    if (!entries.length) out.push({ check: 'lost', run: d.run, what: `${d.messageId} not registered (state ${recs.map((r) => r.state).join('/')}${recs[0]!.error ? `: ${recs[0]!.error}` : ''})` });
    if (entries.length > 1) out.push({ check: 'duplicated', run: d.run, what: `${d.messageId} numbered ${entries.length} times (${entries.map((e) => e.arrivalNumber).join(', ')})` });
    for (const e of entries) {
      const n = f.ackCopies.get(e._id) ?? 0;
      if (n > 1) out.push({ check: 'duplicated', run: d.run, what: `${d.messageId}: ${n} acknowledgements of entry ${e.arrivalNumber}/${e.year} in the sender's mailbox` });
      if (n === 0) out.push({ check: 'lost', run: d.run, what: `${d.messageId}: no acknowledgement of entry ${e.arrivalNumber}/${e.year} in the sender's mailbox (entry says ${e.ackState ?? 'unset'})` });
    }
  }

  // Gaps: each agency's numbers of each year are 1..N.
  const books = new Map<string, EntryFact[]>();
  for (const e of f.entries) books.set(`${e.agencyCode}/${e.year}`, [...(books.get(`${e.agencyCode}/${e.year}`) ?? []), e]);
  for (const [book, es] of books) {
    const nums = es.map((e) => e.arrivalNumber);
    for (const n of registerGaps(nums)) {
      const next = es.filter((e) => e.arrivalNumber > n).sort((a, b) => a.arrivalNumber - b.arrivalNumber)[0];
      out.push({ check: 'gaps', run: f.runOf(next?.messageKey ? (recordById.get(next.messageKey)?.messageId ?? null) : null), what: `${book}: number ${n} missing` });
    }
    const dup = nums.filter((n, i) => nums.indexOf(n) !== i);
    for (const n of new Set(dup)) out.push({ check: 'duplicated', run: null, what: `${book}: number ${n} given twice` });
  }

  // Journals.
  for (const r of f.records) {
    const entries = entriesByKey.get(r._id) ?? [];
    const e = entries[0];
    for (const p of journalProblems(r, e, e ? (f.ackCopies.get(e._id) ?? 0) : 0)) out.push({ check: 'journalMismatches', run: f.runOf(r.messageId), what: `${r._id} (${r.messageId ?? 'no Message-ID'}): ${p}` });
    if (r.state === 'failed') out.push({ check: 'errors', run: f.runOf(r.messageId), what: `${r._id} (${r.messageId ?? 'no Message-ID'}) failed: ${r.error ?? 'no reason recorded'}` });
  }

  // Dispatch: each recipient taken by the relay once; a DSN stored for those sent through Postfix.
  for (const d of f.deliveries) {
    if (!DISPATCHED.has(d.state)) out.push({ check: 'lost', run: d.run, what: `delivery ${d.id} to ${d.address} not dispatched (state ${d.state}; ${d.events.join(' → ')})` });
    else if (!d.viaRelay && !d.events.some((e) => e.startsWith('dsn-'))) out.push({ check: 'lost', run: d.run, what: `delivery ${d.id} to ${d.address}: no delivery report stored (${d.events.join(' → ')})` });
    if (d.copies > 1) out.push({ check: 'duplicated', run: d.run, what: `delivery ${d.id}: ${d.copies} copies to ${d.address}` });
    if (d.copies === 0 && DISPATCHED.has(d.state)) out.push({ check: 'lost', run: d.run, what: `delivery ${d.id} recorded as ${d.state} but no copy reached ${d.address}` });
  }
  return out;
}
