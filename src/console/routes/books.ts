// Books and reports: either register book as a print view (A4 landscape, Decree 30 columns, the
// header repeated on each page) or as XLSX/CSV, the year's handover package, and the six-monthly
// report on electronic documents (Decision 36 Art. 14.1e).
import type { FastifyInstance } from 'fastify';
import { invalid } from '../../errors.js';
import { sendFile } from '../../api/http.js';
import type { Services } from '../../service/index.js';
import { page, type PageContext } from '../view.js';

type Book = 'incoming' | 'outgoing';

function bookParams(p: { book: string; agency: string; year: string }): [Book, string, number] {
  if (p.book !== 'incoming' && p.book !== 'outgoing') throw invalid('book', 'must be incoming or outgoing');
  if (!/^\d{4}$/.test(p.year)) throw invalid('year', 'must be four digits');
  return [p.book, p.agency.toUpperCase(), Number(p.year)];
}

export function bookPages(app: FastifyInstance, s: Services, deps: PageContext): void {
  app.get('/books', { config: { page: true } }, async (req, reply) => {
    const me = req.principal!;
    const q = req.query as { agency?: string; year?: string };
    const agencies = me.agencyCode ? [await s.agencies.get(me, me.agencyCode)] : await s.agencies.list(me);
    const year = q.year && /^\d{4}$/.test(q.year) ? Number(q.year) : new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();
    const agency = me.agencyCode ?? (q.agency && agencies.some((a) => a.code === q.agency) ? q.agency : agencies[0]?.code);
    return page(req, reply, deps, 'books', { title: 'Sổ sách, báo cáo', agencies, agency, year, half: new Date().getUTCMonth() < 6 ? 1 : 2 });
  });

  app.get('/books/:book/:agency/:year/print', { config: { page: true } }, async (req, reply) => {
    const [book, agency, year] = bookParams(req.params as { book: string; agency: string; year: string });
    const b = book === 'incoming' ? await s.register.book(req.principal!, agency, year) : await s.outgoing.book(req.principal!, agency, year);
    return page(req, reply, deps, 'book-print', { title: b.title, b });
  });

  app.get('/books/report/:agency/:year/:half', { config: { page: true } }, async (req, reply) => {
    const p = req.params as { agency: string; year: string; half: string };
    if (!/^\d{4}$/.test(p.year)) throw invalid('year', 'must be four digits');
    if ((req.query as { format?: string }).format === 'xlsx') {
      const x = await s.reports.halfYearXlsx(req.principal!, p.agency.toUpperCase(), Number(p.year), Number(p.half));
      return sendFile(reply, x);
    }
    const r = await s.reports.halfYear(req.principal!, p.agency.toUpperCase(), Number(p.year), Number(p.half));
    return page(req, reply, deps, 'report', { title: `Báo cáo sử dụng văn bản điện tử ${r.half === 1 ? '6 tháng đầu' : '6 tháng cuối'} năm ${r.year}`, r, base: `/books/report/${r.agencyCode}/${r.year}/${r.half}` });
  });

  app.get('/books/archive/:agency/:year', { config: { page: true } }, async (req, reply) => {
    const p = req.params as { agency: string; year: string };
    if (!/^\d{4}$/.test(p.year)) throw invalid('year', 'must be four digits');
    return sendFile(reply, await s.register.archiveZip(req.principal!, p.agency.toUpperCase(), Number(p.year)));
  });

  app.get('/books/:book/:agency/:year/export', { config: { page: true } }, async (req, reply) => {
    const [book, agency, year] = bookParams(req.params as { book: string; agency: string; year: string });
    const format = (req.query as { format?: string }).format === 'csv' ? 'csv' : 'xlsx';
    const file = book === 'incoming' ? await s.register.exportBook(req.principal!, agency, year, format) : await s.outgoing.exportBook(req.principal!, agency, year, format);
    return sendFile(reply, file);
  });
}
