// A province's directory from a spreadsheet: both separators, quoting, lists and flags, and
// problems named by line and column.
import { describe, expect, it } from 'vitest';
import { parseAgencyCsv } from '../../../src/agency/csv.js';
import { agencyInput } from '../../../src/agency/agency.js';

describe('agency CSV', () => {
  it('reads a comma file with quoted names, lists, units and flags', () => {
    const csv = [
      '\uFEFFcode,name,address,dispatchAddress,parentCode,addresses,units,alertTo,requireValidSignature,unreadable',
      '000.00.21.H41,"Sở Nội vụ tỉnh Long An",VanThu@snv.longan.gov.vn,dispatch@snv.longan.gov.vn,000.00.00.H41,vt2@snv.longan.gov.vn,"Phòng Tổ chức <tc@snv.longan.gov.vn>; Văn phòng Sở",it@longan.gov.vn|an@longan.gov.vn,có,quarantine',
      '000.00.22.H41,"Sở Y tế, tỉnh Long An",vanthu@syt.longan.gov.vn,,,,,,,',
    ].join('\r\n');
    const { rows, problems } = parseAgencyCsv(csv);
    expect(problems).toEqual([]);
    expect(rows.map((r) => r.line)).toEqual([2, 3]);
    expect(rows[0]!.input).toMatchObject({
      code: '000.00.21.H41',
      addresses: ['vt2@snv.longan.gov.vn'],
      units: [{ name: 'Phòng Tổ chức', address: 'tc@snv.longan.gov.vn' }, { name: 'Văn phòng Sở' }],
      alertTo: ['it@longan.gov.vn', 'an@longan.gov.vn'],
      requireValidSignature: true,
      unreadable: 'quarantine',
    });
    expect(rows[1]!.input).toMatchObject({ name: 'Sở Y tế, tỉnh Long An', requireValidSignature: false });
    expect(agencyInput.parse(rows[0]!.input).address).toBe('vanthu@snv.longan.gov.vn');
  });

  it('reads the semicolon files Excel writes in a Vietnamese locale', () => {
    const { rows, problems } = parseAgencyCsv('code;name;address\n000.00.23.H41;Sở Xây dựng;vanthu@sxd.longan.gov.vn\n');
    expect(problems).toEqual([]);
    expect(rows[0]!.input).toEqual({ code: '000.00.23.H41', name: 'Sở Xây dựng', address: 'vanthu@sxd.longan.gov.vn' });
  });

  it('names the line and the column of what is wrong', () => {
    expect(parseAgencyCsv('code,name,adress\n1,2,3\n').problems[0]).toMatchObject({ line: 1, column: 'adress' });
    expect(parseAgencyCsv('code,name\n1,2\n').problems[0]).toMatchObject({ line: 1, column: 'address' });
    expect(parseAgencyCsv('code,name,address,requireValidSignature\n000.00.24.H41,X,x@y.vn,maybe\n').problems[0]).toMatchObject({ line: 2, column: 'requireValidSignature' });
    expect(parseAgencyCsv('code,name,address\n"000.00.24.H41,X,x@y.vn\n').problems[0]!.message).toMatch(/quote/i);
  });
});
