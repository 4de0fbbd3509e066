// Reading the audit log: an administrator reads all of it; anyone else reads their own agency's.
import { can, requirePermission, scopeAgency, type Principal } from '../access/roles.js';

const MAILBOX_ACTIONS = ['mailbox.add', 'mailbox.replace', 'mailbox.remove'];
const PEOPLE_ACTIONS = ['user.add', 'user.edit', 'user.password', 'token.create', 'token.revoke', 'session.login'];
import type { Page } from '../store/paging.js';
import type { AuditLog, AuditQuery } from './log.js';
import type { AuditEvent } from './model.js';

export class AuditService {
  constructor(private readonly log: AuditLog) {}

  async list(actor: Principal, q: AuditQuery): Promise<Page<AuditEvent>> {
    requirePermission(actor, 'audit:read');
    const agencyCode = scopeAgency(actor, q.agencyCode);
    // What a role may not read elsewhere it may not read here either: a reader sees no mailbox
    // settings, and nobody but an administrator sees people's records and tokens.
    const hidden = [...(can(actor, 'mailboxes:read') ? [] : MAILBOX_ACTIONS), ...(can(actor, 'users:read') ? [] : PEOPLE_ACTIONS)];
    return this.log.list({ ...q, agencyCode, hideActions: hidden });
  }
}
