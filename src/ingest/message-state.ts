// What becomes of a received message, in one place. Each event a message can go through names the
// state it leaves the message in — or none: the event is only written in the message's journal
// (`stages`, what `vanthu messages` shows). This module is the only code that writes a message's
// `state` or `stages`; the rest names the event and passes the fields that go with it (the
// analysis, the error), never a state, so the states a message can be in are the ones this table
// says and each one is reached the way it says.
//
// Writes go by `_id` alone: FerretDB 1.x serves only a bare `{_id}` filter from an index and scans
// the collection for anything more. The two exceptions are deliberate: the registrar's batch
// (`_id: {$in}`, one write for hundreds of messages) and the ingest job's closing write, which is
// conditional on the state it found (read by `_id` first, see closeClassified).
import type { Redis } from 'ioredis';
import type { CoreModels, MessageDoc } from '../store/models.js';
import { LOCK_TTL_MS, withLock } from '../queue/lock.js';

export const MESSAGE_STATES = ['stored', 'classified', 'ready', 'registered', 'refused', 'quarantined', 'handled', 'ignored', 'failed'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

/** Still moving: ingest takes `stored` and `classified`, the registrar `ready`. */
export const ACTIVE_STATES = ['stored', 'classified', 'ready'] as const satisfies readonly MessageState[];

/**
 * Nothing more happens to the message by itself; the poller then marks it on the IMAP server
 * (src/ingest/mark.ts). A quarantined document may still be released by a clerk.
 */
export const TERMINAL_STATES = ['registered', 'refused', 'quarantined', 'handled', 'ignored', 'failed'] as const satisfies readonly MessageState[];

type Rule =
  /** Moves the message to `sets`; `from` says where it is expected to come from (see below). */
  | { readonly sets: MessageState; readonly from: readonly MessageState[] }
  /** Journal only: the state stays what it is. */
  | { readonly sets: null };

/**
 * The events. `from` documents the machine and the unit tests check that it is coherent (only a
 * release leaves a terminal state, every active state can end); the writes do not check it, as that
 * would cost a read or a conditional write per event (a full scan on FerretDB). Where a write must
 * not go over a later state, the caller reads first (processIngest) or picks by state (registrar).
 */
export const MESSAGE_EVENTS = {
  /** The poller stored it (the record is created in this state). */
  stored: { sets: 'stored', from: [] },
  classified: { sets: 'classified', from: ['stored'] },
  /** Nothing to do with it (personal mail, our own, an auto-reply, a dispatch request that is not one). */
  ignored: { sets: 'ignored', from: ['stored', 'classified'] },
  /** A document analysed and decided "register": it waits for its number. */
  analysed: { sets: 'ready', from: ['classified'] },
  refused: { sets: 'refused', from: ['classified'] },
  quarantined: { sets: 'quarantined', from: ['classified'] },
  /** A receipt or a dispatch request, dealt with by its handler. */
  handled: { sets: 'handled', from: ['classified'] },
  /** A clerk looked at a document held as unreadable: it takes its number after all. */
  released: { sets: 'ready', from: ['quarantined'] },
  registered: { sets: 'registered', from: ['ready'] },
  /** The same document (same Message-ID) is in the register already; closed without a number. */
  duplicate: { sets: 'registered', from: ['ready'] },
  failed: { sets: 'failed', from: ['stored', 'classified', 'ready'] },
  /** An acknowledgement (01, 02 or 03) went to the sender. */
  acknowledged: { sets: null },
  /** The relay reported that acknowledgement undeliverable: the sender's address bounced (RFC 3464 failed). */
  ackBounced: { sets: null },
  /** The administrators were mailed about a quarantined document. */
  alerted: { sets: null },
  /** A secret document was handed over to the offline channel (Decision 36 Art. 6.4). */
  handedOver: { sets: null },
  /** Its bytes and extracted text were wiped from the networked store (Art. 11.5); it stays quarantined. */
  wiped: { sets: null },
} as const satisfies Record<string, Rule>;

export type MessageEvent = keyof typeof MESSAGE_EVENTS;

/** The state an event leaves a message in, or null for a journal-only event. */
export function stateAfter(event: MessageEvent): MessageState | null {
  return MESSAGE_EVENTS[event].sets;
}

/** One journal entry to write: the event and what is worth remembering about it. */
export interface Step {
  event: MessageEvent;
  detail?: unknown;
}

export interface Stage {
  stage: string;
  at: Date;
  detail?: unknown;
}

/**
 * Fields a caller may set with an event: anything on the record but its state and journal, and
 * paths inside the analysis (a release rewrites `analysis.decision`).
 */
export type MessageFields = { [K in Exclude<keyof MessageDoc, 'state' | 'stages'>]?: MessageDoc[K] } & { [path: `analysis.${string}` | `failure.${string}`]: unknown };

const OWNED = /^(state|stages)(\.|$)/;

/** The journal entry of a step. The stage is named after the event. */
export function stageOf(step: Step, at: Date): Stage {
  return step.detail === undefined ? { stage: step.event, at } : { stage: step.event, at, detail: step.detail };
}

/** The state a sequence of steps ends in (the last one that sets a state), or null. */
export function finalState(steps: readonly Step[]): MessageState | null {
  let state: MessageState | null = null;
  for (const s of steps) state = stateAfter(s.event) ?? state;
  return state;
}

/**
 * The update for some steps written together, with the caller's fields. Pure. Throws when the
 * fields try to set the state or the journal themselves: that is this table's to say.
 */
export function messageUpdate(steps: Step | readonly Step[], fields: MessageFields = {}, at = new Date()): { $set: Record<string, unknown>; $push: { stages: Stage | { $each: Stage[] } } } {
  const list = Array.isArray(steps) ? (steps as readonly Step[]) : [steps as Step];
  if (!list.length) throw new Error('messageUpdate: no event');
  const owned = Object.keys(fields).filter((k) => OWNED.test(k));
  if (owned.length) throw new Error(`messageUpdate: ${owned.join(', ')} is written from the event, not by the caller`);
  const state = finalState(list);
  const stages = list.map((s) => stageOf(s, at));
  return {
    $set: { ...fields, ...(state ? { state } : {}) },
    $push: { stages: stages.length === 1 ? stages[0]! : { $each: stages } },
  };
}

/** The state and journal of a record being created (the poller's insert): `stored` first. */
export function newRecord(steps: readonly Step[], at = new Date()): { state: MessageState; stages: Stage[] } {
  if (steps[0]?.event !== 'stored') throw new Error('newRecord: a message record starts with its "stored" event');
  return { state: finalState(steps)!, stages: steps.map((s) => stageOf(s, at)) };
}

type Messages = Pick<CoreModels, 'Message'>;

/**
 * Records one event (and the fields that go with it) on one message, by `_id`. For the pipeline's
 * own steps (ingest, registrar), which by construction never write one message at the same time:
 * the poller creates it, one ingest job closes it, the registrar numbers it. Anything that writes
 * after that — acknowledgements, alerts, a clerk's action — goes through MessageJournal.
 */
export async function recordEvent(models: Messages, messageKey: string, event: MessageEvent, opts: { fields?: MessageFields; detail?: unknown } = {}): Promise<void> {
  if (AFTER_CLOSE.has(event)) throw new Error(`recordEvent: "${event}" is written through MessageJournal.note (it may race with other writers)`);
  await models.Message.updateOne({ _id: messageKey }, messageUpdate({ event, detail: opts.detail }, opts.fields));
}

/** Events written after the pipeline has let go of a message, possibly by several processes at once. */
const AFTER_CLOSE: ReadonlySet<MessageEvent> = new Set(['acknowledged', 'ackBounced', 'alerted', 'handedOver', 'wiped', 'released']);


/**
 * The writes that come after a message is closed: acknowledgements (01, 02, 03), the
 * administrators' alert, a clerk's release, hand-over and wipe. Several of them can happen at the
 * same moment (the alert and the 01 of one quarantined message are two jobs), and FerretDB 1.x
 * applies an update by reading the document and writing it whole, without isolation: of two
 * concurrent `$push`es one is lost (measured: 16 of 30 kept). So each write holds a short
 * per-message lock in Redis, and an event given a `once` key is written at most once (a retried
 * job that already wrote it does not write it again).
 */
type NoteOptions = { fields?: MessageFields; detail?: Record<string, unknown>; once?: { field: string; value: unknown } | true };

export class MessageJournal {
  constructor(
    private readonly models: Messages,
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Runs `fn` holding the message's write lock (waits for it; a crashed holder's lock expires). */
  async locked<T>(messageKey: string, fn: () => Promise<T>, ttlMs = LOCK_TTL_MS): Promise<T> {
    return withLock(this.redis, `${this.prefix}:lock:message:${messageKey}`, `message ${messageKey}`, fn, ttlMs);
  }

  /**
   * Writes `event` on the message under its lock. With `once`, the event is skipped when the
   * journal already has an entry of that event whose detail has the same `once` value under
   * `onceField` (e.g. the acknowledgement with status code 03). Returns whether it wrote.
   */
  async note(messageKey: string, event: MessageEvent, opts: NoteOptions = {}): Promise<boolean> {
    return this.locked(messageKey, () => this.noteHeld(messageKey, event, opts));
  }

  /**
   * `note` for a caller that already holds the message's lock (`locked`), e.g. an acknowledgement
   * that checks, sends and records under one lock so that a second run of its job cannot send too.
   */
  async noteHeld(messageKey: string, event: MessageEvent, opts: NoteOptions = {}): Promise<boolean> {
    if (opts.once) {
      const m = await this.models.Message.findById(messageKey, { stages: 1 }).lean();
      if (m && hasStage(m.stages ?? [], event, opts.once)) return false;
    }
    await this.models.Message.updateOne({ _id: messageKey }, messageUpdate({ event, detail: opts.detail }, opts.fields));
    return true;
  }

  /** Whether the message's journal has the event (with the given `once` value), read under no lock. */
  async has(messageKey: string, event: MessageEvent, once: { field: string; value: unknown } | true = true): Promise<boolean> {
    const m = await this.models.Message.findById(messageKey, { stages: 1 }).lean();
    return !!m && hasStage(m.stages ?? [], event, once);
  }
}

/** Whether `stages` hold `event` (with `once.field` equal to `once.value` in its detail). Pure. */
export function hasStage(stages: readonly { stage: string; detail?: unknown }[], event: MessageEvent, once: { field: string; value: unknown } | true = true): boolean {
  return stages.some((s) => s.stage === event && (once === true || (s.detail as Record<string, unknown> | undefined)?.[once.field] === once.value));
}

/** Records several events on one message in one write (e.g. classified, then ignored). */
export async function recordEvents(models: Messages, messageKey: string, steps: readonly Step[], fields: MessageFields = {}): Promise<void> {
  await models.Message.updateOne({ _id: messageKey }, messageUpdate(steps, fields));
}

/** Records one event on many messages in one write (the registrar closes a batch at a time). */
export async function recordEventForMany(models: Messages, messageKeys: readonly string[], event: MessageEvent, detail?: unknown): Promise<void> {
  if (!messageKeys.length) return;
  await models.Message.updateMany({ _id: { $in: [...messageKeys] } }, messageUpdate({ event, detail }));
}

/**
 * Records the event only if the message is still `classified`: an ingest handler that did not
 * record its outcome leaves it there, and a state it (or the registrar after it) did set must
 * not be overwritten. Read by `_id` first, since most handlers record their own outcome and
 * FerretDB scans for the conditional write. Returns whether it wrote.
 */
export async function closeClassified(models: Messages, messageKey: string, event: MessageEvent, detail?: unknown): Promise<boolean> {
  const now = await models.Message.findById(messageKey, { state: 1 }).lean();
  if (now?.state !== 'classified') return false;
  const r = await models.Message.updateOne({ _id: messageKey, state: 'classified' }, messageUpdate({ event, detail }));
  return r.modifiedCount > 0;
}

/** What an ingest handler may report: where it left the message. */
export type Outcome = 'ready' | 'registered' | 'refused' | 'quarantined' | 'handled' | 'ignored';

/** The event that closes a message whose handler reported `outcome` without recording it. */
export function closingEvent(outcome: Outcome): MessageEvent {
  return outcome === 'ready' ? 'analysed' : outcome;
}
