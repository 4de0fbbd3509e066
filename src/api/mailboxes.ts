// Mailbox administration over HTTP, the same operations as `vanthu mailbox add|list|test|remove`:
// an administration page or a provisioning script configures a thousand mailboxes without a shell.
// Secrets go in (sealed at once) and never come back out.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../runtime/context.js';
import { addMailbox, listMailboxes, removeMailbox, testMailbox, type MailboxInput } from '../ingest/mailboxes.js';

export function mailboxRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/mailboxes', async () => ({ mailboxes: await listMailboxes(ctx.models) }));

  app.post<{ Querystring: { replace?: string } }>('/mailboxes', async (req, reply) => {
    const replace = req.query.replace === '1' || req.query.replace === 'true';
    try {
      const id = await addMailbox(ctx.models, ctx.secrets, (req.body ?? {}) as MailboxInput, replace);
      return reply.code(201).send({ id, added: true });
    } catch (err) {
      const message = (err as Error).message;
      // Validation names the field ("mailbox port …"); a taken name is a conflict.
      return reply.code(/already exists/.test(message) ? 409 : 400).send({ error: message });
    }
  });

  app.post<{ Params: { id: string } }>('/mailboxes/:id/test', async (req, reply) => {
    try {
      return await testMailbox(ctx.models, ctx.secrets, req.params.id);
    } catch (err) {
      return reply.code(404).send({ error: (err as Error).message });
    }
  });

  app.delete<{ Params: { id: string } }>('/mailboxes/:id', async (req, reply) => {
    if (!(await removeMailbox(ctx.models, req.params.id))) return reply.code(404).send({ error: `no mailbox named "${req.params.id}"` });
    return reply.code(204).send();
  });
}
