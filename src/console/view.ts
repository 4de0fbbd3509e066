// Rendering the console's pages: Eta templates (auto-escaped), one layout, the navigation the
// person's role allows, and the headers every page carries — a Content-Security-Policy that lets
// only this site's own scripts and styles run, no framing, no caching of pages with data.
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { can, type Principal } from '../access/roles.js';
import type { AgencyDirectory } from '../agency/directory.js';
import { ROLE_VI } from './format.js';

const eta = new Eta({ views: fileURLToPath(new URL('./views', import.meta.url)), autoEscape: true, cache: process.env.NODE_ENV === 'production', autoTrim: false });

export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

function nav(me: Principal, path: string): NavItem[] {
  const items: Array<[string, string, boolean]> = [
    ['/', 'Tổng quan', true],
    ['/incoming', 'Sổ văn bản đến', can(me, 'register:read')],
    ['/follow-up', 'Theo dõi xử lý', can(me, 'register:read')],
    ['/outgoing', 'Sổ văn bản đi', can(me, 'outgoing:read')],
    ['/quarantine', 'Văn bản bị giữ lại', can(me, 'quarantine:read')],
    ['/books', 'Sổ sách, báo cáo', can(me, 'register:read')],
    ['/admin', 'Quản trị', can(me, 'tokens:write')],
  ];
  return items.filter(([, , ok]) => ok).map(([href, label]) => ({ href, label, current: href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`) }));
}

export interface PageContext {
  agencies: AgencyDirectory;
}

/** Renders `view` inside the layout and sends it. `data.title` names the page. */
export async function page(req: FastifyRequest, reply: FastifyReply, deps: PageContext, view: string, data: Record<string, unknown> & { title: string }, status = 200): Promise<FastifyReply> {
  const me = req.principal;
  const agency = me?.agencyCode ? await deps.agencies.get(me.agencyCode) : null;
  const body = await eta.renderAsync(view, { ...data, me, csrf: req.sessionCsrf ?? '' });
  const html = await eta.renderAsync('layout', {
    title: data.title,
    body,
    csrf: req.sessionCsrf ?? '',
    flash: (data.flash as Flash | undefined) ?? flashOf(req, reply),
    me: me ? { login: me.login, roleVi: ROLE_VI[me.role], agencyName: agency?.name ?? null } : null,
    nav: me ? nav(me, req.url.split('?')[0]!) : [],
  });
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    // The API's `no-referrer` would make the browser send `Origin: null` with the console's own
    // forms, which the origin check must refuse (sandboxed frames send it too).
    .header('referrer-policy', 'same-origin')
    .header('cache-control', 'private, no-store')
    .send(html);
}

const FLASH_COOKIE = 'vanthu_flash';

/**
 * A message carried to the next page by a redirect, shown once. It rides in a cookie only this
 * site sets, not in the URL, so a crafted link cannot make the console say something it did not.
 */
function flashOf(req: FastifyRequest, reply: FastifyReply): Flash | null {
  const raw = req.cookies?.[FLASH_COOKIE];
  if (!raw) return null;
  reply.clearCookie(FLASH_COOKIE, { path: '/' });
  try {
    const f = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Flash;
    return (f.kind === 'ok' || f.kind === 'error') && typeof f.text === 'string' ? f : null;
  } catch {
    return null;
  }
}

/** Redirects after a form (303, so that reloading does not post again) with a message. */
export function redirect(reply: FastifyReply, to: string, flash?: Flash): FastifyReply {
  if (flash) reply.setCookie(FLASH_COOKIE, Buffer.from(JSON.stringify(flash)).toString('base64url'), { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 120 });
  return reply.code(303).header('location', to).send();
}

/** Renders a partial view (htmx fragments). */
export async function fragment(reply: FastifyReply, view: string, data: Record<string, unknown>): Promise<FastifyReply> {
  return reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).send(await eta.renderAsync(view, data));
}
