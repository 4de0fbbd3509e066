// What bench:scale measures about processes and stores, read from the outside: CPU and RSS from
// /proc, Redis memory with MEMORY USAGE, IMAP sessions per user from `doveadm who`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';

const TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Each process's CPU use over `seconds`, in percent of one core, and the highest RSS seen (MB). */
export async function sampleIdle(pids: Record<string, number>, seconds: number): Promise<{ cpuPct: Record<string, number>; peakRssMb: Record<string, number> }> {
  const start = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, cpuSeconds(p)]));
  const peak: Record<string, number> = Object.fromEntries(Object.keys(pids).map((k) => [k, 0]));
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (const [k, p] of Object.entries(pids)) peak[k] = Math.max(peak[k]!, rssMb(p));
    await new Promise((r) => setTimeout(r, 1000));
  }
  const elapsed = (performance.now() - t0) / 1000;
  const cpuPct = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, round(((cpuSeconds(p) - start[k]!) / elapsed) * 100, 2)]));
  return { cpuPct, peakRssMb: Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, round(v, 1)])) };
}

/** Bytes Redis holds under a key prefix (every key, MEMORY USAGE each). */
export async function redisBytes(redis: Redis, prefix: string): Promise<{ bytes: number; keys: number }> {
  let cursor = '0';
  let bytes = 0;
  let keys = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    for (const k of batch) {
      bytes += (await redis.memory('USAGE', k)) ?? 0;
      keys++;
    }
  } while (cursor !== '0');
  return { bytes, keys };
}

/** Documents in every collection of the database. */
export async function documentCount(conn: Connection): Promise<{ total: number; byCollection: Record<string, number> }> {
  const byCollection: Record<string, number> = {};
  for (const c of await conn.db!.listCollections().toArray()) byCollection[c.name] = await conn.db!.collection(c.name).countDocuments();
  return { total: Object.values(byCollection).reduce((a, b) => a + b, 0), byCollection };
}

/** IMAP sessions per user, as Dovecot counts them. */
export function imapSessions(dovecotConf: string): Map<string, number> {
  const out = new Map<string, number>();
  const text = execFileSync('doveadm', ['-c', dovecotConf, 'who', '-1'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  for (const line of text.split('\n').slice(1)) {
    const [user, proto] = line.trim().split(/\s+/);
    if (user && proto === 'imap') out.set(user, (out.get(user) ?? 0) + 1);
  }
  return out;
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
