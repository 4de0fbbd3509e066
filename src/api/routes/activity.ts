// What became of each received message, and the audit log (who did what).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MESSAGE_STATES } from '../../ingest/messages-service.js';
import type { Services } from '../../service/index.js';
import { instant, limitParam } from '../http.js';

export function activityRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/messages',
    {
      schema: {
        tags: ['messages'],
        summary: 'Received messages and their stages, newest first',
        querystring: z.strictObject({
          agency: z.string().max(40).optional(),
          mailbox: z.string().max(63).optional(),
          state: z.enum(MESSAGE_STATES).optional(),
          sender: z.string().max(320).optional(),
          since: instant.optional(),
          until: instant.optional(),
          limit: limitParam,
          cursor: z.string().max(500).optional(),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      return s.messages.list(req.principal!, { agencyCode: q.agency, mailboxId: q.mailbox, state: q.state, sender: q.sender, since: q.since, until: q.until, limit: q.limit, cursor: q.cursor });
    },
  );
  r.get('/api/v1/messages/:key', { schema: { tags: ['messages'], summary: 'One message with its stages and analysis', params: z.object({ key: z.string().min(1).max(200) }) } }, async (req) => s.messages.get(req.principal!, req.params.key));
  r.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Who did what, newest first',
        querystring: z.strictObject({
          agency: z.string().max(40).optional(),
          target: z.string().max(200).optional().describe('e.g. incoming/000.00.15.H41/2026/12'),
          targetPrefix: z.string().max(200).optional(),
          action: z.string().max(60).optional(),
          actor: z.string().max(80).optional(),
          limit: limitParam,
          cursor: z.string().max(500).optional(),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      return s.audit.list(req.principal!, { agencyCode: q.agency, target: q.target, targetPrefix: q.targetPrefix, action: q.action, actor: q.actor, limit: q.limit, cursor: q.cursor });
    },
  );
}
