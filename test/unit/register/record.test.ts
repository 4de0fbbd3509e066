import { describe, expect, it } from 'vitest';
import { normalNumber, numberSpellings, sameDocument } from '../../../src/register/duplicates.js';
import { entryRecord } from '../../../src/register/record.js';
import { composeAck, type AckInput } from '../../../src/register/ack-compose.js';
import { emptyMetadata } from '../../../src/extract/index.js';
import { parseStatusXml } from '../../../src/mail/classify/index.js';

describe('probable duplicates', () => {
  const doc = { codeNumber: '05', codeNotation: 'QĐ-UBND', organName: 'ỦY BAN NHÂN DÂN TỈNH LONG AN' };
  it('treats 5 and 05, case, spacing and diacritics of the notation as the same', () => {
    expect(normalNumber('005')).toBe('5');
    expect(normalNumber('0')).toBe('0');
    expect(sameDocument(doc, { codeNumber: '5', codeNotation: 'qd-ubnd', organName: 'Ủy ban nhân dân tỉnh Long An' })).toBe(true);
    expect(sameDocument(doc, { ...doc, codeNotation: 'QĐ - UBND' })).toBe(true);
  });
  it('matches on number and notation when one side has no organ, not when both name different organs', () => {
    expect(sameDocument(doc, { ...doc, organName: null })).toBe(true);
    expect(sameDocument(doc, { ...doc, organName: 'SỞ TÀI CHÍNH' })).toBe(false);
  });
  it('never matches without a number and a notation on both sides', () => {
    expect(sameDocument(doc, { ...doc, codeNumber: '6' })).toBe(false);
    expect(sameDocument(doc, { ...doc, codeNotation: 'UBND-VX' })).toBe(false);
    expect(sameDocument({ codeNumber: null, codeNotation: null }, { codeNumber: null, codeNotation: null })).toBe(false);
  });
  it('looks a number up under each spelling a register may hold', () => {
    expect(numberSpellings('5').sort()).toEqual(['05', '5']);
    expect(numberSpellings('05').sort()).toEqual(['05', '5']);
    expect(numberSpellings('125')).toEqual(['125']);
  });
});

describe('the Art. 11.4b record of an entry', () => {
  const e = {
    agencyCode: '000.00.15.H41',
    year: 2026,
    arrivalNumber: 12,
    source: 'email',
    arrivalInstant: new Date('2026-11-24T12:00:00Z'),
    receiptTime: new Date('2026-11-25T00:00:00Z'),
    receiptReason: 'after office hours',
    metadata: { ...emptyMetadata(), organName: 'SỞ TÀI CHÍNH', codeNumber: '125', codeNotation: 'STC-NS', codeRaw: '125/STC-NS', issuedDate: '2026-11-20', typeName: 'Công văn', subject: 'V/v dự toán', urgency: 'Khẩn', pageCount: 3 },
    fieldSources: { organName: 'text', codeNumber: 'text', fileCode: 'clerk', deadline: 'clerk' },
    attachments: [{ filename: 'cv-125.pdf' }],
    fileCode: '01.TC',
    deadline: '2026-12-05',
  };
  it('lists every field of the article, in its order, with where each came from', () => {
    const r = entryRecord(e);
    expect(r.fields.slice(0, 14).map((f) => f.label)).toEqual([
      'Số đến',
      'Ngày đến (thời điểm tiếp nhận)',
      'Tác giả (cơ quan ban hành)',
      'Số và ký hiệu văn bản',
      'Ngày tháng văn bản',
      'Tên loại văn bản',
      'Trích yếu nội dung',
      'Mã hồ sơ',
      'Mức độ mật',
      'Mức độ khẩn',
      'Số tờ',
      'Ý kiến phân phối',
      'Thời hạn giải quyết',
      'File văn bản đến đính kèm',
    ]);
    const by = Object.fromEntries(r.fields.map((f) => [f.key, f]));
    expect(by.receiptTime!.value).toBe('2026-11-25T07:00:00+07:00 (after office hours; thư đến lúc 2026-11-24T19:00:00+07:00)');
    expect(by.code).toMatchObject({ value: '125/STC-NS', source: 'text' });
    expect(by.fileCode).toMatchObject({ value: '01.TC', source: 'clerk' });
    expect(by.distributionNote).toMatchObject({ value: null, source: null });
    expect(by.attachments!.value).toBe('cv-125.pdf');
    expect(by.pageCount!.value).toBe('3');
  });
  it('says "Không mật" only when the document was read: an unreadable one is "chưa xác định"', () => {
    const secrecy = (x: object) => entryRecord({ ...e, ...x }).fields.find((f) => f.key === 'secrecy');
    expect(secrecy({})).toMatchObject({ label: 'Mức độ mật', value: 'Không mật' });
    // A zip bomb, a looping PDF, a damaged attachment beside a readable body: the note says secrecy
    // was not checked, and so does this field.
    expect(secrecy({ unreadable: true, note: 'Chưa kiểm tra được độ mật: không đọc được nội dung văn bản (TOO_LARGE).' })).toMatchObject({ value: 'chưa xác định' });
  });
});

