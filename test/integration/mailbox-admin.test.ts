// The administrator's mailbox page: pausing a mailbox stops its watcher at the poll supervisor's
// next scan (and nothing that arrives meanwhile is lost: resuming takes it from the checkpoint);
// both are audited and kept to the agency; the per-mailbox counts come from one aggregation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/access/roles.js';
import { VanthuError } from '../../src/errors.js';
import { startPollWorker } from '../../src/runtime/workers.js';
import type { PollSupervisor } from '../../src/ingest/supervisor.js';
import { apiWorld, ADMIN, SOTC, STTTT, type ApiWorld } from '../helpers/api.js';
import { cfg, freshMailbox, waitFor, watchSandboxMailbox, type SandboxMailbox } from '../helpers/env.js';
import { documentMail } from '../helpers/messages.js';

let w: ApiWorld;
let sup: (PollSupervisor & { stop(): Promise<void> }) | null = null;
let mb: SandboxMailbox;
const lan: Principal = { login: 'lan', role: 'clerk', agencyCode: STTTT, via: 'token' };
const hoa: Principal = { login: 'hoa', role: 'reader', agencyCode: STTTT, via: 'token' };
const minh: Principal = { login: 'minh', role: 'clerk', agencyCode: SOTC, via: 'token' };
const KEY = 'paused/INBOX';

async function fails(p: Promise<unknown>): Promise<VanthuError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(VanthuError);
  return err as VanthuError;
}

async function append(tag: string): Promise<void> {
  const c = mb.imap();
  await c.connect();
  try {
    await c.append('INBOX', await documentMail({ from: 'vanthu@ubnd.longan.test', to: mb.address, subject: `Công văn ${tag}`, messageId: `<${tag}@ubnd.longan.test>` }));
  } finally {
    await c.logout();
  }
}

beforeAll(async () => {
  w = await apiWorld();
  mb = freshMailbox();
  await watchSandboxMailbox(w.ctx, 'paused', mb, { pollIntervalSec: 5 });
  sup = await startPollWorker(w.ctx, { scanEveryMs: 300, leaseTtlMs: 3000 });
});

afterAll(async () => {
  await sup?.stop();
  await w?.ctx.queues.ingest.obliterate({ force: true }).catch(() => undefined);
  await w?.close();
});

describe('pausing and resuming a mailbox', () => {
  it('a paused mailbox’s watcher stops at the next scan; a resumed one picks up what arrived meanwhile', async () => {
    await waitFor('the mailbox to be watched', async () => sup!.watchedKeys().includes(KEY) && (await w.ctx.models.Checkpoint.findById(KEY).lean()), 30_000);
    expect(await w.s.mailboxes.setEnabled(lan, 'paused', false)).toEqual({ id: 'paused', enabled: false, changed: true });
    await waitFor('the watcher to stop', async () => !sup!.watchedKeys().includes(KEY), 10_000);
    await waitFor('its state to say stopped', async () => (await w.ctx.models.MailboxState.findById('paused').lean())?.state === 'stopped', 10_000);
    expect((await w.s.mailboxes.get(lan, 'paused')).enabled).toBe(false);

    await append('while-paused');
    await new Promise((r) => setTimeout(r, 1500)); // several scans
    expect(sup!.watchedKeys()).not.toContain(KEY);
    expect(await w.ctx.models.Message.countDocuments({ mailboxId: 'paused' })).toBe(0);

    expect(await w.s.mailboxes.setEnabled(ADMIN, 'paused', true)).toEqual({ id: 'paused', enabled: true, changed: true });
    await waitFor('the watcher to start again', async () => sup!.watchedKeys().includes(KEY), 10_000);
    const stored = await waitFor('the message that came while paused', async () => w.ctx.models.Message.findOne({ mailboxId: 'paused' }, { messageId: 1 }).lean(), 30_000);
    expect(stored.messageId).toBe('<while-paused@ubnd.longan.test>');
  });

  it('is audited once per change, and a replace keeps the mailbox paused', async () => {
    await w.s.mailboxes.setEnabled(lan, 'paused', false);
    expect(await w.s.mailboxes.setEnabled(lan, 'paused', false)).toMatchObject({ changed: false });
    const audit = await w.s.audit.list(ADMIN, { target: 'mailbox/paused' });
    expect(audit.items.map((a) => [a.action, a.actor])).toEqual([['mailbox.pause', 'lan'], ['mailbox.resume', 'cli:test'], ['mailbox.pause', 'lan']]);
    expect(audit.items[0]).toMatchObject({ before: { enabled: true }, after: { enabled: false } });
    // New settings (an administrator's replace) do not resume it.
    await w.s.mailboxes.add(ADMIN, { id: 'paused', agencyCode: STTTT, agencyName: '', address: mb.address, host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: mb.address, password: mb.password, pollIntervalSec: 30 }, true);
    expect((await w.ctx.models.Mailbox.findById('paused').lean())?.pollIntervalSec).toBe(30);
    expect((await w.ctx.models.Mailbox.findById('paused').lean())?.enabled).toBe(false);
  });

  it('is refused to another agency’s clerk and to a reader, and for an unknown mailbox', async () => {
    expect((await fails(w.s.mailboxes.setEnabled(minh, 'paused', true))).code).toBe('FORBIDDEN');
    expect((await fails(w.s.mailboxes.setEnabled(hoa, 'paused', true))).code).toBe('FORBIDDEN');
    expect((await fails(w.s.mailboxes.setEnabled(ADMIN, 'nope', true))).code).toBe('NOT_FOUND');
    expect((await fails(w.s.mailboxes.setEnabled(ADMIN, 'paused', 'yes' as never))).code).toBe('INVALID_INPUT');
    expect((await w.ctx.models.Mailbox.findById('paused').lean())?.enabled).toBe(false);
  });
});

