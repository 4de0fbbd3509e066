// An edit of an agency changes the fields it names and nothing else. Zod 4 fills a field's default
// even inside .partial(), so a patch schema made that way turned `{ name }` (or `{ workflow }`)
// into one that also reset units, addresses, alert recipients, authserv-ids and the signature
// policies to their defaults.
import { describe, expect, it } from 'vitest';
import { agencyPatch } from '../../../src/agency/agency.js';

describe('agencyPatch', () => {
  it('keeps only the fields given (no defaults filled in)', () => {
    expect(agencyPatch.parse({ name: 'Sở Tài chính' })).toEqual({ name: 'Sở Tài chính' });
    const p = agencyPatch.parse({ workflow: { leaders: [{ name: 'An', address: 'gd@x.vn' }] } });
    expect(Object.keys(p)).toEqual(['workflow']);
    // Defaults inside a field given whole still apply.
    expect(p.workflow).toMatchObject({ enabled: true, presentAt: '15:30', leaders: [{ title: 'Thủ trưởng', fields: [] }] });
    expect(agencyPatch.parse({ units: [{ name: 'Phòng A' }] }).units).toEqual([{ name: 'Phòng A', kind: 'unit', aliases: [] }]);
  });

  it('still validates what is given and refuses unknown fields', () => {
    expect(agencyPatch.safeParse({ address: 'not an address' }).success).toBe(false);
    expect(agencyPatch.safeParse({ surprise: 1 }).success).toBe(false);
    expect(agencyPatch.safeParse({ requireValidSignature: 'yes' }).success).toBe(false);
    expect(agencyPatch.safeParse({}).success).toBe(true);
  });
});
