// Watches one folder of one mailbox: IDLE where the server has it (imapflow idles between
// commands and reports new messages), a periodic resync as a fallback, reconnection with backoff.
// Each sync stores new messages, enqueues their ingest jobs, and only then moves the checkpoint.
import type { ImapFlow } from 'imapflow';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { CoreModels } from '../store/models.js';
import type { RawStore } from '../store/raw-store.js';
import { prepareImap, explainImapError, type ImapAccount } from '../mail/imap-connect.js';
import { captureBatch, type FetchedMessage, type SeqHint } from './capture.js';
import { advanceCheckpoint, applyCheckpointPlan, planCheckpoint } from './checkpoint.js';
import { ingestJobId } from './jobs.js';
import { markProcessed, type AfterProcess } from './mark.js';

export interface WatchTarget {
  mailboxId: string;
  /** The mailbox's own address (classification: "from us"). */
  address?: string;
  /** True when this is the mailbox's only watched folder (its arrival sequence is ours alone). */
  soleFolder?: boolean;
  agencyCode: string;
  folder: string;
  account: ImapAccount;
  pollIntervalSec: number;
  afterProcess: AfterProcess;
  backfill?: boolean;
}

export interface WatcherDeps {
  models: CoreModels;
  raw: RawStore;
  ingestQueue: Queue;
  log: Logger;
}

/** Messages above this size are streamed to the store one by one instead of fetched in a batch. */
const STREAM_ABOVE = 8 * 1024 * 1024;
const BATCH_MESSAGES = 50;
const MARK_EVERY_MS = 10_000;
const BATCH_BYTES = 16 * 1024 * 1024;

export class MailboxWatcher {
  private client: ImapFlow | null = null;
  private stopped = false;
  private syncing: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private backoffMs = 1000;
  /** Arrival sequence as of this watcher's last batch (see SeqHint); shared by no other watcher. */
  private readonly seqHint: SeqHint = { lastSeq: null };
  private lastMarkAt = 0;
  private retrySyncMs = 1000;
  /** Called after each sync with how many new messages were stored (benchmarks, tests). */
  onSynced: ((stored: number) => void) | null = null;

  constructor(
    private readonly target: WatchTarget,
    private readonly deps: WatcherDeps,
  ) {}

