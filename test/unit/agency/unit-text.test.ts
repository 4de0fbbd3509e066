// One line per unit, as the CLI, the CSV import and the console write them (agency.ts parseUnitText).
import { describe, expect, it } from 'vitest';
import { parseUnitText, unitText, withCodes } from '../../../src/agency/agency.js';

describe('a unit on one line', () => {
  it('reads code, name, address and aliases, each optional but the name', () => {
    expect(parseUnitText('KH | Phòng Kế hoạch <kh@x.gov.vn> | P.KH, Phòng KH')).toEqual({ code: 'KH', kind: 'unit', name: 'Phòng Kế hoạch', address: 'kh@x.gov.vn', aliases: ['P.KH', 'Phòng KH'] });
    expect(parseUnitText('Phòng Tổ chức <tc@x.gov.vn>')).toEqual({ kind: 'unit', name: 'Phòng Tổ chức', address: 'tc@x.gov.vn', aliases: [] });
    expect(parseUnitText('Văn phòng')).toEqual({ kind: 'unit', name: 'Văn phòng', aliases: [] });
    // A name is not a code: "Phòng A | P.A" has no code, its second part is an alias.
    expect(parseUnitText('Phòng A | P.A')).toEqual({ kind: 'unit', name: 'Phòng A', aliases: ['P.A'] });
    expect(parseUnitText('PGD-B | Phó Giám đốc Trần Văn Bình <binh@x.gov.vn> | anh Bình').kind).toBe('person');
  });

  it('writes back what it reads, with the code a unit was given', () => {
    const [u] = withCodes([parseUnitText('Phòng Kế hoạch - Đầu tư <kh@x.gov.vn> | P.KH')]);
    expect(u!.code).toBe('KHDT');
    expect(parseUnitText(unitText(u!))).toEqual({ code: 'KHDT', kind: 'unit', name: 'Phòng Kế hoạch - Đầu tư', address: 'kh@x.gov.vn', aliases: ['P.KH'] });
  });
});
