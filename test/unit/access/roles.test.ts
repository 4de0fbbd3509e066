// The pure access rules: what each role may do, and how requests are kept to the person's agency.
import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, ROLE_PERMISSIONS, scopeAgency, requireAgency, type Principal } from '../../../src/access/roles.js';
import { ERROR_CODES, VanthuError, classify, fromZod } from '../../../src/errors.js';
import { z } from 'zod';

const clerk: Principal = { login: 'lan', role: 'clerk', agencyCode: 'A', via: 'token' };
const reader: Principal = { login: 'hoa', role: 'reader', agencyCode: 'A', via: 'token' };
const admin: Principal = { login: 'root', role: 'admin', agencyCode: null, via: 'cli' };

describe('roles', () => {
  it('an administrator may do everything; readers only read; leaders read and give instructions; clerks keep the registers but not the directory', () => {
    expect(PERMISSIONS.every((p) => can(admin, p))).toBe(true);
    for (const role of ['reader', 'leader'] as const) {
      const extra = role === 'leader' ? ['tokens:write', 'workflow:write'] : ['tokens:write'];
      expect(ROLE_PERMISSIONS[role].filter((p) => !p.endsWith(':read') && !extra.includes(p))).toEqual([]);
      expect(ROLE_PERMISSIONS[role]).not.toContain('mailboxes:read');
    }
    expect(can(reader, 'workflow:write')).toBe(false);
    expect(can(clerk, 'workflow:write')).toBe(true);
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

describe('what the console says', () => {
  it('turns receipt-time reasons and dispatch warnings into Vietnamese, and keeps what it does not know', async () => {
    const { receiptReasonVi, warningVi, signaturesVi } = await import('../../../src/console/format.js');
    expect(receiptReasonVi('before office hours')).toBe('đến trước giờ làm việc');
    expect(receiptReasonVi('public holiday: Tết Nguyên đán')).toBe('đến ngày lễ: Tết Nguyên đán');
    expect(receiptReasonVi('something new')).toBe('something new');
    expect(warningVi('the document reads number 03, registered as 1')).toMatch(/^Văn bản ghi số 03, nhưng được vào sổ văn bản đi số 1/);
    const lines = signaturesVi([{ file: 'cv.pdf', signatures: [{ indication: 'PASSED', verdictVi: 'Chữ ký hợp lệ.', signer: { commonName: 'Nguyễn Văn An', organization: 'UBND tỉnh Long An' }, signingTime: '2026-11-02T02:00:00Z' }, { indication: 'FAILED', subIndication: 'HASH_FAILURE', verdictVi: 'Văn bản đã bị sửa sau khi ký.' }] }]);
    expect(lines).toEqual([
      { file: 'cv.pdf', who: 'Nguyễn Văn An (UBND tỉnh Long An)', when: '09:00 02/11/2026', valid: true, text: 'Chữ ký hợp lệ.' },
      { file: 'cv.pdf', who: 'không rõ người ký', when: '', valid: false, text: 'Văn bản đã bị sửa sau khi ký.' },
    ]);
  });
});
