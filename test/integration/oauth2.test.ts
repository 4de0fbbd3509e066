// A mailbox that logs in with OAuth2 (XOAUTH2), as Microsoft 365 and Google Workspace require: the
// service holds only a refresh token, fetches access tokens from the provider, and the sandbox
// Dovecot checks each token with the same provider. The provider rotates the refresh token on
// first use; the new one must be what the database keeps.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackPaths } from '../../src/stack/paths.js';
import { cfg, freshDb, freshMailbox, waitFor, type SandboxMailbox, seededContext } from '../helpers/env.js';
import { documentMail } from '../helpers/messages.js';
import { startProvider, type Provider } from '../helpers/oauth-provider.js';
import type { AppContext } from '../../src/runtime/context.js';
import { addMailbox, listMailboxes, testMailbox } from '../../src/ingest/mailboxes.js';
import { startPollWorker, type Stoppable } from '../../src/runtime/workers.js';

let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;
let provider: Provider;
let mb: SandboxMailbox;
const running: Stoppable[] = [];

beforeAll(async () => {
  ({ db, ctx } = await seededContext());
  mb = freshMailbox('sotc.longan.test');
  provider = await startProvider(cfg.stack.oauthPort, mb.address, { clientSecret: 'app-secret' });
  await addMailbox(ctx.models, ctx.secrets, {
    id: 'sotc-oauth',
    agencyCode: '000.00.07.H41',
    agencyName: 'Sở Tài chính',
    address: mb.address,
    host: '127.0.0.1',
    port: cfg.stack.imapPort,
    tls: 'none',
    user: mb.address,
    oauth2RefreshToken: 'refresh-1',
    oauth2TokenUrl: `${provider.url}/token`,
    oauth2ClientId: 'vanthu',
    oauth2ClientSecret: 'app-secret',
    pollIntervalSec: 5,
  });
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop().catch(() => undefined)));
  await ctx.queues.ingest.obliterate({ force: true }).catch(() => undefined);
  await provider.close();
  await ctx.close();
  await db.drop();
});

describe('OAuth2 mailbox', () => {
  it('`mailbox test` logs in with a fetched token; the rotated refresh token replaces the stored one, sealed', async () => {
    const r = await testMailbox(ctx.models, ctx.secrets, 'sotc-oauth');
    expect(r.error).toBeNull();
    expect(r.ok).toBe(true);
    expect(provider.introspections).toBeGreaterThanOrEqual(1); // Dovecot really asked about the token
    const log = readFileSync(join(stackPaths(cfg.home).logs, 'dovecot.log'), 'utf8');
    // imapflow takes OAUTHBEARER (RFC 7628) when the server offers it, else XOAUTH2.
    expect(log).toMatch(new RegExp(`Login: user=<${mb.address.replace(/\./g, '\\.')}>, method=(OAUTHBEARER|XOAUTH2)`));
    const doc = (await ctx.models.Mailbox.findById('sotc-oauth').lean())!;
    expect(doc.authMethod).toBe('oauth2-refresh');
    expect(doc.secret).not.toContain('refresh');
    expect(JSON.parse(ctx.secrets.open(doc.secret!))).toEqual({ refreshToken: 'refresh-2', clientSecret: 'app-secret' });
    const listed = (await listMailboxes(ctx.models)).find((m) => m.id === 'sotc-oauth')!;
    expect(JSON.stringify(listed)).not.toMatch(/refresh-|app-secret/);
  });

  it('the poll worker watches the mailbox with it and stores what arrives', async () => {
    running.push(await startPollWorker(ctx, { leaseTtlMs: 3000 }));
    await waitFor('the folder to be watched', () => ctx.models.Checkpoint.findById('sotc-oauth/INBOX').lean(), 30_000);
    const c = mb.imap();
    await c.connect();
    await c.append('INBOX', await documentMail({ from: 'vanthu@stttt.longan.test', to: mb.address, messageId: '<oauth.1@stttt.longan.test>' }));
    await c.logout();
    await waitFor('the message stored', () => ctx.models.Message.findOne({ mailboxId: 'sotc-oauth', messageId: '<oauth.1@stttt.longan.test>' }).lean(), 30_000);
    // Every token request used a refresh token the provider knew (the rotated one after the first).
    expect(provider.tokenRequests.every((f, i) => f.get('refresh_token') === (i === 0 ? 'refresh-1' : 'refresh-2'))).toBe(true);
  });

  it('a login the provider refuses is reported in words', async () => {
    provider.issued.clear(); // every token issued so far is now unknown to the provider
    provider.refreshTokens.clear(); // and the refresh token is revoked
    const r = await testMailbox(ctx.models, ctx.secrets, 'sotc-oauth');
    expect(r.ok).toBe(false);
    // The cached token is refused by the server; a fresh one cannot be had: either is said plainly.
    expect(r.error).toMatch(/login refused|invalid_grant/);
    const again = await testMailbox(ctx.models, ctx.secrets, 'sotc-oauth');
    expect(again.error).toMatch(/login refused|invalid_grant/);
  });
});
