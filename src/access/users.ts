// People: add, list, show, change, set a password. Only an administrator manages people; a
// person reads their own record through their session or token (`whoami`). Logins are lower-case
// names; a clerk, leader or reader belongs to exactly one agency of the directory.
import type { Model } from 'mongoose';
import { z } from 'zod';
import type { AgencyDirectory } from '../agency/directory.js';
import type { AuditLog } from '../audit/log.js';
import { VanthuError, fromZod, notFound } from '../errors.js';
import { isDuplicateKey } from '../store/db.js';
import type { UserDoc } from './model.js';
import { ROLES, requirePermission, type Principal, type Role } from './roles.js';
import { hashPassword, passwordProblem, verifyPassword } from './secrets.js';

export const LOGIN = /^[a-z0-9][a-z0-9._-]{1,62}$/;

export const userInput = z.strictObject({
  login: z.string().trim().toLowerCase().regex(LOGIN, 'must be 2–63 lower-case letters, digits, . _ -'),
  role: z.enum(ROLES),
  agencyCode: z.string().trim().toUpperCase().nullish(),
  name: z.string().trim().min(1).nullish(),
  email: z.string().trim().toLowerCase().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address').nullish(),
  password: z.string().nullish(),
});
export type UserInput = z.input<typeof userInput>;

export const userPatch = z.strictObject({
  role: z.enum(ROLES).optional(),
  agencyCode: z.string().trim().toUpperCase().nullish(),
  name: z.string().trim().min(1).nullish(),
  email: z.string().trim().toLowerCase().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address').nullish(),
  disabled: z.boolean().optional(),
});
export type UserPatch = z.input<typeof userPatch>;

/** What is shown of a person: never the password hash. */
export interface User {
  login: string;
  role: Role;
  agencyCode: string | null;
  name: string | null;
  email: string | null;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: Date | null;
}

export function userFromDoc(d: UserDoc): User {
  return {
    login: d._id,
    role: d.role as Role,
    agencyCode: d.agencyCode ?? null,
    name: d.name ?? null,
    email: d.email ?? null,
    disabled: !!d.disabled,
    hasPassword: !!d.passwordHash,
    createdAt: (d as { createdAt?: Date }).createdAt ?? null,
  };
}

export interface UserServiceDeps {
  User: Model<UserDoc>;
  agencies: AgencyDirectory;
  audit: AuditLog;
}

export class UserService {
  constructor(private readonly d: UserServiceDeps) {}

  private async checkAgency(role: Role, agencyCode: string | null | undefined): Promise<string | null> {
    if (role === 'admin') {
      if (agencyCode) throw new VanthuError('INVALID_INPUT', 'agencyCode: an administrator belongs to no agency (they act for all)', { field: 'agencyCode' });
      return null;
    }
    if (!agencyCode) throw new VanthuError('INVALID_INPUT', `agencyCode: a ${role} belongs to an agency (--agency CODE)`, { field: 'agencyCode' });
    if (!(await this.d.agencies.get(agencyCode))) throw new VanthuError('INVALID_INPUT', `agencyCode: no agency with code ${agencyCode}`, { field: 'agencyCode' });
    return agencyCode;
  }

  async add(actor: Principal, input: UserInput): Promise<User> {
    requirePermission(actor, 'users:write');
    const r = userInput.safeParse(input);
    if (!r.success) throw fromZod(r.error);
    const u = r.data;
    const agencyCode = await this.checkAgency(u.role, u.agencyCode);
    if (u.password) {
      const bad = passwordProblem(u.password, u.login);
      if (bad) throw new VanthuError('INVALID_INPUT', `password: ${bad.en}`, { field: 'password', vi: bad.vi });
    }
    const doc = {
      _id: u.login,
      role: u.role,
      ...(agencyCode ? { agencyCode } : {}),
      ...(u.name ? { name: u.name } : {}),
      ...(u.email ? { email: u.email } : {}),
      ...(u.password ? { passwordHash: await hashPassword(u.password), passwordChangedAt: new Date() } : {}),
      disabled: false,
      createdAt: new Date(),
    };
    try {
      await this.d.User.create(doc);
    } catch (err) {
      if (isDuplicateKey(err)) throw new VanthuError('ALREADY_EXISTS', `a user named ${u.login} exists already`, { field: 'login' });
      throw err;
    }
    const user = userFromDoc(doc as UserDoc);
    await this.d.audit.record(actor, { action: 'user.add', target: `user/${u.login}`, agencyCode, after: user });
    return user;
  }

