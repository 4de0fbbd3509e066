// Who is asking, and whether to answer at all. In order, for every request:
//   1. Host: only names this service answers to (a DNS-rebinding page on attacker.example makes the
//      browser send `Host: attacker.example` to our loopback address — refused with 421);
//   2. Origin: a state-changing request from a browser page of another origin is refused;
//   3. the credential: `Authorization: Bearer vt_…` (API token) or the console's session cookie
//      (whose state-changing requests also need the session's CSRF token);
//   4. the route's permission from the one map (permissions.ts) — 401 without a credential, 403
//      when the role lacks it. Agency scoping is the service layer's.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, type Principal } from '../access/roles.js';
import type { VanthuConfig } from '../config/index.js';
import { VanthuError } from '../errors.js';
import type { Services } from '../service/index.js';
import { accessOf } from './permissions.js';

export const SESSION_COOKIE = 'vanthu_session';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The session cookie: HttpOnly (no script reads it), Secure behind TLS, SameSite=Lax (a link from
 * an e-mail into the console opens it logged in; a form posted from another site carries no
 * cookie, and every state-changing request needs the CSRF token besides).
 */
export function sessionCookieOptions(secure: boolean, expires: Date) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', expires };
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** The session's CSRF token when the request came with a session cookie. */
    sessionCsrf: string | null;
  }
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]', '::1'];
const HOST_FREE = new Set(['/healthz', '/readyz', '/metrics']);
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The host names (no port) this service answers to. */
export function allowedHostNames(api: Pick<VanthuConfig['api'], 'host' | 'allowedHosts'>): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  if (api.host && api.host !== '0.0.0.0' && api.host !== '::') names.add(api.host.toLowerCase());
  for (const h of api.allowedHosts) names.add(hostName(h));
  return names;
}

/** "Example.gov.vn:8480" → "example.gov.vn"; "[::1]:80" → "[::1]". */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.replace(/:\d+$/, '');
}

export function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** The host (with port) the client addressed: Host, or X-Forwarded-Host behind a trusted proxy. */
function requestHost(req: FastifyRequest, trustProxy: boolean): string {
  const fwd = trustProxy ? req.headers['x-forwarded-host'] : undefined;
  return String((Array.isArray(fwd) ? fwd[0] : fwd) ?? req.headers.host ?? '').toLowerCase();
}

/**
 * A page's Origin is ours when it names exactly the host and port the request was sent to (the
 * same-origin rule: another port on localhost is another site), or an allowed public name.
 */
export function sameOrigin(origin: string, host: string, allowedHosts: readonly string[]): boolean {
  const oh = originHost(origin);
  if (!oh) return false;
  if (oh === host) return true;
  return allowedHosts.some((a) => a.toLowerCase() === oh || (!/:\d+$/.test(a) && a.toLowerCase() === hostName(oh)));
}


export async function identify(req: FastifyRequest, services: Services): Promise<Principal | null> {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    return m ? services.tokens.authenticate(m[1]!) : null;
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (!cookie) return null;
  const s = await services.sessions.authenticate(cookie);
  if (!s) return null;
  req.sessionCsrf = s.csrf;
  return s.principal;
}

export function registerSecurity(app: FastifyInstance, cfg: Pick<VanthuConfig, 'api'>, services: Services): void {
  const hosts = allowedHostNames(cfg.api);
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionCsrf', null);

  app.addHook('onRequest', async (req) => {
    const host = hostName(req.headers.host ?? '');
    // Probes and scrapers name the service by a pod IP or a service name; these answers hold
    // nothing a rebound page could use without a credential it cannot have.
    if (!hosts.has(host) && !HOST_FREE.has(req.routeOptions.url ?? '')) {
      throw new VanthuError('HOST_NOT_ALLOWED', `this service does not answer for host "${host}" (api.allowedHosts)`);
    }
    if (UNSAFE.has(req.method)) {
      const origin = req.headers.origin;
      if (origin !== undefined && !sameOrigin(origin, requestHost(req, cfg.api.trustProxy), cfg.api.allowedHosts)) {
        throw new VanthuError('ORIGIN_NOT_ALLOWED', `a request from the page ${origin} is not accepted`);
      }
      if (req.headers['sec-fetch-site'] === 'cross-site') throw new VanthuError('ORIGIN_NOT_ALLOWED', 'a cross-site request is not accepted');
    }
    const access = accessOf(req.method, req.routeOptions.url);
    if (access === undefined) return; // no such route: the 404 handler answers
    const principal = cfg.api.openAccess ? ({ login: 'open-access', role: 'admin', agencyCode: null, via: 'open' } as Principal) : await identify(req, services);
    req.principal = principal;
    if (access === 'public') return;
    if (!principal) throw new VanthuError('UNAUTHENTICATED', 'a valid API token (Authorization: Bearer …) or a console session is required', { vi: 'Cần đăng nhập.' });
    if (access !== 'authenticated' && !can(principal, access)) {
      throw new VanthuError('FORBIDDEN', `${principal.login} (${principal.role}) may not ${access.replace(':', ' ')}`, { vi: 'Bạn không có quyền thực hiện thao tác này.' });
    }
  });

  // A session cookie rides along with any request the browser makes; a state-changing one must
  // also carry the session's CSRF token, which a page of another site cannot read — in the
  // X-CSRF-Token header (scripts, htmx) or the form's `_csrf` field. Checked once the body is read.
  app.addHook('preHandler', async (req) => {
    if (req.principal?.via !== 'session' || !UNSAFE.has(req.method)) return;
    const header = req.headers[CSRF_HEADER];
    const field = (req.body as { _csrf?: unknown } | undefined)?._csrf;
    const presented = typeof header === 'string' ? header : typeof field === 'string' ? field : null;
    if (!presented || presented !== req.sessionCsrf) {
      throw new VanthuError('ORIGIN_NOT_ALLOWED', `the ${CSRF_HEADER} header or the form's _csrf field must carry the session's CSRF token`, { vi: 'Phiên làm việc không hợp lệ hoặc đã hết hạn; vui lòng tải lại trang.' });
    }
  });
}
