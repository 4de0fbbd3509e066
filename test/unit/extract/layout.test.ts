// Layout from positions (src/extract/layout) on text items written by hand, as pdf.js reports them:
// a string, its text matrix in PDF user space (origin bottom left, y up) and its advance width.
// The items are listed in a drawing order chosen to be adversarial (the right cell before the
// left, a stamp drawn last), so only the positions can give the reading order.
import { describe, it, expect } from 'vitest';
import { layoutPage } from '../../../src/extract/layout/index.js';

const PAGE_H = 842;
/** pdf.js's viewport transform of an upright A4 page at scale 1. */
const VIEWPORT = [1, 0, 0, -1, 0, PAGE_H];

interface Item {
  str: string;
  transform: number[];
  width: number;
  fontName: string;
}

/** Average advance of a Times-like face: capitals are wider than lower case. */
function widthOf(s: string, size: number): number {
  let w = 0;
  for (const ch of s) w += ch === ' ' ? 0.25 : ch === ch.toUpperCase() && /\p{L}/u.test(ch) ? 0.68 : 0.48;
  return w * size;
}

/** One line of text whose baseline is `top` points from the top of the page. */
function item(str: string, x: number, top: number, size = 13, align: 'left' | 'center' = 'left'): Item {
  const width = widthOf(str, size);
  const x0 = align === 'center' ? x - width / 2 : x;
  return { str, transform: [size, 0, 0, size, x0, PAGE_H - top], width, fontName: 'g_d0_f1' };
}

function lines(items: Item[]): string[] {
  const r = layoutPage(items, VIEWPORT);
  expect(r).not.toBeNull();
  return r!.text.split('\n');
}

// Decree 30's header table with a narrow left column (text width 85..538 pt, left cell 35 %):
// cell centres at x = 164 and x = 390.
const L = 164;
const R = 390;

function narrowHeader(): { left: Item[]; right: Item[] } {
  const left = [
    item('BỘ NÔNG NGHIỆP VÀ', L, 60, 12, 'center'),
    item('MÔI TRƯỜNG', L, 74, 12, 'center'),
    item('VĂN PHÒNG BỘ', L, 88, 13, 'center'),
    item('Số: 215/VP-TH', L, 110, 13, 'center'),
    item('V/v triển khai kế hoạch', L, 126, 12, 'center'),
    item('chuyển đổi số năm 2026', L, 140, 12, 'center'),
  ];
  // The right cell's own baselines: the motto in 12 pt, the date in italic 13 pt, its year wrapped.
  const right = [
    item('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', R, 60, 11.5, 'center'),
    item('Độc lập - Tự do - Hạnh phúc', R, 75, 13, 'center'),
    item('Hà Nội, ngày 12 tháng 3 năm', R, 104, 13, 'center'),
    item('2026', R, 119, 13, 'center'),
  ];
  return { left, right };
}

