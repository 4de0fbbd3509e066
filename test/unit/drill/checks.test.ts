// The drill's checks must be able to fail: hand-made journals, registers and mailboxes with each
// fault the drill looks for, and one clean world that passes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, journalProblems, registerGaps, type EntryFact, type Facts, type RecordFact, type StageFact } from '../../../bench/drill/checks.js';
import { drillOptions, rng, spread } from '../../../bench/drill/options.js';
import { formatTable, tabulate } from '../../../bench/drill/report.js';

const t = (s: number) => new Date(Date.UTC(2026, 11, 3, 8, 0, s));
const st = (stage: string, s: number, statusCode?: string): StageFact => (statusCode ? { stage, at: t(s), detail: { statusCode } } : { stage, at: t(s) });
const good = (): StageFact[] => [st('stored', 1), st('classified', 2), st('analysed', 3), st('registered', 4), st('acknowledged', 5, '03')];
const rec = (stages: StageFact[], state = 'registered', over: Partial<RecordFact> = {}): RecordFact => ({ _id: 'mb:1', mailboxId: 'mb', uid: 1, messageId: '<m1@t>', state, stages, ...over });
const entry = (over: Partial<EntryFact> = {}): EntryFact => ({ _id: 'e1', agencyCode: 'A', year: 2026, arrivalNumber: 1, messageKey: 'mb:1', ackState: 'sent', ...over });

