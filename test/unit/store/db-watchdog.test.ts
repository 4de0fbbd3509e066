// The database watchdog's one decision: which servers' heartbeat has been open too long.
import { describe, expect, it } from 'vitest';
import { HEARTBEAT_STALL_MS, stalledServers } from '../../../src/store/db.js';

describe('stalledServers', () => {
  it('names only the servers whose heartbeat is open past the bound', () => {
    const open = new Map([['a:1', 1_000], ['b:2', 5_000], ['c:3', 9_000]]);
    expect(stalledServers(open, 10_000, 6_000)).toEqual(['a:1']);
    expect(stalledServers(open, 11_000, 6_000)).toEqual(['a:1']);
    expect(stalledServers(open, 11_001, 6_000)).toEqual(['a:1', 'b:2']);
    expect(stalledServers(new Map(), 1e12, 6_000)).toEqual([]);
  });

  it('waits longer than any timeout the driver puts on a heartbeat', () => {
    // connect + handshake (2 × 10 s) or an awaited hello (5 s + 10 s), with room for a busy loop.
    expect(HEARTBEAT_STALL_MS).toBeGreaterThan(2 * 10_000);
    expect(HEARTBEAT_STALL_MS).toBeGreaterThan(5_000 + 10_000);
    expect(HEARTBEAT_STALL_MS).toBeLessThanOrEqual(60_000);
  });
});
