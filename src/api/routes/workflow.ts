// The workflow after registration (trình, chuyển giao, theo dõi; src/workflow/): an agency's
// workflow settings, one document's handling (its state, units and timeline), what a clerk or a
// leader records by hand — an instruction, a ký nhận, the completion — and the follow-up run.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { workflowSchema } from '../../workflow/settings.js';
import type { Services } from '../../service/index.js';
import { positiveInt, yearParam } from '../http.js';

const entry = z.object({ agency: z.string().min(1).max(40), year: yearParam, number: positiveInt });
const code = z.object({ code: z.string().min(1).max(40) });
const assignment = z.strictObject({ code: z.string().min(1).max(16).transform((s) => s.toUpperCase()), role: z.enum(['lead', 'support', 'informed']) });
const instruction = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('assign'), units: z.array(assignment).min(1).max(50), deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().optional(), text: z.string().max(4000).optional() }),
  z.strictObject({ kind: z.literal('file'), text: z.string().max(4000).optional() }),
  z.strictObject({ kind: z.literal('text'), text: z.string().min(1).max(4000).describe('the leader’s words, read as a reply by e-mail would be') }),
]);

export function workflowRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/agencies/:code/workflow', { schema: { tags: ['workflow'], summary: 'The agency’s units and workflow settings (leaders, routing rules, schedule); its own people and administrators only', params: code } }, async (req) => {
    return s.agencies.workflowOf(req.principal!, req.params.code);
  });
  r.put('/api/v1/agencies/:code/workflow', { bodyLimit: 256 * 1024, schema: { tags: ['workflow'], summary: 'Set the agency’s workflow settings', params: code, body: workflowSchema } }, async (req) => {
    const a = await s.agencies.edit(req.principal!, req.params.code, { workflow: req.body });
    return { code: a.code, units: a.units, workflow: a.workflow };
  });
  r.get('/api/v1/incoming/:agency/:year/:number/handling', { schema: { tags: ['workflow'], summary: 'The document’s handling: state, units, deadline, timeline', params: entry } }, async (req) => ({
    handling: await s.workflow.get(req.principal!, req.params.agency, req.params.year, req.params.number),
  }));
  r.post('/api/v1/incoming/:agency/:year/:number/handling/instruction', { bodyLimit: 16 * 1024, schema: { tags: ['workflow'], summary: 'Record the leader’s instruction (given on paper, or correcting one the reader could not read)', params: entry, body: instruction } }, async (req) => ({
    handling: await s.workflow.instruct(req.principal!, req.params.agency, req.params.year, req.params.number, req.body),
  }));
  r.post('/api/v1/incoming/:agency/:year/:number/handling/sign', { bodyLimit: 4096, schema: { tags: ['workflow'], summary: 'Record a unit’s ký nhận', params: entry, body: z.strictObject({ unit: z.string().min(1).max(16), by: z.string().max(200).optional().describe('who signed, as written') }) } }, async (req) => ({
    handling: await s.workflow.sign(req.principal!, req.params.agency, req.params.year, req.params.number, req.body.unit, req.body.by),
  }));
  r.post('/api/v1/incoming/:agency/:year/:number/handling/complete', { bodyLimit: 8192, schema: { tags: ['workflow'], summary: 'Record that the work is done (for one unit, or for the document)', params: entry, body: z.strictObject({ unit: z.string().min(1).max(16).optional(), note: z.string().max(2000).optional() }) } }, async (req) => ({
    handling: await s.workflow.complete(req.principal!, req.params.agency, req.params.year, req.params.number, { unitCode: req.body.unit, note: req.body.note }),
  }));
  r.post('/api/v1/workflow/tick', { bodyLimit: 1024, schema: { tags: ['workflow'], summary: 'Run the follow-up (reminders, digests) now, or at a given instant', body: z.strictObject({ now: z.string().max(40).optional() }).optional() } }, async (req) =>
    s.workflow.tick(req.principal!, req.body?.now ? new Date(req.body.now) : undefined),
  );
}
