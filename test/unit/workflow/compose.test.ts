// The workflow's mail in Vietnamese: the routing slip (phiếu trình, Decree 30/2020 Art. 24.1)
// names the urgency in its subject and carries the proposal; the hand-over names the unit's role;
// the digest counts what is new and overdue; the clerk's reasons are in Vietnamese.
import { describe, expect, it } from 'vitest';
import { answerMail, assignmentText, clerkNoticeMail, digestMail, handoverMail, isoToVn, reasonVi, reminderMail, slipMail, stateVi, type DigestRow, type DocumentFacts } from '../../../src/workflow/compose.js';

const FACTS: DocumentFacts = {
  agencyName: 'Sở Thông tin và Truyền thông tỉnh Long An',
  arrivalNumber: 125,
  year: 2026,
  receiptTime: new Date('2026-12-03T02:15:00Z'),
  organName: 'Bộ Thông tin và Truyền thông',
  code: '4521/BTTTT-KHTC',
  issuedDate: '2026-11-28',
  typeName: 'Công văn',
  subject: 'V/v xây dựng kế hoạch chuyển đổi số năm 2027',
  urgency: null,
};
const UNITS = [
  { code: 'KHTC', name: 'Phòng Kế hoạch - Tài chính' },
  { code: 'CNTT', name: 'Phòng Công nghệ thông tin' },
];

describe('slipMail', () => {
  it('a non-urgent slip: the number and subject in the subject line, the register’s facts, the proposal and deadline', () => {
    const m = slipMail(FACTS, { leaderName: 'Nguyễn Văn An', leaderTitle: 'Giám đốc', proposal: [{ code: 'CNTT', role: 'lead' }, { code: 'KHTC', role: 'support' }], deadline: '2026-12-20', units: UNITS });
    expect(m.subject).toBe('[Trình] Văn bản đến số 125/2026: V/v xây dựng kế hoạch chuyển đổi số năm 2027');
    expect(m.text).toContain('PHIẾU TRÌNH VĂN BẢN ĐẾN');
    expect(m.text).toContain('Kính gửi: Giám đốc Nguyễn Văn An');
    expect(m.text).toContain('Số đến: 125/2026     Ngày đến: 03/12/2026 09:15');
    expect(m.text).toContain('Tác giả: Bộ Thông tin và Truyền thông');
    expect(m.text).toContain('Số, ký hiệu: 4521/BTTTT-KHTC     Ngày văn bản: 28/11/2026');
    expect(m.text).toContain('Trích yếu: Công văn V/v xây dựng kế hoạch chuyển đổi số năm 2027');
    expect(m.text).toContain('Độ khẩn: Thường');
    expect(m.text).toContain('Đề xuất: Phòng Công nghệ thông tin chủ trì; Phòng Kế hoạch - Tài chính phối hợp');
    expect(m.text).toContain('Hạn giải quyết (đề xuất): 20/12/2026');
    expect(m.text).toContain('Phòng Kế hoạch - Tài chính (KHTC); Phòng Công nghệ thông tin (CNTT)');
  });

  it('an urgent slip names the urgency first in the subject; no proposal asks for the leader’s opinion', () => {
    const m = slipMail({ ...FACTS, urgency: 'Hỏa tốc' }, { leaderName: 'An', leaderTitle: 'Giám đốc', proposal: [], deadline: null, units: UNITS });
    expect(m.subject).toMatch(/^\[HỎA TỐC\] \[Trình\] Văn bản đến số 125\/2026: /);
    expect(m.text).toContain('Độ khẩn: Hỏa tốc');
    expect(m.text).toContain('Đề xuất: (chưa có đề xuất: xin đồng chí cho ý kiến)');
    expect(m.text).toContain('Hạn giải quyết (đề xuất): không có');
  });

  it('a long subject is cut with an ellipsis; missing facts say so', () => {
    const m = slipMail({ ...FACTS, subject: 'x'.repeat(200), organName: null, code: null, issuedDate: null }, { leaderName: 'An', leaderTitle: 'Giám đốc', proposal: [], deadline: null, units: [] });
    expect(m.subject.endsWith('…')).toBe(true);
    expect(m.subject.length).toBeLessThan(120);
    expect(m.text).toContain('Tác giả: (chưa rõ)');
    expect(m.text).toContain('Ngày văn bản: (chưa rõ)');
    expect(m.text).toContain('Các đơn vị, cá nhân: (chưa khai báo)');
  });
});