describe('the acknowledgement', () => {
  const input: AckInput = {
    statusCode: '03',
    agency: { code: '000.00.15.H41', name: 'Sở Thông tin và Truyền thông tỉnh Long An', address: 'vanthu@stttt.longan.test' },
    to: 'vanthu@ubnd.longan.test',
    inReplyTo: '<doc-1@ubnd.longan.test>',
    references: '<root@ubnd.longan.test> <prev@ubnd.longan.test>',
    metadata: { ...emptyMetadata(), organName: 'ỦY BAN NHÂN DÂN TỈNH LONG AN', codeNumber: '01', codeNotation: 'UBND-VX', codeRaw: '01/UBND-VX', issuedDate: '2026-11-24' },
    arrivalNumber: 7,
    receiptTime: new Date('2026-11-25T00:00:00Z'),
    reasonVi: null,
    reasonEn: null,
    messageId: '<ack.1@stttt.longan.test>',
    instanceId: 'vanthu-test',
    now: new Date('2026-11-24T22:00:00Z'),
  };
  it('says in Vietnamese what was received, its số đến and receipt time, threaded and marked auto-replied', () => {
    const m = composeAck(input);
    expect(m.text).toContain('đã nhận văn bản số 01/UBND-VX, số đến 7, thời điểm tiếp nhận 07:00 ngày 25/11/2026');
    expect(m.inReplyTo).toBe('<doc-1@ubnd.longan.test>');
    expect(m.references).toBe('<root@ubnd.longan.test> <prev@ubnd.longan.test> <doc-1@ubnd.longan.test>');
    expect(m.headers['Auto-Submitted']).toBe('auto-replied');
    const status = parseStatusXml(String(m.attachments[0]!.content));
    expect(status).toMatchObject({ statusCode: '03', arrivalNumber: '7', receiptTime: '2026-11-25T07:00:00+07:00', responseFor: { code: '01/UBND-VX' } });
    // Without an envelope the organ is named as read; with one, by its identifier and DocumentId.
    expect(status?.responseFor.organId).toBe('ỦY BAN NHÂN DÂN TỈNH LONG AN');
    const withEnvelope = parseStatusXml(String(composeAck({ ...input, senderOrganId: '000.00.00.H41', documentId: '000.00.00.H41,2026/11/24,01/UBND-VX' }).attachments[0]!.content));
    expect(withEnvelope?.responseFor).toMatchObject({ organId: '000.00.00.H41', documentId: '000.00.00.H41,2026/11/24,01/UBND-VX' });
  });
  it('a refusal carries StatusCode 02 and the reason once, capitalised, and no number', () => {
    const m = composeAck({ ...input, statusCode: '02', arrivalNumber: null, receiptTime: null, reasonVi: 'chữ ký số không hợp lệ (cv.pdf: HASH_FAILURE).' });
    expect(m.subject).toBe('Hồi báo: không tiếp nhận văn bản số 01/UBND-VX');
    expect(m.text).toContain('Lý do: Chữ ký số không hợp lệ (cv.pdf: HASH_FAILURE).');
    expect(m.text.match(/không tiếp nhận/g)).toHaveLength(1);
    const status = parseStatusXml(String(m.attachments[0]!.content));
    expect(status).toMatchObject({ statusCode: '02', arrivalNumber: null, description: 'chữ ký số không hợp lệ (cv.pdf: HASH_FAILURE).' });
  });
  it('a document held for a clerk gets 01: arrived, being checked, no number yet', () => {
    const m = composeAck({ ...input, statusCode: '01', arrivalNumber: null, receiptTime: null, reasonVi: 'không đọc được nội dung (NO_TEXT_LAYER).' });
    expect(m.subject).toBe('Hồi báo: đã nhận văn bản số 01/UBND-VX, đang chờ kiểm tra');
    expect(m.text).toContain('đang chờ văn thư kiểm tra trước khi vào sổ');
    expect(parseStatusXml(String(m.attachments[0]!.content))).toMatchObject({ statusCode: '01', arrivalNumber: null, description: 'không đọc được nội dung (NO_TEXT_LAYER).' });
  });
});
