// Console sessions over the API: log in (sets the HttpOnly session cookie and returns the CSRF
// token the console sends back), who am I, log out.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../service/index.js';
import { SESSION_COOKIE, sessionCookieOptions } from '../security.js';

export function sessionRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/session',
    {
      bodyLimit: 4096,
      schema: { tags: ['session'], summary: 'Log in with a password (sets the session cookie)', body: z.strictObject({ login: z.string().min(1).max(63), password: z.string().min(1).max(256) }) },
    },
    async (req, reply) => {
      const opened = await s.sessions.login(req.body.login, req.body.password, { ip: req.ip, userAgent: req.headers['user-agent'] });
      reply.setCookie(SESSION_COOKIE, opened.secret, sessionCookieOptions(req.protocol === 'https', opened.expiresAt));
      return { ...opened.principal, csrf: opened.csrf, expiresAt: opened.expiresAt };
    },
  );
  r.get('/api/v1/session', { schema: { tags: ['session'], summary: 'Who the credential belongs to' } }, async (req) => ({ ...req.principal!, csrf: req.sessionCsrf ?? undefined }));
  r.delete('/api/v1/session', { schema: { tags: ['session'], summary: 'Log out (ends the session)' } }, async (req, reply) => {
    const cookie = req.cookies[SESSION_COOKIE];
    if (cookie) await s.sessions.logout(cookie);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });
}
