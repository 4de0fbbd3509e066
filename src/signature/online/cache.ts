// Cache of fetched revocation data: in memory for the process, and optionally in a folder (under
// the vanthu home) shared by the workers and by successive `vanthu verify` runs. An entry lives
// until the earlier of the configured TTL and the data's own nextUpdate: past that, a fresh copy
// is worth a request. Only data that parsed is cached; failures are retried next time.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MAX_MEMORY_ENTRIES = 2000;

export class RevocationCache {
  private readonly memory = new Map<string, { expires: number; data: Buffer }>();
  /** Recent failures (memory only): a responder that is down is not waited for by every document. */
  private readonly failures = new Map<string, { until: number; why: string }>();

  /** `dir`: folder for the disk copy, or null for memory only. */
  constructor(readonly dir: string | null) {}

  private file(key: string): string {
    return join(this.dir!, createHash('sha256').update(key).digest('hex') + '.bin');
  }

  get(key: string, now = Date.now()): Buffer | null {
    const m = this.memory.get(key);
    if (m && m.expires > now) return m.data;
    if (m) this.memory.delete(key);
    if (!this.dir) return null;
    try {
      // File layout: 8-byte big-endian expiry (ms since epoch), then the DER as fetched.
      const raw = readFileSync(this.file(key));
      const expires = Number(raw.readBigUInt64BE(0));
      if (expires <= now) {
        unlinkSync(this.file(key));
        return null;
      }
      const data = raw.subarray(8);
      this.remember(key, expires, data);
      return data;
    } catch {
      return null;
    }
  }

  set(key: string, data: Buffer, expires: number): void {
    if (expires <= Date.now()) return;
    this.remember(key, expires, data);
    if (!this.dir) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      const head = Buffer.alloc(8);
      head.writeBigUInt64BE(BigInt(Math.floor(expires)));
      // Written aside then renamed: a worker reading at the same time never sees half a file.
      const tmp = `${this.file(key)}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.concat([head, data]));
      renameSync(tmp, this.file(key));
    } catch {
      // The disk copy is an optimisation; the memory copy stands.
    }
  }

  /** Remember that `key` failed, so it is not asked again before `until`. */
  fail(key: string, why: string, until: number): void {
    if (this.failures.size >= MAX_MEMORY_ENTRIES) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(key, { until, why });
  }

  /** Why `key` failed recently, or null when it may be asked. */
  recentFailure(key: string, now = Date.now()): string | null {
    const f = this.failures.get(key);
    if (!f) return null;
    if (f.until > now) return f.why;
    this.failures.delete(key);
    return null;
  }

  private remember(key: string, expires: number, data: Buffer): void {
    if (this.memory.size >= MAX_MEMORY_ENTRIES) this.memory.delete(this.memory.keys().next().value!);
    this.memory.set(key, { expires, data });
  }
}

const shared = new Map<string, RevocationCache>();

/** One cache per folder per process, so every verification of a worker shares it. */
export function sharedCache(dir: string | null): RevocationCache {
  const k = dir ?? '';
  let c = shared.get(k);
  if (!c) shared.set(k, (c = new RevocationCache(dir)));
  return c;
}
