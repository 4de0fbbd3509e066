// Builds an IMAP client for a configured mailbox. TLS modes: implicit TLS (993), STARTTLS, or
// none — allowed only to a loopback host, so a password never crosses a network in clear.
import { ImapFlow, type ImapFlowOptions } from 'imapflow';

export interface ImapAccount {
  host: string;
  port: number;
  tls: 'implicit' | 'starttls' | 'none';
  user: string;
  /** The password, or for OAuth2 the access token. */
  secret: string;
  authMethod?: 'password' | 'oauth2';
  /** For OAuth2 with a refresh token: where access tokens come from (see src/mail/oauth2.ts). */
  tokenSource?: { accessToken(): Promise<string>; invalidate(): void };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

export function imapOptions(acct: ImapAccount): ImapFlowOptions {
  if (acct.tls === 'none' && !isLoopback(acct.host)) {
    throw new Error(`tls "none" is allowed only for a loopback host, not ${acct.host}`);
  }
  return {
    host: acct.host,
    port: acct.port,
    secure: acct.tls === 'implicit',
    doSTARTTLS: acct.tls === 'starttls' ? true : acct.tls === 'none' ? false : undefined,
    auth: acct.authMethod === 'oauth2' ? { user: acct.user, accessToken: acct.secret } : { user: acct.user, pass: acct.secret },
    logger: false,
    // Start IDLE soon after each command so that a new message is seen within a second or two.
    autoIdleDelay: 500,
    // Some servers end IDLE silently after ~30 min; restart it well before.
    maxIdleTime: 5 * 60 * 1000,
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
  };
}

export function openImap(acct: ImapAccount): ImapFlow {
  return new ImapFlow(imapOptions(acct));
}

/** Like openImap, first getting a current access token when the account has a token source. */
export async function prepareImap(acct: ImapAccount): Promise<ImapFlow> {
  if (!acct.tokenSource) return openImap(acct);
  return openImap({ ...acct, authMethod: 'oauth2', secret: await acct.tokenSource.accessToken() });
}

/** Turns an IMAP/network error into a sentence an administrator understands. */
export function explainImapError(err: unknown): string {
  const e = err as { code?: string; message?: string; responseText?: string; authenticationFailed?: boolean };
  if (e?.authenticationFailed) return `login refused: wrong user or password (or OAuth2 token)${e.responseText ? ` (${e.responseText})` : ''}`;
  switch (e?.code) {
    case 'ECONNREFUSED':
      return 'connection refused: nothing listens at that host and port';
    case 'ENOTFOUND':
      return 'host name not found';
    case 'ETIMEDOUT':
    case 'CONNECT_TIMEOUT':
    case 'GREETING_TIMEOUT':
      return 'the server did not answer in time';
    case 'NoConnection':
      return 'not connected';
  }
  return e?.responseText ?? e?.message ?? String(err);
}
