// Sandbox mailboxes: lines in Dovecot's passwd-file. Dovecot re-reads the file when it changes,
// so a test can create a fresh mailbox at any time without restarting anything. But it looks at
// the file at most once per second (db-passwd-file.c: `last_sync_time == ioloop_time`): a lookup
// in the same second as an earlier one, after our write, is answered from the old copy ("User
// doesn't exist", and Postfix bounces the mail). So after writing we wait for the next second.
import { appendFileSync, closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackPaths } from './paths.js';

export function usersFile(p: StackPaths): string {
  return join(p.dovecot, 'users');
}

export function listSandboxMailboxes(p: StackPaths): string[] {
  const f = usersFile(p);
  if (!existsSync(f)) return [];
  return readFileSync(f, 'utf8')
    .split('\n')
    .map((l) => l.split(':')[0]!)
    .filter(Boolean);
}

function line(address: string, password: string): string {
  if (/[:\s]/.test(address) || /[:\n]/.test(password)) throw new Error(`invalid sandbox mailbox ${address}`);
  return `${address.toLowerCase()}:{PLAIN}${password}::::::\n`;
}

/** Make sure each address exists; returns the ones that were added. */
export function ensureSandboxMailboxes(p: StackPaths, addresses: string[], password: string): string[] {
  // One writer at a time, across processes (tests in several workers make mailboxes at once), and
  // the wait for the next second inside the lock: two writes in the same second from two
  // processes would otherwise leave the second one unseen — Dovecot, having read the file in that
  // second after the first, sees the same mtime next time and keeps its copy.
  return withUsersLock(p, () => addMailboxes(p, addresses, password));
}

function addMailboxes(p: StackPaths, addresses: string[], password: string): string[] {
  const have = new Set(listSandboxMailboxes(p));
  const added = addresses.map((a) => a.toLowerCase()).filter((a) => !have.has(a));
  if (added.length === 0) return [];
  const f = usersFile(p);
  if (!existsSync(f)) {
    // Write whole then rename, so Dovecot never reads a half-written first version.
    writeFileSync(`${f}.tmp`, added.map((a) => line(a, password)).join(''));
    renameSync(`${f}.tmp`, f);
  } else {
    appendFileSync(f, added.map((a) => line(a, password)).join(''));
  }
  waitForNextSecond();
  return added;
}

/** Runs `fn` holding `users.lock` (O_EXCL); a lock left by a process that died is taken over after 30 s. */
function withUsersLock<T>(p: StackPaths, fn: () => T): T {
  const lock = `${usersFile(p)}.lock`;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 30_000) unlinkSync(lock);
      } catch {
        // gone meanwhile: try again
      }
      sleepSync(20);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Blocks until the wall clock has entered the next second (plus a margin for Dovecot's cached clock). */
function waitForNextSecond(marginMs = 30): void {
  sleepSync(1000 - (Date.now() % 1000) + marginMs);
}

/** Blocks the thread for `ms` (the callers are synchronous, as the CLI's stack commands are). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
