// An agency patch names only what changes: nothing else may come back with a default value.
import { describe, expect, it } from 'vitest';
import { agencyPatch } from '../../../src/agency/agency.js';

describe('agencyPatch', () => {
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
