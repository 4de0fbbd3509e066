// Per-destination-domain concurrency (cfg.smtp.perDomainConcurrency), shared by every dispatch
// worker through Redis, so one slow or rate-limiting domain does not get more parallel
// connections than it tolerates however many workers run. A slot is a member of a sorted set
// scored by its expiry: a worker that dies holding one loses it after `ttlMs`, not never.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return 1
end
return 0`;

export class DomainLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limit: number,
    private readonly ttlMs: number,
  ) {}

  private key(domain: string): string {
    return `${this.prefix}:dispatch:domain:${domain}`;
  }

  async tryAcquire(domain: string): Promise<string | null> {
    const token = randomBytes(8).toString('hex');
    const now = Date.now();
    const ok = await this.redis.eval(ACQUIRE, 1, this.key(domain), String(now), String(this.limit), String(now + this.ttlMs), token, String(this.ttlMs * 2));
    return ok === 1 ? token : null;
  }

  /** Wait for a slot (polling with jitter); null after `waitMs` so the caller can reschedule. */
  async acquire(domain: string, waitMs = 30_000): Promise<string | null> {
    const until = Date.now() + waitMs;
    for (let i = 0; ; i++) {
      const t = await this.tryAcquire(domain);
      if (t) return t;
      if (Date.now() > until) return null;
      await new Promise((r) => setTimeout(r, Math.min(2 + i, 25) + Math.random() * 3));
    }
  }

  async release(domain: string, token: string): Promise<void> {
    await this.redis.zrem(this.key(domain), token);
  }
}
