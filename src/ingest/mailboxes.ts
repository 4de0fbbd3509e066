// Administrators' mailbox configuration: add, list, test, remove. Passwords are sealed before
// they reach the database and never appear in listings or logs. A mailbox's host is judged by
// what it resolves to (src/mail/host-check.ts), and the connection test tells the caller nothing
// about the network that a port scanner would want (src/mail/imap-errors.ts).
import { touchMailboxes } from './mailbox-revision.js';
import { z } from 'zod';
import { VanthuError } from '../errors.js';
import { isDuplicateKey } from '../store/db.js';
import type { ImapFlow } from 'imapflow';
import type { CoreModels, MailboxDoc } from '../store/models.js';
import type { SecretBox } from '../store/secrets.js';
import { logger, type Logger } from '../log.js';
import { greeted, prepareImap } from '../mail/imap-connect.js';
import { callerAnswer, explainImapError, ImapFolderError } from '../mail/imap-errors.js';
import { classifyHostAddresses, hostRefusal, type HostClassification } from '../mail/host-check.js';
import { accountOf, sealRefreshSecret } from './mailbox-auth.js';

/** The fields of a mailbox, each checked alone; mailboxInput adds the rules between them. */
export const mailboxFields = z.strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'must be lowercase letters, digits, . _ - (max 63)'),
    agencyCode: z.string().min(1),
    agencyName: z.string().min(1),
    address: z.string().regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address').transform((s) => s.toLowerCase()),
    role: z.enum(['incoming', 'dispatch']).default('incoming'),
    host: z.string().min(1),
    port: z.coerce.number().int().min(1).max(65535),
    tls: z.enum(['implicit', 'starttls', 'none']),
    user: z.string().min(1),
    password: z.string().min(1).optional(),
    oauth2Token: z.string().min(1).optional(),
    /** OAuth2 with a refresh token (hosted mail): access tokens are fetched as needed. */
    oauth2RefreshToken: z.string().min(1).optional(),
    oauth2TokenUrl: z
      .string()
      .url()
      .refine((u) => u.startsWith('https://') || /^http:\/\/(127\.|localhost[:/]|\[::1\])/.test(u), 'must be https:// (http:// only to a loopback host)')
      .optional(),
    oauth2ClientId: z.string().min(1).optional(),
    oauth2ClientSecret: z.string().min(1).optional(),
    oauth2Scope: z.string().min(1).optional(),
    folders: z.array(z.string().min(1)).min(1).default(['INBOX']),
    pollIntervalSec: z.coerce.number().int().min(5).max(3600).default(60),
    afterProcess: z.enum(['none', 'keyword', 'move']).default('keyword'),
    keyword: z.string().regex(/^\$?[A-Za-z0-9_]+$/).default('$VanThuRegistered'),
    moveTo: z.string().min(1).optional(),
  });

export const mailboxInput = mailboxFields.superRefine((m, ctx) => {
    if (!m.password && !m.oauth2Token && !m.oauth2RefreshToken) ctx.addIssue({ code: 'custom', path: ['password'], message: 'is required (or an OAuth2 token or refresh token)' });
    if (m.oauth2RefreshToken && !m.oauth2TokenUrl) ctx.addIssue({ code: 'custom', path: ['oauth2TokenUrl'], message: 'is required with an OAuth2 refresh token' });
    if (m.oauth2RefreshToken && !m.oauth2ClientId) ctx.addIssue({ code: 'custom', path: ['oauth2ClientId'], message: 'is required with an OAuth2 refresh token' });
    if (m.afterProcess === 'move' && !m.moveTo) ctx.addIssue({ code: 'custom', path: ['moveTo'], message: 'is required when afterProcess is "move"' });
  });
export type MailboxInput = z.input<typeof mailboxInput>;

export function validateMailbox(input: MailboxInput): z.output<typeof mailboxInput> {
  const r = mailboxInput.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0]!;
    const field = i.path.join('.') || (i.code === 'unrecognized_keys' ? String((i as { keys?: string[] }).keys?.[0]) : 'body');
    throw new VanthuError('INVALID_INPUT', `mailbox ${i.path.join('.') || field} ${i.code === 'unrecognized_keys' ? 'is not a known field' : i.message}`, { field });
  }
  return r.data;
}

