// /healthz (the process answers), /readyz (its dependencies and mailboxes), /metrics (Prometheus,
// this process's registry: src/runtime/metrics.ts).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../runtime/context.js';
import { readiness } from '../../runtime/health.js';
import { renderMetrics } from '../../runtime/metrics.js';

export function systemRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/healthz', { schema: { tags: ['system'], summary: 'The process is alive' } }, async () => ({ ok: true, instance: ctx.cfg.instanceId }));

  app.get('/readyz', { schema: { tags: ['system'], summary: 'MongoDB, Redis and the mailboxes (per-mailbox detail for an administrator)' } }, async (req, reply) => {
    const r = await readiness(ctx, req.principal?.role === 'admin');
    return reply.code(r.ready ? 200 : 503).send(r);
  });

  app.get('/metrics', { schema: { tags: ['system'], summary: 'Prometheus metrics' } }, async (_req, reply) => {
    const m = await renderMetrics({ queues: ctx.queues, models: ctx.models });
    return reply.header('content-type', m.contentType).send(m.body);
  });
}
