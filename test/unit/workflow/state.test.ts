// The handling's state machine (Decree 30/2020 Art. 24): each event's effect from each state, a
// later instruction replacing an earlier one, completion by the unit in charge vs a unit that
// only supports, filing, unreadable replies, and the events that arrive out of order.
import { describe, expect, it } from 'vitest';
import { daysLeft, foldHandling, isOpen, type HandlingEvent, type HandlingEventRecord } from '../../../src/workflow/state.js';

let clock = Date.parse('2026-12-03T02:00:00Z');
function ev(event: HandlingEvent, detail: Record<string, unknown> = {}, by = 'gd@stttt.longan.test'): HandlingEventRecord {
  clock += 60_000;
  return { event, at: new Date(clock), by, detail };
}
const assign = (units: Array<[string, 'lead' | 'support' | 'informed']>, deadline: string | null = null, text = 'Chuyển …') =>
  ev('instructed', { kind: 'assign', units: units.map(([code, role]) => ({ code, role })), deadline, text });
const stateOf = (...events: HandlingEventRecord[]) => foldHandling(events).state;

describe('foldHandling: the states', () => {
  it('starts waiting; presented moves it on once', () => {
    expect(stateOf()).toBe('waiting');
    expect(stateOf(ev('proposed'))).toBe('waiting');
    expect(stateOf(ev('presented'))).toBe('presented');
    expect(stateOf(ev('presented'), ev('presented'))).toBe('presented');
  });

  it('an instruction assigns from waiting (given on paper), presented and needs-clerk', () => {
    expect(stateOf(assign([['KH', 'lead']]))).toBe('assigned');
    expect(stateOf(ev('presented'), assign([['KH', 'lead']]))).toBe('assigned');
    expect(stateOf(ev('presented'), ev('unreadable'), assign([['KH', 'lead']], null, 'x'))).toBe('assigned');
  });

  it('unreadable only from waiting or presented: a unit’s unreadable reply leaves a handled document as it is', () => {
    expect(stateOf(ev('unreadable'))).toBe('needs-clerk');
    expect(stateOf(ev('presented'), ev('unreadable'))).toBe('needs-clerk');
    expect(stateOf(ev('presented'), assign([['KH', 'lead']]), ev('unreadable', { code: 'KH' }))).toBe('assigned');
    const f = foldHandling([ev('presented'), assign([['KH', 'lead']]), ev('received', { code: 'KH' }), ev('unreadable', { code: 'KH' })]);
    expect(f.state).toBe('in-progress');
    expect(stateOf(ev('presented'), ev('filed', { text: 'Lưu' }), ev('unreadable'))).toBe('filed');
  });

  it('filed from waiting, presented and needs-clerk records the leader’s words', () => {
    for (const before of [[], [ev('presented')], [ev('presented'), ev('unreadable')]]) {
      const f = foldHandling([...before, ev('filed', { text: 'Lưu VP' })]);
      expect(f.state).toBe('filed');
      expect(f.instruction).toMatchObject({ kind: 'file', text: 'Lưu VP', by: 'gd@stttt.longan.test' });
      expect(isOpen(f.state)).toBe(false);
    }
  });

  it('a later "Lưu" replaces an earlier assignment (the answer says so); a done document stays done', () => {
    const f = foldHandling([ev('presented'), assign([['KH', 'lead']], '2026-12-20'), ev('filed', { text: 'Lưu' })]);
    expect(f.state).toBe('filed');
    expect(f.instruction!.kind).toBe('file');
    const done = foldHandling([ev('presented'), assign([['KH', 'lead']]), ev('completed', { code: 'KH' }), ev('filed', { text: 'Lưu' })]);
    expect(done.state).toBe('done');
    expect(done.instruction!.kind).toBe('assign');
  });

  it('an instruction after "Lưu" assigns it after all', () => {
    expect(stateOf(ev('presented'), ev('filed', { text: 'Lưu' }), assign([['KH', 'lead']]))).toBe('assigned');
  });

  it('a later instruction replaces an earlier one: units, roles, deadline, words; a unit kept keeps its progress', () => {
    const first = assign([['KH', 'lead'], ['TC', 'support']], '2026-12-20', 'Chuyển P.KH chủ trì, P.TC phối hợp, hạn 20/12');
    const second = assign([['TC', 'lead'], ['VP', 'informed']], '2026-12-31', 'Giao P.TC chủ trì, VP để biết, hạn 31/12');
    const f = foldHandling([ev('presented'), first, ev('handedOver', { code: 'KH' }), ev('handedOver', { code: 'TC' }), ev('received', { code: 'TC' }, 'tc@x'), second]);
    expect(f.units.map((u) => [u.code, u.role])).toEqual([['TC', 'lead'], ['VP', 'informed']]);
    expect(f.units[0]).toMatchObject({ receivedBy: 'tc@x' });
    expect(f.units[0]!.handedOverAt).toBeInstanceOf(Date);
    expect(f.units[1]).toMatchObject({ handedOverAt: null, receivedAt: null });
    expect(f.deadline).toBe('2026-12-31');
    expect(f.instruction!.text).toBe('Giao P.TC chủ trì, VP để biết, hạn 31/12');
    // TC had signed for it: the new instruction leaves the document in progress, not back to assigned.
    expect(f.state).toBe('in-progress');
    // A new instruction without a deadline drops the old one.
    expect(foldHandling([first, assign([['KH', 'lead']])]).deadline).toBeNull();
  });

  it('"approve" is kept as the instruction’s kind', () => {
    const f = foldHandling([ev('presented'), ev('instructed', { kind: 'approve', units: [{ code: 'KH', role: 'lead' }], deadline: null, text: 'Đồng ý đề xuất' })]);
    expect(f.instruction!.kind).toBe('approve');
    expect(f.state).toBe('assigned');
  });
});

