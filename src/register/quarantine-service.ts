// The quarantine as a service: what is held for an agency, and a clerk's release of a document
// held only because it could not be read (never a secret one: Decision 36 Art. 6.4).
import { requireAgency, requirePermission, scopeAgency, type Principal } from '../access/roles.js';
import type { AppContext } from '../runtime/context.js';
import { VanthuError, notFound } from '../errors.js';
import { listQuarantine, releaseFromQuarantine } from './quarantine.js';

export class QuarantineService {
  constructor(private readonly d: Pick<AppContext, 'models' | 'queues' | 'audit'>) {}

  async list(actor: Principal, agencyCode?: string | null) {
    requirePermission(actor, 'quarantine:read');
    return listQuarantine(this.d, scopeAgency(actor, agencyCode) ?? undefined);
  }

  /** `by` names the clerk who looked at it when the person acting is a shell account (CLI). */
  async release(actor: Principal, id: string, opts: { remark?: string; by?: string } = {}): Promise<{ messageKey: string }> {
    requirePermission(actor, 'quarantine:release');
    const q = await this.d.models.Quarantine.findById(id).lean();
    if (!q) throw notFound(`nothing is quarantined under ${id}`);
    requireAgency(actor, q.agencyCode);
    if (q.kind !== 'unreadable') {
      throw new VanthuError('CONFLICT', 'a secret document is not released into the ordinary register (Decision 36 Art. 6.4): handle it on paper', {
        vi: 'Văn bản mật không được đưa vào sổ văn bản đến qua mạng; xử lý theo đường văn bản giấy.',
      });
    }
    if (q.releasedAt) throw new VanthuError('CONFLICT', `already released by ${q.releasedBy ?? 'a clerk'}`);
    // The Ghi chú names the clerk as people know them: their name when the directory has it.
    const by = opts.by?.trim() || (await this.d.models.User.findById(actor.login, { name: 1 }).lean())?.name || actor.login;
    const r = await releaseFromQuarantine(this.d, id, by, opts.remark);
    await this.d.audit.record(actor, { action: 'quarantine.release', target: `quarantine/${id}`, agencyCode: q.agencyCode, before: { releasedAt: null }, after: { releasedBy: by, remark: opts.remark ?? null } });
    return r;
  }
}
