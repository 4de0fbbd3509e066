// Shares the configured mailboxes among all poll workers: each mailbox folder is watched by the
// one worker that holds its lease in Redis. Workers announce themselves with a heartbeat, and each
// takes at most its fair share, so N workers spread M mailboxes without double polling; when a
// worker dies its leases expire and the others take its mailboxes over. The watchers of one
// worker share one MailboxStateBook, so a mailbox's state row reflects all its folders here.
//
// Idle cost: a scan every few seconds costs three Redis calls and one read by `_id` (the mailboxes'
// revision, src/ingest/mailbox-revision.ts); the mailboxes themselves are read only when it has
// moved. Leases are renewed together (LeaseGroup) and taken in batches, and new connections go
// through one ConnectGate per process, which paces them per server.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LeaseGroup } from './lease.js';
import { MailboxWatcher, type WatcherDeps, type WatchTarget } from './watcher.js';
import type { SecretBox } from '../store/secrets.js';
import type { CoreModels, MailboxDoc } from '../store/models.js';
import { accountOf } from './mailbox-auth.js';
import { MailboxStateBook } from './mailbox-state.js';
import { ProcessedMarks } from './mark.js';
import { ConnectGate, DEFAULT_GATE, type GateSettings, type ServerStatus } from './connect-gate.js';
import { mailboxesRevision } from './mailbox-revision.js';
import { BacklogLane } from './backlog.js';
import { metrics } from '../runtime/metrics.js';

export interface SupervisorOptions {
  prefix: string;
  leaseTtlMs?: number;
  scanEveryMs?: number;
  /** Backfill new mailboxes (take the messages already there). Default: start from now. */
  backfill?: boolean;
  /** Pacing of new connections per IMAP server (defaults: DEFAULT_GATE). */
  gate?: Partial<GateSettings>;
}

/** Mailboxes handed back per scan when over our share (another worker joined). */
const HAND_BACK_PER_SCAN = 100;

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

/** Where the IMAP servers' lanes are published for /readyz (one hash field per server). */
export function imapServersKey(prefix: string): string {
  return `${prefix}:imap-servers`;
}

export class PollSupervisor {
  readonly id = randomUUID();
  private readonly held = new Map<string, MailboxWatcher>();
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  private stopped = false;
  onWatcher: ((key: string, w: MailboxWatcher) => void) | null = null;
  private readonly watcherDeps: WatcherDeps;
  private readonly leases: LeaseGroup;
  readonly gate: ConnectGate;
  /** The mailboxes to watch, as of `revision`. */
  private wanted = new Map<string, WatchTarget>();
  private revision: string | null = null;

  constructor(
    private readonly deps: Omit<WatcherDeps, 'marks' | 'gate'> & { redis: Redis; secrets: SecretBox },
    private readonly opts: SupervisorOptions,
  ) {
    this.leases = new LeaseGroup(deps.redis, this.ttl);
    this.gate = new ConnectGate({ ...DEFAULT_GATE, ...opts.gate }, deps.log, (s) => void this.publish(s));
    this.watcherDeps = {
      models: deps.models,
      raw: deps.raw,
      ingestQueue: deps.ingestQueue,
      log: deps.log,
      marks: new ProcessedMarks(deps.redis, opts.prefix),
      gate: this.gate,
      backlog: new BacklogLane(),
      states: deps.states ?? new MailboxStateBook(deps.models, deps.log),
    };
  }

  private get ttl(): number {
    return this.opts.leaseTtlMs ?? 15_000;
  }

  async start(): Promise<void> {
    this.leases.keepAlive((lost) => {
      for (const leaseKey of lost) {
        const key = leaseKey.slice(this.leasePrefix.length);
        this.deps.log.warn({ mailbox: key }, 'lost the lease: another worker watches this mailbox now');
        void this.drop(key, false);
      }
    });
    await this.scan();
    this.timer = setInterval(() => void this.scan(), this.opts.scanEveryMs ?? 3000);
    this.timer.unref();
  }

  watchedKeys(): string[] {
    return [...this.held.keys()];
  }

  private get leasePrefix(): string {
    return `${this.opts.prefix}:lease:poll:`;
  }

  private async activeWorkers(): Promise<number> {
    const key = `${this.opts.prefix}:pollers`;
    const now = Date.now();
    const [, , [, count]] = (await this.deps.redis.multi().zadd(key, now, this.id).zremrangebyscore(key, 0, now - this.ttl).zcard(key).exec()) as [unknown, unknown, [unknown, number]];
    return Math.max(1, count);
  }

