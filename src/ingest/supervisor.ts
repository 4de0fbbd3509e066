// Shares the configured mailboxes among all poll workers: each mailbox folder is watched by the
// one worker that holds its lease in Redis. Workers announce themselves with a heartbeat, and each
// takes at most its fair share, so N workers spread M mailboxes without double polling; when a
// worker dies its leases expire and the others take its mailboxes over. The watchers of one
// worker share one MailboxStateBook, so a mailbox's state row reflects all its folders here.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Lease } from './lease.js';
import { MailboxWatcher, type WatcherDeps, type WatchTarget } from './watcher.js';
import type { SecretBox } from '../store/secrets.js';
import type { CoreModels, MailboxDoc } from '../store/models.js';
import { accountOf } from './mailbox-auth.js';
import { MailboxStateBook } from './mailbox-state.js';

export interface SupervisorOptions {
  prefix: string;
  leaseTtlMs?: number;
  scanEveryMs?: number;
  /** Backfill new mailboxes (take the messages already there). Default: start from now. */
  backfill?: boolean;
}

interface Held {
  lease: Lease;
  watcher: MailboxWatcher;
}

export function targetsOf(mb: MailboxDoc & { _id: string }, secrets: SecretBox, backfill: boolean, models?: CoreModels): WatchTarget[] {
  const account = accountOf(mb, secrets, models);
  const folders = mb.folders?.length ? mb.folders : ['INBOX'];
  return folders.map((folder) => ({
    mailboxId: mb._id,
    address: mb.address,
    soleFolder: folders.length === 1,
    agencyCode: mb.agencyCode,
    folder,
    pollIntervalSec: mb.pollIntervalSec ?? 60,
    backfill,
    afterProcess: { mode: mb.afterProcess?.mode ?? 'keyword', keyword: mb.afterProcess?.keyword ?? undefined, folder: mb.afterProcess?.folder ?? undefined },
    account,
  }));
}

export class PollSupervisor {
  readonly id = randomUUID();
  private readonly held = new Map<string, Held>();
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  private stopped = false;
  onWatcher: ((key: string, w: MailboxWatcher) => void) | null = null;
  private readonly watcherDeps: WatcherDeps;

  constructor(
    private readonly deps: WatcherDeps & { redis: Redis; secrets: SecretBox },
    private readonly opts: SupervisorOptions,
  ) {
    this.watcherDeps = { models: deps.models, raw: deps.raw, ingestQueue: deps.ingestQueue, log: deps.log, states: deps.states ?? new MailboxStateBook(deps.models, deps.log) };
  }

  private get ttl(): number {
    return this.opts.leaseTtlMs ?? 15_000;
  }

  async start(): Promise<void> {
    await this.scan();
    this.timer = setInterval(() => void this.scan(), this.opts.scanEveryMs ?? 3000);
    this.timer.unref();
  }

  watchedKeys(): string[] {
    return [...this.held.keys()];
  }

  private async activeWorkers(): Promise<number> {
    const key = `${this.opts.prefix}:pollers`;
    const now = Date.now();
    await this.deps.redis.zadd(key, now, this.id);
    await this.deps.redis.zremrangebyscore(key, 0, now - this.ttl);
    return Math.max(1, await this.deps.redis.zcard(key));
  }

  scan(): Promise<void> {
    this.scanning ??= this.scanOnce()
      .catch((err) => this.deps.log.error({ err: (err as Error).message }, 'mailbox scan failed'))
      .finally(() => {
        this.scanning = null;
      });
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    if (this.stopped) return;
    const mailboxes = (await this.deps.models.Mailbox.find({ enabled: true }).lean()) as (MailboxDoc & { _id: string })[];
    const targets = mailboxes.flatMap((mb) => {
      try {
        return targetsOf(mb, this.deps.secrets, this.opts.backfill ?? false, this.deps.models);
      } catch (err) {
        this.deps.log.error({ mailbox: mb._id, err: (err as Error).message }, 'mailbox configuration unusable');
        return [];
      }
    });
    const wanted = new Map(targets.map((t) => [`${t.mailboxId}/${t.folder}`, t]));
    for (const key of this.held.keys()) if (!wanted.has(key)) await this.drop(key);

    const share = Math.ceil(wanted.size / (await this.activeWorkers()));
    for (const [key, target] of wanted) {
      if (this.stopped || this.held.size >= share) break;
      if (this.held.has(key)) continue;
      const lease = new Lease(this.deps.redis, `${this.opts.prefix}:lease:poll:${key}`, this.ttl);
      if (!(await lease.acquire())) continue;
      const watcher = new MailboxWatcher(target, this.watcherDeps);
      this.held.set(key, { lease, watcher });
      lease.keepAlive(() => {
        this.deps.log.warn({ mailbox: key }, 'lost the lease: another worker watches this mailbox now');
        void this.drop(key, false);
      });
      this.onWatcher?.(key, watcher);
      this.deps.log.info({ mailbox: key, worker: this.id }, 'watching mailbox');
      watcher.start().catch((err: unknown) => this.deps.log.error({ mailbox: key, err: (err as Error).message }, "watcher failed to start"));
    }
    // Over our share (another worker joined): hand one mailbox back each scan.
    if (this.held.size > share) await this.drop([...this.held.keys()].pop()!);
  }

  private async drop(key: string, release = true): Promise<void> {
    const h = this.held.get(key);
    if (!h) return;
    this.held.delete(key);
    // A lost lease: the worker that took it writes the mailbox's state, not this one.
    await h.watcher.stop({ lost: !release });
    if (release) await h.lease.release();
    else h.lease.stop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.scanning;
    await Promise.all([...this.held.keys()].map((k) => this.drop(k)));
    await this.deps.redis.zrem(`${this.opts.prefix}:pollers`, this.id).catch(() => undefined);
  }
}
