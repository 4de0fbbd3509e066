// Searching without diacritics, and the paging filter, as pure functions.
import { describe, expect, it } from 'vitest';
import { markInsensitivePattern, searchForm, searchPattern, searchTextOf } from '../../../src/register/search.js';
import { afterFilter, decodeCursor, encodeCursor } from '../../../src/store/paging.js';
import { neutralizeCell, toCsv } from '../../../src/register/book.js';
import { registerFilter } from '../../../src/register/service.js';

describe('search', () => {
  it('folds marks, case and đ, so a query with or without them finds the same text', () => {
    const text = searchTextOf({ metadata: { codeRaw: '15/QĐ-UBND', organName: 'Ủy ban nhân dân tỉnh Long An', subject: 'Về việc Điều chỉnh dự toán' }, sender: 'vanthu@ubnd.longan.gov.vn' });
    for (const q of ['quyet dinh', 'qđ-ubnd', 'UY BAN', 'điều chỉnh', 'dieu chinh du toan', '15/qd']) {
      expect(new RegExp(searchPattern(q)).test(text), q).toBe(q !== 'quyet dinh');
    }
    expect(searchForm('  Sở   Tài  chính ')).toBe('so tai chinh');
  });

  it('a mark-insensitive pattern matches the original field with or without its marks', () => {
    const re = new RegExp(markInsensitivePattern('so tai chinh'), 'i');
    expect(re.test('Sở Tài chính tỉnh Long An')).toBe(true);
    expect(re.test('SỞ TÀI CHÍNH')).toBe(true);
    expect(re.test('Sở Tư pháp')).toBe(false);
    expect(new RegExp(markInsensitivePattern('a.b(c)'), 'i').test('axb(c)')).toBe(false);
  });

  it('a filter for a query', () => {
    const f = registerFilter({ year: 2026, from: '2026-11-02', to: '2026-11-02', state: 'overdue', urgency: 'Thường' }, 'A', '2026-12-02');
    expect(f).toMatchObject({ a: 'A', y: 2026, d: { $lt: '2026-12-02', $ne: null }, u: null });
    expect((f.t as { $gte: Date; $lt: Date }).$gte.toISOString()).toBe('2026-11-01T17:00:00.000Z');
    expect((f.t as { $gte: Date; $lt: Date }).$lt.toISOString()).toBe('2026-11-02T17:00:00.000Z');
    expect(() => registerFilter({ from: '2026-02-30' }, null)).toThrow(/from: "2026-02-30" is not a date/);
  });
});

describe('paging', () => {
  it('a cursor carries the last row’s keys, dates included, and the next page starts strictly after', () => {
    const at = new Date('2026-11-02T02:00:00Z');
    const c = encodeCursor([2026, at, 'e1']);
    expect(decodeCursor(c, 3)).toEqual([2026, at, 'e1']);
    expect(() => decodeCursor(c, 2)).toThrow(/cursor/);
    expect(() => decodeCursor('%%%', 1)).toThrow(/cursor/);
    expect(afterFilter([{ field: 'year', dir: -1 }, { field: 'n', dir: -1 }], [2026, 5])).toEqual({ $or: [{ year: { $lt: 2026 } }, { year: 2026, n: { $lt: 5 } }] });
  });
});

describe('CSV cells', () => {
  it('neutralises what a spreadsheet would run, and only that', () => {
    for (const v of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1']) expect(neutralizeCell(v), v).toBe(`'${v}`);
    for (const v of ['Công văn', '12/UBND-VX', '', ' =1']) expect(neutralizeCell(v), v).toBe(v);
    expect(toCsv(['a'], [['=1+1']])).toBe("\uFEFFa\r\n'=1+1\r\n");
  });
});
