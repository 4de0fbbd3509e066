// Accuracy on the project's labelled corpus (assembled documents from generate.ts and hand-written ones
// from handmade-*.ts): every document is rendered into its format in a temp
// dir, extracted through the public API, and compared field by field with its label.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpus, type CorpusDoc } from '../../corpus/extract/generate.js';
import { renderToFile } from '../../corpus/extract/render-files.js';
import { SCORED, fieldMatches, type Scored } from '../../corpus/extract/score.js';
import { extractFromEmail, extractFromFile, type DocumentMetadata } from '../../../src/extract/index.js';

interface Outcome {
  doc: CorpusDoc;
  md: DocumentMetadata;
  pages: number | null;
  error: string | null;
}

const outcomes: Outcome[] = [];
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vanthu-corpus-'));
  const docs = corpus();
  // Render and extract with a little parallelism (PDFs each get a worker).
  const queue = [...docs];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let doc = queue.shift(); doc; doc = queue.shift()) {
        const { path, pages } = await renderToFile(doc, dir);
        if (doc.format === 'eml') {
          const r = await extractFromEmail(await readFile(path));
          outcomes.push({ doc, md: r.metadata, pages, error: r.error?.code ?? null });
        } else {
          const r = await extractFromFile(path);
          outcomes.push({ doc, md: r.metadata, pages, error: r.error?.code ?? null });
        }
      }
    }),
  );
  outcomes.sort((a, b) => a.doc.id.localeCompare(b.doc.id));
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('extraction corpus', () => {
  it('has at least 30 documents of different types, organs, formats, layouts and damage', () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(30);
    // At least 30 real office files (PDF, DOCX, ODT), not counting text files and e-mails.
    expect(outcomes.filter((o) => ['pdf', 'docx', 'odt'].includes(o.doc.format)).length).toBeGreaterThanOrEqual(30);
    expect(new Set(outcomes.map((o) => o.doc.label.typeName)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(outcomes.map((o) => o.doc.label.organName)).size).toBeGreaterThanOrEqual(6);
    const kinds = new Set(outcomes.map((o) => `${o.doc.format}/${o.doc.variant}`));
    for (const k of ['pdf/clean', 'pdf/ocr', 'docx/clean', 'odt/clean', 'txt/ocr', 'txt/tcvn3', 'docx/vni', 'txt/cp1258', 'docx/nfd', 'eml/clean', 'txt/seed']) expect(kinds).toContain(k);
    const layouts = (format: string) => new Set(outcomes.filter((o) => o.doc.format === format).map((o) => o.doc.layout));
    expect([...layouts('pdf')].sort()).toEqual(['flat', 'grid', 'narrow']);
    expect(layouts('docx').size).toBeGreaterThanOrEqual(4);
    expect(layouts('odt').size).toBeGreaterThanOrEqual(3);
    // Hand-written documents with hand-typed labels (handmade-*.ts), beside the assembled ones.
    expect(outcomes.filter((o) => o.doc.handmade).length).toBeGreaterThanOrEqual(30);
  });

  it('reads every document without an error', () => {
    expect(outcomes.filter((o) => o.error).map((o) => `${o.doc.id}: ${o.error}`)).toEqual([]);
  });

  it('meets the per-field accuracy targets', () => {
    const rows: Array<{ field: Scored; correct: number; total: number; pct: number; misses: string[] }> = [];
    for (const field of SCORED) {
      const misses = outcomes.filter((o) => !fieldMatches(field, o.doc.label, o.md, o.pages));
      rows.push({
        field,
        correct: outcomes.length - misses.length,
        total: outcomes.length,
        pct: (100 * (outcomes.length - misses.length)) / outcomes.length,
        misses: misses.map((o) => `${o.doc.id}: got ${JSON.stringify(o.md[field])}`),
      });
    }
    // The hand-made documents alone as well: they were not written with the recogniser in view.
    const hand = outcomes.filter((o) => o.doc.handmade);
    const handPct = (f: Scored) => (100 * hand.filter((o) => fieldMatches(f, o.doc.label, o.md, o.pages)).length) / hand.length;
    const table = [
      `field            correct  accuracy  hand-made (${hand.length})`,
      ...rows.map((r) => `${r.field.padEnd(16)} ${`${r.correct}/${r.total}`.padStart(7)}  ${r.pct.toFixed(1).padStart(6)}%  ${handPct(r.field).toFixed(1).padStart(8)}%`),
    ].join('\n');
    console.log(`\nExtraction accuracy on ${outcomes.length} documents\n${table}`);
    for (const r of rows) if (r.misses.length) console.log(`misses ${r.field}:\n  ${r.misses.join('\n  ')}`);
    const strict = new Set<Scored>(['codeNumber', 'codeNotation', 'issuedDate']);
    for (const r of rows) expect({ field: r.field, pct: r.pct }).toEqual({ field: r.field, pct: expect.any(Number) as number });
    for (const r of rows) expect(r.pct, `${r.field}: ${r.misses.join('; ')}`).toBeGreaterThanOrEqual(strict.has(r.field) ? 97 : 90);
  });
});
