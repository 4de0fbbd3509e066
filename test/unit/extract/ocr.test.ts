// OCR of scans (src/extract/ocr/): tesseract's TSV, the red stamps, the pixel work (skew, the red
// layer), which pages are read, the tools' limits (killed at the deadline, never outliving their
// reader), and the errors of images that are no page or no image. Real tools, no mocks.
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { extractFromBuffer, extractFromEmail } from '../../../src/extract/index.js';
import { parseTsv } from '../../../src/extract/ocr/tesseract.js';
import { pagesToRead, stampOf, DEFAULT_OCR, type OcrPage } from '../../../src/extract/ocr/ocr.js';
import { fromPages, placeMarks } from '../../../src/extract/ocr/read.js';
import { restoreMarks, repairSubjectMark } from '../../../src/extract/ocr/lexicon.js';
import { columnText } from '../../../src/extract/ocr/columns.js';
import { measureSkew, rotate, splitRed, type Grey } from '../../../src/extract/ocr/pixels.js';
import { runTool, runningTools, ToolTimeout } from '../../../src/extract/ocr/proc.js';
import { scannedLetter } from '../../helpers/scans.js';

const row = (level: number, block: number, line: number, word: number, x: number, y: number, w: number, h: number, conf: number, text: string) =>
  [level, 1, block, 1, line, word, x, y, w, h, conf, text].join('\t');
const HEAD = 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';

/** Running (a zombie waiting for init to reap it runs no more). */
const alive = (pid: number): boolean => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
  } catch {
    return false;
  }
};

async function gone(pids: number[], ms = 3000): Promise<number[]> {
  for (const end = Date.now() + ms; Date.now() < end && pids.some(alive); ) await new Promise((r) => setTimeout(r, 50));
  return pids.filter(alive);
}

/** The reader processes of this test process and the OCR tools they run now. */
function readersAndTools(): { readers: number[]; tools: number[] } {
  const list = (ppid: number): string => {
    try {
      return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(ppid)], { encoding: 'utf8' });
    } catch {
      return ''; // ps exits 1 when there is no such process
    }
  };
  const ps = (ppid: number) =>
    list(ppid)
      .split('\n')
      .filter(Boolean)
      .map((l) => ({ pid: Number(l.trim().split(/\s+/)[0]), args: l }));
  const readers = ps(process.pid).filter((p) => p.args.includes('--max-old-space-size')).map((p) => p.pid);
  const tools = readers.flatMap((r) => ps(r).filter((p) => /tesseract|pdftoppm|pdfinfo/.test(p.args)).map((p) => p.pid));
  return { readers, tools };
}

describe('tesseract TSV', () => {
  it('groups words into lines with their boxes and mean confidence, and drops specks and edge rules', () => {
    const tsv = [
      HEAD,
      row(1, 0, 0, 0, 0, 0, 1654, 2339, -1, ''),
      row(4, 1, 1, 0, 100, 100, 400, 40, -1, ''),
      row(5, 1, 1, 1, 100, 100, 90, 40, 96, 'UBND'),
      row(5, 1, 1, 2, 200, 100, 90, 40, 90, 'TỈNH'),
      row(5, 1, 1, 3, 300, 100, 120, 40, 84, 'LONG_'),
      row(5, 1, 2, 1, 100, 160, 60, 38, 95, '_Số:'),
      row(5, 1, 2, 2, 170, 160, 200, 38, 93, '412/STTTT-BCVT'),
      // A speck read as two letters (3 px high at 200 dpi) and a doubtful smudge.
      row(5, 2, 1, 1, 900, 900, 8, 3, 60, 'ồi'),
      row(5, 2, 1, 2, 950, 900, 20, 30, 9, 'ồ'),
    ].join('\n');
    const lines = parseTsv(tsv, 200);
    expect(lines.map((l) => l.text)).toEqual(['UBND TỈNH LONG', 'Số: 412/STTTT-BCVT']);
    expect(lines[0]!.conf).toBeCloseTo(0.9, 3);
    expect(lines[0]).toMatchObject({ x: 100, y: 100, w: 320, h: 40 });
    expect(lines[1]!.words.map((w) => w.conf)).toEqual([95, 93]);
  });
});

