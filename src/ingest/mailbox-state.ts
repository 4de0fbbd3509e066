// Each mailbox's state as its watchers see it, in the MailboxState collection (one row per
// mailbox): the administrator's "which mailbox is failing", and /readyz's "last successful sync,
// last error". Watchers report every change; a write happens once per transition (the state or
// the error changes), and a sync alone moves lastSyncAt at most every SYNC_WRITE_EVERY_MS. Rows
// are written by _id only: FerretDB answers any other query by scanning the collection.
//
// lastError is the caller's wording (callerAnswer in src/mail/imap-errors.ts), which says nothing
// about the network: /readyz may be read by anyone who can reach it. The detail is in the log.
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { CoreModels } from '../store/models.js';

export type WatchState = 'connecting' | 'watching' | 'polling' | 'backoff' | 'error' | 'stopped';

/** What one folder's watcher last reported. */
export interface FolderReport {
  state: WatchState;
  lastSyncAt?: Date;
  lastError?: string;
  lastErrorAt?: Date;
}

/**
 * A sync alone moves lastSyncAt at most this often: 2,000 polled mailboxes at one sync a minute
 * would otherwise be 33 writes a second for nothing but a clock.
 */
export const SYNC_WRITE_EVERY_MS = 5 * 60_000;

/** Worse is higher: "error" needs the administrator, "backoff" retries by itself. */
const RANK: Record<WatchState, number> = { stopped: 0, watching: 1, polling: 2, connecting: 3, backoff: 4, error: 5 };

/**
 * The mailbox's row from its folders' reports (pure): the worst folder's report, and among
 * equally bad ones the one that synced longest ago. A mailbox is as healthy as its sickest
 * folder — an administrator looking for "which mailbox is failing" must not see "watching" for a
 * mailbox whose second folder cannot be opened; which folder it is, the log says.
 */
export function worstOf(folders: FolderReport[]): FolderReport | null {
  let worst: FolderReport | null = null;
  for (const f of folders) {
    if (!worst || RANK[f.state] > RANK[worst.state] || (RANK[f.state] === RANK[worst.state] && (f.lastSyncAt?.getTime() ?? 0) < (worst.lastSyncAt?.getTime() ?? 0))) worst = f;
  }
  return worst;
}

/**
 * What to write to the row, given what was last written and the mailbox's report now (pure):
 * everything on a transition, lastSyncAt alone when it has moved on far enough, else nothing.
 */
export function planWrite(written: FolderReport | null, now: FolderReport, syncEveryMs = SYNC_WRITE_EVERY_MS): Partial<FolderReport> | null {
  if (!written || written.state !== now.state || (now.lastError !== undefined && now.lastError !== written.lastError)) {
    return Object.fromEntries(Object.entries(now).filter(([, v]) => v !== undefined)) as Partial<FolderReport>;
  }
  if (now.lastSyncAt && now.lastSyncAt.getTime() - (written.lastSyncAt?.getTime() ?? 0) >= syncEveryMs) return { lastSyncAt: now.lastSyncAt };
  return null;
}

/**
 * The folders this process watches, by mailbox, and the rows written for them. Folders of one
 * mailbox watched by different poll workers (each folder has its own lease) each write the worst
 * of what their own process sees: the row then shows whichever wrote last, and a failing folder
 * shows again at its next transition. Keeping folders of a mailbox together is the supervisor's
 * business, not this book's.
 */
export class MailboxStateBook {
  private readonly folders = new Map<string, Map<string, FolderReport>>();
  private readonly written = new Map<string, FolderReport>();
  private readonly writing = new Map<string, Promise<void>>();

  constructor(
    private readonly models: CoreModels,
    private readonly log: Logger,
    /** The process that watches (host:pid), written with each row. */
    readonly worker = `${hostname()}:${process.pid}`,
    private readonly syncEveryMs = SYNC_WRITE_EVERY_MS,
  ) {}

  /** A folder's new state; `error` sets lastError/lastErrorAt, `synced` sets lastSyncAt. */
  report(mailboxId: string, folder: string, state: Exclude<WatchState, 'stopped'>, change: { error?: string; synced?: Date } = {}): Promise<void> {
    let mine = this.folders.get(mailboxId);
    if (!mine) this.folders.set(mailboxId, (mine = new Map()));
    const prev = mine.get(folder);
    mine.set(folder, {
      state,
      lastSyncAt: change.synced ?? prev?.lastSyncAt,
      lastError: change.error ?? prev?.lastError,
      lastErrorAt: change.error ? new Date() : prev?.lastErrorAt,
    });
    return this.flush(mailboxId);
  }

  /**
   * A folder is no longer watched here. The row says "stopped" when no folder of the mailbox is
   * left, unless `lost`: another worker holds it now and writes its own state.
   */
  stop(mailboxId: string, folder: string, lost = false): Promise<void> {
    const mine = this.folders.get(mailboxId);
    mine?.delete(folder);
    if (mine?.size) return this.flush(mailboxId);
    this.folders.delete(mailboxId);
    const wasWritten = this.written.delete(mailboxId);
    if (lost || !wasWritten) return this.writing.get(mailboxId) ?? Promise.resolve();
    // Not upserted: a removed mailbox's row (deleted with it) stays deleted.
    return this.enqueue(mailboxId, { state: 'stopped' }, false);
  }

  private flush(mailboxId: string): Promise<void> {
    const now = worstOf([...(this.folders.get(mailboxId)?.values() ?? [])]);
    if (!now) return Promise.resolve();
    const set = planWrite(this.written.get(mailboxId) ?? null, now, this.syncEveryMs);
    if (!set) return this.writing.get(mailboxId) ?? Promise.resolve();
    this.written.set(mailboxId, { ...(this.written.get(mailboxId) ?? now), ...set });
    return this.enqueue(mailboxId, set, true);
  }

  /** Writes one mailbox's row in report order; a failed write is logged and written in full next time. */
  private enqueue(mailboxId: string, set: Partial<FolderReport>, upsert: boolean): Promise<void> {
    const next = (this.writing.get(mailboxId) ?? Promise.resolve())
      .then(() => this.models.MailboxState.updateOne({ _id: mailboxId }, { $set: { ...set, worker: this.worker } }, { upsert }))
      .then(
        () => undefined,
        (err: unknown) => {
          this.written.delete(mailboxId);
          this.log.warn({ mailbox: mailboxId, err: (err as Error).message }, 'cannot write the mailbox state');
        },
      );
    this.writing.set(mailboxId, next);
    void next.then(() => this.writing.get(mailboxId) === next && this.writing.delete(mailboxId));
    return next;
  }
}

export interface MailboxStateView {
  id: string;
  state: WatchState;
  lastSyncAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  worker: string | null;
  updatedAt: Date | null;
}

/**
 * The mailboxes' states, by id (all when `ids` is not given). A mailbox with no row has not been
 * watched since it was added. One row per mailbox: reading them all is cheap even by scan.
 */
export async function mailboxStates(models: CoreModels, ids?: string[]): Promise<MailboxStateView[]> {
  const filter = ids ? (ids.length === 1 ? { _id: ids[0]! } : { _id: { $in: ids } }) : {};
  const rows = await models.MailboxState.find(filter).sort({ _id: 1 }).lean();
  return rows.map((r) => ({
    id: r._id,
    state: r.state as WatchState,
    lastSyncAt: r.lastSyncAt ?? null,
    lastError: r.lastError ?? null,
    lastErrorAt: r.lastErrorAt ?? null,
    worker: r.worker ?? null,
    updatedAt: (r as { updatedAt?: Date }).updatedAt ?? null,
  }));
}
