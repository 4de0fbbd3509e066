// The pure parts of a mailbox's state row and of reconnection: which folder the row shows, when
// the row is written, and how long a watcher waits before it redials.
import { describe, expect, it } from 'vitest';
import { planWrite, worstOf, type FolderReport } from '../../../src/ingest/mailbox-state.js';
import { backoffDelay } from '../../../src/ingest/backoff.js';

const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 8, 0, s));

describe('the mailbox row', () => {
  it('shows the worst folder; among equals the one that synced longest ago', () => {
    const inbox: FolderReport = { state: 'watching', lastSyncAt: at(50) };
    const archive: FolderReport = { state: 'error', lastError: 'folder "Lưu" cannot be opened', lastErrorAt: at(40) };
    expect(worstOf([inbox, archive])).toBe(archive);
    const older: FolderReport = { state: 'watching', lastSyncAt: at(10) };
    expect(worstOf([inbox, older])).toBe(older);
    expect(worstOf([{ state: 'polling' }, { state: 'watching' }])?.state).toBe('polling');
    expect(worstOf([])).toBeNull();
  });

  it('is written once per transition, and for a sync alone at most every 5 minutes', () => {
    const watching: FolderReport = { state: 'watching', lastSyncAt: at(0) };
    expect(planWrite(null, watching)).toEqual({ state: 'watching', lastSyncAt: at(0) });
    expect(planWrite(watching, { state: 'watching', lastSyncAt: at(20) })).toBeNull();
    expect(planWrite(watching, { state: 'watching', lastSyncAt: at(299) })).toBeNull();
    expect(planWrite(watching, { state: 'watching', lastSyncAt: at(301) })).toEqual({ lastSyncAt: at(301) });
    const failing: FolderReport = { state: 'backoff', lastSyncAt: at(0), lastError: 'could not reach an IMAP server at h:993', lastErrorAt: at(5) };
    expect(planWrite(watching, failing)).toEqual(failing);
    // The same failure again: no write; a different one: a write.
    expect(planWrite(failing, { ...failing, lastErrorAt: at(9) })).toBeNull();
    expect(planWrite(failing, { ...failing, lastError: 'the IMAP server closed the connection' })).toMatchObject({ lastError: 'the IMAP server closed the connection' });
    // Back to health: the state changes, the last error stays on the row.
    expect(planWrite(failing, { ...failing, state: 'watching', lastSyncAt: at(12) })).toMatchObject({ state: 'watching', lastSyncAt: at(12), lastError: failing.lastError });
  });
});

describe('reconnection backoff', () => {
  it('doubles from a second, is capped, and half of it is random', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 60_000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 60_000, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(7, 60_000, () => 1)).toBe(60_000);
    expect(backoffDelay(1000, 60_000, () => 0)).toBe(30_000);
    expect(backoffDelay(1000, 15 * 60_000, () => 1)).toBe(15 * 60_000);
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(5)));
    expect(spread.size).toBeGreaterThan(10); // watchers of one server do not redial in step
  });
});
