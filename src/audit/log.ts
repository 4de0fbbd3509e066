// Writing and reading the audit log. Every change a person makes through the service layer (an
// edit, a release, a send, a mailbox, agency, user or token change) is recorded here by the
// service that made it, after the change succeeded.
import { randomBytes } from 'node:crypto';
import type { Model } from 'mongoose';
import type { Principal } from '../access/roles.js';
import { escapeRegex, pageOf, type Page } from '../store/paging.js';
import type { AuditEvent } from './model.js';

export interface AuditEntry {
  action: string;
  target: string;
  agencyCode?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditQuery {
  agencyCode?: string | null;
  target?: string;
  /** Events whose target starts with this (e.g. incoming/000.00.15.H41/2026/). */
  targetPrefix?: string;
  action?: string;
  actor?: string;
  /** Actions the reader may not see. */
  hideActions?: string[];
  limit?: number;
  cursor?: string | null;
}

/** Secrets never reach the log, whatever a caller passes. */
const SECRET_KEYS = /^(password|passwordHash|secret|token|digest|refreshToken|clientSecret|oauth2Token|oauth2RefreshToken|oauth2ClientSecret)$/i;

function scrub(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(scrub);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, SECRET_KEYS.test(k) ? '[hidden]' : scrub(x)]));
  }
  return v;
}

export class AuditLog {
  constructor(private readonly model: Model<AuditEvent>) {}

  async record(actor: Principal, e: AuditEntry): Promise<void> {
    const at = new Date();
    // Time-ordered and unique without a counter: the id sorts like the time it was written.
    const _id = `${at.getTime().toString(36).padStart(9, '0')}-${randomBytes(6).toString('hex')}`;
    await this.model.create({
      _id,
      at,
      actor: actor.login,
      role: actor.role,
      via: actor.via,
      action: e.action,
      agencyCode: e.agencyCode ?? undefined,
      target: e.target,
      before: scrub(e.before),
      after: scrub(e.after),
    });
  }

  /** Newest first. */
  async list(q: AuditQuery): Promise<Page<AuditEvent>> {
    const filter: Record<string, unknown> = {};
    if (q.agencyCode) filter.agencyCode = q.agencyCode;
    if (q.target) filter.target = q.target;
    else if (q.targetPrefix) filter.target = { $regex: `^${escapeRegex(q.targetPrefix)}` };
    if (q.action) filter.action = q.hideActions?.includes(q.action) ? { $in: [] } : q.action;
    else if (q.hideActions?.length) filter.action = { $nin: q.hideActions };
    if (q.actor) filter.actor = q.actor;
    return pageOf<AuditEvent>(this.model as never, filter, [{ field: '_id', dir: -1 }], { limit: q.limit, cursor: q.cursor });
  }
}
