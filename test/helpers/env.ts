// Test helpers: a fresh database, a clean Redis prefix and fresh sandbox mailboxes for any test,
// all on the real local stack (or on MONGODB_URI / REDIS_URL when given).
import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Connection } from 'mongoose';
import { loadConfig, type VanthuConfig } from '../../src/config/index.js';
import { connectDb } from '../../src/store/db.js';
import { stackPaths } from '../../src/stack/paths.js';
import { ensureSandboxMailboxes } from '../../src/stack/mailboxes.js';
import { addMailbox } from '../../src/ingest/mailboxes.js';
import type { AppContext } from '../../src/runtime/context.js';
import { seedSandboxAgencies } from '../../src/agency/sandbox.js';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export const cfg: VanthuConfig = loadConfig();

export function uniqueName(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** A database of its own, dropped by `drop()`. */
export async function freshDb(): Promise<{ conn: Connection; uri: string; drop: () => Promise<void> }> {
  const name = uniqueName('vanthu_test_');
  const uri = cfg.mongodbUri.replace(/\/([^/?]*)(\?|$)/, `/${name}$2`);
  const conn = await connectDb(uri);
  return {
    conn,
    uri,
    drop: async () => {
      await conn.dropDatabase().catch(() => undefined);
      await conn.close();
    },
  };
}

export function freshPrefix(): string {
  return uniqueName('vt');
}

export interface SandboxMailbox {
  address: string;
  password: string;
  imap: () => ImapFlow;
}

/** A brand-new sandbox mailbox (Dovecot re-reads its users file, so it works at once). */
export function freshMailbox(domain = cfg.stack.mailDomains[1]!): SandboxMailbox {
  const address = `${uniqueName('mb')}@${domain}`;
  ensureSandboxMailboxes(stackPaths(cfg.home), [address], cfg.stack.sandboxPassword);
  return { address, password: cfg.stack.sandboxPassword, imap: () => imapFor(address) };
}

export function imapFor(address: string): ImapFlow {
  return new ImapFlow({
    host: '127.0.0.1',
    port: cfg.stack.imapPort,
    secure: false,
    auth: { user: address, pass: cfg.stack.sandboxPassword },
    logger: false,
  });
}

export function smtp(): Transporter {
  return nodemailer.createTransport({ host: '127.0.0.1', port: cfg.stack.smtpPort, secure: false, ignoreTLS: true });
}

/**
 * Polls `fn` until it returns something truthy. On timeout, `explain` (when given) adds what the
 * system looked like at that moment to the error, so a CI failure says why and not only what.
 */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 200,
  explain?: () => Promise<unknown>,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) {
      const state = explain ? await explain().then((x) => JSON.stringify(x, null, 1), (e: unknown) => `explain failed: ${String(e)}`) : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${state ? `\nstate: ${state}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Configures a sandbox mailbox to be watched, as an administrator would with
 * `vanthu mailbox add --sandbox` (the Department of Information and Communications by default).
 */
export async function watchSandboxMailbox(
  ctx: AppContext,
  id: string,
  mb: SandboxMailbox,
  opts: { agencyCode?: string; agencyName?: string; folders?: string[]; pollIntervalSec?: number } = {},
): Promise<void> {
  await addMailbox(ctx.models, ctx.secrets, {
    id,
    agencyCode: opts.agencyCode ?? '000.00.15.H41',
    agencyName: opts.agencyName ?? 'Sở Thông tin và Truyền thông',
    address: mb.address,
    host: '127.0.0.1',
    port: cfg.stack.imapPort,
    tls: 'none',
    user: mb.address,
    password: mb.password,
    folders: opts.folders,
    pollIntervalSec: opts.pollIntervalSec ?? 5,
  });
}

/** How many copies of a message (by Message-ID) a sandbox mailbox's INBOX holds. */
export async function copiesIn(mb: SandboxMailbox, messageId: string): Promise<number> {
  // A brand-new sandbox mailbox can refuse a command while LMTP creates its maildir: ask again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await countCopies(mb, messageId);
    } catch (err) {
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Runs `fn` with a sandbox mailbox's INBOX open and locked, then logs out. */
export async function inInbox<T>(mb: SandboxMailbox, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  const c = mb.imap();
  await c.connect();
  try {
    const lock = await c.getMailboxLock('INBOX');
    try {
      return await fn(c);
    } finally {
      lock.release();
    }
  } finally {
    await c.logout();
  }
}

async function countCopies(mb: SandboxMailbox, messageId: string): Promise<number> {
  return inInbox(mb, async (c) => ((await c.search({ header: { 'message-id': messageId } }, { uid: true })) || []).length);
}

/** The sandbox agencies in the test's fresh database (as `vanthu stack up` seeds them). */
export async function seedAgencies(ctx: AppContext): Promise<void> {
  await seedSandboxAgencies(ctx);
}

/** Sets fields of an agency in the directory (adding it when missing), as an administrator's edit would. */
export async function setAgency(ctx: AppContext, code: string, fields: Record<string, unknown>): Promise<void> {
  await ctx.models.Agency.updateOne({ _id: code }, { $set: fields }, { upsert: true });
  ctx.agencies.invalidate();
}

/** A context of its own (fresh database, fresh Redis prefix, silent log) with the sandbox agencies. */
export async function seededContext(): Promise<{ db: Awaited<ReturnType<typeof freshDb>>; ctx: AppContext }> {
  const db = await freshDb();
  const { openContext } = await import('../../src/runtime/context.js');
  const ctx = await openContext({ mongodbUri: db.uri, prefix: freshPrefix(), log: (await import('pino')).pino({ level: 'silent' }) });
  await seedAgencies(ctx);
  return { db, ctx };
}

/** Empties the given queues, closes the context and drops its database. */
export async function closeContext(db: { drop: () => Promise<void> }, ctx: AppContext, queues: Array<{ obliterate: (o: { force: boolean }) => Promise<void> }>): Promise<void> {
  for (const q of queues) await q.obliterate({ force: true }).catch(() => undefined);
  await ctx.close();
  await db.drop();
}

/**
 * A debug-level logger whose lines land, parsed, in `lines`: the test reads back exactly what a
 * log shipper would get.
 */
export function memoryLogger(lines: Record<string, unknown>[]): Logger {
  const memory = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return pino({ level: 'debug' }, memory);
}