describe('handoverMail and the role words', () => {
  it.each([
    ['lead', 'chủ trì'],
    ['support', 'phối hợp'],
    ['informed', 'để biết'],
  ] as const)('%s → "%s"', (role, words) => {
    const m = handoverMail(FACTS, { unitName: 'Phòng Công nghệ thông tin', role, instruction: 'Chuyển  P.CNTT chủ trì,\nP.KHTC phối hợp', by: 'Giám đốc Nguyễn Văn An', deadline: '2026-12-20', others: assignmentText([{ code: 'CNTT', role: 'lead' }, { code: 'KHTC', role: 'support' }], UNITS) });
    expect(m.subject).toBe('[Chuyển giao] Văn bản đến số 125/2026: V/v xây dựng kế hoạch chuyển đổi số năm 2027');
    expect(m.text).toContain(`được chuyển đến đơn vị để ${words}, theo ý kiến chỉ đạo của Giám đốc Nguyễn Văn An:`);
    expect(m.text).toContain('"Chuyển P.CNTT chủ trì, P.KHTC phối hợp"');
    expect(m.text).toContain('Hạn giải quyết: 20/12/2026');
    expect(m.text).toContain('Phân công: Phòng Công nghệ thông tin chủ trì; Phòng Kế hoạch - Tài chính phối hợp');
    expect(m.text).not.toMatch(/\n\n\n/);
  });

  it('assignmentText falls back to the code of a unit not in the list', () => {
    expect(assignmentText([{ code: 'XX', role: 'informed' }], UNITS)).toBe('XX để biết');
    expect(assignmentText([], UNITS)).toBe('');
  });
});

describe('answer, notice and reminder', () => {
  it('the answer says what was understood and invites a correction', () => {
    const m = answerMail(FACTS, { understood: 'Chuyển: Phòng Công nghệ thông tin chủ trì.', deadline: null });
    expect(m.subject).toBe('Đã ghi nhận ý kiến chỉ đạo: văn bản đến số 125/2026');
    expect(m.text).toContain('Hạn giải quyết: không ghi hạn');
    expect(m.text).toContain('ý kiến sau thay ý kiến trước');
  });

  it('the clerk’s notice quotes the reply and the reason', () => {
    const m = clerkNoticeMail(FACTS, { from: 'gd@x.vn', reason: reasonVi('the reply asks a question'), text: 'Chuyển ai?\nAn' });
    expect(m.subject).toBe('[Cần văn thư xử lý] Ý kiến về văn bản đến số 125/2026 chưa đọc được');
    expect(m.text).toContain('Lý do: đây là một câu hỏi, không phải ý kiến chỉ đạo');
    expect(m.text).toContain('  Chuyển ai?\n  An');
  });

  it('the reminder says days left, due today, or days overdue', () => {
    const r = (n: number) => reminderMail(FACTS, { unitName: 'Phòng CNTT', deadline: '2026-12-20', daysLeft: n }).subject;
    expect(r(2)).toBe('[Nhắc hạn] Văn bản đến số 125/2026 còn 2 ngày đến hạn');
    expect(r(0)).toBe('[Nhắc hạn] Văn bản đến số 125/2026 đến hạn hôm nay');
    expect(r(-3)).toBe('[Nhắc hạn] Văn bản đến số 125/2026 đã quá hạn 3 ngày');
  });
});

describe('digestMail', () => {
  const row = (n: number, state: string, deadline: string | null): DigestRow => ({ facts: { ...FACTS, arrivalNumber: n }, state, deadline, units: 'Phòng CNTT chủ trì' });

  it('counts the new and the overdue in the subject, lists each part with its rows or "(không có)"', () => {
    const m = digestMail(FACTS.agencyName, '2026-12-21', { fresh: [row(130, 'presented', null), row(131, 'assigned', '2026-12-30')], overdue: [row(101, 'in-progress', '2026-12-18')], dueSoon: [] });
    expect(m.subject).toBe('[Tổng hợp ngày 21/12/2026] Sở Thông tin và Truyền thông tỉnh Long An: 2 văn bản mới, 1 quá hạn');
    expect(m.text).toContain('Văn bản mới (2):');
    expect(m.text).toContain('  - Số đến 131/2026: V/v xây dựng kế hoạch chuyển đổi số năm 2027 — đã giao, chờ ký nhận, hạn 30/12/2026 — Phòng CNTT chủ trì');
    expect(m.text).toContain('Quá hạn giải quyết (1):\n  - Số đến 101/2026');
    expect(m.text).toContain('Sắp đến hạn (0):\n  (không có)');
  });

  it('stateVi and isoToVn', () => {
    expect(stateVi('needs-clerk')).toBe('ý kiến chưa đọc được, cần văn thư');
    expect(stateVi('unknown')).toBe('unknown');
    expect(isoToVn('2026-02-01')).toBe('01/02/2026');
    expect(isoToVn('1/2/2026')).toBe('');
    expect(isoToVn(null)).toBe('');
  });
});
