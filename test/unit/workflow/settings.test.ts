// An agency's workflow settings: the defaults, what is refused, and the codes made for units the
// administrator gave none (the initials after "Phòng"/"Ban", made unique with a digit).
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKFLOW, unitCode, workflowSchema } from '../../../src/workflow/settings.js';

describe('unitCode', () => {
  it('the initials of the name after Phòng or Ban, marks dropped, upper case', () => {
    expect(unitCode('Phòng Kế hoạch - Đầu tư', new Set())).toBe('KHDT');
    expect(unitCode('Phòng Công nghệ thông tin', new Set())).toBe('CNTT');
    expect(unitCode('Ban Quản lý dự án', new Set())).toBe('QLDA');
    expect(unitCode('Văn phòng Sở', new Set())).toBe('VPS');
    expect(unitCode('Thanh tra', new Set())).toBe('TT');
    expect(unitCode('Đội 2', new Set())).toBe('D2');
  });

  it('a code already taken gets the next free digit', () => {
    expect(unitCode('Phòng Kế hoạch - Tài chính', new Set(['KHTC']))).toBe('KHTC2');
    expect(unitCode('Phòng Kinh tế - Hạ tầng - Tổng hợp', new Set(['KTHTTH', 'KTHTTH2']))).toBe('KTHTTH3');
  });

  it('a name with no letters gets DV; a very long one is cut to twelve letters', () => {
    expect(unitCode('—', new Set())).toBe('DV');
    expect(unitCode('Phòng', new Set())).toBe('DV');
    expect(unitCode('Phòng a b c d e f g h i j k l m n o', new Set())).toBe('ABCDEFGHIJKL');
  });
});

describe('workflowSchema', () => {
  it('defaults: on, 15:30 batch, 07:30 digest, reminders 2 days before and every 2 days', () => {
    expect(workflowSchema.parse({})).toEqual({ enabled: true, leaders: [], rules: [], presentAt: '15:30', digestAt: '07:30', remindBeforeDays: 2, remindEveryDays: 2, clerks: [] });
    expect(DEFAULT_WORKFLOW.enabled).toBe(false);
  });

  it('addresses lower-cased, unit codes upper-cased, a unit’s role defaults to lead', () => {
    const s = workflowSchema.parse({ leaders: [{ name: 'An', address: ' GD@Stttt.LongAn.test ' }], rules: [{ keywords: ['x'], units: [{ code: 'khtc' }] }] });
    expect(s.leaders[0]).toEqual({ name: 'An', title: 'Thủ trưởng', address: 'gd@stttt.longan.test', fields: [] });
    expect(s.rules[0]!.units).toEqual([{ code: 'KHTC', role: 'lead' }]);
  });

  it('refuses a bad time, a bad address, a rule without units, unknown fields, days out of range', () => {
    const bad = (x: unknown) => workflowSchema.safeParse(x).success;
    expect(bad({ presentAt: '24:00' })).toBe(false);
    expect(bad({ digestAt: '7:30' })).toBe(false);
    expect(bad({ leaders: [{ name: 'An', address: 'not an address' }] })).toBe(false);
    expect(bad({ rules: [{ keywords: ['x'], units: [] }] })).toBe(false);
    expect(bad({ rules: [{ units: [{ code: 'KH', role: 'boss' }] }] })).toBe(false);
    expect(bad({ rules: [{ units: [{ code: 'KH' }], days: 0 }] })).toBe(false);
    expect(bad({ remindEveryDays: 0 })).toBe(false);
    expect(bad({ leaders: [], surprise: true })).toBe(false);
    expect(bad({ presentAt: '16:00', rules: [{ units: [{ code: 'KH' }], days: 365 }] })).toBe(true);
  });
});
