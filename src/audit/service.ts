// Reading the audit log: an administrator reads all of it; anyone else reads their own agency's.
import { requirePermission, scopeAgency, type Principal } from '../access/roles.js';
import type { Page } from '../store/paging.js';
import type { AuditLog, AuditQuery } from './log.js';
import type { AuditEvent } from './model.js';

export class AuditService {
  constructor(private readonly log: AuditLog) {}

  async list(actor: Principal, q: AuditQuery): Promise<Page<AuditEvent>> {
    requirePermission(actor, 'audit:read');
    const agencyCode = scopeAgency(actor, q.agencyCode);
    return this.log.list({ ...q, agencyCode });
  }
}
