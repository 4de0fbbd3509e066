// A short write lock in Redis around one record, for the writers that may run at the same moment
// in several processes. Why: FerretDB 1.x applies an update by reading the document and writing it
// whole, without isolation, so of two concurrent `$push`es one is lost (measured: 16 of 30 kept;
// test/integration/journal.test.ts). The lock is renewed while its holder runs, so a slow holder
// (a relay taking its time, a database under load) keeps it; one that died loses it after `ttlMs`.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const UNLOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export const LOCK_TTL_MS = 10_000;
export const LOCK_WAIT_MS = 30_000;

/** Runs `fn` holding `key` (waits up to LOCK_WAIT_MS for it; a crashed holder's lock expires). */
export async function withLock<T>(redis: Redis, key: string, what: string, fn: () => Promise<T>, ttlMs = LOCK_TTL_MS): Promise<T> {
  const token = randomUUID();
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let wait = 10; (await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK'; wait = Math.min(wait * 2, 200)) {
    if (Date.now() > deadline) throw new Error(`${what} stayed locked for ${LOCK_WAIT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
  }
  const renew = setInterval(() => void redis.eval(RENEW, 1, key, token, String(ttlMs)).catch(() => undefined), Math.max(200, Math.floor(ttlMs / 3)));
  renew.unref();
  try {
    return await fn();
  } finally {
    clearInterval(renew);
    await redis.eval(UNLOCK, 1, key, token).catch(() => undefined);
  }
}
