// HTTP routes of the incoming register: the book of a year, one entry's Art. 11.4b record, a
// clerk's edit, and a paper document into the same sequence (Decree 30 Art. 22.2).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../runtime/context.js';
import { incomingRow, INCOMING_COLUMNS } from '../register/book.js';
import { addPaperEntry, paperMetadata, PaperInputError } from '../register/paper.js';
import { editEntry, EditError } from '../register/edit.js';
import { entryRecord } from '../register/record.js';
import { parseInstant } from '../calendar/index.js';

const paperBody = z.strictObject({
  arrival: z.string().min(1),
  organName: z.string().optional(),
  code: z.string().regex(/^\d+\/\S+$/, 'must look like 12/UBND-VX').optional(),
  issuedDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').optional(),
  typeName: z.string().optional(),
  subject: z.string().optional(),
  recipientUnit: z.string().optional(),
  note: z.string().optional(),
});

const editBody = z.strictObject({ field: z.string().min(1), value: z.string(), by: z.string().min(1).optional() });

type EntryParams = { agency: string; year: string; number: string };

function badBody(reply: FastifyReply, error: z.ZodError): FastifyReply {
  const i = error.issues[0]!;
  return reply.code(400).send({ error: `${i.path.join('.') || 'body'}: ${i.message}` });
}

function entryKey(p: EntryParams): { agencyCode: string; year: number; arrivalNumber: number } | null {
  if (!/^\d{4}$/.test(p.year) || !/^\d+$/.test(p.number)) return null;
  return { agencyCode: p.agency, year: Number(p.year), arrivalNumber: Number(p.number) };
}

export function registerRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { agency: string; year: string } }>('/register/:agency/:year', async (req) => {
    const entries = await ctx.models.Incoming.find({ agencyCode: req.params.agency, year: Number(req.params.year) }, { signatures: 0 }).sort({ arrivalNumber: 1 }).lean();
    return { columns: INCOMING_COLUMNS, rows: entries.map((e) => incomingRow(e as never)), entries };
  });

  app.get<{ Params: EntryParams }>('/register/:agency/:year/:number', async (req, reply) => {
    const key = entryKey(req.params);
    if (!key) return reply.code(400).send({ error: 'year must be YYYY and number a whole number' });
    const e = await ctx.models.Incoming.findOne(key).lean();
    if (!e) return reply.code(404).send({ error: `no entry number ${key.arrivalNumber} in the ${key.year} register of ${key.agencyCode}` });
    return { record: entryRecord(e as never), edits: e.edits };
  });

  app.patch<{ Params: EntryParams }>('/register/:agency/:year/:number', async (req, reply) => {
    const key = entryKey(req.params);
    if (!key) return reply.code(400).send({ error: 'year must be YYYY and number a whole number' });
    const parsed = editBody.safeParse(req.body);
    if (!parsed.success) return badBody(reply, parsed.error);
    try {
      return await editEntry(ctx, key.agencyCode, key.year, key.arrivalNumber, parsed.data.field, parsed.data.value, parsed.data.by);
    } catch (err) {
      if (err instanceof EditError) return reply.code(/^no entry/.test(err.message) ? 404 : 422).send({ error: err.message });
      throw err;
    }
  });

  app.post<{ Params: { agency: string } }>('/register/:agency/paper', async (req, reply) => {
    const parsed = paperBody.safeParse(req.body);
    if (!parsed.success) return badBody(reply, parsed.error);
    const b = parsed.data;
    let arrival: Date;
    try {
      arrival = parseInstant(b.arrival);
    } catch (err) {
      return reply.code(400).send({ error: `arrival: ${(err as Error).message}` });
    }
    try {
      const r = await addPaperEntry(ctx, {
        agencyCode: req.params.agency,
        arrival,
        metadata: paperMetadata(b),
        recipientUnit: b.recipientUnit,
        note: b.note,
      });
      return reply.code(201).send(r);
    } catch (err) {
      if (err instanceof PaperInputError) return reply.code(422).send({ error: err.message });
      throw err;
    }
  });
}
