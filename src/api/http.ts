// What every route shares: the error answer (one mapping from error code to status, in
// src/errors.ts), files sent back safely, and the common parameter schemas.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Logger } from '../log.js';
import { VanthuError, classify } from '../errors.js';

/** Content types a browser may show inline; anything else is downloaded as bytes. */
// A scan sent as a JPEG or PNG image is shown on its entry's page (never SVG: it can hold script).
const INLINE_TYPES = new Set(['application/pdf', 'image/jpeg', 'image/png']);

/** RFC 6266 / RFC 8187: an ASCII fallback and the UTF-8 name (Vietnamese file names). */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * Sends a stored document or message unchanged. A sender controls the bytes and the declared type,
 * so nothing is ever served as HTML or script: PDFs and JPEG/PNG scans may be shown inline,
 * everything else is an attachment of type application/octet-stream or its own safe type, with
 * nosniff and a Content-Security-Policy that allows nothing to run.
 */
export function sendFile(reply: FastifyReply, f: { filename: string; contentType: string; bytes: Buffer }, inline = false): FastifyReply {
  const type = f.contentType.split(';')[0]!.trim().toLowerCase();
  const showInline = inline && INLINE_TYPES.has(type);
  const safeType = showInline || type === 'message/rfc822' || type === 'text/csv' || type === 'application/zip' || type.startsWith('application/vnd.openxmlformats') ? f.contentType : 'application/octet-stream';
  return reply
    .header('content-type', safeType)
    .header('content-disposition', contentDisposition(showInline ? 'inline' : 'attachment', f.filename))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; frame-ancestors 'self'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(f.bytes);
}

function validationField(err: FastifyError & { validationContext?: string }): { field: string; message: string } {
  const v = err.validation?.[0] as { instancePath?: string; message?: string; params?: { keys?: string[]; code?: string } } | undefined;
  const path = (v?.instancePath ?? '').replace(/^\//, '').split('/').filter(Boolean);
  if (v?.params?.keys?.length) path.push(v.params.keys[0]!);
  const field = path.length ? path.join('.') : (err.validationContext ?? 'body');
  const message = v?.params?.keys?.length ? 'is not a known field' : (v?.message ?? err.message);
  return { field, message };
}

/** How a console page answers an error (a page, or a redirect to the login), instead of JSON. */
export type PageErrorRenderer = (err: VanthuError, req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> | FastifyReply;

export function installErrorHandling(app: FastifyInstance, log: Logger, pageError?: PageErrorRenderer): void {
  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    const known = err instanceof VanthuError ? err : null;
    if (known && pageError && (req.routeOptions.config as { page?: boolean } | undefined)?.page) return pageError(known, req, reply);
    if (known?.code === 'UNAUTHENTICATED') reply.header('www-authenticate', 'Bearer realm="vanthu"');
    if (known) return reply.code(known.httpStatus).send(known.toJSON());
    if (hasZodFastifySchemaValidationErrors(err) || err.validation) {
      const { field, message } = validationField(err);
      return reply.code(400).send(new VanthuError('INVALID_INPUT', `${field}: ${message}`, { field }).toJSON());
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(new VanthuError('TOO_LARGE', 'the request body is larger than this route accepts').toJSON());
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send(new VanthuError('UNSUPPORTED_MEDIA_TYPE', `content type ${req.headers['content-type'] ?? '(none)'} is not accepted here`, { field: 'content-type' }).toJSON());
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // fastify's own refusals (a body that is not JSON, a bad header): the message is safe to show.
      return reply.code(err.statusCode).send(new VanthuError('INVALID_INPUT', err.message, { field: 'body' }).toJSON());
    }
    // Anything else is ours to fix: logged in full, answered without internals.
    const { code, http } = classify(err);
    log.error({ err: err.message, stack: err.stack, method: req.method, url: req.url }, 'request failed');
    return reply.code(http).send({ error: 'internal error; the administrator can find it in the service log', code });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `no route ${req.method} ${req.url.split('?')[0]}`, code: 'NOT_FOUND' }));
}

// Common parameter schemas (route params arrive as strings).
export const yearParam = z.coerce.number().int().min(1900).max(9999);
export const positiveInt = z.coerce.number().int().min(1);
export const limitParam = z.coerce.number().int().min(1).max(500).default(50);
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
export const instant = z.string().datetime({ offset: true, message: 'must be an ISO-8601 instant with its time zone' }).transform((s) => new Date(s));
export const flag = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');