describe('red stamps and marks', () => {
  it('takes a red line that is a mark and nothing else', () => {
    expect(stampOf('MẬT')).toEqual({ kind: 'secrecy', value: 'Mật' });
    expect(stampOf('[ KHẨN ]')).toEqual({ kind: 'urgency', value: 'Khẩn' });
    expect(stampOf('| TỐI MẬT |')).toEqual({ kind: 'secrecy', value: 'Tối mật' });
    expect(stampOf('TUYỆT MẬT')).toEqual({ kind: 'secrecy', value: 'Tuyệt mật' });
    expect(stampOf('THƯỢNG KHẨN')).toEqual({ kind: 'urgency', value: 'Thượng khẩn' });
    expect(stampOf('HỎA TỐC')).toEqual({ kind: 'urgency', value: 'Hỏa tốc' });
    expect(stampOf('MẠT')).toEqual({ kind: 'secrecy', value: 'Mật' });
  });

  it('never takes body words for a mark', () => {
    for (const t of ['khẩn trương', 'khẩn cấp', 'bí mật', 'Mật độ dân số', 'KHẨN TRƯƠNG', 'SỞ THÔNG TIN * TỈNH LONG AN']) expect(stampOf(t)).toBeNull();
  });

  const line = (text: string, y: number) => ({ text, conf: 0.9, words: text.split(' ').map((t, i) => ({ text: t, conf: 90, x: 100 + i * 80, y, w: 70, h: 40 })), x: 100, y, w: 80 * text.split(' ').length, h: 40 });
  const page = (texts: string[], stamps: OcrPage['stamps'] = []): OcrPage => ({ page: 1, lines: texts.map((t, i) => line(t, 100 + i * 60)), header: null, skewDeg: 0, stamps, width: 1654, height: 2339, dpi: 200 });
  const ev = { text: '1 page(s)', confidence: 1, source: 'pdf-structure' as const };
  const body = ['UBND TỈNH LONG AN', 'SỞ Y TẾ', 'Số: 12/SYT-NVY', 'V/v phòng chống dịch', 'Kính gửi: Các đơn vị', 'Đề nghị các đơn vị khẩn trương triển khai; khi có việc khẩn cấp báo ngay.', 'Giữ bí mật thông tin người bệnh.'];

  it('a body that says "khẩn trương", "khẩn cấp", "bí mật" carries no mark; a red stamp does, with its OCR evidence', () => {
    const plain = fromPages([page(body)], 1, ev, 'none');
    expect(plain.metadata.urgency).toBeNull();
    expect(plain.metadata.secrecy).toBeNull();
    const marked = fromPages([page(body, [{ kind: 'secrecy', value: 'Mật', text: 'MẬT', conf: 0.93, page: 1 }])], 1, ev, 'none');
    expect(marked.metadata.secrecy).toBe('Mật');
    expect(marked.metadata.evidence.secrecy).toEqual({ text: 'MẬT (red stamp, page 1)', confidence: 0.93, source: 'ocr' });
    expect(marked.metadata.evidence.codeNumber?.source).toBe('ocr');
    expect(marked.metadata.evidence.codeNumber?.confidence).toBe(0.9);
    expect(marked.metadata.pageCount).toBe(1);
  });
});

