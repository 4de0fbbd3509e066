// Watches one folder of one mailbox: IDLE where the server has it (imapflow idles between
// commands and reports new messages), a periodic resync as a fallback (every pollIntervalSec
// without IDLE; every IDLE_RESYNC_MS with it, as a safety net only), reconnection with backoff,
// each new connection through its server's lane in the ConnectGate (paced, paused together when
// the server refuses).
// Each sync stores new messages, enqueues their ingest jobs, and only then moves the checkpoint.
// Its state (connecting, watching, polling, backoff, error, stopped) goes to the mailbox's
// MailboxState row through a MailboxStateBook (src/ingest/mailbox-state.ts).
import type { ImapFlow } from 'imapflow';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { CoreModels } from '../store/models.js';
import type { RawStore } from '../store/raw-store.js';
import { greeted, prepareImap, type ImapAccount } from '../mail/imap-connect.js';
import { callerAnswer, explainImapError, ImapFolderError, type FailureKind } from '../mail/imap-errors.js';
import { MailboxStateBook } from './mailbox-state.js';
import { captureBatch, type FetchedMessage, type SeqHint } from './capture.js';
import { advanceCheckpoint, applyCheckpointPlan, planCheckpoint } from './checkpoint.js';
import { ingestJobId } from './jobs.js';
import { markProcessed, type AfterProcess, type ProcessedMarks } from './mark.js';
import { backoffDelay, BACKOFF_CAP_MS } from './backoff.js';
import type { ConnectGate } from './connect-gate.js';
import type { BacklogLane } from './backlog.js';

export { backoffDelay };

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
  /** What waits to be marked on the server (src/ingest/mark.ts). */
  marks: ProcessedMarks;
  /** Paces and pauses new connections per server (shared by the watchers of one process). */
  gate?: ConnectGate;
  /** Where the batches after a sync's first wait their turn (shared by the watchers of one process). */
  backlog?: BacklogLane;
  /** Where states are reported (shared by the watchers of one process); a book of its own if absent. */
  states?: MailboxStateBook;
}

/** Messages above this size are streamed to the store one by one instead of fetched in a batch. */
const STREAM_ABOVE = 8 * 1024 * 1024;
const BATCH_MESSAGES = 50;
const MARK_EVERY_MS = 10_000;
const BATCH_BYTES = 16 * 1024 * 1024;
/** A connection that lasted this long was a success: the next failure starts the backoff over. */
const STABLE_MS = 60_000;
/**
 * With IDLE the server tells us of new mail (RFC 2177); the periodic resync is then only a safety
 * net, and at 2,000 mailboxes a resync a minute each would be the idle load (33 a second).
 */
const IDLE_RESYNC_MS = 10 * 60_000;
/**
 * A refused login is retried far less often: agencies' servers lock an account after a few
 * failures (and a password does not correct itself); the first retries stay quick because an
 * OAuth2 token revoked early is replaced on the next attempt.
 */
const LOGIN_BACKOFF_CAP_MS = 15 * 60_000;
/** Failures that need the administrator (state "error"); the others retry by themselves ("backoff"). */
const NEEDS_ADMIN: ReadonlySet<FailureKind> = new Set(['login', 'folder', 'oauth2']);

export class MailboxWatcher {
  private client: ImapFlow | null = null;
  private stopped = false;
  private syncing: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  /** Connection failures since the last stable connection (see backoffDelay). */
  private failures = 0;
  private connectedAt = 0;
  private idle = false;
  private connecting = false;
  /** The pending wait between attempts, ended early by stop(). */
  private napping: { timer: NodeJS.Timeout; wake: () => void } | null = null;
  private readonly states: MailboxStateBook;
  /** Arrival sequence as of this watcher's last batch (see SeqHint); shared by no other watcher. */
  private readonly seqHint: SeqHint = { lastSeq: null };
  /** The folder's UIDVALIDITY as of the last sync (what the marks waiting are checked against). */
  private uidValidity: string | null = null;
  private markTimer: NodeJS.Timeout | null = null;
  /** A first marking pass after (re)connecting, for what an earlier run or worker left waiting. */
  private markAfterConnect = true;
  private retrySyncMs = 1000;
  /** The wait for a turn at the server's lane, ended early by stop(). */
  private gateWait: { cancel(): void } | null = null;
  /** The failure kind last logged at warn (the next ones of the same kind go to debug). */
  private lastLoggedKind: string | null = null;
  /** Called after each sync with how many new messages were stored (benchmarks, tests). */
  onSynced: ((stored: number) => void) | null = null;

  constructor(
    private readonly target: WatchTarget,
    private readonly deps: WatcherDeps,
  ) {
    this.states = deps.states ?? new MailboxStateBook(deps.models, deps.log);
  }

  /** What it watches, with the settings it was started with. */
  get settings(): WatchTarget {
    return this.target;
  }

  get checkpointId(): string {
    return `${this.target.mailboxId}/${this.target.folder}`;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connectLoop();
    if (this.stopped) return; // stopped while it could not connect
    this.scheduleResync();
  }

