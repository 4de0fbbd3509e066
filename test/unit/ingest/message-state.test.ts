// The message state table: every state it names is one the database accepts and the other way
// round, the machine it describes has no dead ends and is left from a terminal state only by a
// clerk's release, and the updates it builds set the state from the event, never from the caller.
import { describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { coreModels } from '../../../src/store/models.js';
import {
  ACTIVE_STATES,
  MESSAGE_EVENTS,
  MESSAGE_STATES,
  TERMINAL_STATES,
  closingEvent,
  finalState,
  messageUpdate,
  newRecord,
  stateAfter,
  type MessageEvent,
  type MessageState,
  type Outcome,
} from '../../../src/ingest/message-state.js';
import { TERMINAL_STATES as MARKED_STATES } from '../../../src/ingest/mark.js';

const events = Object.keys(MESSAGE_EVENTS) as MessageEvent[];
type Moving = { sets: MessageState; from: readonly MessageState[] };
const moving = events.filter((e) => MESSAGE_EVENTS[e].sets !== null).map((e) => [e, MESSAGE_EVENTS[e] as Moving] as const);

describe('the message state table', () => {
  it('names exactly the states the Message schema accepts', () => {
    // A model on a connection that never connects: only its schema is read.
    const conn = mongoose.createConnection();
    const schemaStates = (coreModels(conn).Message.schema.path('state') as unknown as { enumValues: string[] }).enumValues;
    expect([...schemaStates].sort()).toEqual([...MESSAGE_STATES].sort());
    // Every event sets a known state (or none) …
    for (const e of events) {
      const s = stateAfter(e);
      if (s !== null) expect(MESSAGE_STATES).toContain(s);
    }
    // … and every state is set by some event.
    for (const s of MESSAGE_STATES) expect(moving.some(([, r]) => r.sets === s), s).toBe(true);
  });

  it('splits the states into active and terminal ones, the terminal ones being what the poller marks on the server', () => {
    expect([...ACTIVE_STATES, ...TERMINAL_STATES].sort()).toEqual([...MESSAGE_STATES].sort());
    expect(ACTIVE_STATES.filter((s) => (TERMINAL_STATES as readonly string[]).includes(s))).toEqual([]);
    expect(MARKED_STATES).toBe(TERMINAL_STATES);
  });

  it('leaves a terminal state only by a clerk’s release of a quarantined document', () => {
    const leaving = moving.filter(([, r]) => r.from.some((f) => (TERMINAL_STATES as readonly string[]).includes(f))).map(([e, r]) => [e, r.from]);
    expect(leaving).toEqual([['released', ['quarantined']]]);
  });

  it('has no dead end: from every active state some chain of events reaches a terminal state', () => {
    const reach = (from: MessageState, seen = new Set<MessageState>()): boolean => {
      if ((TERMINAL_STATES as readonly string[]).includes(from)) return true;
      seen.add(from);
      return moving.some(([, r]) => r.from.includes(from) && !seen.has(r.sets) && reach(r.sets, seen));
    };
    for (const s of ACTIVE_STATES) expect(reach(s), s).toBe(true);
    // A record is created `stored` and nothing moves a message back to it.
    expect(moving.filter(([, r]) => r.sets === 'stored').map(([e]) => e)).toEqual(['stored']);
    expect(MESSAGE_EVENTS.stored.from).toEqual([]);
  });

  it('writes journal-only events without touching the state', () => {
    expect(events.filter((e) => stateAfter(e) === null).sort()).toEqual(['ackBounced', 'acknowledged', 'alerted', 'handedOver', 'wiped']);
    const u = messageUpdate({ event: 'acknowledged', detail: { statusCode: '03' } }, {}, new Date(0));
    expect(u.$set).toEqual({});
    expect(u.$push.stages).toEqual({ stage: 'acknowledged', at: new Date(0), detail: { statusCode: '03' } });
  });
});

describe('the updates it builds', () => {
  const at = new Date('2026-11-25T02:00:00Z');

  it('sets the state from the event and pushes a stage named after it, with the caller’s fields', () => {
    const u = messageUpdate({ event: 'analysed', detail: { signatures: 0 } }, { analysis: { x: 1 } }, at);
    expect(u).toEqual({ $set: { analysis: { x: 1 }, state: 'ready' }, $push: { stages: { stage: 'analysed', at, detail: { signatures: 0 } } } });
    // No detail: the stage has none (the registrar's closing write, as before).
    expect(messageUpdate({ event: 'registered' }, {}, at).$push.stages).toEqual({ stage: 'registered', at });
  });

  it('writes several events at once; the last one that sets a state wins', () => {
    const u = messageUpdate([{ event: 'classified' }, { event: 'ignored', detail: { kind: 'other' } }], { kind: 'other' }, at);
    expect(u.$set).toEqual({ kind: 'other', state: 'ignored' });
    expect(u.$push.stages).toEqual({ $each: [{ stage: 'classified', at }, { stage: 'ignored', at, detail: { kind: 'other' } }] });
    expect(finalState([{ event: 'quarantined' }, { event: 'alerted' }])).toBe('quarantined');
    expect(() => messageUpdate([], {}, at)).toThrow(/no event/);
  });

  it('refuses a caller that sets the state or the journal itself', () => {
    expect(() => messageUpdate({ event: 'failed' }, { state: 'registered' } as never)).toThrow(/state is written from the event/);
    expect(() => messageUpdate({ event: 'failed' }, { 'stages.0.stage': 'x' } as never)).toThrow(/stages\.0\.stage/);
    // A path inside the analysis is the caller's to set (a release rewrites the decision).
    expect(messageUpdate({ event: 'released' }, { 'analysis.decision': { action: 'register' } }, at).$set).toEqual({ 'analysis.decision': { action: 'register' }, state: 'ready' });
  });

  it('creates a record stored first, in the state its last event says', () => {
    expect(newRecord([{ event: 'stored', detail: { uid: 7 } }], at)).toEqual({ state: 'stored', stages: [{ stage: 'stored', at, detail: { uid: 7 } }] });
    expect(newRecord([{ event: 'stored' }, { event: 'classified' }, { event: 'ignored' }], at).state).toBe('ignored');
    expect(() => newRecord([{ event: 'classified' }], at)).toThrow(/starts with its "stored" event/);
  });

  it('closes an ingested message in the state its handler reported', () => {
    const outcomes: Outcome[] = ['ready', 'registered', 'refused', 'quarantined', 'handled', 'ignored'];
    for (const o of outcomes) expect(stateAfter(closingEvent(o)), o).toBe(o);
  });
});
