// One active watcher per mailbox across all worker processes: a lease in Redis (SET NX PX) that
// its holder renews; when a worker dies the lease expires and another worker takes the mailbox.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class Lease {
  readonly token = randomUUID();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    readonly key: string,
    private readonly ttlMs: number,
  ) {}

  async acquire(): Promise<boolean> {
    return (await this.redis.set(this.key, this.token, 'PX', this.ttlMs, 'NX')) === 'OK';
  }

  async renew(): Promise<boolean> {
    return (await this.redis.eval(RENEW, 1, this.key, this.token, String(this.ttlMs))) === 1;
  }

  /** Renews every ttl/3; calls `onLost` once if the lease could not be renewed. */
  keepAlive(onLost: () => void): void {
    this.timer = setInterval(() => {
      this.renew()
        .then((ok) => {
          if (!ok) {
            this.stop();
            onLost();
          }
        })
        .catch(() => undefined);
    }, Math.max(200, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async release(): Promise<void> {
    this.stop();
    await this.redis.eval(RELEASE, 1, this.key, this.token).catch(() => undefined);
  }
}

const RENEW_MANY = `local lost = {}
for i, k in ipairs(KEYS) do
  if redis.call('get', k) == ARGV[1] then redis.call('pexpire', k, ARGV[2]) else lost[#lost + 1] = k end
end
return lost`;
const ACQUIRE_FREE = `local got = {}
for i, k in ipairs(KEYS) do
  if #got >= tonumber(ARGV[3]) then break end
  if redis.call('set', k, ARGV[1], 'PX', ARGV[2], 'NX') then got[#got + 1] = k end
end
return got`;
/** Keys per Redis call: one script call renews or tries this many leases. */
const CHUNK = 500;

/**
 * The leases of one worker, renewed together: one Redis call per 500 leases every ttl/3, rather
 * than a timer and a call per lease (2,000 mailboxes would be 400 calls a second, idle). All the
 * group's leases carry the same token (the worker's), so a key held by another worker is never
 * renewed or released by this one.
 */
export class LeaseGroup {
  readonly token = randomUUID();
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
  ) {}

  has(key: string): boolean {
    return this.held.has(key);
  }

  /** Tries to take up to `max` of the given keys (free ones only); returns those taken. */
  async acquire(keys: readonly string[], max = Infinity): Promise<string[]> {
    const got: string[] = [];
    for (let i = 0; i < keys.length && got.length < max; i += CHUNK) {
      const chunk = keys.slice(i, i + CHUNK);
      const taken = (await this.redis.eval(ACQUIRE_FREE, chunk.length, ...chunk, this.token, String(this.ttlMs), String(Math.min(max - got.length, chunk.length)))) as string[];
      for (const k of taken) this.held.add(k);
      got.push(...taken);
    }
    return got;
  }

  /** Renews every lease held; returns the keys that were lost (expired and taken, or deleted). */
  async renewAll(): Promise<string[]> {
    const keys = [...this.held];
    const lost: string[] = [];
    for (let i = 0; i < keys.length; i += CHUNK) {
      const chunk = keys.slice(i, i + CHUNK);
      lost.push(...((await this.redis.eval(RENEW_MANY, chunk.length, ...chunk, this.token, String(this.ttlMs))) as string[]));
    }
    for (const k of lost) this.held.delete(k);
    return lost;
  }

  /** Renews every ttl/3; `onLost` gets the keys that could not be renewed. */
  keepAlive(onLost: (keys: string[]) => void): void {
    this.timer = setInterval(() => {
      this.renewAll()
        .then((lost) => lost.length && onLost(lost))
        .catch(() => undefined);
    }, Math.max(200, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  async release(key: string): Promise<void> {
    this.held.delete(key);
    await this.redis.eval(RELEASE, 1, key, this.token).catch(() => undefined);
  }

  /** Forgets a key without releasing it (it was lost). */
  forget(key: string): void {
    this.held.delete(key);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
