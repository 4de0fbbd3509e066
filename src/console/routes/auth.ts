// Logging in and out of the console. The login form posts `login` and `password`; a wrong one
// gets the same answer whether or not the login exists; after five, the login waits 15 minutes
// (SessionService). `next` brings the person back to the page they asked for — on this site only.
import type { FastifyInstance } from 'fastify';
import { VanthuError } from '../../errors.js';
import type { Services } from '../../service/index.js';
import { SESSION_COOKIE, sessionCookieOptions } from '../../api/security.js';
import { page, redirect, type PageContext } from '../view.js';

/** A path on this site (not `//host`, not a scheme), or the dashboard. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}

export function authPages(app: FastifyInstance, s: Services, deps: PageContext): void {
  app.get('/login', { config: { page: true } }, async (req, reply) => {
    if (req.principal) return redirect(reply, safeNext((req.query as { next?: string }).next));
    return page(req, reply, deps, 'login', { title: 'Đăng nhập', next: safeNext((req.query as { next?: string }).next), login: '', error: null });
  });

  app.post('/login', { config: { page: true }, bodyLimit: 4096 }, async (req, reply) => {
    const b = (req.body ?? {}) as { login?: unknown; password?: unknown; next?: unknown };
    const login = typeof b.login === 'string' ? b.login.slice(0, 63) : '';
    const next = safeNext(b.next);
    try {
      const opened = await s.sessions.login(login, typeof b.password === 'string' ? b.password.slice(0, 256) : '', { ip: req.ip, userAgent: req.headers['user-agent'] });
      reply.setCookie(SESSION_COOKIE, opened.secret, sessionCookieOptions(req.protocol === 'https', opened.expiresAt));
      return redirect(reply, next);
    } catch (err) {
      if (!(err instanceof VanthuError) || (err.code !== 'UNAUTHENTICATED' && err.code !== 'RATE_LIMITED')) throw err;
      return page(req, reply, deps, 'login', { title: 'Đăng nhập', next, login, error: err.vi ?? err.message }, err.httpStatus);
    }
  });

  app.post('/logout', { config: { page: true } }, async (req, reply) => {
    const cookie = req.cookies[SESSION_COOKIE];
    if (cookie) await s.sessions.logout(cookie);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return redirect(reply, '/login');
  });
}
