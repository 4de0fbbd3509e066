// The agency directory, people and their API tokens.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { agencyInput, agencyPatch } from '../../agency/agency.js';
import { userInput, userPatch } from '../../access/users.js';
import type { Services } from '../../service/index.js';
import { flag } from '../http.js';

const code = z.object({ code: z.string().min(1).max(40) });
const login = z.object({ login: z.string().min(1).max(63) });

export function directoryRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Agencies
  r.get('/api/v1/agencies', { schema: { tags: ['agencies'], summary: 'The agency directory' } }, async (req) => ({ agencies: await s.agencies.list(req.principal!) }));
  r.get('/api/v1/agencies/:code', { schema: { tags: ['agencies'], params: code } }, async (req) => s.agencies.get(req.principal!, req.params.code));
  r.post('/api/v1/agencies', { bodyLimit: 64 * 1024, schema: { tags: ['agencies'], summary: 'Add an agency', body: agencyInput } }, async (req, reply) => reply.code(201).send(await s.agencies.add(req.principal!, req.body)));
  r.patch('/api/v1/agencies/:code', { bodyLimit: 64 * 1024, schema: { tags: ['agencies'], summary: 'Change an agency', params: code, body: agencyPatch } }, async (req) =>
    s.agencies.edit(req.principal!, req.params.code, req.body),
  );
  r.post(
    '/api/v1/agencies/import',
    {
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: ['agencies'],
        summary: 'Import a directory from CSV (text/csv body); nothing is written when a row has a problem',
        querystring: z.strictObject({ dryRun: flag.optional() }),
        consumes: ['text/csv'],
        body: z.string().describe('the CSV file: a header line, then one agency per line (UTF-8; comma or semicolon)'),
      },
    },
    async (req, reply) => {
      const result = await s.agencies.import(req.principal!, typeof req.body === 'string' ? req.body : '', { dryRun: req.query.dryRun });
      return reply.code(result.problems.length ? 422 : 200).send(result.problems.length ? { ...result, code: 'REFUSED', error: `${result.problems.length} problem(s); nothing was imported` } : result);
    },
  );
  // People
  r.get('/api/v1/users', { schema: { tags: ['users'], querystring: z.strictObject({ agency: z.string().optional() }) } }, async (req) => ({ users: await s.users.list(req.principal!, { agencyCode: req.query.agency }) }));
  r.post('/api/v1/users', { bodyLimit: 16 * 1024, schema: { tags: ['users'], summary: 'Add a person', body: userInput } }, async (req, reply) => reply.code(201).send(await s.users.add(req.principal!, req.body)));
  r.get('/api/v1/users/:login', { schema: { tags: ['users'], params: login } }, async (req) => s.users.get(req.principal!, req.params.login));
  r.patch('/api/v1/users/:login', { bodyLimit: 16 * 1024, schema: { tags: ['users'], params: login, body: userPatch } }, async (req) => s.users.edit(req.principal!, req.params.login, req.body));
  r.put('/api/v1/users/:login/password', { bodyLimit: 4096, schema: { tags: ['users'], summary: "Set a password (one's own, or anyone's as administrator)", params: login, body: z.strictObject({ password: z.string().min(1).max(256), currentPassword: z.string().max(256).optional().describe('required when changing one’s own password') }) } }, async (req, reply) => {
    await s.users.setPassword(req.principal!, req.params.login, req.body.password, req.body.currentPassword);
    return reply.code(204).send();
  });
  // Tokens
  r.get('/api/v1/tokens', { schema: { tags: ['tokens'], querystring: z.strictObject({ login: z.string().optional() }) } }, async (req) => ({ tokens: await s.tokens.list(req.principal!, req.query.login) }));
  r.post(
    '/api/v1/tokens',
    {
      bodyLimit: 4096,
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token (the token is shown once)',
        body: z.strictObject({ login: z.string().optional(), label: z.string().max(200).optional(), days: z.number().int().nullable().optional() }),
      },
    },
    async (req, reply) => reply.code(201).send(await s.tokens.create(req.principal!, req.body.login ?? req.principal!.login, { label: req.body.label, days: req.body.days })),
  );
  r.delete('/api/v1/tokens/:id', { schema: { tags: ['tokens'], params: z.object({ id: z.string().min(1).max(40) }) } }, async (req) => s.tokens.revoke(req.principal!, req.params.id));
}