  scan(): Promise<void> {
    this.scanning ??= this.scanOnce()
      .catch((err) => this.deps.log.error({ err: (err as Error).message }, 'mailbox scan failed'))
      .finally(() => {
        this.scanning = null;
      });
    return this.scanning;
  }

  /** Reads the mailboxes again only when their revision has moved (or on the first scan). */
  private async refreshWanted(): Promise<void> {
    const rev = await mailboxesRevision(this.deps.models);
    if (rev === this.revision) return;
    const mailboxes = (await this.deps.models.Mailbox.find({ enabled: true }).lean()) as (MailboxDoc & { _id: string })[];
    const targets = mailboxes.flatMap((mb) => {
      try {
        return targetsOf(mb, this.deps.secrets, this.opts.backfill ?? false, this.deps.models);
      } catch (err) {
        this.deps.log.error({ mailbox: mb._id, err: (err as Error).message }, 'mailbox configuration unusable');
        return [];
      }
    });
    this.wanted = new Map(targets.map((t) => [`${t.mailboxId}/${t.folder}`, t]));
    // A mailbox whose settings changed is watched again with the new ones.
    for (const [key, w] of this.held) if (this.wanted.has(key) && this.revision !== null && changed(w.settings, this.wanted.get(key)!)) await this.drop(key);
    this.revision = rev;
  }

  private async scanOnce(): Promise<void> {
    if (this.stopped) return;
    await this.refreshWanted();
    const wanted = this.wanted;
    for (const key of this.held.keys()) if (!wanted.has(key)) await this.drop(key);

    const share = Math.ceil(wanted.size / (await this.activeWorkers()));
    if (this.held.size < share && !this.stopped) {
      // Free leases are taken in one script call per 500; those held by others are left alone.
      const candidates = [...wanted.keys()].filter((k) => !this.held.has(k)).map((k) => this.leasePrefix + k);
      const taken = await this.leases.acquire(candidates, share - this.held.size);
      for (const leaseKey of taken) {
        const key = leaseKey.slice(this.leasePrefix.length);
        if (this.held.size >= share || this.stopped) {
          await this.leases.release(leaseKey);
          continue;
        }
        this.startWatcher(key, wanted.get(key)!);
      }
    }
    // Over our share (another worker joined): hand some back each scan.
    const over = this.held.size - share;
    if (over > 0) for (const key of [...this.held.keys()].slice(-Math.min(over, HAND_BACK_PER_SCAN))) await this.drop(key);
  }

  private startWatcher(key: string, target: WatchTarget): void {
    const watcher = new MailboxWatcher(target, this.watcherDeps);
    this.held.set(key, watcher);
    this.onWatcher?.(key, watcher);
    this.deps.log.info({ mailbox: key, worker: this.id }, 'watching mailbox');
    watcher.start().catch((err: unknown) => this.deps.log.error({ mailbox: key, err: (err as Error).message }, 'watcher failed to start'));
  }

  private async drop(key: string, release = true): Promise<void> {
    const w = this.held.get(key);
    if (!w) return;
    this.held.delete(key);
    // A lost lease: the worker that took it writes the mailbox's state, not this one.
    await w.stop({ lost: !release });
    if (release) await this.leases.release(this.leasePrefix + key);
    else this.leases.forget(this.leasePrefix + key);
  }

  /** A server's lane changed: tell /readyz (Redis) and the metrics. */
  private async publish(s: ServerStatus): Promise<void> {
    metrics().imapServerPaused.set({ server: s.server }, s.state === 'open' ? 0 : 1);
    const value = JSON.stringify({ ...s, worker: this.id, at: new Date() });
    await this.deps.redis.hset(imapServersKey(this.opts.prefix), s.server, value).catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.leases.stop();
    this.gate.stop();
    await this.scanning;
    await Promise.all([...this.held.keys()].map((k) => this.drop(k)));
    await this.deps.redis.zrem(`${this.opts.prefix}:pollers`, this.id).catch(() => undefined);
  }
}

/** Whether a mailbox's settings differ in what its watcher uses (pure). */
function changed(a: WatchTarget, b: WatchTarget): boolean {
  const view = (t: WatchTarget) => JSON.stringify([t.address, t.agencyCode, t.pollIntervalSec, t.afterProcess, t.account.host, t.account.port, t.account.user, t.account.tls, t.account.secret]);
  return view(a) !== view(b);
}
