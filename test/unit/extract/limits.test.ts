// Bad input never crashes or hangs: each gives all fields null and an error code.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm, writeFile, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractFromBuffer, extractFromFile, FIELD_NAMES, type ExtractResult } from '../../../src/extract/index.js';
import { encryptedPdf, imageOnlyPdf } from './pdf-fixtures.js';
import { PDF_HEAD_PAGES, PDF_TAIL_PAGES } from '../../../src/extract/readers/pdf.js';
import { renderPdf } from '../../corpus/extract/render-files.js';
import { corpus } from '../../corpus/extract/generate.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vanthu-limits-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function expectFailure(r: ExtractResult, code: string) {
  expect(r.error?.code).toBe(code);
  expect(r.error?.message.length).toBeGreaterThan(10);
  for (const f of FIELD_NAMES) expect(r.metadata[f]).toBeNull();
}

describe('bad input', () => {
  it('refuses a 200 MB PDF before reading it', async () => {
    const path = join(dir, 'huge.pdf');
    const fh = await open(path, 'w');
    await fh.truncate(200 * 1024 * 1024); // sparse: no 200 MB written to disk
    await fh.close();
    const t0 = Date.now();
    const r = await extractFromFile(path);
    expect(Date.now() - t0).toBeLessThan(1000);
    expectFailure(r, 'TOO_LARGE');
    expect(r.error?.message).toContain('200.0 MiB');
  });

  it('applies a configurable size limit to buffers', async () => {
    expectFailure(await extractFromBuffer(Buffer.alloc(2048), { filename: 'x.pdf' }, { maxBytes: 1024 }), 'TOO_LARGE');
  });

  it('says NOT_A_PDF for a file that claims .pdf but is not one', async () => {
    const path = join(dir, 'fake.pdf');
    await writeFile(path, 'Kính gửi: Văn thư. This is not a PDF.');
    expectFailure(await extractFromFile(path), 'NOT_A_PDF');
  });

  it('says ENCRYPTED for a password-protected PDF', async () => {
    expectFailure(await extractFromBuffer(encryptedPdf(), { filename: 'secret.pdf' }), 'ENCRYPTED');
  });

  it('says NO_TEXT_LAYER for a scan in which OCR finds no text, with its page count', async () => {
    const r = await extractFromBuffer(await imageOnlyPdf(), { filename: 'scan.pdf' });
    // The page count is always reported (issue #13): the scan's pages are known without its text.
    expect(r.metadata.pageCount).toBe(2);
    expectFailure({ ...r, metadata: { ...r.metadata, pageCount: null } }, 'NO_TEXT_LAYER');
    expect(r.error?.message).toContain('2 page(s)');
  });

  it('stops a PDF that takes longer than the time limit', async () => {
    const doc = corpus().find((d) => d.bodyRepeat > 3)!;
    const { bytes } = await renderPdf(doc);
    const t0 = Date.now();
    const r = await extractFromBuffer(bytes, { filename: 'slow.pdf' }, { timeoutMs: 5 });
    expect(Date.now() - t0).toBeLessThan(2000);
    expectFailure(r, 'TIMEOUT');
    // The same file within the default limit reads fine.
    const ok = await extractFromBuffer(bytes, { filename: 'slow.pdf' });
    expect(ok.error).toBeNull();
    expect(ok.metadata.pageCount).toBeGreaterThan(1);
  });

  it('keeps reading concurrent PDFs while one of them times out (pooled workers)', async () => {
    const docs = corpus().filter((d) => d.format === 'pdf');
    const files = await Promise.all(docs.map(async (d) => (await renderPdf(d)).bytes));
    const results = await Promise.all([
      ...files.map((b) => extractFromBuffer(b, { filename: 'a.pdf' })),
      extractFromBuffer(files[0]!, { filename: 'slow.pdf' }, { timeoutMs: 1 }),
      ...files.map((b) => extractFromBuffer(b, { filename: 'b.pdf' })),
    ]);
    expect(results.filter((r) => r.error).map((r) => r.error!.code)).toEqual(['TIMEOUT']);
    expect(results.filter((r) => !r.error).every((r) => r.metadata.codeNotation !== null)).toBe(true);
  });

  it('reads the first and last pages of a long PDF: all pages counted, the foot found at the end', async () => {
    const doc = corpus().find((d) => d.format === 'pdf' && d.label.signer?.fullName)!;
    let r = await renderPdf({ ...doc, bodyRepeat: 400 });
    expect(r.pages).toBeGreaterThan(PDF_HEAD_PAGES + PDF_TAIL_PAGES);
    const md = (await extractFromBuffer(r.bytes, { filename: 'long.pdf' })).metadata;
    expect(md.pageCount).toBe(r.pages);
    expect(md.codeNumber).toBe(doc.label.codeNumber);
    expect(md.signer?.fullName).toBe(doc.label.signer!.fullName);
    expect(md.recipients).toEqual(doc.label.recipients);
    // A document of exactly head + 1 pages: no page is read twice or skipped.
    // (Two more body paragraphs add well under a page, so stepping up by two lands on it.)
    for (let repeat = 40; r.pages !== PDF_HEAD_PAGES + 1 && repeat < 400; repeat += 2) r = await renderPdf({ ...doc, bodyRepeat: repeat });
    const md9 = (await extractFromBuffer(r.bytes, { filename: 'nine.pdf' })).metadata;
    expect(md9.pageCount).toBe(PDF_HEAD_PAGES + 1);
    expect(md9.signer?.fullName).toBe(doc.label.signer!.fullName);
  });

  it('reports damaged files and unknown formats', async () => {
    expectFailure(await extractFromBuffer(Buffer.from('%PDF-1.7\n1 0 obj garbage'), { filename: 'broken.pdf' }), 'CORRUPT');
    expectFailure(await extractFromBuffer(Buffer.from('PK\x03\x04 not really a zip'), { filename: 'x.docx' }), 'CORRUPT');
    expectFailure(await extractFromBuffer(Buffer.from('plain text'), { filename: 'x.docx' }), 'CORRUPT');
    expectFailure(await extractFromBuffer(Buffer.from([0, 1, 2, 3, 0, 0, 7]), { filename: 'x.bin' }), 'UNSUPPORTED_FORMAT');
    expectFailure(await extractFromFile(join(dir, 'missing.pdf')), 'READ_FAILED');
    expectFailure(await extractFromBuffer(Buffer.alloc(0), { filename: 'empty.txt' }), 'NO_TEXT_LAYER');
  });
});