export interface AddMailboxOptions {
  /**
   * A further rule on the host, given what it resolved to (the same resolution the mailbox is
   * judged by): a reason to refuse it, or null. A service layer keeps loopback and private hosts
   * to administrators with it, e.g. `(c) => c.private ? 'an intranet host needs an administrator' : null`.
   */
  hostPolicy?: (c: HostClassification) => string | null;
}

/**
 * Validates and stores a mailbox. The host must resolve, to no address that cannot be an IMAP
 * server (link-local, metadata, multicast…), and to loopback only when `tls` is "none".
 */
export async function addMailbox(models: CoreModels, secrets: SecretBox, input: MailboxInput, replace = false, opts: AddMailboxOptions = {}): Promise<string> {
  const m = validateMailbox(input);
  const resolved = await classifyHostAddresses(m.host);
  const refusal = hostRefusal(resolved, m.tls) ?? opts.hostPolicy?.(resolved) ?? null;
  // "mailbox host x cannot be resolved", "mailbox tls …"
  if (refusal) throw new VanthuError('INVALID_INPUT', `mailbox ${refusal}`, { field: refusal.startsWith('tls') ? 'tls' : 'host' });
  const doc = {
    _id: m.id,
    agencyCode: m.agencyCode,
    agencyName: m.agencyName,
    address: m.address,
    role: m.role,
    host: m.host,
    port: m.port,
    tls: m.tls,
    user: m.user,
    ...(m.oauth2RefreshToken
      ? {
          authMethod: 'oauth2-refresh' as const,
          secret: sealRefreshSecret(secrets, { refreshToken: m.oauth2RefreshToken, clientSecret: m.oauth2ClientSecret }),
          oauth2: { tokenUrl: m.oauth2TokenUrl!, clientId: m.oauth2ClientId!, scope: m.oauth2Scope },
        }
      : { authMethod: (m.oauth2Token ? 'oauth2' : 'password') as 'oauth2' | 'password', secret: secrets.seal(m.oauth2Token ?? m.password!) }),
    folders: m.folders,
    pollIntervalSec: m.pollIntervalSec,
    afterProcess: { mode: m.afterProcess, keyword: m.keyword, folder: m.moveTo },
    enabled: true,
  } satisfies Partial<MailboxDoc> & { _id: string };
  if (replace) {
    // New settings do not resume a paused mailbox: pausing and resuming are their own acts.
    const prior = await models.Mailbox.findById(m.id, { enabled: 1 }).lean();
    await models.Mailbox.replaceOne({ _id: m.id }, { ...doc, enabled: prior?.enabled ?? true }, { upsert: true });
    await touchMailboxes(models);
  }
  else {
    try {
      await models.Mailbox.create(doc);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Which unique index refused it: FerretDB's error does not say, so look.
      const holder = await models.Mailbox.findOne({ address: m.address }, { _id: 1 }).lean();
      if (holder && holder._id !== m.id) throw new VanthuError('ALREADY_EXISTS', `address: ${m.address} is already watched by mailbox "${String(holder._id)}" (one address, one mailbox)`, { field: 'address', cause: err });
      throw new VanthuError('ALREADY_EXISTS', `a mailbox named "${m.id}" already exists`, { field: 'id', cause: err });
      throw err;
    }
    await touchMailboxes(models);
  }
  return m.id;
}

export type MailboxSummary = Omit<MailboxDoc, 'secret'> & { id: string };

export async function listMailboxes(models: CoreModels): Promise<MailboxSummary[]> {
  const docs = await models.Mailbox.find({}, { secret: 0 }).sort({ _id: 1 }).lean(); // secrets never leave
  return docs.map(({ _id, ...rest }) => ({ id: _id as string, ...rest }) as unknown as MailboxSummary);
}

