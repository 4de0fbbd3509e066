// How a configured mailbox logs in: its sealed secret is a password, a static OAuth2 access
// token, or (oauth2-refresh) a refresh token and client secret from which access tokens are
// obtained as needed. Token sources live as long as the process, one per mailbox, so reconnects
// reuse a token that is still valid; a rotated refresh token is sealed back into the record.
import type { CoreModels, MailboxDoc } from '../store/models.js';
import type { SecretBox } from '../store/secrets.js';
import type { ImapAccount } from '../mail/imap-connect.js';
import { TokenSource } from '../mail/oauth2.js';

interface RefreshSecret {
  refreshToken: string;
  clientSecret?: string;
}

const sources = new Map<string, { sealed: string; source: TokenSource }>();

export function sealRefreshSecret(secrets: SecretBox, s: RefreshSecret): string {
  return secrets.seal(JSON.stringify(s));
}

/** The IMAP account of a mailbox record, with a token source when it uses OAuth2 refresh. */
export function accountOf(mb: MailboxDoc & { _id: string }, secrets: SecretBox, models?: CoreModels): ImapAccount {
  const base = { host: mb.host, port: mb.port, tls: mb.tls, user: mb.user };
  if (mb.authMethod !== 'oauth2-refresh') return { ...base, secret: mb.secret ? secrets.open(mb.secret) : '', authMethod: (mb.authMethod ?? 'password') as 'password' | 'oauth2' };
  const o = mb.oauth2;
  if (!o?.tokenUrl || !o.clientId || !mb.secret) throw new Error(`mailbox ${mb._id}: OAuth2 settings are incomplete (token URL, client id, refresh token)`);
  let held = sources.get(mb._id);
  if (!held || held.sealed !== mb.secret) {
    const s = JSON.parse(secrets.open(mb.secret)) as RefreshSecret;
    const source = new TokenSource({ tokenUrl: o.tokenUrl, clientId: o.clientId, scope: o.scope ?? undefined, clientSecret: s.clientSecret, refreshToken: s.refreshToken }, async (refreshToken) => {
      // The record's new secret is this source's own: the next accountOf() keeps the source.
      const sealed = sealRefreshSecret(secrets, { ...s, refreshToken });
      sources.set(mb._id, { sealed, source });
      await models?.Mailbox.updateOne({ _id: mb._id }, { $set: { secret: sealed } });
    });
    held = { sealed: mb.secret, source };
    sources.set(mb._id, held);
  }
  return { ...base, secret: '', authMethod: 'oauth2', tokenSource: held.source };
}
