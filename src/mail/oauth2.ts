// OAuth2 access tokens for IMAP (XOAUTH2), from a refresh token (RFC 6749 §6). Hosted mail
// (Microsoft 365, Google Workspace) refuses passwords over IMAP and its access tokens last about
// an hour, so a watcher that runs for months needs a source, not a token. Tokens are cached per
// mailbox until shortly before they expire; a refresh token the provider rotates is handed back
// to be stored (sealed) in place of the old one.

export interface OAuth2Client {
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  scope?: string;
}

export interface OAuth2Grant extends OAuth2Client {
  refreshToken: string;
}

interface Cached {
  token: string;
  expiresAt: number;
}

/** Refresh this long before the provider's expiry, so a token never dies mid-login. */
const EARLY_MS = 60_000;

export class OAuth2Error extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    /** The RFC 6749 §5.2 error code the endpoint answered with (invalid_grant, …), if any. */
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

export class TokenSource {
  private cached: Cached | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private grant: OAuth2Grant,
    /** Called with a new refresh token when the provider rotates it. */
    private readonly onRotate: (refreshToken: string) => Promise<void> = async () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** A valid access token: the cached one, or a fresh one (one request at a time). */
  async accessToken(): Promise<string> {
    if (this.cached && this.cached.expiresAt - EARLY_MS > this.now()) return this.cached.token;
    this.pending ??= this.refresh().finally(() => (this.pending = null));
    return this.pending;
  }

  /** Forget the cached token (the server refused it: it may have been revoked). */
  invalidate(): void {
    this.cached = null;
  }

  private async refresh(): Promise<string> {
    const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: this.grant.refreshToken, client_id: this.grant.clientId });
    if (this.grant.clientSecret) body.set('client_secret', this.grant.clientSecret);
    if (this.grant.scope) body.set('scope', this.grant.scope);
    let res: Response;
    try {
      // No redirects: a token endpoint answers where it is (RFC 6749 §3.2), and following one
      // would let a typed token URL lead the service to an internal address.
      res = await fetch(this.grant.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body, redirect: 'error', signal: AbortSignal.timeout(15_000) });
    } catch (err) {
      throw new OAuth2Error(`cannot reach the OAuth2 token endpoint ${this.grant.tokenUrl}: ${(err as Error).message}`, null);
    }
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // described below
    }
    if (!res.ok || typeof json.access_token !== 'string') {
      // RFC 6749 §5.2: error and error_description say why (invalid_grant = the refresh token is dead).
      const why = typeof json.error === 'string' ? `${json.error}${typeof json.error_description === 'string' ? `: ${json.error_description}` : ''}` : text.slice(0, 200) || `HTTP ${res.status}`;
      const hint = json.error === 'invalid_grant' ? ' (the refresh token was revoked or has expired: add the mailbox again with a new one)' : '';
      throw new OAuth2Error(`the OAuth2 token endpoint refused the refresh: ${why}${hint}`, res.status, typeof json.error === 'string' ? json.error : null);
    }
    const lifetime = Number(json.expires_in);
    this.cached = { token: json.access_token, expiresAt: this.now() + (Number.isFinite(lifetime) && lifetime > 0 ? lifetime * 1000 : 3_600_000) };
    if (typeof json.refresh_token === 'string' && json.refresh_token !== this.grant.refreshToken) {
      this.grant = { ...this.grant, refreshToken: json.refresh_token };
      await this.onRotate(json.refresh_token);
    }
    return json.access_token;
  }
}
