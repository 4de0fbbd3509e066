// Password hashing (argon2id, RFC 9106, with the OWASP-recommended cost: 19 MiB, 2 passes) and
// the digests of random tokens. @node-rs/argon2 is a maintained native binding shipped as
// prebuilt binaries on npm (no compiler needed at install).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** Algorithm.Argon2id of @node-rs/argon2 (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

// Verifying against this when the login is unknown makes both answers take the same time.
let dummy: Promise<string> | null = null;

export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hashPassword(randomBytes(16).toString('hex'));
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Refusals of a password a person chose, in English and Vietnamese; null when it is acceptable. */
export function passwordProblem(password: string, login: string): { en: string; vi: string } | null {
  if (password.length < 10) return { en: 'must be at least 10 characters', vi: 'Mật khẩu phải có ít nhất 10 ký tự.' };
  if (password.length > 256) return { en: 'must be at most 256 characters', vi: 'Mật khẩu dài quá 256 ký tự.' };
  if (password.toLowerCase().includes(login.toLowerCase())) return { en: 'must not contain the login', vi: 'Mật khẩu không được chứa tên đăng nhập.' };
  return null;
}
