// Layout from positions end to end: real PDFs written with pdf-lib (layout-fixtures.ts) whose
// content stream is in an adversarial order — the right header cell before the left, the lines
// interleaved across both cells by baseline, the MẬT stamp drawn last — read by the PDF reader and
// recognised through the public API.
import { describe, it, expect, beforeAll } from 'vitest';
import { readPdf } from '../../../src/extract/readers/pdf.js';
import { extractFromBuffer } from '../../../src/extract/index.js';
import { MOTTO_PARAS, body, drawPdf, foot, header, layCell, measurer, ordered, type DrawOrder, type Drawn, type Measure, type Para } from '../../corpus/extract/render-cells.js';

let m: Measure;
beforeAll(async () => {
  m = await measurer();
});

// Văn phòng Chính phủ's organ name fills the narrow left cell and wraps; the date, with a long
// place name in 14 pt, wraps its year onto the next line of the right cell.
const LEFT: Para[] = [
  { text: 'VĂN PHÒNG CHÍNH PHỦ', face: 'bold', size: 14 },
  { text: 'Số: 1234/VPCP-KSTT', size: 13 },
  { text: 'V/v triển khai thí điểm gửi nhận văn bản điện tử', size: 12 },
];
const DATE: Para = { text: 'Thành phố Hồ Chí Minh, ngày 12 tháng 3 năm 2026', face: 'italic', size: 14, before: 6 };

/** A one-page công văn; `stamp` puts a boxed MẬT under "Số:", drawn after everything else. */
async function pdf(order: DrawOrder, stamp: boolean, sheet: { rotate?: 0 | 90; tilt?: number } = {}): Promise<{ bytes: Uint8Array; lines: Drawn[] }> {
  const left = stamp ? [LEFT[0]!, LEFT[1]!, { ...LEFT[2]!, before: 22 }] : LEFT;
  const h = header(m, left, [...MOTTO_PARAS, DATE]);
  const main = body(
    m,
    [
      { text: 'Kính gửi: Bộ Thông tin và Truyền thông.', before: 14 },
      { text: 'Văn phòng Chính phủ đề nghị các đơn vị khẩn trương rà soát hệ thống, khẩn cấp báo cáo kết quả trước ngày 20 tháng 3 năm 2026./.', align: 'left', before: 6 },
    ],
    h.bottom - 10,
  );
  const f = foot(
    m,
    [{ text: 'Nơi nhận:', face: 'boldItalic', size: 12 }, { text: '- Như trên;', size: 11, align: 'left' }, { text: '- Lưu: VT, KSTT.', size: 11, align: 'left' }],
    [{ text: 'KT. BỘ TRƯỞNG, CHỦ NHIỆM', face: 'bold', size: 13 }, { text: 'PHÓ CHỦ NHIỆM', face: 'bold', size: 13 }, { text: 'Trần Văn Sơn', face: 'bold', size: 13, before: 50 }],
    main.bottom - 14,
  );
  const lines = ordered([[h.left, h.right], [main.lines], [f.left, f.right]], order);
  const boxes: Array<[number, number, number, number]> = [];
  if (stamp) {
    // The blank line left under "Số:" receives the stamp, centred in the left cell.
    const no = h.left.find((l) => l.text.startsWith('Số:'))!;
    const s = layCell(m, 'stamp', [{ text: 'MẬT', face: 'bold', size: 14 }], 85, h.cut, no.y - 20).lines[0]!;
    lines.push(s);
    boxes.push([s.x - 5, s.y - 4, m('MẬT', 'bold', 14) + 10, 19]);
  }
  return { bytes: await drawPdf({ lines, boxes, rules: [[140, 190, h.left[1]!.y - 4]], ...sheet }), lines };
}