describe('message counts per mailbox', () => {
  beforeAll(async () => {
    const box = (id: string, agencyCode: string) => ({ _id: id, agencyCode, agencyName: 'x', address: `${id}@count.test`, host: '127.0.0.1', port: 143, tls: 'none', user: id, enabled: false });
    await w.ctx.models.Mailbox.collection.insertMany([box('count-a', STTTT), box('count-b', STTTT), box('count-c', STTTT), box('count-sotc', SOTC)] as never[]);
    const states = { 'count-a': ['registered', 'registered', 'registered', 'failed', 'quarantined', 'ignored'], 'count-b': ['failed', 'failed', 'stored'], 'count-sotc': ['registered'] };
    let n = 0;
    const docs = Object.entries(states).flatMap(([mailboxId, list]) => list.map((state) => ({ _id: `${mailboxId}:${++n}`, mailboxId, agencyCode: mailboxId === 'count-sotc' ? SOTC : STTTT, folder: 'INBOX', uidValidity: '1', uid: n, seq: n, sha256: String(n), size: 1, state, stages: [] })));
    await w.ctx.models.Message.collection.insertMany(docs as never[]);
  });

  it('gives stored, registered and failed for each mailbox asked for, zeros for one with nothing', async () => {
    expect(await w.s.mailboxes.counts(lan, ['count-a', 'count-b', 'count-c', 'count-a'])).toEqual({
      'count-a': { stored: 6, registered: 3, failed: 1, byState: { registered: 3, failed: 1, quarantined: 1, ignored: 1 } },
      'count-b': { stored: 3, registered: 0, failed: 2, byState: { failed: 2, stored: 1 } },
      'count-c': { stored: 0, registered: 0, failed: 0, byState: {} },
    });
    expect(await w.s.mailboxes.counts(lan, [])).toEqual({});
    expect((await fails(w.s.mailboxes.counts(hoa, ['count-a']))).code).toBe('FORBIDDEN'); // a reader sees no mailboxes
  });

  it('keeps a clerk to their agency’s mailboxes', async () => {
    expect((await fails(w.s.mailboxes.counts(lan, ['count-a', 'count-sotc']))).code).toBe('FORBIDDEN');
    expect((await fails(w.s.mailboxes.counts(lan, ['count-a', 'nope']))).code).toBe('NOT_FOUND');
    expect((await w.s.mailboxes.counts(ADMIN, ['count-sotc']))['count-sotc']).toMatchObject({ stored: 1, registered: 1 });
  });
});
