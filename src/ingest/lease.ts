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
