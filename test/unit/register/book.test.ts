import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { INCOMING_COLUMNS, incomingRow, toCsv } from '../../../src/register/book.js';
import { writeBook } from '../../../src/register/export.js';
import { registrationOrder } from '../../../src/register/registrar.js';
import { topReceivedDate, vietnamYear } from '../../../src/register/arrival.js';

const entry = {
  arrivalNumber: 7,
  receiptTime: new Date('2026-11-25T01:30:00Z'),
  metadata: { organName: 'SỞ TÀI CHÍNH', codeNumber: '12', codeNotation: 'STC-NS', typeName: 'Công văn', subject: 'V/v dự toán 2027', issuedDate: '2026-11-20', urgency: 'Khẩn' },
  duplicateOf: 'in-x',
};

describe('incoming register book', () => {
  it('fills the Decree 30 columns', () => {
    const row = incomingRow(entry);
    expect(row).toEqual(['25/11/2026', '7', 'SỞ TÀI CHÍNH', '12/STC-NS', '20/11/2026', 'Công văn V/v dự toán 2027', '', '', '', 'Có thể trùng văn bản đã vào sổ; Độ khẩn: Khẩn']);
  });

  it('writes CSV with a BOM and quoting', () => {
    const csv = toCsv(INCOMING_COLUMNS, [['a,b', 'c"d']]);
    expect(csv.startsWith('\uFEFFNgày đến,Số đến')).toBe(true);
    expect(csv).toContain('"a,b","c""d"');
  });

  it('writes an XLSX that reads back with the Vietnamese headers', async () => {
    const buf = await writeBook('xlsx', 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM 2026', INCOMING_COLUMNS, [incomingRow(entry)]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([...INCOMING_COLUMNS]);
    expect(ws.getRow(3).getCell(2).value).toBe('7');
    expect(ws.getRow(3).getCell(6).value).toBe('Công văn V/v dự toán 2027');
  });
});

describe('registration order', () => {
  const m = (mailboxId: string, seq: number, state: string, at: number) => ({
    _id: `${mailboxId}${seq}`, mailboxId, seq, state, agencyCode: 'A', sha256: 'x', analysis: { arrivalInstant: new Date(at) },
  });
  it('keeps UID order within a mailbox and stops at the first message not ready', () => {
    const order = registrationOrder([m('a', 2, 'ready', 5), m('a', 1, 'ready', 9), m('a', 3, 'classified', 1), m('a', 4, 'ready', 2)]);
    expect(order.map((x) => x._id)).toEqual(['a1', 'a2']);
  });
  it('merges mailboxes by arrival time', () => {
    const order = registrationOrder([m('a', 1, 'ready', 10), m('a', 2, 'ready', 30), m('b', 1, 'ready', 20)]);
    expect(order.map((x) => x._id)).toEqual(['a1', 'b1', 'a2']);
  });
});

describe('arrival', () => {
  it('reads the top Received header', () => {
    const raw = Buffer.from('Received: from a by b;\r\n Tue, 24 Nov 2026 10:00:00 +0700\r\nReceived: from c by d; Mon, 23 Nov 2026 10:00:00 +0700\r\n\r\nbody');
    expect(topReceivedDate(raw)?.toISOString()).toBe('2026-11-24T03:00:00.000Z');
  });
  it('puts 31 December 23:30 Vietnam time in that year, 1 January 00:30 in the next', () => {
    expect(vietnamYear(new Date('2026-12-31T23:30:00+07:00'))).toBe(2026);
    expect(vietnamYear(new Date('2027-01-01T00:30:00+07:00'))).toBe(2027);
  });
});
