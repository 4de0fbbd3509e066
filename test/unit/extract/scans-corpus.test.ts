// Accuracy of OCR on scans (Decision 36 Art. 7.1a: an agency without digital signatures sends the
// stamped paper scanned): the hand-labelled documents of test/corpus/scans/documents.ts are printed,
// stamped (red seal over the signer's name; red boxed or rubber-stamped MẬT, TỐI MẬT, TUYỆT MẬT,
// KHẨN, THƯỢNG KHẨN, HỎA TỐC), scanned at 200 dpi with tilt, blur, noise and grey paper (two as
// phone photos), sent as image-only PDF, PNG, JPEG or TIFF, read through the public API (reader
// processes, real pdftoppm and tesseract) and scored field by field against their labels.
// Targets (issue #13): ≥ 90 % per field, every secrecy mark found, no mark where there is none
// (unmarked bodies say "khẩn trương", "khẩn cấp", "bí mật").
// The held-out documents (HELD_OUT) were written after the OCR's fixes were done (all but the
// last, a paragraph-gap threshold that a main-set miss led to): they are scored and printed apart,
// and only asserted to be read without error.
import { describe, it, expect, beforeAll } from 'vitest';
import { extractFromBuffer, type DocumentMetadata } from '../../../src/extract/index.js';
import { SCORED, fieldMatches, type Scored } from '../../corpus/extract/score.js';
import { HELD_OUT, SCAN_DOCS, type ScanSpec } from '../../corpus/scans/documents.js';
import { scan, type Scan } from '../../corpus/scans/make.js';

interface Outcome {
  scan: Scan;
  md: DocumentMetadata;
  error: string | null;
  seconds: number;
}

const TARGET = 0.9;
const main: Outcome[] = [];
const held: Outcome[] = [];

async function readAll(specs: ScanSpec[], offset: number): Promise<Outcome[]> {
  const scans = await Promise.all(specs.map((s, i) => scan(s, 200, offset + i)));
  return Promise.all(
    scans.map(async (s) => {
      const t0 = performance.now();
      const r = await extractFromBuffer(s.bytes, { filename: s.filename }, { timeoutMs: 60_000 });
      return { scan: s, md: r.metadata, error: r.error?.code ?? null, seconds: (performance.now() - t0) / 1000 };
    }),
  );
}

function table(title: string, outcomes: Outcome[]): Record<Scored, number> {
  const share = {} as Record<Scored, number>;
  const lines = [`${title}: ${outcomes.length} scanned documents at 200 dpi`];
  for (const f of SCORED) {
    const right = outcomes.filter((o) => fieldMatches(f, o.scan.label, o.md, o.scan.pages));
    share[f] = right.length / Math.max(1, outcomes.length);
    const misses = outcomes.filter((o) => !right.includes(o)).map((o) => `${o.scan.id}=${JSON.stringify((o.md as unknown as Record<string, unknown>)[f])}`);
    lines.push(`  ${f.padEnd(16)} ${String(right.length).padStart(2)}/${outcomes.length} ${(share[f] * 100).toFixed(1).padStart(5)} %${misses.length ? `  misses: ${misses.join('; ')}` : ''}`);
  }
  lines.push(`  seconds per document (in parallel on the pool): max ${Math.max(...outcomes.map((o) => o.seconds)).toFixed(1)}`);
  console.log(lines.join('\n'));
  return share;
}

beforeAll(async () => {
  main.push(...(await readAll(SCAN_DOCS, 0)));
  held.push(...(await readAll(HELD_OUT, SCAN_DOCS.length)));
}, 240_000);

describe('OCR of scanned documents (200 dpi, stamped, damaged)', () => {
  it('reads every document without error', () => {
    expect(main.filter((o) => o.error).map((o) => `${o.scan.id}: ${o.error}`)).toEqual([]);
    expect(main.length).toBeGreaterThanOrEqual(12);
  });

  it(`gets each field right in at least ${TARGET * 100} % of the documents`, () => {
    const share = table('Scan corpus', main);
    const below = SCORED.filter((f) => share[f] < TARGET).map((f) => `${f} ${(share[f] * 100).toFixed(1)} %`);
    expect(below).toEqual([]);
  });

  it('finds every secrecy and urgency mark, and none where there is none', () => {
    for (const o of main) {
      expect({ id: o.scan.id, secrecy: o.md.secrecy }).toEqual({ id: o.scan.id, secrecy: o.scan.label.secrecy });
      expect({ id: o.scan.id, urgency: o.md.urgency }).toEqual({ id: o.scan.id, urgency: o.scan.label.urgency });
    }
    expect(main.filter((o) => o.scan.label.secrecy).length).toBeGreaterThanOrEqual(4);
    expect(main.filter((o) => !o.scan.label.secrecy && !o.scan.label.urgency).length).toBeGreaterThanOrEqual(5);
  });

  it("says where each field came from: source 'ocr' with the OCR's confidence, and the page count", () => {
    for (const o of main) {
      expect(o.md.pageCount).toBe(o.scan.pages);
      const ev = o.md.evidence.codeNumber;
      expect(ev?.source).toBe('ocr');
      expect(ev!.confidence).toBeGreaterThan(0.3);
      expect(ev!.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('reads the held-out documents (scored apart, not tuned to)', () => {
    table('Held-out scans', held);
    expect(held.filter((o) => o.error).map((o) => `${o.scan.id}: ${o.error}`)).toEqual([]);
  });
});
