// Where a registered document is proposed to go and to whom it is presented (Decree 30/2020 Art.
// 24.1): rules in order, first match wins; organ, type, keywords and urgency matched without marks
// or case; deputies by field; a rule's own leader; the rule's days as a deadline.
import { describe, expect, it } from 'vitest';
import { isUrgent, propose, ruleMatches, type DocumentForRouting } from '../../../src/workflow/route.js';
import { workflowSchema, type WorkflowInput } from '../../../src/workflow/settings.js';

const HEAD = { name: 'Nguyễn Văn An', title: 'Giám đốc', address: 'gd@stttt.longan.test' };
const DEP_IT = { name: 'Trần Thị Bình', title: 'Phó Giám đốc', address: 'pgd1@stttt.longan.test', fields: ['chuyển đổi số', 'an toàn thông tin'] };
const DEP_PRESS = { name: 'Lê Văn Cường', title: 'Phó Giám đốc', address: 'pgd2@stttt.longan.test', fields: ['báo chí'] };

const settings = (o: Partial<WorkflowInput> = {}) => workflowSchema.parse({ leaders: [HEAD, DEP_IT, DEP_PRESS], ...o });
const doc = (o: Partial<DocumentForRouting> = {}): DocumentForRouting => ({ organName: 'Bộ Thông tin và Truyền thông', typeName: 'Công văn', subject: 'V/v báo cáo tình hình', urgency: null, deadline: null, receivedDay: '2026-12-03', ...o });
const rule = (o: Record<string, unknown>) => workflowSchema.parse({ rules: [{ units: [{ code: 'KH' }], ...o }] }).rules[0]!;

describe('isUrgent', () => {
  it('Hỏa tốc, Thượng khẩn, Khẩn, with or without marks and in any case; nothing else', () => {
    for (const u of ['Khẩn', 'KHẨN', 'khan', 'Thượng khẩn', 'thuong khan', 'Hỏa tốc', 'HOẢ TỐC', 'hoa toc']) expect(isUrgent(u), u).toBe(true);
    for (const u of [null, '', 'Thường', 'Mật', 'Khẩn cấp', 'Tối mật']) expect(isUrgent(u), String(u)).toBe(false);
  });
});

describe('ruleMatches', () => {
  it('organ: the organ’s name contains the words, marks and case ignored, whole words only', () => {
    expect(ruleMatches(rule({ organ: 'Bộ Thông tin' }), doc())).toBe(true);
    expect(ruleMatches(rule({ organ: 'bo thong tin va truyen thong' }), doc())).toBe(true);
    expect(ruleMatches(rule({ organ: 'Bộ Tài chính' }), doc())).toBe(false);
    expect(ruleMatches(rule({ organ: 'UBND huyện Cần Giu' }), doc({ organName: 'UBND huyện Cần Giuộc' }))).toBe(false);
    // Marks are ignored, so "Thông" and "Thống" are the same word to a rule.
    expect(ruleMatches(rule({ organ: 'Bộ Thông' }), doc({ organName: 'Bộ Thống kê' }))).toBe(true);
    expect(ruleMatches(rule({ organ: 'Bộ Thông tin' }), doc({ organName: null }))).toBe(false);
  });

  it('type: the whole type name, marks and case ignored', () => {
    expect(ruleMatches(rule({ type: 'cong van' }), doc())).toBe(true);
    expect(ruleMatches(rule({ type: 'Quyết định' }), doc())).toBe(false);
    expect(ruleMatches(rule({ type: 'Công' }), doc())).toBe(false);
  });

  it('keywords: any one of them in the subject, as whole words without marks', () => {
    expect(ruleMatches(rule({ keywords: ['dự toán', 'báo cáo'] }), doc())).toBe(true);
    expect(ruleMatches(rule({ keywords: ['BAO CAO'] }), doc({ subject: 'V/v Báo  cáo, tình hình' }))).toBe(true);
    expect(ruleMatches(rule({ keywords: ['dự toán'] }), doc())).toBe(false);
    expect(ruleMatches(rule({ keywords: ['toa'] }), doc({ subject: 'V/v dự toán' }))).toBe(false);
    expect(ruleMatches(rule({ keywords: ['toán'] }), doc({ subject: 'V/v dự toan' }))).toBe(true);
  });

  it('urgent: true matches only urgent documents, false only the others', () => {
    expect(ruleMatches(rule({ urgent: true }), doc({ urgency: 'Hỏa tốc' }))).toBe(true);
    expect(ruleMatches(rule({ urgent: true }), doc())).toBe(false);
    expect(ruleMatches(rule({ urgent: false }), doc())).toBe(true);
    expect(ruleMatches(rule({ urgent: false }), doc({ urgency: 'Khẩn' }))).toBe(false);
  });

  it('all the conditions given must hold; a rule with none matches nothing', () => {
    expect(ruleMatches(rule({ organ: 'Bộ Thông tin', type: 'Công văn', keywords: ['báo cáo'], urgent: false }), doc())).toBe(true);
    expect(ruleMatches(rule({ organ: 'Bộ Thông tin', type: 'Quyết định' }), doc())).toBe(false);
    expect(ruleMatches(rule({}), doc())).toBe(false);
  });
});

