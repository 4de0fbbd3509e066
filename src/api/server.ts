// The HTTP API (fastify): health, metrics, the register, what became of each message, the
// outgoing documents' trails, and mailbox administration (./mailboxes.ts). Bearer-token protected when api.token is configured.
import Fastify, { type FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Registry, Gauge } from 'prom-client';
import type { AppContext } from '../runtime/context.js';
import { z } from 'zod';
import { sendDocument } from '../dispatch/send.js';
import { getStatus } from '../dispatch/status.js';
import { mailboxRoutes } from './mailboxes.js';
import { registerRoutes } from './register.js';
import { listQuarantine, QuarantineError, releaseFromQuarantine } from '../register/quarantine.js';

/** POST /documents: files travel base64-encoded in JSON (no multipart parser needed). */
const sendBody = z.strictObject({
  from: z.string().min(1),
  to: z.array(z.string().min(3)).min(1),
  files: z.array(z.strictObject({ filename: z.string().min(1), contentBase64: z.string().min(1) })).min(1),
  number: z.number().int().positive().optional(),
  subject: z.string().optional(),
  requestedBy: z.string().optional(),
});

export async function buildApi(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const queued = new Gauge({ name: 'vanthu_queue_jobs', help: 'jobs per queue and state', labelNames: ['queue', 'state'], registers: [metrics] });


  app.get('/health', async () => ({ ok: true, instance: ctx.cfg.instanceId }));
  app.get('/metrics', async (_req, reply) => {
    for (const [name, q] of Object.entries({ ingest: ctx.queues.ingest, register: ctx.queues.register, ack: ctx.queues.ack, dispatch: ctx.queues.dispatch })) {
      const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed');
      for (const [state, n] of Object.entries(counts)) queued.set({ queue: name, state }, n);
    }
    reply.header('content-type', metrics.contentType);
    return metrics.metrics();
  });
  app.get<{ Querystring: { mailbox?: string; from?: string; to?: string } }>('/messages', async (req) => {
    const filter: Record<string, unknown> = {};
    if (req.query.mailbox) filter.mailboxId = req.query.mailbox;
    if (req.query.from || req.query.to) filter.internalDate = { ...(req.query.from ? { $gte: new Date(req.query.from) } : {}), ...(req.query.to ? { $lte: new Date(req.query.to) } : {}) };
    return { messages: await ctx.models.Message.find(filter, { analysis: 0 }).sort({ internalDate: 1 }).limit(500).lean() };
  });
  app.post('/documents', { bodyLimit: 64 * 1024 * 1024 }, async (req, reply) => {
    const parsed = sendBody.safeParse(req.body);
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      return reply.code(400).send({ error: `${i.path.join('.') || 'body'}: ${i.message}` });
    }
    const b = parsed.data;
    const result = await sendDocument(ctx, {
      from: b.from,
      to: b.to,
      files: b.files.map((f) => ({ filename: f.filename, content: Buffer.from(f.contentBase64, 'base64') })),
      number: b.number,
      subject: b.subject,
      source: 'api',
      requestedBy: b.requestedBy,
    });
    return reply.code(result.ok ? 202 : 422).send(result);
  });
  app.get<{ Params: { id: string } }>('/documents/:id', async (req, reply) => {
    const status = await getStatus(ctx, req.params.id);
    return status ?? reply.code(404).send({ error: `no outgoing document ${req.params.id}` });
  });
  registerRoutes(app, ctx);
  mailboxRoutes(app, ctx);
  app.get('/quarantine', async () => ({ quarantined: await listQuarantine(ctx) }));
  app.post<{ Params: { id: string }; Body: { by?: string; remark?: string } }>('/quarantine/:id/release', async (req, reply) => {
    const by = typeof req.body?.by === 'string' && req.body.by.trim() ? req.body.by.trim() : null;
    if (!by) return reply.code(400).send({ error: 'by: who looked at the document is required' });
    try {
      return await releaseFromQuarantine(ctx, req.params.id, by, typeof req.body.remark === 'string' ? req.body.remark : undefined);
    } catch (err) {
      if (err instanceof QuarantineError) return reply.code(409).send({ error: err.message });
      throw err;
    }
  });
  app.get('/unmatched', async () => ({ unmatched: await ctx.models.Unmatched.find().lean() }));
  return app;
}

export async function startApi(ctx: AppContext): Promise<{ stop(): Promise<void>; url: string }> {
  const app = await buildApi(ctx);
  const url = await app.listen({ host: ctx.cfg.api.host, port: ctx.cfg.api.port });
  ctx.log.info({ url }, 'api listening');
  return { url, stop: () => app.close() };
}
