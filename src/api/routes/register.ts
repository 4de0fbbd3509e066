// The incoming register (sổ đăng ký văn bản đến): the searchable list, the year's book (JSON, CSV,
// XLSX), one entry's Art. 11.4b record with its edits and audit trail, a clerk's edit, a paper
// document into the same sequence, and the original e-mail and its documents.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseInstant } from '../../calendar/index.js';
import { invalid } from '../../errors.js';
import { ENTRY_STATES, REGISTER_SORTS, URGENCIES } from '../../register/service.js';
import type { Services } from '../../service/index.js';
import { flag, isoDate, limitParam, positiveInt, sendFile, yearParam } from '../http.js';

const entry = z.object({ agency: z.string().min(1).max(40), year: yearParam, number: positiveInt });

export function registerRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/incoming',
    {
      schema: {
        tags: ['incoming'],
        summary: 'The incoming register: filters, search without diacritics, cursor paging',
        querystring: z.strictObject({
          agency: z.string().max(40).optional().describe('agency code (administrators; others see their own)'),
          year: yearParam.optional(),
          from: isoDate.optional().describe('receipt date from (YYYY-MM-DD)'),
          to: isoDate.optional().describe('receipt date to, inclusive'),
          organ: z.string().max(200).optional(),
          type: z.string().max(100).optional(),
          urgency: z.enum(URGENCIES).optional(),
          state: z.enum(ENTRY_STATES).optional(),
          q: z.string().max(200).optional().describe('number/notation, organ, subject, sender — diacritics optional'),
          number: positiveInt.optional().describe('số đến'),
          sort: z.enum(REGISTER_SORTS).optional(),
          limit: limitParam,
          cursor: z.string().max(500).optional(),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      return s.register.list(req.principal!, { ...q, agencyCode: q.agency });
    },
  );
  r.get(
    '/api/v1/incoming/:agency/:year/book',
    { schema: { tags: ['incoming'], summary: 'The year’s book with the Decree 30 columns', params: z.object({ agency: z.string().min(1).max(40), year: yearParam }), querystring: z.strictObject({ format: z.enum(['json', 'csv', 'xlsx']).default('json') }) } },
    async (req, reply) => {
      if (req.query.format === 'json') return s.register.book(req.principal!, req.params.agency, req.params.year);
      return sendFile(reply, await s.register.exportBook(req.principal!, req.params.agency, req.params.year, req.query.format));
    },
  );
  r.get(
    '/api/v1/incoming/:agency/:year/archive',
    { schema: { tags: ['incoming'], summary: 'The year’s handover package (nộp lưu) as a zip: books, original e-mails, sent files, SHA-256 manifest', params: z.object({ agency: z.string().min(1).max(40), year: yearParam }) } },
    async (req, reply) => sendFile(reply, await s.register.archiveZip(req.principal!, req.params.agency, req.params.year)),
  );
  r.get(
    '/api/v1/reports/:agency/:year/:half',
    {
      schema: {
        tags: ['incoming'],
        summary: 'The six-monthly report on electronic documents (Decision 36 Art. 14.1e)',
        params: z.object({ agency: z.string().min(1).max(40), year: yearParam, half: z.coerce.number().int().min(1).max(2) }),
        querystring: z.strictObject({ format: z.enum(['json', 'xlsx']).default('json') }),
      },
    },
    async (req, reply) => {
      if (req.query.format === 'xlsx') return sendFile(reply, await s.reports.halfYearXlsx(req.principal!, req.params.agency, req.params.year, req.params.half));
      return s.reports.halfYear(req.principal!, req.params.agency, req.params.year, req.params.half);
    },
  );
  r.post(
    '/api/v1/incoming/:agency/paper',
    {
      bodyLimit: 64 * 1024,
      schema: {
        tags: ['incoming'],
        summary: 'A paper document into the same sequence (Decree 30 Art. 22.2)',
        params: z.object({ agency: z.string().min(1).max(40) }),
        body: z.strictObject({
          arrival: z.string().min(1).describe('ISO-8601 instant with time zone'),
          organName: z.string().max(500).optional(),
          code: z.string().regex(/^\d+\/\S+$/, 'must look like 12/UBND-VX').optional(),
          issuedDate: isoDate.optional(),
          typeName: z.string().max(100).optional(),
          subject: z.string().max(2000).optional(),
          recipientUnit: z.string().max(500).optional(),
          note: z.string().max(2000).optional(),
        }),
      },
    },
    async (req, reply) => {
      let arrival: Date;
      try {
        arrival = parseInstant(req.body.arrival);
      } catch (err) {
        throw invalid('arrival', (err as Error).message);
      }
      return reply.code(201).send(await s.register.addPaper(req.principal!, req.params.agency, { ...req.body, arrival }));
    },
  );
  r.get('/api/v1/incoming/:agency/:year/:number', { schema: { tags: ['incoming'], summary: 'One entry: every Art. 11.4b field and its source, edits, audit, signatures, acknowledgement', params: entry } }, async (req) =>
    s.register.get(req.principal!, req.params.agency, req.params.year, req.params.number),
  );
  r.patch(
    '/api/v1/incoming/:agency/:year/:number',
    { bodyLimit: 16 * 1024, schema: { tags: ['incoming'], summary: 'A clerk’s correction or addition of one field', params: entry, body: z.strictObject({ field: z.string().min(1).max(60), value: z.string().max(4000) }) } },
    async (req) => s.register.edit(req.principal!, req.params.agency, req.params.year, req.params.number, req.body.field, req.body.value),
  );
  r.get('/api/v1/incoming/:agency/:year/:number/original', { schema: { tags: ['incoming'], summary: 'The e-mail as received (message/rfc822)', params: entry } }, async (req, reply) =>
    sendFile(reply, await s.register.original(req.principal!, req.params.agency, req.params.year, req.params.number)),
  );
  r.get(
    '/api/v1/incoming/:agency/:year/:number/files/:index',
    { schema: { tags: ['incoming'], summary: 'One document of the e-mail, unchanged (inline=1 shows a PDF in the browser)', params: entry.extend({ index: z.coerce.number().int().min(0) }), querystring: z.strictObject({ inline: flag.optional() }) } },
    async (req, reply) => sendFile(reply, await s.register.file(req.principal!, req.params.agency, req.params.year, req.params.number, req.params.index), req.query.inline),
  );
}
