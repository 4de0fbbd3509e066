// Builds an IMAP client for a configured mailbox. TLS modes: implicit TLS (993), STARTTLS, or
// none — allowed only to a host whose every address is loopback, so a password never crosses a
// network in clear. The host is resolved and judged at each connection (src/mail/host-check.ts)
// and the client connects to the address judged, not to the name: a name that resolved to a
// permitted address when the mailbox was added may resolve elsewhere now (DNS rebinding).
import { isIP } from 'node:net';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { bareHost, classifyHostAddresses, hostRefusal, HostRefusedError, type HostClassification } from './host-check.js';

export { explainImapError } from './imap-errors.js';

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

/** Timeouts a caller may shorten (the connection test does). */
export type ImapTimeouts = Pick<ImapFlowOptions, 'connectionTimeout' | 'greetingTimeout'>;

/**
 * The client options for an account whose host resolved as `resolved` (pure). Refuses what
 * hostRefusal() refuses, so no caller can reach a connection without the judgement.
 */
export function imapOptions(acct: ImapAccount, resolved: HostClassification, timeouts: ImapTimeouts = {}): ImapFlowOptions {
  const refusal = hostRefusal(resolved, acct.tls);
  if (refusal) throw new HostRefusedError(refusal, resolved);
  const name = bareHost(acct.host);
  return {
    // The first address, as a connection to the name would take it (resolver order); the
    // others are not tried (a failover between them is left to the next reconnection).
    host: resolved.addresses[0]!,
    // The certificate is checked against the name typed (Node verifies against servername),
    // and SNI carries it; an IP literal has neither (RFC 6066 §3 forbids an IP as SNI).
    ...(isIP(name) ? {} : { servername: name }),
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
    ...timeouts,
  };
}

/**
 * Resolves and judges the host, gets a current access token when the account has a token
 * source, and builds the client (not yet connected). Throws HostRefusedError for a host that
 * may not be connected to, OAuth2Error when no token can be had.
 */
export async function prepareImap(acct: ImapAccount, timeouts: ImapTimeouts = {}): Promise<ImapFlow> {
  const resolved = await classifyHostAddresses(acct.host);
  const options = imapOptions(acct, resolved, timeouts); // judged before a token is fetched for it
  if (!acct.tokenSource) return new ImapFlow(options);
  const accessToken = await acct.tokenSource.accessToken();
  return new ImapFlow({ ...options, auth: { user: acct.user, accessToken } });
}

/**
 * The server has greeted this client as an IMAP server (RFC 9051 §7.1: "* OK", or "* PREAUTH",
 * which authenticates at once): from then on its answers are about the mailbox, not the network.
 */
export function greeted(client: ImapFlow): boolean {
  return client.greeting !== undefined || client.authenticated !== false;
}