  get checkpointId(): string {
    return `${this.target.mailboxId}/${this.target.folder}`;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connectLoop();
    this.timer = setInterval(() => this.requestSync(), this.target.pollIntervalSec * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.syncing?.catch(() => undefined);
    const c = this.client;
    this.client = null;
    await c?.logout().catch(() => c.close());
  }

  private async connectLoop(): Promise<void> {
    while (!this.stopped) {
      let client: ImapFlow | null = null;
      try {
        client = await prepareImap(this.target.account);
        client.on('error', (err: unknown) => this.deps.log.warn({ mailbox: this.target.mailboxId, err: explainImapError(err) }, 'imap error'));
        await client.connect();
        await client.mailboxOpen(this.target.folder);
        this.client = client;
        this.backoffMs = 1000;
        client.on('exists', () => this.requestSync());
        client.on('close', () => {
          if (this.client === client) this.client = null;
          if (!this.stopped) setTimeout(() => void this.connectLoop(), this.backoffMs).unref();
        });
        this.requestSync();
        return;
      } catch (err) {
        this.deps.log.warn({ mailbox: this.target.mailboxId, err: explainImapError(err), retryInMs: this.backoffMs }, 'cannot open mailbox');
        // A refused token may have been revoked early: get a new one next time.
        if ((err as { authenticationFailed?: boolean }).authenticationFailed) this.target.account.tokenSource?.invalidate();
        client?.close();
        await new Promise((r) => setTimeout(r, this.backoffMs));
        this.backoffMs = Math.min(this.backoffMs * 2, 60_000);
      }
    }
  }

  /** Single-flight: a request during a sync runs one more sync right after it. */
  requestSync(): Promise<void> {
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      try {
        do {
          this.again = false;
          await this.syncOnce();
        } while (this.again && !this.stopped);
        this.retrySyncMs = 1000;
      } catch (err) {
        this.deps.log.error({ mailbox: this.target.mailboxId, err: explainImapError(err), retryInMs: this.retrySyncMs }, 'sync failed');
        // Try again soon rather than at the next poll (most failures are a batch that collided),
        // backing off while they go on (the database is down, say) so the log is not flooded.
        if (!this.stopped) setTimeout(() => void this.requestSync(), this.retrySyncMs).unref();
        this.retrySyncMs = Math.min(this.retrySyncMs * 2, this.target.pollIntervalSec * 1000);
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  private async syncOnce(): Promise<void> {
    const client = this.client;
    if (!client || this.stopped) return;
    const { models, raw, ingestQueue } = this.deps;
    const lock = await client.getMailboxLock(this.target.folder);
    try {
      const mb = client.mailbox;
      if (!mb) return;
      const folder = { uidValidity: String(mb.uidValidity), uidNext: mb.uidNext };
      const existing = await models.Checkpoint.findById(this.checkpointId).lean();
      const plan = planCheckpoint(existing, folder, this.target.backfill ?? false, new Date());
      if (plan.action !== 'keep') {
        if (plan.action === 'resync') this.deps.log.warn({ mailbox: this.target.mailboxId, from: plan.previous, to: folder.uidValidity }, 'UIDVALIDITY changed: resynchronising');
        await applyCheckpointPlan(models, this.checkpointId, this.target.mailboxId, this.target.folder, folder, plan);
        this.seqHint.lastSeq = null; // a new or renumbered folder: compare with what is stored
      }
      let stored = 0;
      // uidNext is only known as of SELECT (EXISTS does not update it), so ask for lastUid+1:* .
      if (mb.exists > 0) {
        const list: { uid: number; size: number; internalDate: Date | null }[] = [];
        for await (const m of client.fetch(`${plan.lastUid + 1}:*`, { uid: true, size: true, internalDate: true }, { uid: true })) {
          const internalDate = m.internalDate ? new Date(m.internalDate) : null;
          if (m.uid > plan.lastUid && (!internalDate || internalDate >= plan.since)) list.push({ uid: m.uid, size: m.size ?? 0, internalDate });
        }
        list.sort((a, b) => a.uid - b.uid);
        for (const batch of batches(list)) {
          if (this.stopped) break;
          const fetched = await this.fetchBatch(client, batch);
          // Several folders of one mailbox share its arrival sequence: only a one-folder mailbox
          // may trust its own count (see SeqHint).
          const hint = this.target.soleFolder ? this.seqHint : { lastSeq: null };
          const captured = await captureBatch(models, raw, { mailboxId: this.target.mailboxId, address: this.target.address, agencyCode: this.target.agencyCode, folder: this.target.folder, uidValidity: folder.uidValidity }, fetched, hint);
          const jobs = captured.filter((c) => c.needsIngest).map((c) => ({ name: 'ingest', data: { messageKey: c.id }, opts: { jobId: ingestJobId(c.id) } }));
          if (jobs.length) await ingestQueue.addBulk(jobs);
          await advanceCheckpoint(models, this.checkpointId, folder.uidValidity, batch[batch.length - 1]!.uid);
          stored += captured.filter((c) => c.isNew).length;
        }
      }
      this.onSynced?.(stored);
      // Marking is for the clerk's view, not urgent, and its query reads the mailbox's records:
      // at most every MARK_EVERY_MS (the periodic resync catches up on whatever is left).
      if (Date.now() - this.lastMarkAt >= MARK_EVERY_MS) {
        this.lastMarkAt = Date.now();
        await markProcessed(client, models, this.target, folder.uidValidity, this.deps.log);
      }
    } finally {
      lock.release();
    }
  }

  private async fetchBatch(client: ImapFlow, batch: { uid: number; size: number; internalDate: Date | null }[]): Promise<FetchedMessage[]> {
    const small = batch.filter((b) => b.size <= STREAM_ABOVE);
    const out: FetchedMessage[] = [];
    if (small.length) {
      const dates = new Map(small.map((b) => [b.uid, b.internalDate]));
      for await (const m of client.fetch(small.map((b) => b.uid).join(','), { uid: true, source: true }, { uid: true })) {
        if (m.source) out.push({ uid: m.uid, internalDate: dates.get(m.uid) ?? null, source: m.source });
      }
    }
    // Large ones are streamed by download() when the store reads them, one at a time.
    for (const b of batch.filter((x) => x.size > STREAM_ABOVE)) {
      out.push({
        uid: b.uid,
        internalDate: b.internalDate,
        source: async () => {
          const dl = await client.download(String(b.uid), undefined, { uid: true });
          if (!dl.content) throw new Error(`message UID ${b.uid} has no content`);
          return dl.content;
        },
      });
    }
    return out.sort((a, b) => a.uid - b.uid);
  }
}

function* batches<T extends { size: number }>(list: T[]): Generator<T[]> {
  let cur: T[] = [];
  let bytes = 0;
  for (const item of list) {
    if (cur.length && (cur.length >= BATCH_MESSAGES || bytes + item.size > BATCH_BYTES)) {
      yield cur;
      cur = [];
      bytes = 0;
    }
    cur.push(item);
    bytes += item.size;
  }
  if (cur.length) yield cur;
}
