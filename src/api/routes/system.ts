// /healthz (the process answers), /readyz (its dependencies and mailboxes), /metrics (Prometheus).
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { AppContext } from '../../runtime/context.js';
import { readiness } from '../../runtime/health.js';

export function systemRoutes(app: FastifyInstance, ctx: AppContext): void {
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const queued = new Gauge({ name: 'vanthu_queue_jobs', help: 'jobs per queue and state', labelNames: ['queue', 'state'], registers: [metrics] });

  app.get('/healthz', { schema: { tags: ['system'], summary: 'The process is alive' } }, async () => ({ ok: true, instance: ctx.cfg.instanceId }));

  app.get('/readyz', { schema: { tags: ['system'], summary: 'MongoDB, Redis and the mailboxes (per-mailbox detail for an administrator)' } }, async (req, reply) => {
    const r = await readiness(ctx, req.principal?.role === 'admin');
    return reply.code(r.ready ? 200 : 503).send(r);
  });

  app.get('/metrics', { schema: { tags: ['system'], summary: 'Prometheus metrics' } }, async (_req, reply) => {
    for (const [name, q] of Object.entries({ ingest: ctx.queues.ingest, register: ctx.queues.register, ack: ctx.queues.ack, dispatch: ctx.queues.dispatch })) {
      const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed');
      for (const [state, n] of Object.entries(counts)) queued.set({ queue: name, state }, n);
    }
    reply.header('content-type', metrics.contentType);
    return metrics.metrics();
  });
}
