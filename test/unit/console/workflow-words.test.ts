// The console's words for the workflow: units field lines, the reader's and a refusal's reasons,
// the timeline, the settings and their errors. Pure.
import { describe, expect, it } from 'vitest';
import type { Unit } from '../../../src/agency/agency.js';
import { formatUnits, parseUnits } from '../../../src/console/units-field.js';
import { byVi, eventVi, handlingVi } from '../../../src/console/workflow-format.js';
import { fieldVi, messageVi, settingsVi } from '../../../src/console/workflow-settings-vi.js';
import { readerReasonVi, refusalVi } from '../../../src/workflow/reason-vi.js';
import { readInstruction } from '../../../src/workflow/instruction.js';
import { weekdaysOnly } from '../../../src/workflow/deadline.js';
import { viewOf } from '../../../src/workflow/handling.js';
import { workflowSchema } from '../../../src/workflow/settings.js';

const units: Unit[] = [
  { code: 'KH', kind: 'unit', name: 'Phòng Kế hoạch', address: 'kh@x.test', aliases: ['P.KH', 'Phòng KH'] },
  { code: 'GD', kind: 'person', name: 'Nguyễn Văn Giám', address: null, aliases: [] },
];

describe('the units field', () => {
  it('round-trips code, name, address, aliases and kind', () => {
    const text = formatUnits(units);
    expect(text).toBe('KH | Phòng Kế hoạch <kh@x.test> | P.KH, Phòng KH\nGD | Nguyễn Văn Giám |  | cá nhân');
    expect(parseUnits(text)).toEqual([
      { code: 'KH', name: 'Phòng Kế hoạch', address: 'kh@x.test', aliases: ['P.KH', 'Phòng KH'], kind: 'unit' },
      { code: 'GD', name: 'Nguyễn Văn Giám', aliases: [], kind: 'person' },
    ]);
  });
  it('a line in the earlier form keeps what was known of the unit of that name', () => {
    expect(parseUnits('Phòng Kế hoạch <kh2@x.test>\nPhòng Mới', units)).toEqual([
      { name: 'Phòng Kế hoạch', address: 'kh2@x.test', code: 'KH', kind: 'unit', aliases: ['P.KH', 'Phòng KH'] },
      { name: 'Phòng Mới' },
    ]);
  });
});

describe('reasons in Vietnamese', () => {
  it('says each of the reader’s reasons in words, and keeps an unknown one as it is', () => {
    const read = (body: string) => readInstruction({ body, targets: units, proposal: null, received: '2026-12-03', isWorkingDay: weekdaysOnly });
    const r1 = read('Phòng nào xử lý việc này?');
    expect(r1.kind).toBe('unreadable');
    expect(readerReasonVi((r1 as { reason: string }).reason)).toBe('đây là một câu hỏi, không phải ý kiến chỉ đạo');
    expect(readerReasonVi('"Sở Xây dựng" names an outside organ, not a unit of the agency')).toBe('“Sở Xây dựng” là cơ quan bên ngoài, không phải đơn vị của cơ quan');
    expect(readerReasonVi('deadline: 31/2 is not a date')).toBe('hạn giải quyết: 31/2 không phải là một ngày');
    expect(readerReasonVi('something new')).toBe('something new');
  });
  it('says why a reply was refused', () => {
    expect(refusalVi({ from: 'a@x.test', expected: 'gd@x.test', codes: ['NOT_THE_ADDRESSEE'], reason: '…' })).toBe('không phải từ địa chỉ được gửi (thư từ a@x.test, thư đã gửi cho gd@x.test)');
    expect(refusalVi({ reason: 'origin not proven: dkim fail', codes: ['DKIM_FAIL'] })).toBe('không xác minh được thư do chính người nhận gửi (mã: DKIM_FAIL)');
  });
});

describe('a bounced workflow mail in words', () => {
  it('names the mail, its addressee and the relay\'s status; the timeline marks it a problem', () => {
    const at = new Date('2026-12-01T02:00:00Z');
    const e = { event: 'mailBounced' as const, at, by: 'system', detail: { purpose: 'handover', to: 'kh@x.test', code: 'KH', status: '5.1.1', diagnostic: 'smtp; 550 5.1.1 User unknown' } };
    expect(eventVi(e, (c) => c)).toBe('Thư chuyển giao gửi kh@x.test không đến được (5.1.1): smtp; 550 5.1.1 User unknown');
    const v = viewOf({ _id: 'e1', agencyCode: 'A', year: 2026, arrivalNumber: 5, events: [e] } as never);
    expect(handlingVi(v, { units, workflow: null } as never, '2026-12-01').timeline.map((t) => t.problem)).toEqual([true]);
  });
});

