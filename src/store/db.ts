// One mongoose connection per process. Works on MongoDB ≥ 6 and on FerretDB 1.24, so nothing
// here relies on transactions, TTL indexes, $lookup or atomic findAndModify counters.
import mongoose, { type Connection } from 'mongoose';
import type { MongoClient } from 'mongodb';
import { commandLogger, type Logger } from '../log.js';

/** How often the driver's monitor checks the server (the driver's default is 10 s). */
export const HEARTBEAT_FREQUENCY_MS = 5_000;
/** TCP connect and handshake limit, for pooled connections and the monitor's own alike. */
export const CONNECT_TIMEOUT_MS = 10_000;
/**
 * The longest a heartbeat can legitimately stay open: a polling check may spend connectTimeoutMS
 * on the TCP connect and again on the handshake's hello, a streaming (awaitable) hello waits up to
 * heartbeatFrequencyMS plus connectTimeoutMS; 5 s more for a busy event loop. Past this no timeout
 * of the driver is left to end it: the check is stuck for good.
 */
export const HEARTBEAT_STALL_MS = 2 * CONNECT_TIMEOUT_MS + HEARTBEAT_FREQUENCY_MS + 5_000;

export interface DbOptions {
  /** Where the watchdog says what it did (default: standard error, so `--json` output stays clean). */
  log?: Pick<Logger, 'warn' | 'error'>;
  /** The heartbeat watchdog (below); `false` turns it off. Tests shorten its bounds. */
  watchdog?: false | { stallMs?: number; checkEveryMs?: number };
}

export async function connectDb(uri: string, opts: DbOptions = {}): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 10_000,
    heartbeatFrequencyMS: HEARTBEAT_FREQUENCY_MS,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    // Index builds are explicit (ensureIndexes) so start-up failures are visible.
    autoIndex: false,
    autoCreate: true,
  });
  await conn.asPromise();
  if (opts.watchdog !== false) {
    // The default logger is made only when there is something to say (tests open many connections).
    let fallback: Logger | undefined;
    const log = opts.log ? () => opts.log! : () => (fallback ??= commandLogger());
    watchHeartbeats(conn, log, opts.watchdog?.stallMs ?? HEARTBEAT_STALL_MS, opts.watchdog?.checkEveryMs ?? 5_000);
  }
  return conn;
}

/**
 * The servers whose heartbeat has been open longer than `stallMs` at `now`, given when each
 * open heartbeat started. Pure: the watchdog's only decision.
 */
export function stalledServers(openSince: ReadonlyMap<string, number>, now: number, stallMs: number): string[] {
  return [...openSince].filter(([, t]) => now - t > stallMs).map(([address]) => address);
}

/**
 * Why a watchdog: the crash drill restarts FerretDB under load, and in about one run in ten a
 * process never reconnected (every call failed, after serverSelectionTimeoutMS, with the
 * description's stale error `connection N to host closed`) while its neighbours did. The cause is
 * in the MongoDB driver (7.x, still in 7.8), not in FerretDB nor in any connection option: when the
 * server goes away, the first pooled connection to see it marks the server Unknown and asks the
 * monitor for an immediate check; that check may start its hello on the monitor's own connection
 * when its socket is already destroyed (the server closed it) but its 'close' event not yet
 * handled, so the connection does not know. `Connection.writeCommand` writes to the destroyed
 * socket, which returns false, and awaits a 'drain' that a destroyed socket never emits (nor
 * 'error', nor 'timeout': socketTimeoutMS is a timer of the socket that is gone). The same await
 * was behind NODE-6370 (mongodb/node-mongodb-native#4245), which fixed another case of it. The check never ends, the monitor stays "monitoring" and
 * ignores every later wake-up and heartbeat tick, so the server stays Unknown for the life of the
 * process. Measured in scratch/wedge.mts: serverHeartbeatStarted, then no Succeeded/Failed ever;
 * monitor.connection closed with dataEvents unset. heartbeatFrequencyMS, socketTimeoutMS,
 * maxIdleTimeMS, retryReads/Writes and pool sizes do not reach that await, so none of them help.
 *
 * What helps is seeing it: the driver's own heartbeat events (public SDAM monitoring) say when a
 * check started and when it ended; one open longer than any driver timeout allows
 * (HEARTBEAT_STALL_MS) is that stuck check. The watchdog then closes the MongoClient (which drops
 * the stuck monitor with its topology) and connects the same client again, retrying until it
 * succeeds. The same client, not a new one: mongoose's models, conn.db and the GridFS bucket of
 * raw-store keep working, since the driver's Db and collections reach the topology through their
 * client. Exiting the process was the other choice; it is not needed while reconnecting works,
 * and it would cost every job in flight.
 */
function watchHeartbeats(conn: Connection, log: () => Pick<Logger, 'warn' | 'error'>, stallMs: number, checkEveryMs: number): void {
  const client = conn.getClient() as MongoClient;
  const openSince = new Map<string, number>();
  let recycling = false;
  let closedByApp = false;
  client.on('serverHeartbeatStarted', (e) => {
    if (!openSince.has(e.connectionId)) openSince.set(e.connectionId, Date.now());
  });
  client.on('serverHeartbeatSucceeded', (e) => openSince.delete(e.connectionId));
  client.on('serverHeartbeatFailed', (e) => openSince.delete(e.connectionId));
  client.on('serverClosed', (e) => openSince.delete(e.address));

  const recycle = async (servers: string[]): Promise<void> => {
    recycling = true;
    const stalledMs = Date.now() - Math.min(...servers.map((s) => openSince.get(s) ?? Date.now()));
    log().error({ code: 'DB_MONITOR_STALLED', servers, stalledMs }, 'database: the driver’s server monitor is stuck (no heartbeat result); closing and reconnecting the client');
    openSince.clear();
    await client.close().catch(() => undefined);
    for (let attempt = 1; !closedByApp; attempt++) {
      try {
        await client.connect();
        // The application closed the connection while this reconnected: do not keep it open.
        if (closedByApp) await client.close().catch(() => undefined);
        else log().warn({ code: 'DB_RECONNECTED', attempt }, 'database: client reconnected after a stuck monitor');
        break;
      } catch (err) {
        log().warn({ code: 'DB_RECONNECT_FAILED', attempt, err: (err as Error).message }, 'database: reconnecting failed; trying again');
        await new Promise((r) => setTimeout(r, Math.min(attempt, 10) * 1_000).unref());
      }
    }
    recycling = false;
  };

  const timer = setInterval(() => {
    if (recycling || closedByApp) return;
    const stalled = stalledServers(openSince, Date.now(), stallMs);
    if (stalled.length) void recycle(stalled);
  }, checkEveryMs);
  timer.unref();
  conn.once('close', () => {
    closedByApp = true;
    clearInterval(timer);
  });
}

/**
 * True when `err` is a unique-index violation (E11000). Which index it was is not asked: FerretDB's
 * error does not name it, so callers that must know look up the conflicting document instead.
 */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number } | null;
  return !!e && e.code === 11000;
}