describe('layout from positions', () => {
  it('reads a narrow left column apart from the motto, drawn right cell first', () => {
    const { left, right } = narrowHeader();
    const out = lines([...right, ...left, item('CÔNG VĂN', 311, 190, 14, 'center')]);
    expect(out).toEqual([
      'BỘ NÔNG NGHIỆP VÀ',
      'MÔI TRƯỜNG',
      'VĂN PHÒNG BỘ',
      'Số: 215/VP-TH',
      'V/v triển khai kế hoạch chuyển đổi số năm 2026',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Hà Nội, ngày 12 tháng 3 năm 2026',
      'CÔNG VĂN',
    ]);
    // No organ line shares a line with the motto, whatever the baselines.
    for (const l of out) if (/CỘNG HÒA/.test(l)) expect(l).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  });

  it('reads the same header the same way when the rows share baselines (drawn line by line)', () => {
    // Left and right lines on the same baselines, drawn across the page row by row.
    const rows: Array<[string, string]> = [
      ['ỦY BAN NHÂN DÂN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
      ['HUYỆN CẦN GIUỘC', 'Độc lập - Tự do - Hạnh phúc'],
      ['Số: 07/QĐ-UBND', 'Cần Giuộc, ngày 05 tháng 01 năm'],
      ['', '2026'],
    ];
    const items = rows.flatMap(([a, b], i) => [...(a ? [item(a, L, 60 + 15 * i, 12.5, 'center')] : []), item(b, R, 60 + 15 * i, 12.5, 'center')]);
    expect(lines(items)).toEqual([
      'ỦY BAN NHÂN DÂN',
      'HUYỆN CẦN GIUỘC',
      'Số: 07/QĐ-UBND',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Cần Giuộc, ngày 05 tháng 01 năm 2026',
    ]);
  });

  it('puts a MẬT stamp drawn last right after the number it is printed under', () => {
    const { left, right } = narrowHeader();
    // The stamp sits under "Số:" (baseline 110); the V/v lines move down to make room.
    const shifted = left.map((it, k) => (k >= 4 ? { ...it, transform: [...it.transform.slice(0, 5), it.transform[5]! - 22] } : it));
    const stamp = item('MẬT', L, 130, 14, 'center');
    const out = lines([...shifted, ...right, stamp]);
    const no = out.indexOf('Số: 215/VP-TH');
    expect(no).toBeGreaterThanOrEqual(0);
    expect(out[no + 1]).toBe('MẬT');
    expect(out.filter((l) => l.includes('MẬT'))).toEqual(['MẬT']);
  });

  it('reads "Nơi nhận" and the signature block beside it each in one piece', () => {
    const body = [item('Đề nghị các đơn vị khẩn trương triển khai thực hiện, báo cáo kết quả về Văn phòng', 85, 400, 13)];
    const recipients = ['Nơi nhận:', '- Như trên;', '- Bộ trưởng (để b/c);', '- Các Thứ trưởng;', '- Cổng TTĐT của Bộ;', '- Lưu: VT, TH.'];
    // The list in 11 pt at 12.5 pt spacing, the signature's lines 7 pt lower, in 14 pt at 16 pt.
    const left = recipients.map((t, k) => item(t, 90, 440 + 12.5 * k, k ? 11 : 12));
    const right = [item('KT. BỘ TRƯỞNG', 400, 447, 14, 'center'), item('THỨ TRƯỞNG', 400, 463, 14, 'center'), item('Nguyễn Văn Hòa', 400, 505, 14, 'center')];
    // Drawn line by line across the page, as a printer driver does.
    const drawn = [...left, ...right].sort((a, b) => b.transform[5]! - a.transform[5]! || a.transform[4]! - b.transform[4]!);
    expect(lines([...body, ...drawn])).toEqual([
      'Đề nghị các đơn vị khẩn trương triển khai thực hiện, báo cáo kết quả về Văn phòng',
      ...recipients,
      'KT. BỘ TRƯỞNG',
      'THỨ TRƯỞNG',
      'Nguyễn Văn Hòa',
    ]);
  });

  it('leaves a full-width body as printed: lines are not joined, nothing is reordered', () => {
    const body = [
      'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công',
      'tác văn thư; căn cứ Quyết định số 36/2013/QĐ-UBND ngày 08 tháng 8 năm 2013 của',
      'Ủy ban nhân dân tỉnh Long An ban hành quy định về trao đổi văn bản điện tử;',
      'Văn phòng đề nghị các phòng khẩn cấp rà soát hồ sơ.',
    ];
    const items = body.map((t, k) => item(t, 85, 300 + 16 * k, 13));
    expect(lines([...items].reverse())).toEqual(body);
  });

  it('does not take a numbered list with a hanging indent for two columns', () => {
    const rows = [
      ['1.', 'Rà soát các văn bản đến chưa xử lý trong năm.'],
      ['2.', 'Báo cáo kết quả về Văn phòng trước ngày 15.'],
      ['3.', 'Lưu hồ sơ theo quy định hiện hành của Bộ.'],
      ['4.', 'Phối hợp với các đơn vị có liên quan.'],
    ];
    const items = rows.flatMap(([n, t], k) => [item(n!, 85, 300 + 16 * k, 13), item(t!, 113, 300 + 16 * k, 13)]);
    expect(lines(items)).toEqual(rows.map(([n, t]) => `${n} ${t}`));
  });

  it('never joins lines in capitals: a wrap and a hand break look the same (the recogniser groups them)', () => {
    // A full-width body line gives the page's text edges (85..538); the foot's right cell is
    // centred at x = 413 (its left edge at 45 % of the text width).
    const body = item('Sở Tư pháp hướng dẫn các cơ quan, đơn vị thực hiện thống nhất trên địa bàn tỉnh.', 85, 300, 13);
    body.width = 453;
    const C = 413;
    const list = ['Nơi nhận:', '- Như trên;', '- Cục Chứng thực (b/c);', '- Lưu: VT, HCTP.'].map((t, k) => item(t, 90, 340 + 14 * k, 12));
    const sign = ['TL. GIÁM ĐỐC', 'KT. TRƯỞNG PHÒNG HÀNH CHÍNH', 'TƯ PHÁP', 'PHÓ TRƯỞNG PHÒNG'].map((t, k) => item(t, C, 340 + 14 * k, 14, 'center'));
    expect(lines([body, ...list, ...sign])).toEqual([
      'Sở Tư pháp hướng dẫn các cơ quan, đơn vị thực hiện thống nhất trên địa bàn tỉnh.',
      'Nơi nhận:',
      '- Như trên;',
      '- Cục Chứng thực (b/c);',
      '- Lưu: VT, HCTP.',
      'TL. GIÁM ĐỐC',
      'KT. TRƯỞNG PHÒNG HÀNH CHÍNH',
      'TƯ PHÁP',
      'PHÓ TRƯỞNG PHÒNG',
    ]);
  });

  it('joins a notation broken after its hyphen without a space', () => {
    const { right } = narrowHeader();
    const left = ['UBND TỈNH LONG AN', 'VĂN PHÒNG', 'Số: 4521/VP-KGVX', 'V/v triển khai Nghị quyết số 57-', 'NQ/TW của Bộ Chính trị về đột phá'].map((t, k) => item(t, L, 60 + 14 * k, 12, 'center'));
    expect(lines([...left, ...right])).toContain('V/v triển khai Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá');
  });

  it('keeps a header table whose two rows are parted by an empty line (organ | motto, then Số | date)', () => {
    // Row 1 at 60/74, an empty paragraph, row 2 at 110/125: the year of the date wrapped.
    const items = [
      item('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', R, 60, 12, 'center'),
      item('Độc lập - Tự do - Hạnh phúc', R, 74, 13, 'center'),
      item('Hà Nội, ngày 12 tháng 3 năm', R, 110, 13, 'center'),
      item('2026', R, 125, 13, 'center'),
      item('VĂN PHÒNG', L, 60, 13, 'center'),
      item('CHÍNH PHỦ', L, 74, 13, 'center'),
      item('Số: 1234/VPCP-KSTT', L, 110, 13, 'center'),
      item('V/v hướng dẫn thực hiện', L, 125, 13, 'center'),
      item('CÔNG VĂN', 311, 190, 14, 'center'),
    ];
    expect(lines(items)).toEqual([
      'VĂN PHÒNG',
      'CHÍNH PHỦ',
      'Số: 1234/VPCP-KSTT',
      'V/v hướng dẫn thực hiện',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Hà Nội, ngày 12 tháng 3 năm 2026',
      'CÔNG VĂN',
    ]);
  });

  it('does not join lettered items of a list ("a) …", "b) …") as a wrapped line', () => {
    const items = ['Kính gửi:', 'a) Sở Tư pháp', 'b) Sở Nội vụ', 'c) Văn phòng UBND tỉnh'].map((t, k) => item(t, 200, 300 + 16 * k, 13));
    expect(lines(items)).toEqual(['Kính gửi:', 'a) Sở Tư pháp', 'b) Sở Nội vụ', 'c) Văn phòng UBND tỉnh']);
  });

  it('keeps the text of a stamp set at 30° on an upright page, after the page\'s lines', () => {
    const { left, right } = narrowHeader();
    const cos = Math.cos(Math.PI / 6);
    const sin = Math.sin(Math.PI / 6);
    const stamp = { str: 'MẬT', transform: [14 * cos, 14 * sin, -14 * sin, 14 * cos, 150, PAGE_H - 135], width: 30, fontName: 'g_d0_f2' };
    const out = lines([...left, ...right, stamp]);
    expect(out[out.length - 1]).toBe('MẬT');
    expect(out).toContain('VĂN PHÒNG BỘ');
  });

  it('falls back (null) on a page whose text is drawn sideways', () => {
    const { left, right } = narrowHeader();
    // The same items turned a quarter: baseline running up the page.
    const turned = [...left, ...right].map((it) => ({ ...it, transform: [0, it.transform[0]!, -it.transform[0]!, 0, it.transform[5]!, it.transform[4]!] }));
    expect(layoutPage(turned, VIEWPORT)).toBeNull();
  });

  it('reads a page shown turned (/Rotate 90) through its viewport', () => {
    const { left, right } = narrowHeader();
    // Stored landscape (842 wide), shown turned clockwise: the viewport maps it back upright.
    const rotatedViewport = [0, 1, 1, 0, 0, 0];
    const stored = [...right, ...left].map((it) => {
      const [s, , , , x, y] = it.transform as [number, number, number, number, number, number];
      // Upright point (x, top) shows from stored point (top, x) under [0 1 1 0 0 0]; the glyphs
      // are stored turned so that they stand up on screen.
      return { ...it, transform: [0, s, -s, 0, PAGE_H - y, x] };
    });
    const r = layoutPage(stored, rotatedViewport);
    expect(r).not.toBeNull();
    expect(r!.text.split('\n').slice(0, 3)).toEqual(['BỘ NÔNG NGHIỆP VÀ', 'MÔI TRƯỜNG', 'VĂN PHÒNG BỘ']);
  });
});