describe('PDFs drawn in an adversarial order', () => {
  for (const order of ['cells', 'right-first', 'lines'] as const) {
    for (const stamp of [false, true]) {
      it(`reads organ, date and secrecy (${order}${stamp ? ', MẬT drawn last' : ''})`, async () => {
        const { bytes, lines } = await pdf(order, stamp);
        // The organ did wrap and the year did go to its own line: the test is the one it claims.
        expect(lines.filter((l) => l.cell === 'header-left' && /VĂN|PHÒNG|CHÍNH|PHỦ/.test(l.text)).length).toBeGreaterThanOrEqual(2);
        expect(lines.some((l) => l.cell === 'header-right' && /^(năm )?2026$/.test(l.text))).toBe(true);
        // pdf.js takes the buffer it is given: each reader gets its own copy.
        const r = await readPdf(bytes.slice());
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value.streamOrderPages).toEqual([]);
        const text = r.value.pages[0]!.split('\n');
        expect(text).toContain('Thành phố Hồ Chí Minh, ngày 12 tháng 3 năm 2026');
        expect(text.some((l) => /CỘNG HÒA/.test(l) && /VĂN PHÒNG|CHÍNH PHỦ/.test(l))).toBe(false);
        if (stamp) expect(text[text.findIndex((l) => l.startsWith('Số:')) + 1]).toBe('MẬT');

        const { metadata: md, error } = await extractFromBuffer(bytes.slice(), { filename: 'cong-van.pdf' });
        expect(error).toBeNull();
        expect(md.organName).toBe('VĂN PHÒNG CHÍNH PHỦ');
        expect(md.codeNumber).toBe('1234');
        expect(md.codeNotation).toBe('VPCP-KSTT');
        expect(md.issuedDate).toBe('2026-03-12');
        expect(md.place).toBe('Thành phố Hồ Chí Minh');
        // "khẩn trương", "khẩn cấp" in the body are not an urgency stamp.
        expect(md.urgency).toBeNull();
        expect(md.secrecy).toBe(stamp ? 'Mật' : null);
        expect(md.recipients).toEqual(['Như trên', 'Lưu: VT, KSTT']);
        expect(md.signer?.fullName).toBe('Trần Văn Sơn');
      });
    }
  }

  it('lays out a page shown turned (/Rotate 90) from its positions', async () => {
    const { bytes } = await pdf('right-first', true, { rotate: 90 });
    const r = await readPdf(bytes.slice());
    expect(r.ok && r.value.streamOrderPages).toEqual([]);
    const { metadata: md } = await extractFromBuffer(bytes.slice(), { filename: 'xoay.pdf' });
    expect([md.organName, md.issuedDate, md.secrecy]).toEqual(['VĂN PHÒNG CHÍNH PHỦ', '2026-03-12', 'Mật']);
  });

  it('finds a MẬT stamp set at a slant (12°) and drawn last', async () => {
    const { lines } = await pdf('right-first', true);
    const stamp = lines.find((l) => l.cell === 'stamp')!;
    stamp.tilt = 12;
    const tilted = await drawPdf({ lines });
    const r = await readPdf(tilted.slice());
    expect(r.ok && r.value.streamOrderPages).toEqual([]);
    const text = r.ok ? r.value.pages[0]!.split('\n') : [];
    expect(text[text.findIndex((l) => l.startsWith('Số:')) + 1]).toBe('MẬT');
    expect((await extractFromBuffer(tilted.slice(), { filename: 'mat.pdf' })).metadata.secrecy).toBe('Mật');
  });

  it('keeps the drawing order for a page whose text is not upright (the positions are not used)', async () => {
    const { bytes } = await pdf('cells', false, { tilt: 30 });
    const r = await readPdf(bytes.slice());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.streamOrderPages).toEqual([1]);
    // pdf-parse's text, in the order drawn: the left cell's lines before the motto.
    const t = r.value.pages[0]!;
    expect(t.indexOf('Số: 1234/VPCP-KSTT')).toBeGreaterThanOrEqual(0);
    expect(t.indexOf('Số: 1234/VPCP-KSTT')).toBeLessThan(t.indexOf('Độc lập'));
  });
});
