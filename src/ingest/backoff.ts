// Waits between attempts, shared by the mailbox watchers and their servers' connection lanes.

/** Longest wait between two connection attempts of one mailbox, unless the caller says otherwise. */
export const BACKOFF_CAP_MS = 60_000;

/**
 * The wait before attempt `failures` (1, 2, …): doubling from a second up to `capMs`, with "equal
 * jitter" — half of it fixed, half random — so that the watchers of a server that went down do
 * not all redial it in the same second when it comes back (pure given `random`).
 */
export function backoffDelay(failures: number, capMs = BACKOFF_CAP_MS, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, 1000 * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
