// The HTTP API (fastify): health, metrics, the register, what became of each message, and the
// outgoing documents' trails. Bearer-token protected when api.token is configured.
import Fastify, { type FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Registry, Gauge } from 'prom-client';
import type { AppContext } from '../runtime/context.js';
import { incomingRow, INCOMING_COLUMNS } from '../register/book.js';

export async function buildApi(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const queued = new Gauge({ name: 'vanthu_queue_jobs', help: 'jobs per queue and state', labelNames: ['queue', 'state'], registers: [metrics] });

  app.addHook('onRequest', async (req, reply) => {
    if (!ctx.cfg.api.token || req.url === '/health') return;
    if (req.headers.authorization !== `Bearer ${ctx.cfg.api.token}`) await reply.code(401).send({ error: 'missing or wrong bearer token' });
  });

  app.get('/health', async () => ({ ok: true, instance: ctx.cfg.instanceId }));
  app.get('/metrics', async (_req, reply) => {
    for (const [name, q] of Object.entries({ ingest: ctx.queues.ingest, register: ctx.queues.register, ack: ctx.queues.ack, dispatch: ctx.queues.dispatch })) {
      const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed');
      for (const [state, n] of Object.entries(counts)) queued.set({ queue: name, state }, n);
    }
    reply.header('content-type', metrics.contentType);
    return metrics.metrics();
  });
  app.get<{ Params: { agency: string; year: string } }>('/register/:agency/:year', async (req) => {
    const entries = await ctx.models.Incoming.find({ agencyCode: req.params.agency, year: Number(req.params.year) }, { signatures: 0 }).sort({ arrivalNumber: 1 }).lean();
    return { columns: INCOMING_COLUMNS, rows: entries.map((e) => incomingRow(e as never)), entries };
  });
  app.get<{ Querystring: { mailbox?: string; from?: string; to?: string } }>('/messages', async (req) => {
    const filter: Record<string, unknown> = {};
    if (req.query.mailbox) filter.mailboxId = req.query.mailbox;
    if (req.query.from || req.query.to) filter.internalDate = { ...(req.query.from ? { $gte: new Date(req.query.from) } : {}), ...(req.query.to ? { $lte: new Date(req.query.to) } : {}) };
    return { messages: await ctx.models.Message.find(filter, { analysis: 0 }).sort({ internalDate: 1 }).limit(500).lean() };
  });
  app.get('/quarantine', async () => ({ quarantined: await ctx.models.Quarantine.find().lean() }));
  app.get('/unmatched', async () => ({ unmatched: await ctx.models.Unmatched.find().lean() }));
  return app;
}

export async function startApi(ctx: AppContext): Promise<{ stop(): Promise<void>; url: string }> {
  const app = await buildApi(ctx);
  const url = await app.listen({ host: ctx.cfg.api.host, port: ctx.cfg.api.port });
  ctx.log.info({ url }, 'api listening');
  return { url, stop: () => app.close() };
}