describe('propose', () => {
  it('no leaders: null (nothing to present to)', () => {
    expect(propose({ leaders: [], rules: [] }, doc())).toBeNull();
  });

  it('no rule matches: the head, no units, no deadline, no rule', () => {
    expect(propose(settings(), doc())).toEqual({ leader: expect.objectContaining({ address: HEAD.address }), units: [], deadline: null, rule: null });
  });

  it('rules in order: the first that matches wins, named or numbered', () => {
    const s = settings({
      rules: [
        { name: 'Khẩn về CNTT', urgent: true, keywords: ['chuyển đổi số'], units: [{ code: 'CNTT', role: 'lead' }] },
        { keywords: ['chuyển đổi số'], units: [{ code: 'CNTT', role: 'lead' }, { code: 'KH', role: 'support' }] },
        { organ: 'Bộ Thông tin', units: [{ code: 'VP' }] },
      ],
    });
    expect(propose(s, doc({ subject: 'V/v chuyển đổi số', urgency: 'Khẩn' }))).toMatchObject({ rule: 'Khẩn về CNTT', units: [{ code: 'CNTT', role: 'lead' }] });
    expect(propose(s, doc({ subject: 'V/v Chuyen doi so' }))).toMatchObject({ rule: 'rule 2', units: [{ code: 'CNTT', role: 'lead' }, { code: 'KH', role: 'support' }] });
    expect(propose(s, doc())).toMatchObject({ rule: 'rule 3', units: [{ code: 'VP', role: 'lead' }] });
  });

  it('a deputy whose field the subject names, else the head; the first deputy that matches', () => {
    expect(propose(settings(), doc({ subject: 'V/v triển khai chuyển đổi số' }))!.leader.address).toBe(DEP_IT.address);
    expect(propose(settings(), doc({ subject: 'V/v quản lý bao chi' }))!.leader.address).toBe(DEP_PRESS.address);
    expect(propose(settings(), doc({ subject: 'V/v an toàn thông tin trên báo chí' }))!.leader.address).toBe(DEP_IT.address);
    // The head's own fields are not looked at: he is the one when no deputy is.
    expect(propose(settings({ leaders: [{ ...HEAD, fields: ['báo cáo'] }, DEP_IT] }), doc())!.leader.address).toBe(HEAD.address);
  });

  it('a rule’s leader wins over the fields; one not among the leaders is ignored', () => {
    const s = settings({ rules: [{ keywords: ['chuyển đổi số'], leader: DEP_PRESS.address, units: [{ code: 'CNTT' }] }] });
    expect(propose(s, doc({ subject: 'V/v chuyển đổi số' }))!.leader.address).toBe(DEP_PRESS.address);
    const stray = settings({ rules: [{ keywords: ['chuyển đổi số'], leader: 'nobody@x.vn', units: [{ code: 'CNTT' }] }] });
    expect(propose(stray, doc({ subject: 'V/v chuyển đổi số' }))!.leader.address).toBe(DEP_IT.address);
  });

  it('the rule’s days make the deadline from the day received (calendar days, across the year); the document’s own deadline wins', () => {
    const s = settings({ rules: [{ keywords: ['báo cáo'], days: 30, units: [{ code: 'KH' }] }] });
    expect(propose(s, doc())!.deadline).toBe('2027-01-02');
    expect(propose(s, doc({ deadline: '2026-12-10' }))!.deadline).toBe('2026-12-10');
    expect(propose(settings(), doc({ deadline: '2026-12-10' }))!.deadline).toBe('2026-12-10');
    expect(propose(settings({ rules: [{ keywords: ['báo cáo'], units: [{ code: 'KH' }] }] }), doc())!.deadline).toBeNull();
  });
});
