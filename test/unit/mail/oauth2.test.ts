// The token source against a real HTTP token endpoint (test/helpers/oauth-provider.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuth2Error, TokenSource } from '../../../src/mail/oauth2.js';
import { startProvider, type Provider } from '../../helpers/oauth-provider.js';

let provider: Provider;

beforeAll(async () => {
  provider = await startProvider(0, 'vanthu@stttt.longan.test', { lifetimeSec: 600, clientSecret: 'client-secret' });
});
afterAll(() => provider.close());

describe('OAuth2 token source', () => {
  it('refreshes once, keeps the token until shortly before it expires, and hands back a rotated refresh token', async () => {
    let clock = Date.now();
    const rotated: string[] = [];
    const src = new TokenSource(
      { tokenUrl: `${provider.url}/token`, clientId: 'vanthu', clientSecret: 'client-secret', refreshToken: 'refresh-1', scope: 'imap offline_access' },
      async (t) => void rotated.push(t),
      () => clock,
    );
    const [a, b] = await Promise.all([src.accessToken(), src.accessToken()]);
    expect(a).toBe('access-1');
    expect(b).toBe('access-1');
    expect(provider.tokenRequests).toHaveLength(1);
    const form = provider.tokenRequests[0]!;
    expect([form.get('grant_type'), form.get('client_id'), form.get('scope')]).toEqual(['refresh_token', 'vanthu', 'imap offline_access']);
    expect(rotated).toEqual(['refresh-2']);

    clock += 500_000; // 100 s before expiry: still good
    expect(await src.accessToken()).toBe('access-1');
    clock += 60_000; // within the last minute: refreshed, with the rotated refresh token
    expect(await src.accessToken()).toBe('access-2');
    expect(provider.tokenRequests[1]!.get('refresh_token')).toBe('refresh-2');
    src.invalidate();
    expect(await src.accessToken()).toBe('access-3');
  });

  it('says in words why a refresh was refused', async () => {
    const src = new TokenSource({ tokenUrl: `${provider.url}/token`, clientId: 'vanthu', clientSecret: 'client-secret', refreshToken: 'revoked' });
    const err = await src.accessToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuth2Error);
    expect((err as OAuth2Error).status).toBe(400);
    expect((err as Error).message).toMatch(/invalid_grant: refresh token unknown or revoked \(the refresh token was revoked or has expired/);
    const down = new TokenSource({ tokenUrl: 'http://127.0.0.1:1/token', clientId: 'x', refreshToken: 'y' });
    await expect(down.accessToken()).rejects.toThrow(/cannot reach the OAuth2 token endpoint http:\/\/127\.0\.0\.1:1\/token/);
  });
});