describe('OCR text repairs', () => {
  it('restores the marks of the header vocabulary in capitals only, and V/v', () => {
    expect(restoreMarks('UBND TÍNH LONG AN')).toBe('UBND TỈNH LONG AN');
    expect(restoreMarks('SƠ Y TẾ')).toBe('SỞ Y TẾ');
    expect(restoreMarks('KT. GIAM ĐỌC')).toBe('KT. GIÁM ĐỐC');
    expect(restoreMarks('PHO CHỦ TỊCH')).toBe('PHÓ CHỦ TỊCH');
    expect(restoreMarks('THANH PHO TÂN AN')).toBe('THÀNH PHỐ TÂN AN');
    expect(restoreMarks('Sở tinh thần')).toBe('Sở tinh thần');
    expect(repairSubjectMark('VỊv giải quyết đơn')).toBe('V/v giải quyết đơn');
    expect(placeMarks('ỦY BAN NHÂN DÂN HUYỆN DỤC HÓA', 'Đức Hòa')).toBe('ỦY BAN NHÂN DÂN HUYỆN ĐỨC HÒA');
    expect(placeMarks('SỞ Y TẾ', 'Long An')).toBe('SỞ Y TẾ');
  });

  it('writes two columns read as one line left column first, as a text layer does', () => {
    const w = (text: string, x: number, y: number) => ({ text, conf: 90, x, y, w: text.length * 20, h: 40 });
    const l = (...words: ReturnType<typeof w>[]) => ({ text: words.map((x) => x.text).join(' '), conf: 0.9, words, x: words[0]!.x, y: words[0]!.y, w: 100, h: 40 });
    const body = ['Kính', 'gửi:', 'các', 'sở,', 'ban,', 'ngành', 'tỉnh', 'Long', 'An'].map((t, i) => w(t, 300 + i * 100, 300));
    const lines = [l(w('UBND', 150, 100), w('CỘNG', 900, 100), w('HÒA', 1000, 100)), l(w('SỞ', 150, 160), w('Độc', 950, 160), w('lập', 1030, 160)), l(...body)];
    expect(columnText(lines, 1654)).toEqual(['UBND', 'SỞ', 'CỘNG HÒA', 'Độc lập', '', 'Kính gửi: các sở, ban, ngành tỉnh Long An']);
  });
});

describe('pixels', () => {
  let text: Grey;
  beforeAll(async () => {
    const lines = Array.from({ length: 14 }, (_, i) => `<text x="60" y="${80 + i * 44}" font-family="DejaVu Sans" font-size="26">Dòng ${i + 1}: Ủy ban nhân dân tỉnh Long An đề nghị các sở</text>`).join('');
    const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1100" height="720"><rect width="100%" height="100%" fill="white"/>${lines}</svg>`);
    const { data, info } = await sharp(svg).greyscale().raw().toBuffer({ resolveWithObject: true });
    text = { width: info.width, height: info.height, data: new Uint8Array(data) };
  });

  it('measures a page turned by 2° within 0.3°, and levels it', () => {
    expect(Math.abs(measureSkew(text) ?? 99)).toBeLessThan(0.3);
    for (const deg of [2, -2.6]) {
      const turned = rotate(text, deg);
      const skew = measureSkew(turned)!;
      expect(Math.abs(Math.abs(skew) - Math.abs(deg))).toBeLessThan(0.3);
      expect(Math.abs(measureSkew(rotate(turned, skew))!)).toBeLessThan(0.3);
    }
  });

  it('separates red ink, and keeps the black text under it on the page', () => {
    // Grey paper, a black stroke, red ink, and black printed under the red ink (multiplied).
    const px: Array<[number, number, number]> = [[222, 218, 208], [30, 30, 30], [200, 30, 40], [20, 4, 6], [222, 218, 208]];
    const img = { width: px.length, height: 1, data: Uint8Array.from(px.flat()) };
    const { page, red, redPixels } = splitRed(img);
    expect(redPixels).toBe(1);
    expect(page.data[1]).toBeLessThan(60);
    expect(page.data[3]).toBeLessThan(60);
    expect(page.data[2]).toBeGreaterThan(180);
    expect(red.data[2]).toBeLessThan(128);
    expect(red.data[3]).toBe(255);
  });

  it("reads the signer's name under a red seal on a scan", async () => {
    const s = await scannedLetter({ dpi: 200, stamp: null, pages: 1 });
    const r = await extractFromBuffer(s.pdf, { filename: 'sealed.pdf' });
    expect(r.error).toBeNull();
    expect(r.metadata.signer?.fullName).toBe('Trần Văn Hùng');
    expect(r.metadata.evidence.signer?.source).toBe('ocr');
  });
});

describe('pages read', () => {
  it('reads the first page and the last, or every page up to the most', () => {
    expect(pagesToRead(0, DEFAULT_OCR)).toEqual([]);
    expect(pagesToRead(1, DEFAULT_OCR)).toEqual([1]);
    expect(pagesToRead(2, DEFAULT_OCR)).toEqual([1, 2]);
    expect(pagesToRead(9, DEFAULT_OCR)).toEqual([1, 9]);
    expect(pagesToRead(9, { ...DEFAULT_OCR, pages: 'all', maxPages: 3 })).toEqual([1, 2, 3]);
  });
});