describe('the handling in words', () => {
  const at = new Date('2026-12-01T02:00:00Z');
  const view = viewOf({
    _id: 'e1',
    agencyCode: 'A',
    year: 2026,
    arrivalNumber: 5,
    leader: 'gd@x.test',
    proposal: { units: [{ code: 'KH', role: 'lead' }], deadline: null, rule: 'Kế hoạch' },
    events: [
      { event: 'presented', at, by: 'system', detail: { to: 'gd@x.test' } },
      { event: 'instructed', at, by: 'session:lan', detail: { kind: 'assign', units: [{ code: 'KH', role: 'lead' }], deadline: '2026-12-02', text: 'Chuyển P.KH' } },
      { event: 'received', at, by: 'Trần Văn Kế', detail: { code: 'KH' } },
    ],
  } as never);
  it('marks an open document past its deadline overdue and names units, people and events', () => {
    const h = handlingVi(view, { units, workflow: workflowSchema.parse({ leaders: [{ name: 'Nguyễn Văn Giám', title: 'Giám đốc', address: 'gd@x.test' }] }) }, '2026-12-04');
    expect(h.stateVi).toBe('đang xử lý');
    expect(h.overdue).toBe(true);
    expect(h.daysLeft).toBe(-2);
    expect(h.leader).toBe('Giám đốc Nguyễn Văn Giám (gd@x.test)');
    expect(h.units[0]).toMatchObject({ name: 'Phòng Kế hoạch', roleVi: 'chủ trì', receivedBy: 'Trần Văn Kế', receivedVi: '09:00 01/12/2026' });
    expect(h.timeline.map((e) => e.text)).toEqual(['Trình lãnh đạo (gd@x.test)', 'Ý kiến chỉ đạo: “Chuyển P.KH” → Phòng Kế hoạch chủ trì, hạn 02/12/2026', 'Phòng Kế hoạch ký nhận']);
    expect(handlingVi(view, null, '2026-12-02').overdue).toBe(false);
  });
  it('says who did it', () => {
    expect(byVi('system')).toBe('hệ thống');
    expect(byVi('session:lan')).toBe('lan (trên trang văn thư)');
    expect(byVi('cli:cli:root')).toBe('root (dòng lệnh)');
    expect(eventVi({ event: 'reminded', at, by: 'system', detail: { code: 'KH', daysLeft: -1 } }, (c) => c)).toBe('Nhắc hạn KH: quá hạn 1 ngày');
  });
});

describe('the workflow settings in words', () => {
  it('names the place and the problem of a wrong setting', () => {
    const r = workflowSchema.safeParse({ leaders: [{ name: 'A', address: 'not-an-address' }] });
    expect(r.success).toBe(false);
    const i = r.error!.issues[0]!;
    expect(fieldVi(['workflow', ...i.path].join('.'))).toBe('lãnh đạo thứ 1, địa chỉ thư');
    expect(messageVi(i.message)).toBe('phải là một địa chỉ thư điện tử');
    expect(messageVi('workflow.presentAt: Invalid input: expected string, received number')).toBe('phải là một chuỗi chữ');
    expect(fieldVi('workflow.rules.1.units.0.code')).toBe('quy tắc thứ 2, đơn vị thứ 1, mã đơn vị');
  });
  it('reads rules and schedule as sentences', () => {
    const s = settingsVi(workflowSchema.parse({ rules: [{ keywords: ['kế hoạch'], urgent: true, units: [{ code: 'KH' }, { code: 'ZZ', role: 'support' }], days: 10 }] }), units);
    expect(s.rules[0]).toEqual({ name: 'Quy tắc 1', when: 'trích yếu có một trong: “kế hoạch”; văn bản khẩn', leader: '(theo lĩnh vực)', units: 'Phòng Kế hoạch chủ trì; ZZ (không có trong danh sách đơn vị) phối hợp', days: '10 ngày' });
    expect(s.schedule[0]).toEqual(['Giờ trình văn bản thường trong ngày', '15:30']);
  });
});
