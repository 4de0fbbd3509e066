// The one lock every writer of a register entry takes around its read and write of the entry: the
// clerk's edit, the acknowledgement's state, a bounce of it, the handling's columns (Ngày chuyển,
// Ký nhận, …). Why: FerretDB 1.x writes an updated document whole (src/queue/lock.ts), so a
// clerk's correction and the workflow's columns written at the same moment would lose one of the
// two. Held briefly and taken last: no holder of it waits for another lock.
import type { Redis } from 'ioredis';
import { withLock } from '../queue/lock.js';

export interface EntryLockDeps {
  redis: Redis;
  prefix: string;
}

export function withEntryLock<T>(d: EntryLockDeps, entryId: string, fn: () => Promise<T>): Promise<T> {
  return withLock(d.redis, `${d.prefix}:lock:entry:${entryId}`, `entry ${entryId}`, fn);
}
