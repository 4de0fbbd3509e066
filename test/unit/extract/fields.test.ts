import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { extractFromText } from '../../../src/extract/index.js';
import { parseCodeString } from '../../../src/extract/fields/code.js';
import { parseDateText } from '../../../src/extract/fields/date.js';
import { typeFromNotation } from '../../../src/extract/fields/title.js';

const SEED = readFileSync(new URL('../../corpus/extract/seed/quyet-dinh-36-2013-QD-UBND-long-an.txt', import.meta.url), 'utf8');

describe('the seed document (Decision 36/2013/QĐ-UBND)', () => {
  const md = extractFromText(SEED);
  it('reads every header and footer field', () => {
    expect(md).toMatchObject({
      organName: 'ỦY BAN NHÂN DÂN TỈNH LONG AN',
      parentOrganName: null,
      codeNumber: '36',
      codeNotation: '2013/QĐ-UBND',
      codeRaw: '36/2013/QĐ-UBND',
      typeName: 'Quyết định',
      issuedDate: '2013-08-08',
      place: 'Long An',
      signer: { authority: 'TM.', position: 'CHỦ TỊCH', fullName: 'Đỗ Hữu Lâm' },
      urgency: null,
      secrecy: null,
      pageCount: null,
    });
    expect(md.subject).toMatch(/^BAN HÀNH QUY ĐNH V TRAO ĐỔI/);
    expect(md.recipients).toHaveLength(9);
    expect(md.recipients?.[1]).toBe('Cục KTVBQPPL- Bộ Tư pháp');
  });
  it('gives evidence with the source text and a confidence', () => {
    expect(md.evidence.codeNumber).toEqual({ text: 'Số: 36/2013/QĐ-UBND', confidence: 0.97, source: 'text' });
    expect(md.evidence.issuedDate?.text).toBe('Long An, ngày 08 tháng 08 năm 2013');
    for (const e of Object.values(md.evidence)) {
      expect(e!.confidence).toBeGreaterThan(0);
      expect(e!.confidence).toBeLessThanOrEqual(1);
    }
  });
  it('does not take "bí mật nhà nước" in the body for a secrecy stamp', () => {
    expect(SEED).toMatch(/bí mật nhà nước/);
    expect(md.secrecy).toBeNull();
  });
});

const FLAT = `UBND TỈNH LONG AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ TÀI CHÍNH Độc lập - Tự do - Hạnh phúc
------- ---------------
Số: 05/QĐ-STC Long An, ngày 5 tháng 3 năm 2024
QUYẾT ĐỊNH
Về việc giao dự toán ngân sách nhà nước năm 2024
GIÁM ĐỐC SỞ TÀI CHÍNH
Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;
Nơi nhận: KT. GIÁM ĐỐC
- Như Điều 3; PHÓ GIÁM ĐỐC
- Lưu: VT, NS.
Nguyễn Văn An`;

describe('recognisers', () => {
  it('splits a flattened two-column header and footer', () => {
    expect(extractFromText(FLAT)).toMatchObject({
      parentOrganName: 'UBND TỈNH LONG AN',
      organName: 'SỞ TÀI CHÍNH',
      codeNumber: '05',
      codeNotation: 'QĐ-STC',
      issuedDate: '2024-03-05',
      place: 'Long An',
      typeName: 'Quyết định',
      subject: 'Về việc giao dự toán ngân sách nhà nước năm 2024',
      signer: { authority: 'KT.', position: 'PHÓ GIÁM ĐỐC', fullName: 'Nguyễn Văn An' },
      recipients: ['Như Điều 3', 'Lưu: VT, NS'],
    });
  });

  it('reads OCR-like text without diacritics', () => {
    const ocr = `UBND TINH LONG AN CONG HOA XA HOI CHU NGHIA VIET NAM
SO Y TE Doc lap - Tu do - Hanh phuc
So : 12 / QD-SYT Long An, ngay 8 thang 8 nam 2013
MAT
QUYET DINH
Ve viec thanh lap Hoi dong thi dua
Noi nhan: GIAM DOC
- Nhu tren;
- Luu: VT. Tran Van Binh`;
    expect(extractFromText(ocr)).toMatchObject({
      organName: 'SO Y TE',
      codeNumber: '12',
      codeNotation: 'QD-SYT',
      typeName: 'Quyết định',
      issuedDate: '2013-08-08',
      secrecy: 'Mật',
      signer: { authority: null, position: 'GIAM DOC', fullName: 'Tran Van Binh' },
      recipients: ['Nhu tren', 'Luu: VT'],
    });
  });

  it('knows a công văn by its notation and its V/v subject', () => {
    const cv = `ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC HÒA\nSố: 12/UBND-VX\nV/v tăng cường công tác phòng,\nchống dịch bệnh\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐức Hòa, 08/8/2013\nKính gửi: Các xã, thị trấn.`;
    expect(extractFromText(cv)).toMatchObject({
      organName: 'ỦY BAN NHÂN DÂN HUYỆN ĐỨC HÒA',
      typeName: 'Công văn',
      subject: 'V/v tăng cường công tác phòng, chống dịch bệnh',
      issuedDate: '2013-08-08',
      place: 'Đức Hòa',
    });
  });

  it('parses codes, dates and notations', () => {
    expect(parseCodeString('05 / QĐ - STC')).toEqual({ number: '05', notation: 'QĐ-STC' });
    expect(parseCodeString('5/QĐ-STC')).toEqual({ number: '05', notation: 'QĐ-STC' });
    expect(parseCodeString('036/2013/QĐ-UBND')).toEqual({ number: '36', notation: '2013/QĐ-UBND' });
    expect(parseCodeString('12/2013')).toBeNull();
    expect(parseDateText('08/8/2013')).toBe('2013-08-08');
    expect(parseDateText('ngày 8 tháng 8 năm 2013', 'ngay 8 thang 8 nam 2013')).toBe('2013-08-08');
    expect(parseDateText('2013/08/08')).toBe('2013-08-08');
    expect(parseDateText('31/02/2013')).toBeNull();
    expect(typeFromNotation('2013/QĐ-UBND')?.name).toBe('Quyết định');
    expect(typeFromNotation('QD-UBND')?.name).toBe('Quyết định');
    expect(typeFromNotation('695/TTr-STTTT'.split('/')[1]!)?.name).toBe('Tờ trình');
    expect(typeFromNotation('UBND-VX')?.name).toBe('Công văn');
  });

  it('finds urgency stamps in capitals only', () => {
    const base = `SỞ NỘI VỤ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 7/SNV-VP Long An, ngày 1 tháng 2 năm 2024\n`;
    expect(extractFromText(base + 'HỎA TỐC\nV/v khẩn trương báo cáo').urgency).toBe('Hỏa tốc');
    expect(extractFromText(base + 'V/v khẩn trương báo cáo').urgency).toBeNull();
    expect(extractFromText(base + 'Độ mật: Tối mật\nV/v báo cáo').secrecy).toBe('Tối mật');
  });

  it('returns nulls, not guesses, for text that is not an official document', () => {
    const md = extractFromText('Chào anh, chiều nay họp lúc 3 giờ nhé. Cảm ơn!');
    const { evidence, ...fields } = md;
    expect(Object.values(fields).every((v) => v === null)).toBe(true);
    expect(evidence).toEqual({});
    expect(Object.values(extractFromText('')).filter((v) => v !== null && typeof v !== 'object')).toEqual([]);
  });
});

