// The connection lane of one IMAP server (src/ingest/connect-gate.ts): paced, bounded, paused
// together after refusals, one probe after a pause, open again when it gets in.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectGate, type ServerStatus, type Turn } from '../../../src/ingest/connect-gate.js';

afterEach(() => vi.useRealTimers());

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('the connection gate', () => {
  it('lets at most maxConcurrent handshakes through at once, and perSecond a second', async () => {
    vi.useFakeTimers();
    const gate = new ConnectGate({ maxConcurrent: 3, perSecond: 10, pauseAfter: 3, pauseCapMs: 60_000 });
    const turns: (Turn | null)[] = [];
    for (let i = 0; i < 10; i++) void gate.enter('imap:143').turn.then((t) => turns.push(t));
    await settle();
    expect(turns).toHaveLength(1); // the rate: one now, the next 100 ms later
    await vi.advanceTimersByTimeAsync(1000);
    expect(turns).toHaveLength(3); // the bound: three in flight
    turns[0]!.done('ok');
    await vi.advanceTimersByTimeAsync(200);
    expect(turns).toHaveLength(4);
    for (let round = 0; round < 5; round++) {
      for (const t of turns) t!.done('ok'); // a turn ends once; the ended ones are ignored
      await vi.advanceTimersByTimeAsync(400);
    }
    expect(turns).toHaveLength(10);
  });

  it('pauses the whole server after refusals in a row, lets one probe through, and opens when it gets in', async () => {
    vi.useFakeTimers();
    const changes: ServerStatus[] = [];
    const gate = new ConnectGate({ maxConcurrent: 5, perSecond: 1000, pauseAfter: 3, pauseCapMs: 60_000 }, undefined, (s) => changes.push(s), () => 1);
    const turns: Turn[] = [];
    for (let i = 0; i < 50; i++) void gate.enter('imap:143').turn.then((t) => t && turns.push(t));
    await vi.advanceTimersByTimeAsync(50);
    expect(turns).toHaveLength(5);
    for (const t of turns.splice(0, 3)) t.done('refused', 'the server closed the connection');
    await settle();
    expect(gate.status('imap:143')).toMatchObject({ state: 'paused', reason: 'the server closed the connection' });
    expect(gate.status('imap:143').waiting).toBeGreaterThanOrEqual(43);
    expect(changes.map((c) => c.state)).toEqual(['paused']);
    // Those already in flight are refused during the pause: the same pause, not a longer one;
    // nothing new goes through while it lasts (1 s with this jitter).
    expect(turns.length).toBeGreaterThanOrEqual(2);
    for (const t of turns.splice(0)) t.done('refused');
    expect(changes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(900);
    expect(turns).toHaveLength(0);
    // One probe after the pause; refused, the next pause is twice as long.
    await vi.advanceTimersByTimeAsync(200);
    expect(turns).toHaveLength(1);
    turns.shift()!.done('refused');
    expect(changes.map((c) => c.state)).toEqual(['paused', 'paused']);
    await vi.advanceTimersByTimeAsync(1900);
    expect(turns).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(turns).toHaveLength(1);
    // The probe gets in: the lane opens to its full width again.
    turns.shift()!.done('ok');
    await vi.advanceTimersByTimeAsync(50);
    expect(gate.status('imap:143').state).toBe('open');
    expect(changes.at(-1)!.state).toBe('open');
    expect(turns).toHaveLength(5);
  });

  it('does not count a refused login against the server, and ends a cancelled wait with null', async () => {
    const gate = new ConnectGate({ maxConcurrent: 1, perSecond: 1000, pauseAfter: 2, pauseCapMs: 60_000 });
    for (let i = 0; i < 5; i++) (await gate.enter('imap:143').turn)!.done('other');
    expect(gate.status('imap:143').state).toBe('open');
    const held = (await gate.enter('imap:143').turn)!;
    const waiting = gate.enter('imap:143');
    waiting.cancel();
    expect(await waiting.turn).toBeNull();
    held.done('ok');
    expect(gate.status('imap:143').waiting).toBe(0);
  });
});