  /**
   * Marking is for the clerk's view, not urgent: a pass every MARK_EVERY_MS while messages of this
   * folder wait for it (after a sync stored some, and once after connecting, for what an earlier
   * run left), and no timer at all when none do — an idle folder costs nothing here.
   */
  private scheduleMarking(): void {
    if (this.markTimer || this.stopped) return;
    this.markTimer = setTimeout(() => {
      void this.markPass().then((more) => {
        this.markTimer = null;
        if (more) this.scheduleMarking();
      });
    }, MARK_EVERY_MS);
    this.markTimer.unref();
  }

  /** One marking pass; true while messages still wait. */
  private async markPass(): Promise<boolean> {
    const client = this.client;
    if (!client || this.stopped || !this.uidValidity) return !this.stopped;
    try {
      const lock = await client.getMailboxLock(this.target.folder);
      try {
        return (await markProcessed(client, this.deps, { folderKey: this.checkpointId, afterProcess: this.target.afterProcess }, this.uidValidity, this.deps.log)).waiting > 0;
      } finally {
        lock.release();
      }
    } catch (err) {
      this.deps.log.warn({ mailbox: this.target.mailboxId, err: explainImapError(err) }, 'marking pass failed');
      return true;
    }
  }

  /** The next periodic resync: pollIntervalSec without IDLE, IDLE_RESYNC_MS with it (±10 %). */
  private scheduleResync(): void {
    if (this.stopped) return;
    const base = this.idle ? Math.max(IDLE_RESYNC_MS, this.target.pollIntervalSec * 1000) : this.target.pollIntervalSec * 1000;
    this.timer = setTimeout(() => {
      this.requestSync();
      this.scheduleResync();
    }, Math.round(base * (0.9 + Math.random() * 0.2)));
    this.timer.unref();
  }

  /** `lost`: another worker holds the mailbox now and reports its state (see MailboxStateBook.stop). */
  async stop(opts: { lost?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.markTimer) clearTimeout(this.markTimer);
    this.gateWait?.cancel();
    if (this.napping) {
      clearTimeout(this.napping.timer);
      this.napping.wake();
    }
    await this.syncing?.catch(() => undefined);
    const c = this.client;
    this.client = null;
    await c?.logout().catch(() => c.close());
    await this.states.stop(this.target.mailboxId, this.target.folder, opts.lost);
  }

  private report(state: 'connecting' | 'watching' | 'polling' | 'backoff' | 'error', change?: { error?: string; synced?: Date }): void {
    if (this.stopped) return;
    void this.states.report(this.target.mailboxId, this.target.folder, state, change);
  }

  private nap(ms: number): Promise<void> {
    return new Promise<void>((wake) => {
      this.napping = { timer: setTimeout(wake, ms), wake };
    }).then(() => void (this.napping = null));
  }

  /** Connects, retrying with backoff until it succeeds or the watcher stops (one loop at a time). */
  private async connectLoop(): Promise<void> {
    if (this.connecting) return;
    this.connecting = true;
    try {
      await this.connectUntilDone();
    } finally {
      this.connecting = false;
    }
  }

  private async connectUntilDone(): Promise<void> {
    const where = { host: this.target.account.host, port: this.target.account.port };
    const server = `${where.host}:${where.port}`;
    while (!this.stopped) {
      let client: ImapFlow | null = null;
      // A turn at the server's lane first: no client, no socket while the server is refusing.
      const gate = this.deps.gate;
      let turn: Awaited<ReturnType<ConnectGate['enter']>['turn']> = null;
      if (gate) {
        const wait = gate.enter(server, (s) => this.report('backoff', { error: `the IMAP server refuses new connections${s.reason ? ` (${s.reason})` : ''}; waiting for it` }));
        this.gateWait = wait;
        turn = await wait.turn;
        this.gateWait = null;
        if (!turn) return; // stopped while waiting
      }
      try {
        // While failing, the row keeps saying why rather than flicker to "connecting" each try.
        if (this.failures === 0) this.report('connecting');
        client = await prepareImap(this.target.account);
        client.on('error', (err: unknown) => this.deps.log.warn({ mailbox: this.target.mailboxId, err: explainImapError(err) }, 'imap error'));
        await client.connect();
        await client.mailboxOpen(this.target.folder).catch((err: { responseStatus?: string; responseText?: string }) => {
          // The server answered NO/BAD: the folder is missing or not ours; anything else is the connection.
          throw err?.responseStatus === 'NO' || err?.responseStatus === 'BAD' ? new ImapFolderError(this.target.folder, `cannot be opened${err.responseText ? `: ${err.responseText}` : ''}`) : err;
        });
        turn?.done('ok');
        // Stopped while connecting: nobody else holds this client, so log it out here (else the
        // session would stay open on the server until the process exits).
        if (this.stopped) {
          await client.logout().catch(() => client?.close());
          return;
        }
        this.lastLoggedKind = null;
        this.markAfterConnect = true;
        this.client = client;
        this.connectedAt = Date.now();
        this.idle = client.capabilities.has('IDLE');
        client.on('exists', () => this.requestSync());
        client.on('close', () => this.onClose(client!));
        this.requestSync();
        return;
      } catch (err) {
        const answer = callerAnswer(err, where, client ? greeted(client) : false);
        // The server's own trouble (no answer, dropped, busy) counts against its lane; a refused
        // login or a missing folder is this mailbox's alone.
        turn?.done(answer.kind === 'unreachable' || answer.kind === 'server' ? 'refused' : 'other', explainImapError(err));
        this.failures++;
        const retryInMs = backoffDelay(this.failures, answer.kind === 'login' ? LOGIN_BACKOFF_CAP_MS : BACKOFF_CAP_MS);
        // Said once per kind of failure: a server down for an hour is not a line a minute per mailbox.
        const level = this.lastLoggedKind === answer.kind ? 'debug' : 'warn';
        this.lastLoggedKind = answer.kind;
        this.deps.log[level]({ mailbox: this.target.mailboxId, folder: this.target.folder, err: explainImapError(err), retryInMs, failures: this.failures }, 'cannot open mailbox');
        this.report(NEEDS_ADMIN.has(answer.kind) ? 'error' : 'backoff', { error: answer.error });
        // A refused token may have been revoked early: get a new one next time.
        if ((err as { authenticationFailed?: boolean }).authenticationFailed) this.target.account.tokenSource?.invalidate();
        client?.close();
        await this.nap(retryInMs);
      }
    }
  }

