import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decodeTcvn3, decodeVni, encodeTcvn3, encodeVni } from '../../../src/extract/text/legacy.js';
import { decodeLegacyText, normalizeText } from '../../../src/extract/text/normalize.js';
import { decodeTextBytes } from '../../../src/extract/text/decode.js';
import { encode1258 } from '../../corpus/extract/render-text.js';
import { fold, stripMarks } from '../../../src/extract/text/fold.js';

const LETTERS = [...'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ'];
const word = fc.array(fc.constantFrom(...LETTERS), { minLength: 1, maxLength: 7 }).map((a) => a.join(''));
const lowerText = fc.array(word, { minLength: 1, maxLength: 8 }).map((ws) => ws.join(' '));

describe('legacy encodings', () => {
  it('decodes published TCVN3 and VNI samples', () => {
    expect(decodeTcvn3('Céng hoµ x· héi chñ nghÜa ViÖt Nam')).toBe('Cộng hoà xã hội chủ nghĩa Việt Nam');
    expect(decodeTcvn3('§éc lËp - Tù do - H¹nh phóc')).toBe('Độc lập - Tự do - Hạnh phúc');
    expect(decodeVni('Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam')).toBe('Cộng hòa xã hội chủ nghĩa Việt Nam');
    expect(decodeVni('Ñoäc laäp - Töï do - Haïnh phuùc')).toBe('Độc lập - Tự do - Hạnh phúc');
  });

  it('round-trips lower-case Vietnamese through TCVN3 and VNI', () => {
    fc.assert(fc.property(lowerText, (s) => decodeTcvn3(encodeTcvn3(s)) === s && decodeVni(encodeVni(s)) === s), { numRuns: 300 });
  });

  it('round-trips capitals through VNI and recovers .VnTimeH capitals from TCVN3', () => {
    const lines = ['ỦY BAN NHÂN DÂN TỈNH LONG AN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'PHÓ CHỦ TỊCH', 'THƯỢNG KHẨN'];
    for (const l of lines) {
      expect(decodeVni(encodeVni(l))).toBe(l);
      expect(decodeTcvn3(encodeTcvn3(l))).toBe(l);
    }
    // "Số" typed in .VnTime is not mistaken for a capitals line.
    expect(decodeTcvn3(encodeTcvn3('Số: 12/UBND-VX'))).toBe('Số: 12/UBND-VX');
  });

  it('detects the encoding line by line and leaves Unicode alone', () => {
    const u = 'Sở Thông tin và Truyền thông\nHòa bình, hóa đơn, thủ tục hành chính';
    expect(decodeLegacyText(u)).toEqual({ text: u, encoding: 'unicode' });
    expect(decodeLegacyText(encodeTcvn3(u))).toEqual({ text: u, encoding: 'tcvn3' });
    expect(decodeLegacyText(encodeVni(u))).toEqual({ text: u, encoding: 'vni' });
    // Unicode header and a TCVN3 body in one document.
    const mixed = `${u}\n${encodeTcvn3('Căn cứ Luật Lưu trữ ngày 11 tháng 11 năm 2011')}`;
    expect(decodeLegacyText(mixed).text).toBe(`${u}\nCăn cứ Luật Lưu trữ ngày 11 tháng 11 năm 2011`);
  });

  it('reads windows-1258 and TCVN3 bytes, and UTF-8 as such', () => {
    const s = 'Công văn số 15/UBND-VX về tổ chức Tết Trung thu năm 2024';
    expect(decodeTextBytes(encode1258(s))).toBe(s);
    expect(normalizeText(decodeTextBytes(Buffer.from(encodeTcvn3(s), 'latin1'))).text).toBe(s);
    expect(decodeTextBytes(Buffer.from(s, 'utf8'))).toBe(s);
    expect(decodeTextBytes(encode1258(s), 'windows-1258')).toBe(s);
  });
});

describe('normalisation', () => {
  it('turns NFD into NFC and keeps fold length-preserving', () => {
    const s = 'Quyết định số 36/2013/QĐ-UBND';
    expect(normalizeText(s.normalize('NFD')).text).toBe(s);
    fc.assert(fc.property(lowerText, (t) => fold(t).length === t.length));
    expect(fold('ĐỘC LẬP')).toBe('doc lap');
    expect(stripMarks('Đỗ Hữu Lâm')).toBe('Do Huu Lam');
  });

  it('joins words hyphenated at a line end but not list dashes or code groups', () => {
    expect(normalizeText('công tác phòng, chống dị-\nch bệnh').text).toBe('công tác phòng, chống dịch bệnh');
    expect(normalizeText('Cục KTVBQPPL-\nBộ Tư pháp;').text).toBe('Cục KTVBQPPL-\nBộ Tư pháp;');
    expect(normalizeText('- Như trên;\n- Lưu: VT.').text).toBe('- Như trên;\n- Lưu: VT.');
    expect(normalizeText('a\u00adb\u00a0c\u2013d').text).toBe('ab c-d');
  });
});
