// An agency's workflow settings (src/workflow/settings.ts) as the administrator reads them in the
// console: leaders, routing rules and schedule in words, and what is wrong with settings he typed,
// naming the place in Vietnamese ("quy tắc thứ 2, mã đơn vị: …"). Pure.
import type { Unit } from '../agency/agency.js';
import type { WorkflowSettings } from '../workflow/settings.js';
import { WF_ROLE_VI } from './workflow-format.js';

const KEY_VI: Record<string, string> = {
  workflow: 'thiết lập',
  enabled: 'bật quy trình',
  leaders: 'lãnh đạo',
  rules: 'quy tắc',
  units: 'đơn vị',
  address: 'địa chỉ thư',
  name: 'tên',
  title: 'chức danh',
  fields: 'lĩnh vực phụ trách',
  organ: 'cơ quan ban hành',
  type: 'tên loại văn bản',
  keywords: 'từ khóa',
  urgent: 'khẩn',
  leader: 'lãnh đạo được trình',
  code: 'mã đơn vị',
  role: 'vai trò',
  days: 'số ngày giải quyết',
  presentAt: 'giờ trình trong ngày',
  digestAt: 'giờ gửi thư tổng hợp',
  remindBeforeDays: 'nhắc trước hạn (ngày làm việc)',
  remindEveryDays: 'nhắc lại sau hạn (mỗi … ngày)',
  clerks: 'văn thư nhận thư tổng hợp',
};

const TYPE_VI: Record<string, string> = { number: 'một số', string: 'một chuỗi chữ', boolean: 'true hoặc false', array: 'một danh sách [ … ]', object: 'một đối tượng { … }' };

/** "workflow.rules.1.units.0.code" → "quy tắc thứ 2, đơn vị thứ 1, mã đơn vị". */
export function fieldVi(field: string): string {
  const out: string[] = [];
  for (const p of field.split('.').filter((x) => x && x !== 'workflow' && x !== 'body')) {
    if (/^\d+$/.test(p) && out.length) out[out.length - 1] = `${out[out.length - 1]} thứ ${Number(p) + 1}`;
    else out.push(KEY_VI[p] ?? p);
  }
  return out.join(', ') || 'thiết lập';
}

/** A zod message of the settings schema in Vietnamese (the English one when it is not known). */
export function messageVi(message: string): string {
  const m = message.replace(/^[\w.]+: /, '');
  if (m === 'must be an email address') return 'phải là một địa chỉ thư điện tử';
  if (m === 'must be a time of day like 16:00') return 'phải là giờ trong ngày, ví dụ 16:00';
  if (m.startsWith('must be 1–16 letters')) return 'chỉ gồm 1–16 chữ cái, chữ số, dấu - hoặc _';
  if (m === 'is not a known field') return 'không phải là mục thiết lập có sẵn';
  let x = /^Invalid input: expected (\w+), received (\w+)$/.exec(m);
  if (x) return x[2] === 'undefined' ? 'bắt buộc phải có' : `phải là ${TYPE_VI[x[1]!] ?? x[1]}`;
  x = /^Too small: expected (?:string|array) to have >=(\d+)/.exec(m);
  if (x) return x[1] === '1' ? 'không được để trống' : `phải có ít nhất ${x[1]}`;
  x = /^Too (small|big): expected number to be (?:>=|<=)(\d+)/.exec(m);
  if (x) return x[1] === 'small' ? `không được nhỏ hơn ${x[2]}` : `không được lớn hơn ${x[2]}`;
  if (/^Invalid option: expected one of/.test(m)) return `phải là một trong: ${m.replace(/^Invalid option: expected one of /, '')}`;
  return m;
}

export interface SettingsVi {
  enabledVi: string;
  leaders: Array<{ name: string; title: string; address: string; fields: string }>;
  rules: Array<{ name: string; when: string; leader: string; units: string; days: string }>;
  schedule: Array<[string, string]>;
}

/** The settings in a readable table's rows. */
export function settingsVi(w: WorkflowSettings, units: readonly Unit[]): SettingsVi {
  const unitName = (code: string) => units.find((u) => u.code === code)?.name ?? `${code} (không có trong danh sách đơn vị)`;
  return {
    enabledVi: w.enabled ? 'Đang bật' : 'Đang tắt',
    leaders: w.leaders.map((l) => ({ name: l.name, title: l.title, address: l.address, fields: l.fields.join(', ') || 'Tất cả (thủ trưởng)' })),
    rules: w.rules.map((r, i) => ({
      name: r.name ?? `Quy tắc ${i + 1}`,
      when:
        [
          r.organ ? `cơ quan ban hành có “${r.organ}”` : '',
          r.type ? `tên loại “${r.type}”` : '',
          r.keywords.length ? `trích yếu có một trong: ${r.keywords.map((k) => `“${k}”`).join(', ')}` : '',
          r.urgent === true ? 'văn bản khẩn' : r.urgent === false ? 'văn bản không khẩn' : '',
        ]
          .filter(Boolean)
          .join('; ') || 'mọi văn bản',
      leader: r.leader ?? '(theo lĩnh vực)',
      units: r.units.map((u) => `${unitName(u.code)} ${WF_ROLE_VI[u.role] ?? u.role}`).join('; '),
      days: r.days ? `${r.days} ngày` : '—',
    })),
    schedule: [
      ['Giờ trình văn bản thường trong ngày', w.presentAt],
      ['Giờ gửi thư tổng hợp hằng ngày', w.digestAt],
      ['Nhắc đơn vị trước hạn', `${w.remindBeforeDays} ngày làm việc`],
      ['Nhắc lại sau khi quá hạn', `mỗi ${w.remindEveryDays} ngày`],
      ['Văn thư nhận thư tổng hợp', w.clerks.join(', ') || 'hộp thư chính thức của cơ quan'],
    ],
  };
}
