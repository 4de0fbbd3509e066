// Every route of the HTTP server and who may call it, in one map (EmailEngine's pattern): the
// server refuses to start when a route is missing here, and a test fails when a route and the map
// disagree. `public`: no credential; `authenticated`: any person (the service decides the rest,
// e.g. one's own tokens); otherwise the permission the person's role must have. Agency scoping
// (a clerk of one agency never sees another's) is applied by the service layer on every call.
import type { Permission } from '../access/roles.js';

export type RouteAccess = 'public' | 'authenticated' | Permission;

export const API_PREFIX = '/api/v1';
const A = API_PREFIX;

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  // System
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /metrics': 'system:read',
  // OpenAPI document and its viewer (@fastify/swagger-ui)
  'GET /docs': 'public',
  'GET /docs/json': 'public',
  'GET /docs/yaml': 'public',
  'GET /docs/static/*': 'public',
  'GET /docs/static/index.html': 'public',
  'GET /docs/static/swagger-initializer.js': 'public',
  // Sessions
  [`POST ${A}/session`]: 'public',
  [`GET ${A}/session`]: 'authenticated',
  [`DELETE ${A}/session`]: 'authenticated',
  // Agency directory
  [`GET ${A}/agencies`]: 'agencies:read',
  [`POST ${A}/agencies`]: 'agencies:write',
  [`POST ${A}/agencies/import`]: 'agencies:write',
  [`GET ${A}/agencies/:code`]: 'agencies:read',
  [`PATCH ${A}/agencies/:code`]: 'agencies:write',
  // People and tokens
  [`GET ${A}/users`]: 'users:read',
  [`POST ${A}/users`]: 'users:write',
  [`GET ${A}/users/:login`]: 'authenticated',
  [`PATCH ${A}/users/:login`]: 'users:write',
  [`PUT ${A}/users/:login/password`]: 'authenticated',
  [`GET ${A}/tokens`]: 'authenticated',
  [`POST ${A}/tokens`]: 'tokens:write',
  [`DELETE ${A}/tokens/:id`]: 'authenticated',
  // Incoming register
  [`GET ${A}/incoming`]: 'register:read',
  [`GET ${A}/incoming/:agency/:year/book`]: 'register:read',
  [`POST ${A}/incoming/:agency/paper`]: 'register:write',
  [`GET ${A}/incoming/:agency/:year/:number`]: 'register:read',
  [`PATCH ${A}/incoming/:agency/:year/:number`]: 'register:write',
  [`GET ${A}/incoming/:agency/:year/:number/original`]: 'register:read',
  [`GET ${A}/incoming/:agency/:year/:number/files/:index`]: 'register:read',
  // Workflow after registration (trình, chuyển giao, theo dõi)
  [`GET ${A}/agencies/:code/workflow`]: 'agencies:read',
  [`PUT ${A}/agencies/:code/workflow`]: 'agencies:write',
  [`GET ${A}/incoming/:agency/:year/:number/handling`]: 'register:read',
  [`POST ${A}/incoming/:agency/:year/:number/handling/instruction`]: 'workflow:write',
  [`POST ${A}/incoming/:agency/:year/:number/handling/sign`]: 'workflow:write',
  [`POST ${A}/incoming/:agency/:year/:number/handling/complete`]: 'workflow:write',
  [`POST ${A}/workflow/tick`]: 'system:write',
  // Received messages
  [`GET ${A}/messages`]: 'messages:read',
  [`GET ${A}/messages/:key`]: 'messages:read',
  // Outgoing documents
  [`GET ${A}/outgoing`]: 'outgoing:read',
  [`POST ${A}/outgoing`]: 'outgoing:send',
  [`GET ${A}/outgoing/book/:agency/:year`]: 'outgoing:read',
  [`GET ${A}/outgoing/:id`]: 'outgoing:read',
  [`GET ${A}/outgoing/:id/files/:index`]: 'outgoing:read',
  [`GET ${A}/unmatched`]: 'outgoing:read',
  // Quarantine
  [`GET ${A}/quarantine`]: 'quarantine:read',
  [`POST ${A}/quarantine/:id/release`]: 'quarantine:release',
  [`POST ${A}/quarantine/:id/handover`]: 'quarantine:release',
  // Reports and the handover package
  [`GET ${A}/reports/:agency/:year/:half`]: 'register:read',
  [`GET ${A}/incoming/:agency/:year/archive`]: 'register:write',
  // Mailboxes
  [`GET ${A}/mailboxes`]: 'mailboxes:read',
  [`POST ${A}/mailboxes`]: 'mailboxes:write',
  [`GET ${A}/mailboxes/:id`]: 'mailboxes:read',
  [`POST ${A}/mailboxes/:id/test`]: 'mailboxes:write',
  [`DELETE ${A}/mailboxes/:id`]: 'mailboxes:write',
  [`POST ${A}/mailboxes/:id/pause`]: 'mailboxes:write',
  [`POST ${A}/mailboxes/:id/resume`]: 'mailboxes:write',
  // Audit log
  [`GET ${A}/audit`]: 'audit:read',

  // The web console (src/console): pages under the same permissions as the API they show.
  'GET /static/:file': 'public',
  'GET /login': 'public',
  // The one-click ký nhận: the tagged link is the proof (src/workflow/sign-link.ts).
  'GET /ky-nhan/:token': 'public',
  'POST /ky-nhan/:token': 'public',
  'POST /login': 'public',
  'POST /logout': 'authenticated',
  'GET /': 'authenticated',
  'GET /incoming': 'register:read',
  'GET /incoming/paper': 'register:write',
  'POST /incoming/paper': 'register:write',
  'GET /incoming/:agency/:year/:number': 'register:read',
  'POST /incoming/:agency/:year/:number/edit': 'register:write',
  'GET /incoming/:agency/:year/:number/original': 'register:read',
  'GET /incoming/:agency/:year/:number/files/:index': 'register:read',
  'POST /incoming/:agency/:year/:number/handling/instruction': 'workflow:write',
  'POST /incoming/:agency/:year/:number/handling/sign': 'workflow:write',
  'POST /incoming/:agency/:year/:number/handling/complete': 'workflow:write',
  'GET /follow-up': 'register:read',
  'GET /outgoing': 'outgoing:read',
  'GET /outgoing/new': 'outgoing:send',
  'POST /outgoing/new': 'outgoing:send',
  'GET /outgoing/:id': 'outgoing:read',
  'GET /outgoing/:id/files/:index': 'outgoing:read',
  'GET /quarantine': 'quarantine:read',
  'POST /quarantine/:id/release': 'quarantine:release',
  'POST /quarantine/:id/handover': 'quarantine:release',
  'GET /books': 'register:read',
  'GET /books/:book/:agency/:year/print': 'register:read',
  'GET /books/:book/:agency/:year/export': 'register:read',
  'GET /books/report/:agency/:year/:half': 'register:read',
  'GET /books/archive/:agency/:year': 'register:write',
  'GET /admin': 'authenticated',
  'GET /admin/agencies': 'agencies:read',
  'POST /admin/agencies': 'agencies:write',
  'GET /admin/agencies/:code': 'agencies:read',
  'POST /admin/agencies/:code': 'agencies:write',
  'POST /admin/agencies/:code/workflow': 'agencies:write',
  'GET /admin/users': 'users:read',
  'POST /admin/users': 'users:write',
  'POST /admin/users/:login': 'users:write',
  'GET /admin/tokens': 'tokens:write',
  'POST /admin/tokens': 'tokens:write',
  'POST /admin/tokens/:id/revoke': 'tokens:write',
  'GET /admin/mailboxes': 'mailboxes:read',
  'POST /admin/mailboxes': 'mailboxes:write',
  'POST /admin/mailboxes/:id/test': 'mailboxes:write',
  'POST /admin/mailboxes/:id/remove': 'mailboxes:write',
  'POST /admin/mailboxes/:id/pause': 'mailboxes:write',
  'POST /admin/mailboxes/:id/resume': 'mailboxes:write',
  'GET /admin/calendar': 'system:write',
  'POST /admin/calendar': 'system:write',
  'GET /admin/trust': 'system:read',
  'POST /admin/trust': 'system:write',
};

/** True for the API and the system endpoints; false for the console's pages (src/console). */
export function isApiRoute(url: string): boolean {
  return url.startsWith(`${API_PREFIX}/`) || url === API_PREFIX || ['/healthz', '/readyz', '/metrics'].includes(url) || url.startsWith('/docs');
}

/** The map's key of a route: `METHOD /path/:param`. */
export function routeKey(method: string, url: string): string {
  return `${method.toUpperCase()} ${url}`;
}

export function accessOf(method: string, url: string | undefined): RouteAccess | undefined {
  if (!url) return undefined;
  // HEAD is answered by the GET route (fastify adds it).
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method;
  return ROUTE_ACCESS[routeKey(m, url)];
}
