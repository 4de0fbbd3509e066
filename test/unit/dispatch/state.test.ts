// The delivery state machine (pure): forward-only evidence, internal retries, folding order,
// in-doubt resolution and the Art. 9.1 success states.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { foldEvents, nextState, outgoingState, RANK, isSuccess, type DeliveryEventType } from '../../../src/dispatch/state.js';
import type { DeliveryState } from '../../../src/dispatch/models.js';

const at = (s: number) => new Date(Date.UTC(2026, 2, 2, 2, 0, s));
const fold = (evs: Array<[DeliveryEventType, number, Record<string, unknown>?]>) => foldEvents(evs.map(([event, s, detail], i) => ({ event, at: at(s), seq: i, detail })));

describe('nextState', () => {
  it('follows the happy path queued → sending → accepted → relayed/delivered → displayed → received → registered', () => {
    let s: DeliveryState = 'queued';
    const path: DeliveryEventType[] = ['attempt', 'accepted', 'dsn-relayed', 'dsn-delivered', 'mdn-displayed', 'ack-received', 'ack-registered'];
    const seen = path.map((e) => (s = nextState(s, e)));
    expect(seen).toEqual(['sending', 'accepted', 'relayed', 'delivered', 'displayed', 'received', 'registered']);
  });

  it('never moves back on evidence: a late delivered DSN does not overwrite registered', () => {
    expect(nextState('registered', 'dsn-delivered')).toBe('registered');
    expect(nextState('registered', 'accepted')).toBe('registered');
    expect(nextState('displayed', 'dsn-delayed')).toBe('displayed');
    expect(nextState('delivered', 'dsn-failed')).toBe('delivered');
    expect(nextState('failed', 'dsn-delivered')).toBe('failed');
  });

  it('a bounce from beyond a non-DSN hop still shows as failed; an acknowledgement beats a bounce', () => {
    expect(nextState('relayed', 'dsn-failed')).toBe('failed');
    expect(nextState('failed', 'ack-registered')).toBe('registered');
  });

  it('internal events move back only before acceptance', () => {
    expect(nextState('sending', 'deferred')).toBe('queued');
    expect(nextState('accepted', 'deferred')).toBe('accepted');
    expect(nextState('sending', 'in-doubt')).toBe('in-doubt');
    expect(nextState('in-doubt', 'resend')).toBe('sending');
    expect(nextState('delivered', 'attempt')).toBe('delivered');
    expect(nextState('in-doubt', 'dsn-relayed')).toBe('relayed');
  });

  it('record-only events change nothing', () => {
    for (const e of ['mdn-other', 'ack-other', 'feedback', 'queued'] as DeliveryEventType[]) expect(nextState('accepted', e)).toBe('accepted');
  });

  it('property: for evidence events the rank never decreases', () => {
    const evidence: DeliveryEventType[] = ['accepted', 'rejected', 'dsn-delayed', 'dsn-delivered', 'dsn-relayed', 'dsn-failed', 'mdn-displayed', 'mdn-other', 'ack-received', 'ack-registered', 'ack-refused', 'ack-other'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...evidence), { maxLength: 30 }), (evs) => {
        let s: DeliveryState = 'accepted';
        for (const e of evs) {
          const n = nextState(s, e);
          expect(RANK[n]).toBeGreaterThanOrEqual(RANK[s]);
          s = n;
        }
      }),
    );
  });

  it('property: the fold does not depend on the order events are read in', () => {
    const evs: Array<[DeliveryEventType, number]> = [['queued', 0], ['attempt', 1], ['accepted', 2], ['dsn-relayed', 5], ['mdn-displayed', 9], ['ack-registered', 12]];
    fc.assert(
      fc.property(fc.shuffledSubarray(evs, { minLength: evs.length, maxLength: evs.length }), (shuffled) => {
        expect(fold(shuffled).state).toBe('registered');
      }),
    );
  });
});

describe('foldEvents', () => {
  it('keeps the relay queue id, the DSN status and the peer numbers', () => {
    const f = fold([
      ['queued', 0],
      ['attempt', 1],
      ['accepted', 2, { queueId: 'ABC123', response: '250 2.0.0 Ok: queued as ABC123' }],
      ['dsn-delivered', 5, { status: '2.0.0', diagnostic: '250 Saved' }],
      ['ack-registered', 9, { arrivalNumber: '245', receiptTime: '2026-03-02T09:10:00+07:00' }],
    ]);
    expect(f).toMatchObject({ state: 'registered', relayQueueId: 'ABC123', status: '2.0.0', peerArrivalNumber: '245', eventCount: 5 });
    expect(f.acceptedAt).toEqual(at(2));
    expect(f.peerReceiptTime!.toISOString()).toBe('2026-03-02T02:10:00.000Z');
  });

  it('an in-doubt delivery resolved by a receipt is accepted as of its lost attempt', () => {
    const f = fold([
      ['queued', 0],
      ['attempt', 1],
      ['in-doubt', 40],
      ['dsn-relayed', 45, { status: '2.0.0' }],
    ]);
    expect(f.state).toBe('relayed');
    expect(f.acceptedAt).toEqual(at(1));
  });

  it('4xx retries then 5xx', () => {
    const f = fold([
      ['queued', 0],
      ['attempt', 1],
      ['deferred', 2],
      ['attempt', 4],
      ['rejected', 5, { status: '5.7.1', diagnostic: '550 5.7.1 rejected' }],
    ]);
    expect(f.state).toBe('failed');
    expect(f.status).toBe('5.7.1');
    expect(f.acceptedAt).toBeNull();
  });
});

describe('outgoingState / isSuccess', () => {
  it('summarises the deliveries', () => {
    expect(outgoingState(['queued', 'accepted'])).toBe('sending');
    expect(outgoingState(['accepted', 'registered'])).toBe('sent');
    expect(outgoingState(['failed', 'relayed'])).toBe('partly-failed');
    expect(outgoingState(['failed', 'refused'])).toBe('failed');
  });
  it('success receipts for Art. 9.1', () => {
    expect(['accepted', 'delayed', 'failed', 'refused', 'in-doubt'].some((s) => isSuccess(s as DeliveryState))).toBe(false);
    expect(['relayed', 'delivered', 'displayed', 'received', 'registered'].every((s) => isSuccess(s as DeliveryState))).toBe(true);
  });
});