describe('journalProblems', () => {
  it('accepts a journal in the order things happen, agreeing with its entry and the sender’s mailbox', () => {
    expect(journalProblems(rec(good()), entry(), 1)).toEqual([]);
    // Closings other than registration, and a message nothing was done with.
    expect(journalProblems(rec([st('stored', 1), st('classified', 2), st('handled', 3)], 'handled'), undefined)).toEqual([]);
    expect(journalProblems(rec([st('stored', 1), st('classified', 2), st('ignored', 2)], 'ignored'), undefined)).toEqual([]);
    expect(journalProblems(rec([st('stored', 1), st('classified', 2), st('refused', 3), st('acknowledged', 4, '02')], 'refused'), undefined)).toEqual([]);
  });

  it('finds the faults issue 15 saw: acknowledged missing, or listed before registered', () => {
    const missing = good().slice(0, 4);
    expect(journalProblems(rec(missing), entry(), 1)).toEqual([expect.stringMatching(/acknowledgement was sent, the journal has no "acknowledged"/)]);
    const early = [st('stored', 1), st('classified', 2), st('analysed', 3), st('acknowledged', 4, '03'), st('registered', 4)];
    expect(journalProblems(rec(early), entry(), 1)).toEqual([expect.stringMatching(/listed before registered/)]);
  });

  it('finds states out of order, time going backwards, a stage twice, and a state the journal does not end in', () => {
    expect(journalProblems(rec([st('stored', 1), st('analysed', 2), st('registered', 3), st('acknowledged', 4, '03')]), entry(), 1)).toEqual([expect.stringMatching(/"analysed" \(#2\) after state stored/)]);
    expect(journalProblems(rec([st('stored', 1), st('classified', 3), st('analysed', 2), st('registered', 4), st('acknowledged', 5, '03')]), entry(), 1)).toEqual([expect.stringMatching(/timed before/)]);
    expect(journalProblems(rec([...good(), st('acknowledged', 6, '03')]), entry(), 1)).toEqual([expect.stringMatching(/"acknowledged 03" twice/)]);
    expect(journalProblems(rec(good(), 'ready'), entry(), 1)).toEqual([expect.stringMatching(/state is ready but the journal ends in registered/)]);
    expect(journalProblems(rec([st('classified', 1)], 'classified'), undefined)[0]).toMatch(/starts with "classified"/);
    expect(journalProblems(rec([], 'stored'), undefined)).toEqual(['no journal at all']);
  });

  it('finds a journal that disagrees with the register and the sender’s mailbox', () => {
    expect(journalProblems(rec(good()), undefined, 0)).toContain('"registered" stage but no register entry');
    expect(journalProblems(rec(good().slice(0, 3), 'ready'), entry({ ackState: 'pending' }), 0)).toContain('register entry 1/2026 but no "registered" stage');
    expect(journalProblems(rec(good()), entry({ ackState: 'pending' }), 0)).toEqual([expect.stringMatching(/journal says acknowledged \(03\), the entry's acknowledgement is pending/)]);
    expect(journalProblems(rec(good().slice(0, 4)), entry({ ackState: 'pending' }), 1)).toEqual([expect.stringMatching(/sender's mailbox holds the acknowledgement/)]);
  });
});

describe('registerGaps', () => {
  it('lists the numbers missing from 1..N', () => {
    expect(registerGaps([1, 2, 3])).toEqual([]);
    expect(registerGaps([2, 3, 5])).toEqual([1, 4]);
    expect(registerGaps([])).toEqual([]);
  });
});

/** A clean world of two documents, then one fault at a time. */
function world(): Facts {
  const r2 = rec(good(), 'registered', { _id: 'mb:2', uid: 2, messageId: '<m2@t>' });
  return {
    boxes: [{ mailboxId: 'mb', imap: [{ uid: 1, messageId: '<m1@t>' }, { uid: 2, messageId: '<m2@t>' }] }],
    records: [rec(good()), r2],
    entries: [entry(), entry({ _id: 'e2', arrivalNumber: 2, messageKey: 'mb:2' })],
    documents: [{ run: 'k0', messageId: '<m1@t>', mailboxId: 'mb', handedOver: true }, { run: 'k1', messageId: '<m2@t>', mailboxId: 'mb', handedOver: true }],
    ackCopies: new Map([['e1', 1], ['e2', 1]]),
    deliveries: [{ run: 'k0', id: 'd.0', address: 'r@t', state: 'relayed', events: ['queued', 'attempt', 'accepted', 'dsn-relayed'], copies: 1, viaRelay: false }],
    runOf: (m) => ({ '<m1@t>': 'k0', '<m2@t>': 'k1' })[m ?? ''] ?? null,
  };
}
const counts = (f: Facts) => {
  const out: Record<string, number> = {};
  for (const x of check(f)) out[x.check] = (out[x.check] ?? 0) + 1;
  return out;
};

describe('check', () => {
  it('finds nothing wrong in a clean world', () => {
    expect(check(world())).toEqual([]);
  });

  it('counts a message in the mailbox with no record, a document not registered, no acknowledgement, a recipient not dispatched as lost', () => {
    const w = world();
    w.boxes[0]!.imap.push({ uid: 3, messageId: '<m3@t>' });
    expect(check(w)).toEqual([{ check: 'lost', run: null, what: expect.stringMatching(/UID 3 .* no stored record/) }]);
    const w2 = world();
    w2.entries = w2.entries.slice(0, 1);
    w2.records[1] = { ...w2.records[1]!, state: 'ready', stages: good().slice(0, 3) };
    expect(counts(w2)).toEqual({ lost: 1 });
    const w3 = world();
    w3.ackCopies.delete('e2');
    expect(check(w3).map((x) => [x.check, x.run])).toEqual([['lost', 'k1']]);
    const w4 = world();
    w4.deliveries[0] = { ...w4.deliveries[0]!, state: 'failed', events: ['queued', 'attempt', 'rejected'] };
    expect(counts(w4)).toEqual({ lost: 1 });
    const w5 = world();
    w5.deliveries[0] = { ...w5.deliveries[0]!, events: ['queued', 'attempt', 'accepted'], state: 'accepted' };
    expect(check(w5)[0]!.what).toMatch(/no delivery report stored/);
  });

  it('counts a message stored twice, a document numbered twice, two acknowledgements, two copies to a recipient as duplicated', () => {
    const w = world();
    w.records.push({ ...w.records[0]!, _id: 'mb:1b' });
    expect(counts(w).duplicated).toBeGreaterThanOrEqual(1);
    const w2 = world();
    w2.ackCopies.set('e1', 2);
    expect(check(w2)).toEqual([{ check: 'duplicated', run: 'k0', what: expect.stringMatching(/2 acknowledgements of entry 1\/2026/) }]);
    const w3 = world();
    w3.deliveries[0]!.copies = 2;
    expect(counts(w3)).toEqual({ duplicated: 1 });
    const w4 = world();
    w4.entries.push(entry({ _id: 'e3', arrivalNumber: 3, messageKey: 'mb:1' }));
    w4.ackCopies.set('e3', 1);
    expect(counts(w4).duplicated).toBe(1);
  });

  it('counts a missing number as a gap and a failed message as an error recorded', () => {
    const w = world();
    w.entries[1]!.arrivalNumber = 3;
    expect(check(w)).toEqual([{ check: 'gaps', run: 'k1', what: 'A/2026: number 2 missing' }]);
    const w2 = world();
    w2.boxes[0]!.imap.push({ uid: 3, messageId: null });
    w2.records.push(rec([st('stored', 1), st('failed', 2)], 'failed', { _id: 'mb:3', uid: 3, messageId: null, error: 'too many MIME parts' }));
    expect(check(w2)).toEqual([{ check: 'errors', run: null, what: expect.stringMatching(/failed: too many MIME parts/) }]);
  });

  it('counts a journal mismatch against the register', () => {
    const w = world();
    w.records[0] = { ...w.records[0]!, stages: good().slice(0, 4) };
    expect(check(w)).toEqual([{ check: 'journalMismatches', run: 'k0', what: expect.stringMatching(/no "acknowledged" \(03\)/) }]);
  });
});

describe('report and options', () => {
  it('makes rows with exactly the keys the issue names, findings counted in their scenario', () => {
    const rows = tabulate([{ scenario: 'kill -9 poll', runs: 2, messages: 10 }], [{ check: 'lost', run: 'k0', what: 'x' }, { check: 'errors', run: null, what: 'y' }], (r) => (r === 'k0' ? 'kill -9 poll' : 'unattributed'));
    expect(rows).toEqual([
      { scenario: 'kill -9 poll', runs: 2, messages: 10, lost: 1, duplicated: 0, gaps: 0, journalMismatches: 0, errors: 0 },
      { scenario: 'unattributed', runs: 0, messages: 0, lost: 0, duplicated: 0, gaps: 0, journalMismatches: 0, errors: 1 },
    ]);
    expect(formatTable(rows).split('\n').at(-1)).toMatch(/^total\s+2\s+10\s+1\s+0\s+0\s+0\s+1$/);
  });

  it('sizes from flags and DRILL_* variables; a seed repeats the same choices', () => {
    expect(drillOptions([], {})).toMatchObject({ killRuns: 20, messages: 1000, recipients: 200, ports: { redisPort: 6590 } });
    expect(drillOptions(['--reduced'], {})).toMatchObject({ killRuns: 2, ports: { redisPort: 6790 }, diskFull: false });
    expect(drillOptions(['--runs', '3'], { DRILL_MESSAGES: '60', DRILL_SEED: '7' })).toMatchObject({ killRuns: 3, messages: 60, seed: 7 });
    expect(() => drillOptions([], { DRILL_RESTARTS: 'nginx' })).toThrow(/unknown service "nginx"/);
    // On a private stack named by VANTHU_CONFIG: its ports and home, never the drill's fixed ones.
    const dir = mkdtempSync(join(tmpdir(), 'drill-opt-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ home: '/x/priv', stack: { redisPort: 6391, mongoPort: 27118, imapPort: 1144, lmtpPort: 2426, smtpPort: 2527 } }));
    expect(drillOptions([], { VANTHU_CONFIG: file })).toMatchObject({ root: '/x/priv/drill', home: '/x/priv', baseConfig: file, ports: { redisPort: 6391, mongoPort: 27118, imapPort: 1144, lmtpPort: 2426, smtpPort: 2527 } });
    expect(drillOptions(['--reduced'], { VANTHU_CONFIG: file })).toMatchObject({ root: '/x/priv/drill-ci', ports: { redisPort: 6391 } });
    writeFileSync(file, JSON.stringify({ home: '/x/priv' }));
    expect(() => drillOptions([], { VANTHU_CONFIG: file })).toThrow(/needs "home" and stack.redisPort/);
    const a = rng(42);
    const b = rng(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    expect(spread(1000, 20).every((n) => n === 50)).toBe(true);
    expect(spread(7, 3)).toEqual([3, 2, 2]);
  });
});