describe('foldHandling: units', () => {
  it('ký nhận moves assigned to in-progress and records who and when, once', () => {
    const r1 = ev('received', { code: 'KH' }, 'kh@x');
    const f = foldHandling([ev('presented'), assign([['KH', 'lead']]), ev('handedOver', { code: 'KH' }), r1, ev('received', { code: 'KH' }, 'other@x')]);
    expect(f.state).toBe('in-progress');
    expect(f.units[0]).toMatchObject({ code: 'KH', receivedBy: 'kh@x', receivedAt: r1.at });
  });

  it('received before handedOver (a reply faster than the record, a paper ký nhận): both times are kept', () => {
    const r = ev('received', { code: 'KH' }, 'kh@x');
    const h = ev('handedOver', { code: 'KH' });
    const f = foldHandling([assign([['KH', 'lead']]), r, h]);
    expect(f.units[0]).toMatchObject({ receivedAt: r.at, handedOverAt: h.at });
    expect(f.state).toBe('in-progress');
  });

  it('completion by a support unit does not complete the document; by the lead unit or the clerk it does', () => {
    const base = [ev('presented'), assign([['KH', 'lead'], ['TC', 'support']])];
    const bySupport = foldHandling([...base, ev('completed', { code: 'TC' }, 'tc@x')]);
    expect(bySupport.state).toBe('in-progress');
    expect(bySupport.completedAt).toBeNull();
    // Completion implies the ký nhận.
    expect(bySupport.units[1]).toMatchObject({ receivedBy: 'tc@x' });
    expect(bySupport.units[1]!.completedAt).toBeInstanceOf(Date);
    const done = ev('completed', { code: 'KH' }, 'kh@x');
    const byLead = foldHandling([...base, ev('completed', { code: 'TC' }), done]);
    expect(byLead.state).toBe('done');
    expect(byLead.completedAt).toEqual(done.at);
    expect(isOpen(byLead.state)).toBe(false);
    const byClerk = foldHandling([...base, ev('completed', {}, 'cli:lan')]);
    expect(byClerk.state).toBe('done');
  });

  it('a reply from a unit the latest instruction no longer names changes nothing (not done, not in progress)', () => {
    const base = [ev('presented'), assign([['KH', 'lead']]), ev('handedOver', { code: 'KH' }), assign([['TC', 'lead']])];
    expect(foldHandling([...base, ev('received', { code: 'KH' }, 'kh@x')]).state).toBe('assigned');
    const f = foldHandling([...base, ev('completed', { code: 'KH' }, 'kh@x')]);
    expect(f.state).toBe('assigned');
    expect(f.completedAt).toBeNull();
    expect(f.units.map((u) => u.code)).toEqual(['TC']);
  });

  it('events that change no state: reminded, replyRefused, answered, peerTold, handedOver of an unknown unit', () => {
    const base = [ev('presented'), assign([['KH', 'lead']])];
    for (const e of ['reminded', 'replyRefused', 'answered', 'peerTold'] as const) expect(stateOf(...base, ev(e))).toBe('assigned');
    expect(foldHandling([...base, ev('handedOver', { code: 'XX' })]).units).toHaveLength(1);
  });
});

describe('daysLeft and isOpen', () => {
  it('counts calendar days, negative when overdue, across months and years', () => {
    expect(daysLeft('2026-12-20', '2026-12-03')).toBe(17);
    expect(daysLeft('2026-12-03', '2026-12-03')).toBe(0);
    expect(daysLeft('2026-12-31', '2027-01-02')).toBe(-2);
    expect(daysLeft('2028-03-01', '2028-02-28')).toBe(2);
  });
  it('open until done or filed', () => {
    expect(['waiting', 'presented', 'needs-clerk', 'assigned', 'in-progress'].every((s) => isOpen(s as never))).toBe(true);
    expect(isOpen('done') || isOpen('filed')).toBe(false);
  });
});

describe('deadlineOf', () => {
  it('keeps the entry’s deadline when the instruction writes none, and the written one otherwise', async () => {
    const { deadlineOf } = await import('../../../src/workflow/state.js');
    expect(deadlineOf(null, { deadline: '2026-12-20' })).toBe('2026-12-20');
    expect(deadlineOf('2026-12-25', { deadline: '2026-12-20' })).toBe('2026-12-25');
    expect(deadlineOf(null, {})).toBeNull();
  });
});
