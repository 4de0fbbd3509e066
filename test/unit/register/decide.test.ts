import { describe, expect, it } from 'vitest';
import { decide, type DecisionInput, type UnreadableRule } from '../../../src/register/decide.js';
import { emptyMetadata, loadPolicyConfig } from '../../../src/extract/index.js';

const base: DecisionInput = {
  metadata: emptyMetadata(),
  secrecy: { allowed: true, reason: '', reasonEn: '', level: null },
  signatures: [],
  unreadable: null,
  unreadableRule: null,
  requireValidSignature: false,
  addressedTo: null,
  agencyCode: '000.00.15.H41',
  agencyName: 'Sở Thông tin và Truyền thông',
  hasArrival: true,
};
const reasonOf = (d: ReturnType<typeof decide>) => (d.action === 'register' ? null : d.reasonVi);

describe('policy decision', () => {
  it('registers an ordinary document', () => expect(decide(base).action).toBe('register'));
  it('quarantines secret content', () => expect(decide({ ...base, secrecy: { allowed: false, reason: 'Mật', reasonEn: 'secret', level: 'Mật' } }).action).toBe('quarantine'));
  it('refuses a failed signature, naming the file and what failed', () => {
    const d = decide({ ...base, signatures: [{ file: 'cv-12.pdf', indication: 'FAILED', subIndication: 'HASH_FAILURE' }, { file: 'phu-luc.pdf', indication: 'PASSED' }] });
    expect(d.action).toBe('refuse');
    expect(reasonOf(d)).toMatch(/^chữ ký số không hợp lệ .*\(cv-12\.pdf: HASH_FAILURE\)\.$/);
    // The acknowledgement prefixes its own "không tiếp nhận"; the reason must not repeat it.
    expect(reasonOf(d)).not.toMatch(/tiếp nhận/);
  });
  it('refuses when a valid signature is required and none passed, saying what was found', () => {
    const d = decide({ ...base, requireValidSignature: true, signatures: [{ file: 'cv.pdf', indication: 'INDETERMINATE', subIndication: 'TRY_LATER' }] });
    expect(d.action).toBe('refuse');
    expect(reasonOf(d)).toContain('cv.pdf: TRY_LATER (INDETERMINATE)');
    expect(reasonOf(decide({ ...base, requireValidSignature: true }))).toContain('không có chữ ký số');
  });
  it('does not require a signature when the agency does not', () => {
    expect(decide({ ...base, signatures: [{ file: 'cv.pdf', indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' }] }).action).toBe('register');
  });
  it('refuses a copy a peer addressed to another organ, naming it', () => {
    const d = decide({ ...base, addressedTo: [{ organId: '000.00.07.H41', organName: 'Sở Tài chính' }] });
    expect(d.action).toBe('refuse');
    expect(reasonOf(d)).toMatch(/gửi nhầm nơi nhận \(thư gửi cho: Sở Tài chính, mã 000\.00\.07\.H41\)/);
  });
  it('goes by the organ code when there is one, whatever the name says', () => {
    expect(decide({ ...base, addressedTo: [{ organId: '000.00.15.h41', organName: 'Sở TT&TT' }] }).action).toBe('register');
    expect(decide({ ...base, addressedTo: [{ organId: '000.00.16.H41', organName: 'Sở Thông tin và Truyền thông' }] }).action).toBe('refuse');
  });
  it('accepts a copy addressed to us by name without diacritics, or to several organs among them us', () => {
    expect(decide({ ...base, addressedTo: [{ organId: null, organName: 'So Thong tin va Truyen thong' }] }).action).toBe('register');
    expect(decide({ ...base, addressedTo: [{ organId: null, organName: 'Sở Tài chính' }, { organId: null, organName: 'Sở Thông tin và Truyền thông tỉnh Long An' }] }).action).toBe('register');
  });
  it('does not judge without an envelope made for this copy', () => {
    expect(decide({ ...base, addressedTo: null }).action).toBe('register');
    expect(decide({ ...base, addressedTo: [] }).action).toBe('register');
  });
  it('refuses a document without any arrival time', () => expect(decide({ ...base, hasArrival: false }).action).toBe('refuse'));
});

describe('a document whose text could not be read (secrecy unknown)', () => {
  const rule = loadPolicyConfig().unreadable as UnreadableRule;
  const unreadable = { code: 'NO_TEXT_LAYER', message: 'the PDF has no text layer (a scan?)' };
  it('the shipped policy registers it with a note for the clerk naming the cause', () => {
    expect(rule.action).toBe('register');
    const d = decide({ ...base, unreadable, unreadableRule: rule });
    expect(d).toMatchObject({ action: 'register', noteVi: expect.stringContaining('Chưa kiểm tra được độ mật') });
    expect(d.action === 'register' && d.noteVi).toContain('NO_TEXT_LAYER');
  });
  it('a policy that holds unreadable documents quarantines it', () => {
    const d = decide({ ...base, unreadable, unreadableRule: { ...rule, action: 'quarantine' } });
    expect(d.action).toBe('quarantine');
    expect(reasonOf(d)).toContain('NO_TEXT_LAYER');
  });
  it('a readable document gets no note', () => expect(decide({ ...base, unreadableRule: rule })).toEqual({ action: 'register' }));
  it('secret content still wins over everything', () => {
    expect(decide({ ...base, unreadable, unreadableRule: rule, secrecy: { allowed: false, reason: 'Mật', reasonEn: 'secret', level: 'Mật' } }).action).toBe('quarantine');
  });
});
