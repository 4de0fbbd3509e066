// Mailboxes (which are watched, how each is doing) and the quarantine.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mailboxFields, type MailboxInput } from '../../ingest/mailboxes.js';
import type { Services } from '../../service/index.js';
import { flag, sendFile } from '../http.js';

const id = z.object({ id: z.string().min(1).max(200) });
const agencyQuery = z.strictObject({ agency: z.string().max(40).optional() });

export function adminRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/mailboxes', { schema: { tags: ['mailboxes'], summary: 'Watched mailboxes with their state (secrets never shown)', querystring: agencyQuery } }, async (req) => ({ mailboxes: await s.mailboxes.list(req.principal!, req.query.agency) }));
  r.post(
    '/api/v1/mailboxes',
    {
      bodyLimit: 64 * 1024,
      // Each field is checked here; the rules between fields (a password or a token, …) and the
      // host's addresses by the mailbox service, which names the field too.
      schema: {
        tags: ['mailboxes'],
        summary: 'Add (or with replace=1 replace) a mailbox',
        querystring: z.strictObject({ replace: flag.optional() }),
        body: mailboxFields.omit({ agencyName: true }).extend({ agencyCode: z.string().min(1).optional().describe('default: the agency whose address this is') }),
      },
    },
    async (req, reply) => reply.code(201).send(await s.mailboxes.add(req.principal!, req.body as unknown as MailboxInput, req.query.replace)),
  );
  r.get('/api/v1/mailboxes/:id', { schema: { tags: ['mailboxes'], params: id } }, async (req) => s.mailboxes.get(req.principal!, req.params.id));
  r.post('/api/v1/mailboxes/:id/test', { schema: { tags: ['mailboxes'], summary: 'Log in and report what the server can do', params: id } }, async (req) => s.mailboxes.test(req.principal!, req.params.id));
  r.delete('/api/v1/mailboxes/:id', { schema: { tags: ['mailboxes'], params: id } }, async (req, reply) => {
    await s.mailboxes.remove(req.principal!, req.params.id);
    return reply.code(204).send();
  });
  for (const [action, enabled] of [['pause', false], ['resume', true]] as const) {
    r.post(`/api/v1/mailboxes/:id/${action}`, { schema: { tags: ['mailboxes'], summary: enabled ? 'Watch a paused mailbox again' : 'Stop watching a mailbox for now (its settings are kept)', params: id } }, async (req) =>
      s.mailboxes.setEnabled(req.principal!, req.params.id, enabled),
    );
  }
  r.get('/api/v1/quarantine', { schema: { tags: ['quarantine'], summary: 'Documents held back and why', querystring: agencyQuery } }, async (req) => ({ quarantined: await s.quarantine.list(req.principal!, req.query.agency) }));
  r.post(
    '/api/v1/quarantine/:id/handover',
    { schema: { tags: ['quarantine'], summary: 'A secret document, once, as the original e-mail (message/rfc822) for the paper channel; then its bytes are wiped (Decision 36 Art. 6.4)', params: id } },
    async (req, reply) => {
      const h = await s.quarantine.handOver(req.principal!, req.params.id);
      reply.raw.once('finish', () => void s.quarantine.wipe(req.principal!, req.params.id).catch((err: Error) => req.log.error({ err: err.message }, 'wipe after handover failed')));
      return sendFile(reply, { filename: h.filename, contentType: h.contentType, bytes: h.bytes });
    },
  );
  r.post(
    '/api/v1/quarantine/:id/release',
    { bodyLimit: 16 * 1024, schema: { tags: ['quarantine'], summary: 'Send a document held as unreadable on to registration (409 for a secret one)', params: id, body: z.strictObject({ remark: z.string().max(2000).optional() }).nullish() } },
    async (req) => s.quarantine.release(req.principal!, req.params.id, { remark: req.body?.remark }),
  );
}