  async list(actor: Principal, filter: { agencyCode?: string | null } = {}): Promise<User[]> {
    requirePermission(actor, 'users:read');
    const docs = await this.d.User.find(filter.agencyCode ? { agencyCode: filter.agencyCode } : {}, { passwordHash: 0 }).sort({ _id: 1 }).lean();
    return docs.map((d) => userFromDoc(d as UserDoc));
  }

  async get(actor: Principal, login: string): Promise<User> {
    if (actor.login !== login) requirePermission(actor, 'users:read');
    const d = await this.d.User.findById(login, { passwordHash: 0 }).lean();
    if (!d) throw notFound(`no user named ${login}`, `Không có người dùng ${login}.`);
    return userFromDoc(d as UserDoc);
  }

  async edit(actor: Principal, login: string, patch: UserPatch): Promise<User> {
    requirePermission(actor, 'users:write');
    const r = userPatch.safeParse(patch);
    if (!r.success) throw fromZod(r.error);
    const before = await this.get(actor, login);
    const role = r.data.role ?? before.role;
    const agencyCode = await this.checkAgency(role, r.data.agencyCode !== undefined ? r.data.agencyCode : role === 'admin' ? null : before.agencyCode);
    if (login === actor.login && (r.data.disabled || (r.data.role && r.data.role !== 'admin' && before.role === 'admin'))) {
      throw new VanthuError('CONFLICT', 'an administrator cannot disable or demote themselves (ask another administrator)');
    }
    const set: Record<string, unknown> = { role, disabled: r.data.disabled ?? before.disabled };
    const unset: Record<string, 1> = {};
    if (agencyCode) set.agencyCode = agencyCode;
    else unset.agencyCode = 1;
    for (const k of ['name', 'email'] as const) {
      if (r.data[k] === undefined) continue;
      if (r.data[k]) set[k] = r.data[k];
      else unset[k] = 1;
    }
    await this.d.User.updateOne({ _id: login }, { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) });
    const after = await this.get(actor, login);
    await this.d.audit.record(actor, { action: 'user.edit', target: `user/${login}`, agencyCode: after.agencyCode ?? before.agencyCode, before, after });
    return after;
  }

  /**
   * An administrator sets anyone's password; a person sets their own, giving the current one — so
   * that whoever holds one of their API tokens cannot turn it into their console login.
   */
  async setPassword(actor: Principal, login: string, password: string, currentPassword?: string): Promise<void> {
    if (actor.login !== login) requirePermission(actor, 'users:write');
    else {
      const stored = (await this.d.User.findById(login, { passwordHash: 1 }).lean())?.passwordHash;
      if (stored && !(await verifyPassword(stored, currentPassword ?? ''))) {
        throw new VanthuError('FORBIDDEN', 'currentPassword: the current password is required and must be right', { field: 'currentPassword', vi: 'Mật khẩu hiện tại không đúng.' });
      }
      if (!stored) requirePermission(actor, 'users:write'); // a first password is an administrator's to give
    }
    const user = await this.get(actor, login);
    const bad = passwordProblem(password, login);
    if (bad) throw new VanthuError('INVALID_INPUT', `password: ${bad.en}`, { field: 'password', vi: bad.vi });
    await this.d.User.updateOne({ _id: login }, { $set: { passwordHash: await hashPassword(password), passwordChangedAt: new Date() } });
    await this.d.audit.record(actor, { action: 'user.password', target: `user/${login}`, agencyCode: user.agencyCode, after: { passwordChanged: true } });
  }
}
