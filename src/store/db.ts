// One mongoose connection per process. Works on MongoDB ≥ 6 and on FerretDB 1.24, so nothing
// here relies on transactions, TTL indexes, $lookup or atomic findAndModify counters.
import mongoose, { type Connection } from 'mongoose';

export async function connectDb(uri: string): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 10_000,
    // Index builds are explicit (ensureIndexes) so start-up failures are visible.
    autoIndex: false,
    autoCreate: true,
  });
  await conn.asPromise();
  return conn;
}

/**
 * True when `err` is a unique-index violation (E11000). Which index it was is not asked: FerretDB's
 * error does not name it, so callers that must know look up the conflicting document instead.
 */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number } | null;
  return !!e && e.code === 11000;
}
