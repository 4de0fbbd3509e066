// The one-click ký nhận from the hand-over mail (src/workflow/sign-link.ts): the link opens this
// page without a login (the link itself is the proof the unit received the mail); only the
// button's POST records the receipt, so a mail scanner that opens every link signs for nothing.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../service/index.js';
import { page, type PageContext } from '../view.js';
import { vnDate } from '../format.js';
import { isoToVn } from '../../workflow/compose.js';
import { WF_ROLE_VI } from '../workflow-format.js';
import type { SignLinkView } from '../../workflow/service.js';

export function signLinkPages(app: FastifyInstance, s: Services, deps: PageContext): void {
  const show = (token: string, v: SignLinkView) => ({
    title: 'Ký nhận văn bản',
    token,
    v,
    role: WF_ROLE_VI[v.role] ?? v.role,
    deadline: isoToVn(v.deadline),
    signedAt: v.signedAt ? vnDate(v.signedAt) : '',
  });
  app.get('/ky-nhan/:token', { config: { page: true } }, async (req, reply) => {
    const token = (req.params as { token: string }).token;
    return page(req, reply, deps, 'sign-link', show(token, await s.workflow.signLinkPage(token)));
  });
  app.post('/ky-nhan/:token', { config: { page: true }, bodyLimit: 4096 }, async (req, reply) => {
    const token = (req.params as { token: string }).token;
    return page(req, reply, deps, 'sign-link', show(token, await s.workflow.signByLink(token, req.ip)));
  });
}
