// A small OAuth2 provider for tests: a token endpoint (refresh_token grant, rotating the refresh
// token once) and the introspection endpoint the sandbox Dovecot asks (see dovecotOauth2Conf).
// It stands in for Microsoft's or Google's, which cannot be reached from here.
import { createServer, type Server } from 'node:http';

export interface Provider {
  url: string;
  tokenRequests: URLSearchParams[];
  introspections: number;
  /** Access tokens issued, with the mailbox each stands for. */
  issued: Map<string, { username: string; expiresAt: number }>;
  refreshTokens: Set<string>;
  close(): Promise<void>;
}

export async function startProvider(port: number, username: string, opts: { lifetimeSec?: number; clientSecret?: string } = {}): Promise<Provider> {
  let n = 0;
  const p = { tokenRequests: [], introspections: 0, issued: new Map(), refreshTokens: new Set(['refresh-1']) } as unknown as Provider;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (req.url === '/token') {
        p.tokenRequests.push(form);
        if (form.get('grant_type') !== 'refresh_token' || !p.refreshTokens.has(form.get('refresh_token') ?? '')) return send(400, { error: 'invalid_grant', error_description: 'refresh token unknown or revoked' });
        if (opts.clientSecret && form.get('client_secret') !== opts.clientSecret) return send(401, { error: 'invalid_client' });
        n++;
        const token = `access-${n}`;
        p.issued.set(token, { username, expiresAt: Date.now() + (opts.lifetimeSec ?? 3600) * 1000 });
        // Rotate the refresh token on the first use, as Microsoft's platform does.
        const rotated = n === 1 ? 'refresh-2' : undefined;
        if (rotated) {
          p.refreshTokens.delete(form.get('refresh_token')!);
          p.refreshTokens.add(rotated);
        }
        return send(200, { access_token: token, token_type: 'Bearer', expires_in: opts.lifetimeSec ?? 3600, ...(rotated ? { refresh_token: rotated } : {}) });
      }
      if (req.url === '/introspect') {
        p.introspections++;
        const t = p.issued.get(form.get('token') ?? '');
        return send(200, t && t.expiresAt > Date.now() ? { active: 'true', username: t.username } : { active: 'false' });
      }
      send(404, { error: 'not_found' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  p.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`; // port 0: any free one
  p.close = () => new Promise<void>((r) => server.close(() => r()));
  return p;
}