export async function removeMailbox(models: CoreModels, id: string): Promise<boolean> {
  const removed = (await models.Mailbox.deleteOne({ _id: id })).deletedCount === 1;
  // Its watcher stops at the next scan and writes "stopped" only to a row that exists.
  if (removed) await Promise.all([models.MailboxState.deleteOne({ _id: id }), touchMailboxes(models)]);
  return removed;
}

export interface MailboxTestResult {
  id: string;
  ok: boolean;
  /** What went wrong (English); before a valid IMAP greeting always the same sentence. */
  error: string | null;
  /** The same in Vietnamese, for the clerk's screen. */
  errorVi: string | null;
  capabilities: string[];
  idle: boolean;
  condstore: boolean;
  folders: { path: string; messages: number | null; uidValidity: string | null }[];
  allFolders: string[];
}

/**
 * A test that fails before an IMAP greeting answers this long after it began, never sooner, and
 * gives up on a greeting at this time: a refused port (answered at once), a silent one and a
 * filtered one (answered by a timeout) cannot be told apart by the time the answer takes either.
 * Ten seconds: a real server greets within one; a person waits for a "failed" this long.
 */
export const TEST_FAILURE_FLOOR_MS = 10_000;

export interface TestMailboxOptions {
  /** See TEST_FAILURE_FLOOR_MS (tests lower it). */
  failureFloorMs?: number;
  /** Where the detailed cause goes (default: the process logger). */
  log?: Logger;
}

/**
 * Logs in, lists the folders, reports what the server can do, and says what went wrong in words:
 * the same words for every failure before the server greeted us as IMAP (the detail is logged).
 */
export async function testMailbox(models: CoreModels, secrets: SecretBox, id: string, opts: TestMailboxOptions = {}): Promise<MailboxTestResult> {
  const mb = await models.Mailbox.findById(id).lean();
  if (!mb) throw new VanthuError('NOT_FOUND', `no mailbox named "${id}"`);
  const floorMs = opts.failureFloorMs ?? TEST_FAILURE_FLOOR_MS;
  const started = Date.now();
  const result: MailboxTestResult = { id, ok: false, error: null, errorVi: null, capabilities: [], idle: false, condstore: false, folders: [], allFolders: [] };
  let client: ImapFlow | undefined;
  let cutoff: NodeJS.Timeout | undefined;
  try {
    // imapflow's own timers no sooner than the floor: the cut-off below is what ends a wait.
    const c = await prepareImap(accountOf(mb as MailboxDoc & { _id: string }, secrets, models), { connectionTimeout: floorMs + 1000, greetingTimeout: floorMs + 1000 });
    client = c;
    c.on('error', () => undefined); // connect() rejects with the same error; it is logged below
    cutoff = setTimeout(() => !greeted(c) && c.close(), Math.max(0, started + floorMs - Date.now()));
    await c.connect();
    clearTimeout(cutoff);
    result.capabilities = [...c.capabilities.keys()].sort();
    result.idle = c.capabilities.has('IDLE');
    result.condstore = c.capabilities.has('CONDSTORE');
    result.allFolders = (await c.list()).map((f) => f.path);
    for (const path of mb.folders?.length ? mb.folders : ['INBOX']) {
      const st = await c.status(path, { messages: true, uidValidity: true }).catch(() => null);
      if (!st) throw new ImapFolderError(path);
      result.folders.push({ path, messages: st.messages ?? null, uidValidity: st.uidValidity !== undefined ? String(st.uidValidity) : null });
    }
    result.ok = true;
  } catch (err) {
    clearTimeout(cutoff);
    const answer = callerAnswer(err, { host: mb.host, port: mb.port }, client ? greeted(client) : false);
    result.error = answer.error;
    result.errorVi = answer.errorVi;
    // The administrator's detail: never in the answer.
    (opts.log ?? logger()).warn({ mailbox: id, host: mb.host, port: mb.port, kind: answer.kind, err: explainImapError(err) }, 'mailbox test failed');
    if (answer.kind === 'unreachable' || answer.kind === 'oauth2-unreachable') await new Promise((r) => setTimeout(r, Math.max(0, started + floorMs - Date.now())));
  } finally {
    await client?.logout().catch(() => client?.close());
  }
  return result;
}
