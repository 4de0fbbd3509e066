// Bounded HTTP for revocation data: http and https only, a time limit for the whole exchange
// (connection, redirects and body), a size limit on the body, at most a few redirects. Errors
// carry a stable code; nothing here decides validity (ocsp.ts and crl.ts do, on the bytes).
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type FetchErrorCode = 'BAD_URL' | 'TIMEOUT' | 'TOO_LARGE' | 'HTTP_STATUS' | 'NETWORK' | 'TOO_MANY_REDIRECTS';

export class FetchError extends Error {
  constructor(
    readonly code: FetchErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  /** POST this body (OCSP request); GET when absent. */
  body?: Buffer;
  contentType?: string;
  accept?: string;
}

const MAX_REDIRECTS = 3;

/** Only http: and https: (a CRL distribution point may also name ldap: or file:, never followed). */
export function fetchableUrl(raw: string): URL | null {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

export function fetchBytes(url: string, o: FetchOptions): Promise<Buffer> {
  const deadline = Date.now() + o.timeoutMs;
  return get(url, o, deadline, 0);
}

function get(url: string, o: FetchOptions, deadline: number, redirects: number): Promise<Buffer> {
  const u = fetchableUrl(url);
  if (!u) return Promise.reject(new FetchError('BAD_URL', `not an http(s) URL: ${url}`));
  return new Promise<Buffer>((resolve, reject) => {
    const left = deadline - Date.now();
    if (left <= 0) return reject(new FetchError('TIMEOUT', `no answer from ${u.host} within the time limit`));
    const headers: Record<string, string | number> = { 'user-agent': 'vanthu-revocation' };
    if (o.accept) headers.accept = o.accept;
    if (o.body) {
      headers['content-type'] = o.contentType ?? 'application/octet-stream';
      headers['content-length'] = o.body.length;
    }
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, { method: o.body ? 'POST' : 'GET', headers });
    const timer = setTimeout(() => req.destroy(new FetchError('TIMEOUT', `no answer from ${u.host} within ${Math.round(left)} ms`)), left);
    let settled = false;
    const done = (fn: () => void) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      fn();
    };
    req.on('error', (e) => done(() => reject(e instanceof FetchError ? e : new FetchError('NETWORK', `${u.host}: ${e.message}`))));
    req.on('response', (res: IncomingMessage) => {
      if (settled) return void res.resume();
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (redirects >= MAX_REDIRECTS) return done(() => reject(new FetchError('TOO_MANY_REDIRECTS', `too many redirects from ${url}`)));
        // A redirect keeps the method only for OCSP POSTs answered 307/308; others become GET.
        const next = new URL(res.headers.location, u).toString();
        const keep = status === 307 || status === 308;
        return done(() => resolve(get(next, keep ? o : { ...o, body: undefined }, deadline, redirects + 1)));
      }
      if (status !== 200) {
        res.resume();
        return done(() => reject(new FetchError('HTTP_STATUS', `${u.host} answered HTTP ${status}`)));
      }
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (declared > o.maxBytes) {
        req.destroy();
        return done(() => reject(new FetchError('TOO_LARGE', `${url} is ${declared} bytes, over the limit of ${o.maxBytes}`)));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= o.maxBytes) return void chunks.push(c);
        done(() => reject(new FetchError('TOO_LARGE', `${url} is over the limit of ${o.maxBytes} bytes`)));
        req.destroy();
      });
      res.on('end', () => done(() => resolve(Buffer.concat(chunks))));
      res.on('close', () => done(() => reject(new FetchError('NETWORK', `${u.host}: connection closed before the end of the answer`))));
      res.on('aborted', () => done(() => reject(new FetchError('NETWORK', `${u.host}: connection closed before the end of the answer`))));
      res.on('error', (e) => done(() => reject(e instanceof FetchError ? e : new FetchError('NETWORK', `${u.host}: ${e.message}`))));
    });
    req.end(o.body);
  });
}
