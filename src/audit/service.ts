// Reading the audit log: an administrator reads all of it; anyone else reads their own agency's.
import { requirePermission, scopeAgency, type Principal } from '../access/roles.js';
import { invalid } from '../errors.js';
import type { Page } from '../store/paging.js';
import type { AuditLog, AuditQuery } from './log.js';
import type { AuditEvent } from './model.js';

export class AuditService {
  constructor(private readonly log: AuditLog) {}

  async list(actor: Principal, q: Omit<AuditQuery, 'limit'> & { limit?: number }): Promise<Page<AuditEvent>> {
    requirePermission(actor, 'audit:read');
    const agencyCode = scopeAgency(actor, q.agencyCode);
    const limit = q.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid('limit', 'must be a whole number from 1 to 500');
    return this.log.list({ ...q, agencyCode, limit });
  }
}
