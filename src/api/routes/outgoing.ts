// Outgoing documents (sổ văn bản đi): list, send, one document's trail, its files, the year's book,
// and receipts that matched nothing.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OUTGOING_STATES } from '../../dispatch/service.js';
import type { Services } from '../../service/index.js';
import { limitParam, sendFile, yearParam } from '../http.js';

const sendBody = z.strictObject({
  from: z.string().min(1).max(320).describe('the sending agency’s code or mailbox address'),
  to: z.array(z.string().min(3).max(320)).min(1).max(500),
  files: z.array(z.strictObject({ filename: z.string().min(1).max(255), contentBase64: z.string().min(1) })).min(1).max(20),
  number: z.number().int().positive().optional().describe('the clerk’s outgoing number; otherwise the next one'),
  subject: z.string().max(1000).optional(),
});

export function outgoingRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/outgoing',
    {
      schema: {
        tags: ['outgoing'],
        summary: 'Outgoing documents, newest number first',
        querystring: z.strictObject({ agency: z.string().max(40).optional(), year: yearParam.optional(), state: z.enum(OUTGOING_STATES).optional(), q: z.string().max(200).optional(), limit: limitParam, cursor: z.string().max(500).optional() }),
      },
    },
    async (req) => s.outgoing.list(req.principal!, { ...req.query, agencyCode: req.query.agency }),
  );
  r.post('/api/v1/outgoing', { bodyLimit: 64 * 1024 * 1024, schema: { tags: ['outgoing'], summary: 'Send a document: 202 with its number, or 422 with the policy’s reasons', body: sendBody } }, async (req, reply) => {
    const b = req.body;
    const result = await s.outgoing.send(req.principal!, { from: b.from, to: b.to, files: b.files.map((f) => ({ filename: f.filename, content: Buffer.from(f.contentBase64, 'base64') })), number: b.number, subject: b.subject });
    return reply.code(result.ok ? 202 : 422).send(result.ok ? result : { ...result, code: 'REFUSED', error: result.reasons.map((r) => r.en).join('; ') });
  });
  r.get('/api/v1/outgoing/book/:agency/:year', { schema: { tags: ['outgoing'], summary: 'The year’s outgoing book', params: z.object({ agency: z.string().min(1).max(40), year: yearParam }), querystring: z.strictObject({ format: z.enum(['json', 'csv', 'xlsx']).default('json') }) } }, async (req, reply) => {
    if (req.query.format === 'json') return s.outgoing.book(req.principal!, req.params.agency, req.params.year);
    return sendFile(reply, await s.outgoing.exportBook(req.principal!, req.params.agency, req.params.year, req.query.format));
  });
  r.get('/api/v1/outgoing/:id', { schema: { tags: ['outgoing'], summary: 'The trail per recipient (accepted, delivered, read, registered, failed)', params: z.object({ id: z.string().min(1).max(100) }) } }, async (req) => s.outgoing.get(req.principal!, req.params.id));
  r.get('/api/v1/outgoing/:id/files/:index', { schema: { tags: ['outgoing'], params: z.object({ id: z.string().min(1).max(100), index: z.coerce.number().int().min(0) }) } }, async (req, reply) =>
    sendFile(reply, await s.outgoing.file(req.principal!, req.params.id, req.params.index)),
  );
  r.get('/api/v1/unmatched', { schema: { tags: ['outgoing'], summary: 'Receipts that matched no outgoing document', querystring: z.strictObject({ agency: z.string().max(40).optional() }) } }, async (req) => ({
    unmatched: await s.outgoing.unmatched(req.principal!, req.query.agency),
  }));
}
