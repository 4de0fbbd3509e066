// API tokens: `vt_<id>.<secret>`, shown once at creation, stored as the SHA-256 of the secret. A
// token acts as its person, with the person's current role and agency (a role change or a
// disabled account applies to every token at once); it expires, and can be revoked.
import type { Model } from 'mongoose';
import type { AuditLog } from '../audit/log.js';
import { VanthuError, forbidden, notFound } from '../errors.js';
import type { TokenDoc, UserDoc } from './model.js';
import { requirePermission, type Principal, type Role } from './roles.js';
import { digest, randomSecret, sameDigest } from './secrets.js';

const TOKEN = /^vt_([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;
const DAY = 86_400_000;
/** Tokens without an end are a standing risk; the longest one may ask for. */
export const MAX_TOKEN_DAYS = 3 * 365;
/** lastUsedAt is written at most this often (a write per request would double the load). */
const TOUCH_EVERY_MS = 5 * 60_000;

export interface TokenInfo {
  id: string;
  login: string;
  label: string | null;
  createdAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

function info(d: TokenDoc): TokenInfo {
  return {
    id: d._id,
    login: d.login,
    label: d.label ?? null,
    createdAt: (d as { createdAt?: Date }).createdAt ?? null,
    expiresAt: d.expiresAt ?? null,
    revokedAt: d.revokedAt ?? null,
    lastUsedAt: d.lastUsedAt ?? null,
  };
}

export interface TokenServiceDeps {
  ApiToken: Model<TokenDoc>;
  User: Model<UserDoc>;
  audit: AuditLog;
}

export class TokenService {
  constructor(private readonly d: TokenServiceDeps) {}

  /** Creates a token for `login` (an administrator for anyone, a person for themselves). The secret is returned once. */
  async create(actor: Principal, login: string, opts: { label?: string | null; days?: number | null } = {}): Promise<{ token: string } & TokenInfo> {
    requirePermission(actor, 'tokens:write');
    if (actor.role !== 'admin' && actor.login !== login) throw forbidden(`${actor.login} may create tokens only for themselves`);
    const user = await this.d.User.findById(login, { role: 1, agencyCode: 1, disabled: 1 }).lean();
    if (!user) throw notFound(`no user named ${login}`);
    if (user.disabled) throw new VanthuError('CONFLICT', `the user ${login} is disabled`);
    const days = opts.days === undefined ? 90 : opts.days;
    if (days === null && actor.role !== 'admin') throw new VanthuError('FORBIDDEN', 'days: only an administrator may create a token that never expires', { field: 'days' });
    if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS)) {
      throw new VanthuError('INVALID_INPUT', `days: must be a whole number of days from 1 to ${MAX_TOKEN_DAYS}`, { field: 'days' });
    }
    const id = randomSecret(12);
    const secret = randomSecret(32);
    const doc = {
      _id: id,
      digest: digest(secret),
      login,
      ...(opts.label ? { label: opts.label } : {}),
      ...(days !== null ? { expiresAt: new Date(Date.now() + days * DAY) } : {}),
      createdBy: actor.login,
    };
    const created = await this.d.ApiToken.create(doc);
    const t = info(created.toObject() as unknown as TokenDoc);
    await this.d.audit.record(actor, { action: 'token.create', target: `token/${id}`, agencyCode: user.agencyCode ?? null, after: { ...t, role: user.role } });
    return { token: `vt_${id}.${secret}`, ...t };
  }

  async list(actor: Principal, login?: string | null): Promise<TokenInfo[]> {
    const who = login ?? (actor.role === 'admin' ? null : actor.login);
    if (who !== actor.login) requirePermission(actor, 'users:read');
    const docs = await this.d.ApiToken.find(who ? { login: who } : {}, { digest: 0 }).sort({ createdAt: -1 }).lean();
    return docs.map((d) => info(d as unknown as TokenDoc));
  }

  async revoke(actor: Principal, id: string): Promise<TokenInfo> {
    const d = (await this.d.ApiToken.findById(id, { digest: 0 }).lean()) as unknown as TokenDoc | null;
    if (!d) throw notFound(`no token ${id}`);
    if (d.login !== actor.login) requirePermission(actor, 'users:write');
    if (d.revokedAt) return info(d);
    const revokedAt = new Date();
    await this.d.ApiToken.updateOne({ _id: id }, { $set: { revokedAt } });
    const user = await this.d.User.findById(d.login, { agencyCode: 1 }).lean();
    await this.d.audit.record(actor, { action: 'token.revoke', target: `token/${id}`, agencyCode: user?.agencyCode ?? null, before: info(d), after: { ...info(d), revokedAt } });
    return { ...info(d), revokedAt };
  }

  /** The principal a bearer token stands for, or null (unknown, wrong, expired, revoked, disabled). */
  async authenticate(presented: string): Promise<Principal | null> {
    const m = TOKEN.exec(presented.trim());
    if (!m) return null;
    const d = (await this.d.ApiToken.findById(m[1]).lean()) as TokenDoc | null;
    if (!d || !sameDigest(d.digest, digest(m[2]!))) return null;
    const now = Date.now();
    if (d.revokedAt || (d.expiresAt && d.expiresAt.getTime() <= now)) return null;
    const user = await this.d.User.findById(d.login, { role: 1, agencyCode: 1, disabled: 1 }).lean();
    if (!user || user.disabled) return null;
    if (!d.lastUsedAt || now - d.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      await this.d.ApiToken.updateOne({ _id: d._id }, { $set: { lastUsedAt: new Date(now) } }).catch(() => undefined);
    }
    return { login: d.login, role: user.role as Role, agencyCode: user.agencyCode ?? null, via: 'token', tokenId: d._id };
  }
}
