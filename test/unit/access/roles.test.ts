// The pure access rules: what each role may do, and how requests are kept to the person's agency.
import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, ROLE_PERMISSIONS, scopeAgency, requireAgency, type Principal } from '../../../src/access/roles.js';
import { ERROR_CODES, VanthuError, classify, fromZod } from '../../../src/errors.js';
import { z } from 'zod';

const clerk: Principal = { login: 'lan', role: 'clerk', agencyCode: 'A', via: 'token' };
const reader: Principal = { login: 'hoa', role: 'reader', agencyCode: 'A', via: 'token' };
const admin: Principal = { login: 'root', role: 'admin', agencyCode: null, via: 'cli' };

describe('roles', () => {
  it('an administrator may do everything; readers and leaders only read; clerks keep the registers but not the directory', () => {
    expect(PERMISSIONS.every((p) => can(admin, p))).toBe(true);
    for (const role of ['reader', 'leader'] as const) {
      expect(ROLE_PERMISSIONS[role].filter((p) => !p.endsWith(':read') && p !== 'tokens:write')).toEqual([]);
      expect(ROLE_PERMISSIONS[role]).not.toContain('mailboxes:read');
    }
    expect(can(clerk, 'register:write')).toBe(true);
    expect(can(clerk, 'outgoing:send')).toBe(true);
    expect(can(clerk, 'quarantine:release')).toBe(true);
    expect(can(clerk, 'mailboxes:write')).toBe(true);
    expect(can(clerk, 'agencies:write')).toBe(false);
    expect(can(clerk, 'users:write')).toBe(false);
    expect(can(clerk, 'system:read')).toBe(false);
    expect(can(reader, 'register:write')).toBe(false);
  });

  it('keeps everyone but an administrator to their own agency', () => {
    expect(scopeAgency(admin, 'B')).toBe('B');
    expect(scopeAgency(admin, undefined)).toBeNull();
    expect(scopeAgency(clerk, undefined)).toBe('A');
    expect(scopeAgency(clerk, 'A')).toBe('A');
    expect(() => scopeAgency(clerk, 'B')).toThrow(VanthuError);
    expect(() => requireAgency(reader, 'B')).toThrow(/may not act for agency B/);
    expect(() => requireAgency(reader, null)).toThrow(VanthuError);
    expect(() => scopeAgency({ ...clerk, agencyCode: null }, undefined)).toThrow(/belongs to no agency/);
    try {
      requireAgency(clerk, 'B');
    } catch (err) {
      expect(classify(err)).toMatchObject({ code: 'FORBIDDEN', http: 403, exit: 4 });
    }
  });
});

describe('error codes', () => {
  it('map to one HTTP status and one exit code each; anything else is INTERNAL', () => {
    expect(classify(new VanthuError('NOT_FOUND', 'x'))).toEqual({ code: 'NOT_FOUND', ...ERROR_CODES.NOT_FOUND });
    expect(classify(new Error('boom'))).toEqual({ code: 'INTERNAL', http: 500, exit: 1 });
    for (const [code, { http }] of Object.entries(ERROR_CODES)) expect(http, code).toBeGreaterThanOrEqual(400);
  });

  it('a zod refusal names the field, and an unknown key by its name', () => {
    const strict = z.strictObject({ year: z.number() });
    expect(fromZod(strict.safeParse({ year: 'x' }).error!)).toMatchObject({ code: 'INVALID_INPUT', field: 'year' });
    expect(fromZod(strict.safeParse({ year: 1, colour: 'red' }).error!)).toMatchObject({ field: 'colour', message: 'colour: is not a known field' });
  });
});
