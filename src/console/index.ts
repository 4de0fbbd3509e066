// The web console: server-rendered Vietnamese pages in the same fastify process as the API, on
// the same service layer and the same permission map (every page is in src/api/permissions.ts).
// No client build step: Eta templates, a stylesheet, htmx and a few lines of script, all served
// from here. Forms post urlencoded (or multipart for files) with the session's CSRF token.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { VanthuError } from '../errors.js';
import type { Services } from '../service/index.js';
import type { AppContext } from '../runtime/context.js';
import { page, redirect, type PageContext } from './view.js';
import { authPages } from './routes/auth.js';
import { dashboardPage } from './routes/dashboard.js';
import { incomingPages } from './routes/incoming.js';
import { outgoingPages } from './routes/outgoing.js';
import { quarantinePages } from './routes/quarantine.js';
import { adminPages } from './routes/admin.js';
import { bookPages } from './routes/books.js';
import { adminSystemPages } from './routes/admin-system.js';
import { workflowPages } from './routes/workflow.js';
import { signLinkPages } from './routes/sign-link.js';

const require = createRequire(import.meta.url);

/** A file of a multipart form, as the console's routes receive it. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The console's static files, read once: name → [content type, bytes]. */
const STATIC: Record<string, [string, () => Buffer]> = {
  'console.css': ['text/css; charset=utf-8', () => readFileSync(here('./static/console.css'))],
  'console.js': ['text/javascript; charset=utf-8', () => readFileSync(here('./static/console.js'))],
  'htmx.min.js': ['text/javascript; charset=utf-8', () => readFileSync(require.resolve('htmx.org/dist/htmx.min.js'))],
};

const HEADINGS: Record<string, [string, string]> = {
  FORBIDDEN: ['Không có quyền', 'Bạn không có quyền xem hoặc thực hiện thao tác này.'],
  NOT_FOUND: ['Không tìm thấy', 'Không có trang hoặc văn bản này.'],
  INVALID_INPUT: ['Thông tin chưa đúng', 'Vui lòng kiểm tra lại thông tin đã nhập.'],
  REFUSED: ['Không thực hiện được', 'Yêu cầu không được chấp nhận.'],
  CONFLICT: ['Không thực hiện được', 'Tình trạng hiện tại không cho phép thao tác này.'],
  ALREADY_EXISTS: ['Đã có', 'Thông tin này đã có.'],
  ORIGIN_NOT_ALLOWED: ['Phiên làm việc không hợp lệ', 'Vui lòng tải lại trang rồi thử lại.'],
  RATE_LIMITED: ['Tạm khóa', 'Thử lại sau ít phút.'],
};

export function registerConsole(app: FastifyInstance, ctx: Pick<AppContext, 'agencies'>, services: Services): (err: VanthuError, req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  const deps: PageContext = { agencies: ctx.agencies };
  const files = new Map(Object.entries(STATIC).map(([name, [type, read]]) => [name, { type, bytes: read() }]));
  void app.register(formbody, { bodyLimit: 1024 * 1024 });
  void app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: 64 * 1024 * 1024, files: 20, fields: 100 },
    // An uploaded file keeps its name (the body would otherwise hold only its bytes).
    onFile: async (part) => {
      (part as unknown as { value: UploadedFile }).value = { filename: part.filename, contentType: part.mimetype, data: await part.toBuffer() };
    },
  });

  app.get('/static/:file', async (req, reply) => {
    const f = files.get((req.params as { file: string }).file);
    if (!f) return reply.code(404).send('not found');
    return reply.header('content-type', f.type).header('cache-control', 'public, max-age=3600').send(f.bytes);
  });

  authPages(app, services, deps);
  dashboardPage(app, services, deps);
  incomingPages(app, services, deps);
  workflowPages(app, services, deps);
  signLinkPages(app, services, deps);
  outgoingPages(app, services, deps);
  quarantinePages(app, services, deps);
  bookPages(app, services, deps);
  adminPages(app, services, deps);
  adminSystemPages(app, services, deps);

  /** A console page's error: to the login when there is no session, else a page that says it in words. */
  return async (err, req, reply) => {
    if (err.code === 'UNAUTHENTICATED') return redirect(reply, req.method === 'GET' ? `/login?next=${encodeURIComponent(req.url)}` : '/login');
    const [heading, message] = HEADINGS[err.code] ?? ['Có lỗi', 'Không thực hiện được yêu cầu.'];
    return page(req, reply, deps, 'error', { title: heading, heading, message: err.vi ?? message, detail: err.vi ? null : err.message }, err.httpStatus);
  };
}
