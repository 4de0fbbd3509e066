// The HTTP server (fastify): the API under /api/v1, described by OpenAPI 3 at /docs (built from the
// routes' zod schemas), health and metrics at the root. Security headers (helmet), Host/Origin
// checks, credentials and the permission map (security.ts, permissions.ts), one error mapping
// (http.ts). Every handler calls the service layer; none touches the database itself.
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from '../runtime/context.js';
import { VanthuError } from '../errors.js';
import { z } from 'zod';
import { createServices, type Services } from '../service/index.js';
import { accessOf, isApiRoute, routeKey } from './permissions.js';
import { registerSecurity } from './security.js';
import { installErrorHandling } from './http.js';
import { systemRoutes } from './routes/system.js';
import { sessionRoutes } from './routes/session.js';
import { directoryRoutes } from './routes/directory.js';
import { registerRoutes } from './routes/register.js';
import { workflowRoutes } from './routes/workflow.js';
import { activityRoutes } from './routes/activity.js';
import { outgoingRoutes } from './routes/outgoing.js';
import { adminRoutes } from './routes/admin.js';
import { registerConsole } from '../console/index.js';
import { ensureListing } from '../runtime/migrate.js';

/** The body of every error answer (src/errors.ts VanthuError.toJSON). */
const API_ERROR = z
  .looseObject({
    error: z.string().describe('what is wrong, in English'),
    code: z.string().describe('a stable code: INVALID_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, ALREADY_EXISTS, CONFLICT, TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, HOST_NOT_ALLOWED, REFUSED, RATE_LIMITED, UNAVAILABLE, INTERNAL'),
    field: z.string().optional().describe('the parameter or field at fault'),
    vi: z.string().optional().describe('the same for a clerk, in Vietnamese'),
  })
  .describe('An error');

export class OpenAccessRefused extends Error {
  override name = 'OpenAccessRefused';
}

export interface ApiOptions {
  services?: Services;
  /** Called for every route as it is added (the permission-map test collects them). */
  onRoute?: (method: string, url: string) => void;
}

export async function buildApi(ctx: AppContext, opts: ApiOptions = {}): Promise<FastifyInstance> {
  if (ctx.cfg.api.openAccess && process.env.NODE_ENV === 'production') {
    throw new OpenAccessRefused('api.openAccess is refused in production: create people with `vanthu user add` and tokens with `vanthu token create`');
  }
  const services = opts.services ?? createServices(ctx);
  const app = Fastify({
    logger: false,
    trustProxy: ctx.cfg.api.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 300 },
    // A URL fastify cannot even route (bad percent-encoding) gets the same JSON error as the rest.
    frameworkErrors: (err, _req, reply) => void (reply as unknown as FastifyReply).code(400).send(new VanthuError('INVALID_INPUT', `the request is malformed: ${err.message}`, { field: 'url' }).toJSON()),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  guardRoutes(app, opts.onRoute);

  await app.register(cookie);
  // The API answers JSON and files only: nothing of it may run in a page. /docs brings its own CSP.
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'self'"] } },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    hsts: false, // set by the TLS-terminating proxy, which knows whether there is TLS
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'vanthu API', version: '1', description: 'Official documents over e-mail for Vietnamese state agencies (Long An Decision 36/2013/QĐ-UBND).' },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token from `vanthu token create --user LOGIN`' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'vanthu_session', description: 'A console session (POST /api/v1/session); state-changing requests also send X-CSRF-Token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  // JSON by default; text/csv for the directory import.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

  registerSecurity(app, ctx.cfg, services);
  const pageError = registerConsole(app, ctx, services);
  installErrorHandling(app, ctx.log, pageError);
  systemRoutes(app, ctx);
  sessionRoutes(app, services);
  directoryRoutes(app, services);
  registerRoutes(app, services);
  workflowRoutes(app, services);
  activityRoutes(app, services);
  outgoingRoutes(app, services);
  adminRoutes(app, services);
  // FerretDB has no TTL index: expired console sessions are deleted from time to time.
  const sweep = setInterval(() => void services.sessions.sweepExpired().catch((err: Error) => ctx.log.warn({ err: err.message }, 'session sweep failed')), 30 * 60_000);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));
  await app.ready();
  return app;
}

/**
 * Every route must be in the permission map: a route added without one stops the server as it is
 * built. Each protected route's OpenAPI entry gets its security requirement and permission.
 */
export function guardRoutes(app: FastifyInstance, onRoute?: (method: string, url: string) => void): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) {
      if (m === 'HEAD' || m === 'OPTIONS') continue;
      const access = accessOf(m, route.url);
      if (access === undefined) throw new Error(`route ${routeKey(m, route.url)} is missing from the permission map (src/api/permissions.ts)`);
      onRoute?.(m, route.url);
      // The console's pages are not part of the API's document.
      if (!isApiRoute(route.url)) route.schema = { ...route.schema, hide: true };
      // Every API route answers errors in one shape (documented once, for the OpenAPI document).
      if (route.schema && route.url.startsWith('/api/')) route.schema.response = { ...(route.schema.response as object | undefined), '4XX': API_ERROR, '5XX': API_ERROR };
      if (access !== 'public' && route.schema) {
        route.schema.security = [{ bearerAuth: [] }, { sessionCookie: [] }];
        route.schema.description = `${route.schema.description ? `${route.schema.description}\n\n` : ''}Requires: ${access}.`;
      }
    }
  });
}

export async function startApi(ctx: AppContext): Promise<{ stop(): Promise<void>; url: string }> {
  const app = await buildApi(ctx);
  void ensureListing(ctx).catch((err: Error) => ctx.log.error({ err: err.message }, 'could not write the register listing rows'));
  const url = await app.listen({ host: ctx.cfg.api.host, port: ctx.cfg.api.port });
  ctx.log.info({ url, docs: `${url}/docs` }, 'api listening');
  return { url, stop: () => app.close() };
}
