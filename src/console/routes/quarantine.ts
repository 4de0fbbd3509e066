// Documents held back: secret ones (Decision 36 Art. 6.4, 11.5 — handed over once for the paper
// channel, then wiped from the networked store) and unreadable ones (released by a clerk who has
// looked at them).
import type { FastifyInstance } from 'fastify';
import { can } from '../../access/roles.js';
import type { Services } from '../../service/index.js';
import { page, redirect, type PageContext } from '../view.js';
import { sendFile } from '../../api/http.js';
import { vnDateTime } from '../format.js';

const one = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export function quarantinePages(app: FastifyInstance, s: Services, deps: PageContext): void {
  app.get('/quarantine', { config: { page: true } }, async (req, reply) => {
    const me = req.principal!;
    const held = await s.quarantine.list(me);
    return page(req, reply, deps, 'quarantine', {
      title: 'Văn bản bị giữ lại',
      rows: held
        .slice()
        .reverse()
        .map((q) => {
          const md = (q.metadata ?? {}) as { codeRaw?: string | null; organName?: string | null; subject?: string | null };
          const t = q as typeof q & { handedOverAt?: Date; handedOverBy?: string; wipedAt?: Date };
          return {
            id: q._id,
            agencyCode: q.agencyCode,
            kind: q.kind,
            kindVi: q.kind === 'secret' ? 'Văn bản mật' : 'Không đọc được nội dung',
            reason: q.reasonVi ?? q.reason,
            sender: q.sender ?? '',
            code: md.codeRaw ?? '',
            organ: md.organName ?? '',
            subject: md.subject ?? '',
            at: vnDateTime((q as { createdAt?: Date }).createdAt),
            released: q.releasedAt ? `Đã chuyển vào sổ bởi ${q.releasedBy ?? ''} lúc ${vnDateTime(q.releasedAt)}` : null,
            handedOver: t.handedOverAt ? `Đã bàn giao bởi ${t.handedOverBy ?? ''} lúc ${vnDateTime(t.handedOverAt)}${t.wipedAt ? '; đã xóa khỏi hệ thống' : ''}` : null,
          };
        }),
      canRelease: can(me, 'quarantine:release'),
    });
  });

  // Handed over once (the download), then wiped from the store once the bytes have left: a crash
  // in between leaves them for a later attempt to wipe (QuarantineService).
  app.post('/quarantine/:id/handover', { config: { page: true }, bodyLimit: 4096 }, async (req, reply) => {
    const me = req.principal!;
    const id = (req.params as { id: string }).id;
    const h = await s.quarantine.handOver(me, id);
    reply.raw.once('finish', () => void s.quarantine.wipe(me, id).catch((err: Error) => req.log.error({ err: err.message, id }, 'wipe after handover failed')));
    return sendFile(reply, { filename: h.filename, contentType: h.contentType, bytes: h.bytes });
  });

  app.post('/quarantine/:id/release', { config: { page: true }, bodyLimit: 16 * 1024 }, async (req, reply) => {
    const id = (req.params as { id: string }).id;
    await s.quarantine.release(req.principal!, id, { remark: one((req.body as Record<string, unknown> | undefined)?.remark) });
    return redirect(reply, '/quarantine', { kind: 'ok', text: 'Đã chuyển văn bản vào sổ; hệ thống sẽ đánh số đến theo thứ tự.' });
  });
}