describe('organ names over several lines', () => {
  it('reads a personal name\'s syllable as part of the name, not as the head of a body ("QUÝ" is not "QUỸ")', () => {
    const text = ['SỞ GIÁO DỤC VÀ ĐÀO TẠO', 'LONG AN', 'TRƯỜNG THPT LÊ', 'QUÝ ĐÔN', 'Số: 112/GM-THPTLQĐ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Tân An, ngày 03 tháng 9 năm 2024', 'GIẤY MỜI', 'Dự Lễ khai giảng năm học 2024 - 2025'].join('\n');
    const md = extractFromText(text);
    expect(md.organName).toBe('TRƯỜNG THPT LÊ QUÝ ĐÔN');
    expect(md.parentOrganName).toBe('SỞ GIÁO DỤC VÀ ĐÀO TẠO LONG AN');
    // A fund is still a body under its parent.
    const fund = extractFromText(text.replace('TRƯỜNG THPT LÊ\nQUÝ ĐÔN', 'QUỸ BẢO TRỢ TRẺ EM'));
    expect(fund.organName).toBe('QUỸ BẢO TRỢ TRẺ EM');
    expect(fund.parentOrganName).toBe('SỞ GIÁO DỤC VÀ ĐÀO TẠO LONG AN');
  });
});

describe('signature blocks', () => {
  it('reads an authority line the cell wrapped, the position on the line after it', () => {
    const foot = ['Nơi nhận:', '- Như trên;', '- Lưu: VT, HCTP.', 'TL. GIÁM ĐỐC', 'KT. TRƯỞNG PHÒNG HÀNH', 'CHÍNH TƯ PHÁP', 'PHÓ TRƯỞNG PHÒNG', '', 'Đỗ Thị Hồng Nhung'];
    const md = extractFromText(['SỞ TƯ PHÁP', 'Số: 318/STP-HCTP', 'V/v hướng dẫn chứng thực', 'Kính gửi: Ủy ban nhân dân các huyện.', 'Sở Tư pháp hướng dẫn như sau./.', ...foot].join('\n'));
    expect(md.signer).toEqual({ authority: 'KT.', authorityChain: ['TL. GIÁM ĐỐC', 'KT. TRƯỞNG PHÒNG HÀNH CHÍNH TƯ PHÁP'], position: 'PHÓ TRƯỞNG PHÒNG', fullName: 'Đỗ Thị Hồng Nhung' });
    // Two lines the author typed stay two: the authority, then the position.
    const two = extractFromText(['VĂN PHÒNG CHÍNH PHỦ', 'Số: 12/VPCP-KSTT', 'V/v thí điểm', 'Nội dung./.', 'Nơi nhận:', '- Như trên;', 'KT. BỘ TRƯỞNG, CHỦ NHIỆM', 'PHÓ CHỦ NHIỆM', '', 'Trần Văn Sơn'].join('\n'));
    expect(two.signer).toEqual({ authority: 'KT.', authorityChain: ['KT. BỘ TRƯỞNG, CHỦ NHIỆM'], position: 'PHÓ CHỦ NHIỆM', fullName: 'Trần Văn Sơn' });
  });
});

describe('dates without a place', () => {
  it('does not take a reference date for the issue date', () => {
    const t = 'SỞ NỘI VỤ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 7/SNV-VP\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;';
    expect(extractFromText(t).issuedDate).toBeNull();
    expect(extractFromText(t.replace('Số: 7/SNV-VP', 'Số: 7/SNV-VP\nngày 8 tháng 8 năm 2013')).issuedDate).toBe('2013-08-08');
  });
});
