// New IMAP connections to one server, paced and held back together. A province's 2,000 mailboxes
// usually live on one or two servers: opened all at once they hit the server's limits (Dovecot's
// process_limit, login rate limits, a firewall's connection limit), and each watcher retrying on
// its own turns one refusal into thousands (measured before this gate: 7,800 warnings and RSS
// rising to 450 MB at 2,000 mailboxes). So a watcher asks its server's lane for a turn before it
// dials: at most `maxConcurrent` handshakes at once and `perSecond` new ones a second; after
// `pauseAfter` refusals in a row the lane pauses (doubling, with jitter, up to `pauseCapMs`),
// then lets one probe through, and opens again when the probe gets in. A watcher waiting for its
// turn holds no client and no socket, so memory stays flat however long the server refuses.
import type { Logger } from 'pino';
import { backoffDelay } from './backoff.js';

export interface GateSettings {
  maxConcurrent: number;
  perSecond: number;
  pauseAfter: number;
  pauseCapMs: number;
}

export const DEFAULT_GATE: GateSettings = { maxConcurrent: 32, perSecond: 200, pauseAfter: 3, pauseCapMs: 60_000 };

/** How a turn ended: connected; the server refused or dropped us; failed for this mailbox alone. */
export type GateOutcome = 'ok' | 'refused' | 'other';

export interface ServerStatus {
  server: string;
  state: 'open' | 'paused' | 'probing';
  /** Watchers waiting for a turn. */
  waiting: number;
  pausedUntil: Date | null;
  /** The last refusal, in the administrator's words. */
  reason: string | null;
}

export interface Turn {
  done(outcome: GateOutcome, reason?: string): void;
}

interface Waiter {
  resolve(turn: Turn | null): void;
  /** Told when the lane pauses while this one waits (its mailbox's state says why it waits). */
  onPause?: (status: ServerStatus) => void;
}

interface Lane {
  server: string;
  inFlight: number;
  waiters: Waiter[];
  nextSlotAt: number;
  failures: number;
  pauses: number;
  pausedUntil: number;
  probing: boolean;
  reason: string | null;
  timer: NodeJS.Timeout | null;
}

export class ConnectGate {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly settings: GateSettings = DEFAULT_GATE,
    private readonly log?: Logger,
    /** Called when a server's lane pauses, probes or opens again (state rows, /readyz, metrics). */
    private readonly onChange?: (status: ServerStatus) => void,
    private readonly random: () => number = Math.random,
  ) {}

  /**
   * Waits for a turn to dial `server`. `cancel()` ends the wait with null (the watcher stopped).
   */
  enter(server: string, onPause?: (status: ServerStatus) => void): { turn: Promise<Turn | null>; cancel(): void } {
    const lane = this.lane(server);
    let waiter!: Waiter;
    const turn = new Promise<Turn | null>((resolve) => (waiter = { resolve, onPause }));
    if (onPause && Date.now() < lane.pausedUntil) onPause(this.status(server));
    lane.waiters.push(waiter);
    this.pump(lane);
    return {
      turn,
      cancel: () => {
        const i = lane.waiters.indexOf(waiter);
        if (i >= 0) lane.waiters.splice(i, 1);
        waiter.resolve(null);
      },
    };
  }

  status(server: string): ServerStatus {
    const l = this.lane(server);
    return { server, state: Date.now() < l.pausedUntil ? 'paused' : l.probing ? 'probing' : 'open', waiting: l.waiters.length, pausedUntil: l.pausedUntil > Date.now() ? new Date(l.pausedUntil) : null, reason: l.reason };
  }

  statuses(): ServerStatus[] {
    return [...this.lanes.keys()].map((s) => this.status(s));
  }

  stop(): void {
    for (const l of this.lanes.values()) {
      if (l.timer) clearTimeout(l.timer);
      for (const w of l.waiters.splice(0)) w.resolve(null);
    }
  }

  private lane(server: string): Lane {
    let l = this.lanes.get(server);
    if (!l) this.lanes.set(server, (l = { server, inFlight: 0, waiters: [], nextSlotAt: 0, failures: 0, pauses: 0, pausedUntil: 0, probing: false, reason: null, timer: null }));
    return l;
  }

  private pump(l: Lane): void {
    while (l.waiters.length) {
      const now = Date.now();
      const wakeAt = Math.max(l.pausedUntil, l.nextSlotAt);
      if (now < wakeAt) return this.wakeAt(l, wakeAt);
      if (l.inFlight >= (l.probing ? 1 : this.settings.maxConcurrent)) return;
      const w = l.waiters.shift()!;
      l.inFlight++;
      l.nextSlotAt = now + 1000 / this.settings.perSecond;
      let ended = false;
      w.resolve({ done: (outcome, reason) => !ended && ((ended = true), this.done(l, outcome, reason)) });
    }
  }

  private wakeAt(l: Lane, at: number): void {
    if (l.timer) return;
    l.timer = setTimeout(() => {
      l.timer = null;
      this.pump(l);
    }, at - Date.now());
    l.timer.unref();
  }

  private done(l: Lane, outcome: GateOutcome, reason?: string): void {
    l.inFlight--;
    if (outcome === 'ok') {
      l.failures = 0;
      if (l.probing) {
        l.probing = false;
        l.pauses = 0;
        this.log?.info({ server: l.server, waiting: l.waiters.length }, 'the IMAP server accepts connections again: resuming');
        this.onChange?.(this.status(l.server));
      }
    } else if (outcome === 'refused') {
      l.reason = reason ?? l.reason;
      // Handshakes begun before the pause and refused during it are the same refusal, not more.
      if (Date.now() < l.pausedUntil) return this.pump(l);
      l.failures++;
      if (l.probing || l.failures >= this.settings.pauseAfter) {
        l.failures = 0;
        l.pauses++;
        const ms = backoffDelay(l.pauses, this.settings.pauseCapMs, this.random);
        l.pausedUntil = Date.now() + ms;
        l.probing = true;
        // Once per pause, not once per mailbox: the administrator needs the cause, not 2,000 lines.
        this.log?.warn({ server: l.server, pauseMs: ms, waiting: l.waiters.length, reason: l.reason }, `the IMAP server refuses new connections (${l.reason ?? 'no reason given'}): pausing new connections to it for ${Math.round(ms / 1000)} s; ${l.waiters.length} mailbox folder(s) waiting`);
        const status = this.status(l.server);
        this.onChange?.(status);
        for (const w of l.waiters) w.onPause?.(status);
      }
    }
    this.pump(l);
  }
}