describe('limits of the tools', () => {
  let scan: Uint8Array;
  beforeAll(async () => {
    scan = (await scannedLetter({ dpi: 200, stamp: 'MẬT' })).pdf;
  });

  it('kills a tool at its deadline', async () => {
    const t0 = Date.now();
    const running = runTool('sleep', ['20'], { deadline: Date.now() + 300, memoryMb: 256 }).catch((e: unknown) => e);
    const [pid] = runningTools();
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid!)).toBe(true);
    expect(await running).toBeInstanceOf(ToolTimeout);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await gone([pid!], 1000)).toEqual([]);
  });

  it('a scan over the time limit says TIMEOUT with its page count, and leaves no tool running', async () => {
    const r = await extractFromBuffer(scan, { filename: 'slow-scan.pdf' }, { timeoutMs: 1500, ocr: { dpi: 300 } });
    expect(r.error?.code).toBe('TIMEOUT');
    expect(r.metadata.pageCount).toBe(2);
    expect(await gone(readersAndTools().tools)).toEqual([]);
  });

  it('no tesseract outlives a reader killed while it reads', async () => {
    const reading = extractFromBuffer(scan, { filename: 'killed.pdf' }, { timeoutMs: 60_000, ocr: { dpi: 300, pages: 'all' } });
    let seen: { readers: number[]; tools: number[] } = { readers: [], tools: [] };
    for (let i = 0; i < 100 && !seen.tools.length; i++) {
      await new Promise((res) => setTimeout(res, 100));
      seen = readersAndTools();
    }
    expect(seen.tools.length).toBeGreaterThan(0);
    for (const pid of seen.readers) process.kill(pid, 'SIGKILL');
    const r = await reading;
    expect(r.error?.code).toBe('READ_FAILED');
    expect(await gone(seen.tools)).toEqual([]);
    expect(execFileSync('sh', ['-c', `pgrep -x tesseract | grep -xE '${seen.tools.join('|')}' || true`], { encoding: 'utf8' }).trim()).toBe('');
  });
});

describe('images that are no page', () => {
  it('a logo is NOT_A_PAGE, and an e-mail with one beside its document keeps its secrecy known', async () => {
    const logo = await sharp({ create: { width: 180, height: 60, channels: 3, background: { r: 200, g: 30, b: 40 } } }).png().toBuffer();
    const r = await extractFromBuffer(logo, { filename: 'logo.png' });
    expect(r.error?.code).toBe('NOT_A_PAGE');
    const B = 'b0undary';
    const raw = Buffer.from(
      `From: vanthu@stttt.longan.gov.vn\r\nTo: vanthu@snv.longan.gov.vn\r\nSubject: Cong van\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${B}"\r\n\r\n` +
        `--${B}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSố: 12/STTTT-VP\r\nV/v họp giao ban\r\n` +
        `--${B}\r\nContent-Type: image/png; name="logo.png"\r\nContent-Disposition: inline; filename="logo.png"\r\nContent-Transfer-Encoding: base64\r\n\r\n${logo.toString('base64')}\r\n--${B}--\r\n`,
    );
    const m = await extractFromEmail(raw);
    expect(m.attachments).toEqual([]);
    expect(m.secrecyUnchecked).toBeNull();
  });

  it('a damaged image is CORRUPT; a file named .jpg that is no image is CORRUPT', async () => {
    const png = await sharp({ create: { width: 800, height: 1100, channels: 3, background: 'white' } }).png().toBuffer();
    const cut = png.subarray(0, 60);
    expect((await extractFromBuffer(cut, { filename: 'scan.png' })).error?.code).toBe('CORRUPT');
    expect((await extractFromBuffer(Buffer.from('not an image at all'), { filename: 'scan.jpg' })).error?.code).toBe('CORRUPT');
  });

  it('a blank page-sized image says NO_TEXT_LAYER with its page count', async () => {
    const blank = await sharp({ create: { width: 1654, height: 2339, channels: 3, background: { r: 230, g: 228, b: 220 } } }).png().toBuffer();
    const r = await extractFromBuffer(blank, { filename: 'blank.png' });
    expect(r.error?.code).toBe('NO_TEXT_LAYER');
    expect(r.metadata.pageCount).toBe(1);
  });
});
