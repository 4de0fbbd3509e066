// An agency edit changes only the fields given: the patch schema's defaults must not reset the rest.
import { describe, expect, it } from 'vitest';
import { agencyPatch, type Agency } from '../../../src/agency/agency.js';
import { patched } from '../../../src/agency/service.js';

const before: Agency = {
  code: '000.00.15.H41',
  name: 'Sở Thông tin và Truyền thông',
  address: 'vanthu@stttt.longan.test',
  addresses: ['so@stttt.longan.test'],
  dispatchAddress: null,
  parentCode: null,
  units: [{ code: 'KH', kind: 'unit', name: 'Phòng Kế hoạch', address: 'kh@stttt.longan.test', aliases: ['P.KH'] }],
  officeHours: null,
  requireValidSignature: true,
  acceptUncheckedRevocation: false,
  requireSignatureOnDispatch: true,
  unreadable: null,
  alertTo: ['it@stttt.longan.test'],
  authservIds: ['mx.longan.test'],
  workflow: null,
};

describe('patched', () => {
  it('a workflow-only patch keeps the units, addresses and policies', () => {
    const given = { workflow: { leaders: [{ name: 'A', address: 'gd@stttt.longan.test' }] } };
    const after = patched(before, agencyPatch.parse(given) as Record<string, unknown>, given);
    expect(after.units).toEqual(before.units);
    expect(after.addresses).toEqual(before.addresses);
    expect(after.requireValidSignature).toBe(true);
    expect(after.alertTo).toEqual(before.alertTo);
    expect((after.workflow as { leaders: unknown[] }).leaders).toHaveLength(1);
  });
  it('a field given as empty or null does change', () => {
    const given = { units: [], workflow: null };
    const after = patched({ ...before, workflow: { enabled: true } as never }, agencyPatch.parse(given) as Record<string, unknown>, given);
    expect(after.units).toEqual([]);
    expect(after.workflow).toBeNull();
    expect(after.authservIds).toEqual(before.authservIds);
  });
});
describe('agencyPatch (the schema)', () => {
  it('keeps only the fields given (defaults would reset units, aliases and policies on every edit)', () => {
    expect(agencyPatch.parse({ name: 'Sở X' })).toEqual({ name: 'Sở X' });
    expect(agencyPatch.parse({ requireValidSignature: true })).toEqual({ requireValidSignature: true });
    const w = agencyPatch.parse({ workflow: { leaders: [{ name: 'A', address: 'a@x.vn' }] } });
    expect(Object.keys(w)).toEqual(['workflow']);
    expect(w.workflow?.presentAt).toBe('15:30');
  });

  it('still checks what it is given', () => {
    expect(agencyPatch.safeParse({ address: 'not an address' }).success).toBe(false);
    expect(agencyPatch.safeParse({ unknownField: 1 }).success).toBe(false);
    expect(agencyPatch.parse({ address: ' A@X.VN ' })).toEqual({ address: 'a@x.vn' });
  });
});
