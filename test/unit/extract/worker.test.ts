// Every document is read in a child process that is stopped at the time limit and held under a
// heap ceiling: a small DOCX that inflates to a lot of XML must give TIMEOUT or TOO_LARGE quickly,
// without blocking the main thread, and the next document must read normally. The
// recogniser reads a bounded window of the text, so a huge text body costs no more than a letter.
import { describe, expect, it, beforeAll } from 'vitest';
import JSZip from 'jszip';
import { execFileSync } from 'node:child_process';
import { extractFromBuffer, extractFromEmail, extractFromText, FIELD_NAMES, type ExtractResult } from '../../../src/extract/index.js';
import { corpus } from '../../corpus/extract/generate.js';
import { renderDocx } from '../../corpus/extract/render-files.js';

let normal: Buffer;
let slow: Buffer;
let bomb: Buffer;

/** The corpus DOCX with `paragraphs` filler paragraphs (~60 bytes of XML each) in its body. */
async function inflated(paragraphs: number): Promise<Buffer> {
  const zip = await JSZip.loadAsync(normal);
  const xml = await zip.file('word/document.xml')!.async('string');
  const filler = '<w:p><w:r><w:t>Noi dung lap lai cua van ban</w:t></w:r></w:p>'.repeat(paragraphs);
  zip.file('word/document.xml', xml.replace('<w:body>', `<w:body>${filler}`));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

beforeAll(async () => {
  const doc = corpus().find((d) => d.format === 'docx' && d.variant === 'clean')!;
  normal = await renderDocx(doc);
  // ~15 MB of XML: under the inflate ceiling of a 512 MiB worker, but over a second to parse.
  slow = await inflated(250_000);
  // ~100 MB of XML in under 300 KB, like the 410 KB file that ran 112 s at 4.2 GB RSS when it was
  // read on the main thread.
  bomb = await inflated(1_600_000);
}, 60_000);

function expectFailure(r: ExtractResult, code: string) {
  expect(r.error?.code).toBe(code);
  for (const f of FIELD_NAMES) expect(r.metadata[f]).toBeNull();
}

/** Runs `fn` and counts how often a 10 ms timer fired meanwhile (0 when the main thread blocks). */
async function withTicks<T>(fn: () => Promise<T>): Promise<{ value: T; ticks: number; ms: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  const t0 = Date.now();
  try {
    const value = await fn();
    return { value, ticks, ms: Date.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}

describe('extraction worker', () => {
  it('stops a DOCX whose XML takes longer than the time limit, without blocking the main thread', async () => {
    await extractFromBuffer(normal, { filename: 'warm.docx' }); // a warm worker: the limit is the document's own
    const { value, ticks, ms } = await withTicks(() => extractFromBuffer(slow, { filename: 'slow.docx' }, { timeoutMs: 300 }));
    expectFailure(value, 'TIMEOUT');
    expect(value.error?.message).toContain('300 ms');
    expect(ms).toBeLessThan(1500);
    expect(ticks).toBeGreaterThan(10);
    // Within the default limit the same file is read to the end.
    const ok = await extractFromBuffer(slow, { filename: 'slow.docx' });
    expect(ok.error).toBeNull();
    expect(ok.metadata.codeNumber).not.toBeNull();
  });

  it('refuses a DOCX that inflates to 100 MB of XML as TOO_LARGE, before parsing it', async () => {
    expect(bomb.length).toBeLessThan(410 * 1024);
    const t0 = Date.now();
    const r = await extractFromBuffer(bomb, { filename: 'bomb.docx' });
    expectFailure(r, 'TOO_LARGE');
    expect(r.error?.message).toMatch(/word\/document\.xml inflates to more than \d+\.\d MiB/);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('lowers the inflate ceiling with the worker heap', async () => {
    // ~9 MB of XML is fine in the default 512 MiB worker (ceiling ~21 MiB) and over the ceiling of a
    // 128 MiB one (~7 MiB).
    const mid = await inflated(150_000);
    expect((await extractFromBuffer(mid, { filename: 'mid.docx' })).error).toBeNull();
    const small = await extractFromBuffer(mid, { filename: 'mid.docx' }, { workerHeapMb: 128 });
    expectFailure(small, 'TOO_LARGE');
    // Refused by the inflate ceiling before parsing, not by running out of heap.
    const ceiling = /inflates to more than (\d+\.\d) MiB/.exec(small.error!.message);
    expect(Number(ceiling?.[1])).toBeLessThan(9);
  });

  it('reads the next document normally after a worker was stopped', async () => {
    const [stopped, ok] = await Promise.all([
      extractFromBuffer(slow, { filename: 'slow.docx' }, { timeoutMs: 200 }),
      extractFromBuffer(normal, { filename: 'ok.docx' }),
    ]);
    expect(stopped.error?.code).toBe('TIMEOUT');
    expect(ok.error).toBeNull();
    expect(ok.metadata.codeNumber).not.toBeNull();
  });

  it('a reader process that dies (as when the system kills it for memory) fails only its document; the next one reads', async () => {
    await extractFromBuffer(normal, { filename: 'warm.docx' });
    const reading = extractFromBuffer(slow, { filename: 'slow.docx' }, { timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 300));
    // The readers are this process's children started with a heap ceiling.
    const readers = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes('--max-old-space-size'))
      .map((l) => Number(l.trim().split(/\s+/)[0]));
    expect(readers.length).toBeGreaterThan(0);
    for (const pid of readers) process.kill(pid, 'SIGKILL');
    const r = await reading;
    expect(r.error?.code).toBe('READ_FAILED');
    expect(r.error?.message).toContain('SIGKILL');
    const ok = await extractFromBuffer(normal, { filename: 'ok.docx' });
    expect(ok.error).toBeNull();
    expect(ok.metadata.codeNumber).not.toBeNull();
  });

  it('applies the time limit to the documents of an e-mail, passed as an option', async () => {
    const B = 'b0undary';
    const part = (name: string, data: Buffer) =>
      `--${B}\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${data.toString('base64')}\r\n`;
    const raw = Buffer.from(`From: a@b.vn\r\nTo: c@d.vn\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${B}"\r\n\r\n${part('slow.docx', slow)}${part('ok.docx', normal)}--${B}--\r\n`);
    const { value, ms } = await withTicks(() => extractFromEmail(raw, { timeoutMs: 300 }));
    expect(value.attachments.map((a) => a.error?.code ?? null)).toEqual(['TIMEOUT', null]);
    expect(value.metadata.codeNumber).not.toBeNull();
    expect(ms).toBeLessThan(3000);
  });
});

describe('bounded recognition', () => {
  it('reads one enormous line quickly (the header scans are quadratic in line length)', () => {
    const line = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM ' + 'ABC '.repeat(80_000);
    const t0 = Date.now();
    extractFromText(line);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('finds the header at the start and the signature at the end of a very long report', () => {
    const head = `UBND TỈNH LONG AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ Y TẾ Độc lập - Tự do - Hạnh phúc
Số: 88/BC-SYT Long An, ngày 3 tháng 6 năm 2024
BÁO CÁO
Kết quả khám chữa bệnh năm 2023
`;
    const body = 'Trong năm, các cơ sở y tế đã tiếp nhận và điều trị cho người bệnh theo đúng quy định.\n'.repeat(60_000);
    const foot = `Nơi nhận: GIÁM ĐỐC
- UBND tỉnh;
- Lưu: VT.
Trần Thị Hồng Nhung
`;
    const text = head + body + foot;
    expect(text.length).toBeGreaterThan(5_000_000);
    const t0 = Date.now();
    const md = extractFromText(text);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(md).toMatchObject({
      codeNumber: '88',
      codeNotation: 'BC-SYT',
      typeName: 'Báo cáo',
      issuedDate: '2024-06-03',
      signer: { authority: null, position: 'GIÁM ĐỐC', fullName: 'Trần Thị Hồng Nhung' },
      recipients: ['UBND tỉnh', 'Lưu: VT'],
    });
  });
});
