// Console sessions: a login with a password opens a session whose random id travels in an
// HttpOnly, SameSite=Strict cookie; the database keeps only its SHA-256. A session ends after
// `idleMinutes` without use, after MAX_SESSION_HOURS in any case, at logout, and when the person
// is disabled or changes their password. Failed logins are counted per login and per client
// address in Redis; past the limit, logins are refused for a while (no password is even checked).
import type { Redis } from 'ioredis';
import type { Model } from 'mongoose';
import type { AuditLog } from '../audit/log.js';
import { VanthuError } from '../errors.js';
import type { SessionDoc, UserDoc } from './model.js';
import type { Principal, Role } from './roles.js';
import { digest, randomSecret, verifyPassword } from './secrets.js';

export const MAX_SESSION_HOURS = 12;
const FAIL_WINDOW_S = 15 * 60;
const MAX_FAILS_PER_LOGIN = 5;
const MAX_FAILS_PER_ADDRESS = 20;
const TOUCH_EVERY_MS = 60_000;

export interface SessionServiceDeps {
  Session: Model<SessionDoc>;
  User: Model<UserDoc>;
  redis: Redis;
  prefix: string;
  audit: AuditLog;
  idleMinutes: number;
}

export interface OpenedSession {
  /** The cookie's value (shown once; only its digest is stored). */
  secret: string;
  csrf: string;
  principal: Principal;
  expiresAt: Date;
}

export interface SessionInfo {
  principal: Principal;
  csrf: string;
  id: string;
}

const REFUSED_VI = 'Tên đăng nhập hoặc mật khẩu không đúng.';

export class SessionService {
  constructor(private readonly d: SessionServiceDeps) {}

  private keys(login: string, address: string): [string, string] {
    return [`${this.d.prefix}:login-fail:user:${login}`, `${this.d.prefix}:login-fail:ip:${address}`];
  }

  async login(login: string, password: string, meta: { ip: string; userAgent?: string }): Promise<OpenedSession> {
    const who = login.trim().toLowerCase();
    const [kUser, kIp] = this.keys(who, meta.ip);
    const [fu, fi] = (await this.d.redis.mget(kUser, kIp)).map((v) => Number(v ?? 0));
    if (fu! >= MAX_FAILS_PER_LOGIN || fi! >= MAX_FAILS_PER_ADDRESS) {
      throw new VanthuError('RATE_LIMITED', 'too many failed logins; try again in 15 minutes', { vi: 'Đăng nhập sai quá nhiều lần; vui lòng thử lại sau 15 phút.' });
    }
    const user = (await this.d.User.findById(who).lean()) as UserDoc | null;
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!ok || !user || user.disabled) {
      await this.d.redis.multi().incr(kUser).expire(kUser, FAIL_WINDOW_S).incr(kIp).expire(kIp, FAIL_WINDOW_S).exec();
      throw new VanthuError('UNAUTHENTICATED', 'wrong login or password', { vi: REFUSED_VI });
    }
    await this.d.redis.del(kUser);
    const secret = randomSecret(32);
    const csrf = randomSecret(24);
    const now = Date.now();
    const expiresAt = new Date(now + this.d.idleMinutes * 60_000);
    await this.d.Session.create({ _id: digest(secret), login: who, csrf, expiresAt, lastSeenAt: new Date(now), ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) });
    const principal: Principal = { login: who, role: user.role as Role, agencyCode: user.agencyCode ?? null, via: 'session' };
    await this.d.audit.record(principal, { action: 'session.login', target: `user/${who}`, agencyCode: principal.agencyCode, after: { ip: meta.ip } });
    return { secret, csrf, principal, expiresAt };
  }

  /** The session a cookie value names, if it is still good (and slides its idle expiry). */
  async authenticate(secret: string): Promise<SessionInfo | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return null;
    const id = digest(secret);
    const s = (await this.d.Session.findById(id).lean()) as SessionDoc | null;
    if (!s) return null;
    const now = Date.now();
    const created = (s as { createdAt?: Date }).createdAt?.getTime() ?? now;
    if (s.expiresAt.getTime() <= now || now - created > MAX_SESSION_HOURS * 3_600_000) {
      await this.d.Session.deleteOne({ _id: id }).catch(() => undefined);
      return null;
    }
    const user = (await this.d.User.findById(s.login, { role: 1, agencyCode: 1, disabled: 1, passwordChangedAt: 1 }).lean()) as UserDoc | null;
    if (!user || user.disabled || (user.passwordChangedAt && user.passwordChangedAt.getTime() > created)) return null;
    if (!s.lastSeenAt || now - s.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.d.Session.updateOne({ _id: id }, { $set: { lastSeenAt: new Date(now), expiresAt: new Date(now + this.d.idleMinutes * 60_000) } }).catch(() => undefined);
    }
    return { id, csrf: s.csrf, principal: { login: s.login, role: user.role as Role, agencyCode: user.agencyCode ?? null, via: 'session' } };
  }

  async logout(secret: string): Promise<void> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return;
    await this.d.Session.deleteOne({ _id: digest(secret) });
  }

  /** Deletes expired sessions (FerretDB has no TTL index; called from time to time). */
  async sweepExpired(): Promise<number> {
    return (await this.d.Session.deleteMany({ expiresAt: { $lt: new Date() } })).deletedCount ?? 0;
  }
}