  private onClose(client: ImapFlow): void {
    if (this.client === client) this.client = null;
    if (this.stopped) return;
    // Only a connection that lasted counts as a success: a server that accepts and drops at once
    // would otherwise be redialled every second for ever.
    if (Date.now() - this.connectedAt >= STABLE_MS) this.failures = 0;
    this.failures++;
    const retryInMs = backoffDelay(this.failures);
    this.deps.log.warn({ mailbox: this.target.mailboxId, folder: this.target.folder, retryInMs }, 'connection closed');
    this.report('backoff', { error: 'the IMAP server closed the connection' });
    void this.nap(retryInMs).then(() => this.connectLoop());
  }

  /** Single-flight: a request during a sync runs one more sync right after it. */
  requestSync(): Promise<void> {
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      try {
        let synced = false;
        do {
          this.again = false;
          synced = await this.syncOnce();
        } while (this.again && !this.stopped);
        this.retrySyncMs = 1000;
        if (synced) this.report(this.idle ? 'watching' : 'polling', { synced: new Date() });
        if (synced && this.markAfterConnect) {
          this.markAfterConnect = false;
          this.scheduleMarking();
        }
      } catch (err) {
        this.deps.log.error({ mailbox: this.target.mailboxId, err: explainImapError(err), retryInMs: this.retrySyncMs }, 'sync failed');
        // The server greeted us long ago: its own words may be repeated, a database error's not.
        const said = (err as { responseText?: string }).responseText;
        this.report('backoff', { error: `synchronisation failed${said ? `: ${said}` : ' (the poll worker\'s log says why)'}; retrying` });
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

  /** One sync of the folder; false when there was no connection to sync with. */
  private async syncOnce(): Promise<boolean> {
    const client = this.client;
    if (!client || this.stopped) return false;
    const { models } = this.deps;
    const lock = await client.getMailboxLock(this.target.folder);
    try {
      const mb = client.mailbox;
      if (!mb) return false;
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
        let first = true;
        for (const batch of batches(list)) {
          if (this.stopped) break;
          const take = () => this.storeBatch(client, batch, folder.uidValidity);
          // What just arrived goes at once; a backlog behind it waits its turn (backlog.ts).
          stored += first || !this.deps.backlog ? await take() : await this.deps.backlog.run(take);
          first = false;
        }
      }
      this.onSynced?.(stored);
      this.uidValidity = folder.uidValidity;
      if (stored) this.scheduleMarking();
      return true;
    } finally {
      lock.release();
    }
  }

  /** Stores one batch, queues its ingest jobs, remembers it for marking, moves the checkpoint. */
  private async storeBatch(client: ImapFlow, batch: { uid: number; size: number; internalDate: Date | null }[], uidValidity: string): Promise<number> {
    const { models, raw, ingestQueue } = this.deps;
    const fetched = await this.fetchBatch(client, batch);
    // Several folders of one mailbox share its arrival sequence: only a one-folder mailbox
    // may trust its own count (see SeqHint).
    const hint = this.target.soleFolder ? this.seqHint : { lastSeq: null };
    const captured = await captureBatch(models, raw, { mailboxId: this.target.mailboxId, address: this.target.address, agencyCode: this.target.agencyCode, folder: this.target.folder, uidValidity }, fetched, hint);
    const jobs = captured.filter((c) => c.needsIngest).map((c) => ({ name: 'ingest', data: { messageKey: c.id }, opts: { jobId: ingestJobId(c.id) } }));
    if (jobs.length) await ingestQueue.addBulk(jobs);
    await this.deps.marks.add(this.checkpointId, uidValidity, captured);
    await advanceCheckpoint(models, this.checkpointId, uidValidity, batch[batch.length - 1]!.uid);
    return captured.filter((c) => c.isNew).length;
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
