// Who may do what (pure). Four roles: the administrator of the whole service; the clerk (văn thư)
// of one agency, who keeps its registers, sends, releases from quarantine and looks after its
// mailboxes; the leader (lãnh đạo) and the reader, who read their agency's documents.
// Scoping to the agency is separate from the permission: a clerk has `register:write`, but only for
// the registers of their own agency (scopeAgency).
import { forbidden } from '../errors.js';

export const ROLES = ['admin', 'clerk', 'leader', 'reader'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'register:read',
  'register:write',
  /** Record a leader's instruction, a unit's ký nhận, the completion (src/workflow/service.ts). */
  'workflow:write',
  'messages:read',
  'outgoing:read',
  'outgoing:send',
  'quarantine:read',
  'quarantine:release',
  'mailboxes:read',
  'mailboxes:write',
  'agencies:read',
  'agencies:write',
  'users:read',
  'users:write',
  'tokens:write',
  'audit:read',
  'system:read',
  /** The holiday table and the trust anchors: files the whole service reads. */
  'system:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = ['register:read', 'messages:read', 'outgoing:read', 'quarantine:read', 'agencies:read', 'audit:read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  clerk: [...READ, 'register:write', 'workflow:write', 'outgoing:send', 'quarantine:release', 'mailboxes:read', 'mailboxes:write', 'tokens:write'],
  leader: [...READ, 'workflow:write', 'tokens:write'],
  reader: [...READ, 'tokens:write'],
};

/** Who is asking: a person (by session or token), the CLI on the server, or the service itself. */
export interface Principal {
  login: string;
  role: Role;
  /** The agency whose documents the person works with; null for an administrator. */
  agencyCode: string | null;
  via: 'session' | 'token' | 'cli' | 'open' | 'system' | 'email';
  tokenId?: string;
}

export function can(p: Principal, perm: Permission): boolean {
  return ROLE_PERMISSIONS[p.role].includes(perm);
}

export function requirePermission(p: Principal, perm: Permission): void {
  if (!can(p, perm)) throw forbidden(`${p.login} (${p.role}) may not ${perm.replace(':', ' ')}`);
}

/**
 * The agency a request may act on. An administrator acts on the one asked for (or on all when
 * none is named: null). Anyone else acts on their own agency; naming another is refused.
 */
export function scopeAgency(p: Principal, requested: string | null | undefined): string | null {
  if (p.role === 'admin') return requested || null;
  if (!p.agencyCode) throw forbidden(`${p.login} belongs to no agency`);
  if (requested && requested !== p.agencyCode) throw forbidden(`${p.login} may not act for agency ${requested}`);
  return p.agencyCode;
}

/** Whether the principal may act for `agencyCode`: an administrator, or one of the agency's own people. */
export function actsFor(p: Principal, agencyCode: string | null | undefined): boolean {
  return p.role === 'admin' || (!!agencyCode && agencyCode === p.agencyCode);
}

/** Like scopeAgency, for something that belongs to `agencyCode`: refused unless the principal may see it. */
export function requireAgency(p: Principal, agencyCode: string | null | undefined): void {
  if (!actsFor(p, agencyCode)) throw forbidden(`${p.login} may not act for agency ${agencyCode ?? '(none)'}`);
}

/** The principal for commands run on the server itself (`vanthu …`): an administrator. */
export function cliPrincipal(login: string): Principal {
  return { login, role: 'admin', agencyCode: null, via: 'cli' };
}

/** The service acting on its own (workers): recorded as such in the audit log. */
export const SYSTEM: Principal = { login: 'system', role: 'admin', agencyCode: null, via: 'system' };

export function isRole(v: string): v is Role {
  return (ROLES as readonly string[]).includes(v);
}

