// Accuracy on the project's labelled corpus (assembled documents from generate.ts and hand-written
// ones from handmade-*.ts): every document is rendered into its format in a temp dir — the
// LibreOffice PDFs all in one soffice run first — extracted through the public API, and compared
// field by field with its label. Tables per kind of rendering are printed; the held-out documents
// (written after the fixes, never tuned against) are reported apart.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpus, type CorpusDoc } from '../../corpus/extract/generate.js';
import { isOffice, renderToFile } from '../../corpus/extract/render-files.js';
import { renderOfficePdfs, sofficeMissing } from '../../corpus/extract/render-office.js';
import { SCORED, accuracy, fieldMatches, kindOf, table, type Scored } from '../../corpus/extract/score.js';
import { extractFromEmail, extractFromFile, type DocumentMetadata } from '../../../src/extract/index.js';

interface Outcome {
  doc: CorpusDoc;
  label: CorpusDoc['label'];
  md: DocumentMetadata;
  pages: number | null;
  error: string | null;
}

const outcomes: Outcome[] = [];
let dir = '';
const officeMissing = sofficeMissing();
let officeMs = 0;
let officeCount = 0;

beforeAll(async () => {
  const t0 = Date.now();
  dir = await mkdtemp(join(tmpdir(), 'vanthu-corpus-'));
  let docs = corpus();
  const office = docs.filter((d) => d.format === 'pdf' && isOffice(d));
  if (officeMissing) {
    console.error(`corpus: the ${office.length} LibreOffice renderings cannot be made: ${officeMissing}`);
    docs = docs.filter((d) => !office.includes(d));
  } else {
    officeCount = office.length;
    officeMs = await renderOfficePdfs(office, dir);
  }
  // Render and extract with a little parallelism (PDFs each get a worker).
  const queue = [...docs];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let doc = queue.shift(); doc; doc = queue.shift()) {
        const { path, pages } = await renderToFile(doc, dir);
        const r = doc.format === 'eml' ? await extractFromEmail(await readFile(path)) : await extractFromFile(path);
        outcomes.push({ doc, label: doc.label, md: r.metadata, pages, error: r.error?.code ?? null });
      }
    }),
  );
  outcomes.sort((a, b) => a.doc.id.localeCompare(b.doc.id));
  console.log(`corpus: ${outcomes.length} documents in ${((Date.now() - t0) / 1000).toFixed(1)} s (LibreOffice converted ${officeCount} in ${(officeMs / 1000).toFixed(1)} s)`);
}, 180_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The documents the targets hold for: all but the held-out ones. */
const tuned = () => outcomes.filter((o) => !o.doc.heldOut);
const isText = (o: Outcome) => o.doc.variant !== 'ocr';
const STRICT = new Set<Scored>(['codeNumber', 'codeNotation', 'issuedDate']);

function misses(field: Scored, rows: Outcome[]): string[] {
  return rows.filter((o) => !fieldMatches(field, o.label, o.md, o.pages)).map((o) => `${o.doc.id}: got ${JSON.stringify(o.md[field])}`);
}

describe('extraction corpus', () => {
  it('has LibreOffice (libreoffice-writer-nogui) and Liberation Serif (fonts-liberation2) to render with', () => {
    expect(officeMissing, `${officeMissing}`).toBeNull();
  });

  it('has at least 30 documents of different types, organs, formats, layouts and damage', () => {
    expect(new Set(outcomes.map((o) => o.doc.id)).size).toBe(outcomes.length);
    expect(outcomes.filter((o) => ['pdf', 'docx', 'odt'].includes(o.doc.format)).length).toBeGreaterThanOrEqual(30);
    expect(new Set(outcomes.map((o) => o.label.typeName)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(outcomes.map((o) => o.label.organName)).size).toBeGreaterThanOrEqual(6);
    const kinds = new Set(outcomes.map((o) => `${o.doc.format}/${o.doc.variant}`));
    for (const k of ['pdf/clean', 'pdf/ocr', 'docx/clean', 'odt/clean', 'txt/ocr', 'txt/tcvn3', 'docx/vni', 'txt/cp1258', 'docx/nfd', 'eml/clean', 'txt/seed']) expect(kinds).toContain(k);
    const layouts = (format: string) => new Set(outcomes.filter((o) => o.doc.format === format).map((o) => o.doc.layout));
    expect([...layouts('pdf')].sort()).toEqual(['adverse', 'flat', 'grid', 'narrow', 'office', 'office-narrow']);
    expect(layouts('docx').size).toBeGreaterThanOrEqual(5);
    expect(layouts('odt').size).toBeGreaterThanOrEqual(3);
    // The renderings of issue #13, each on enough documents to mean something.
    for (const l of ['office', 'office-narrow', 'adverse']) expect(outcomes.filter((o) => o.doc.format === 'pdf' && o.doc.layout === l).length, l).toBeGreaterThanOrEqual(12);
    // Marked documents and unmarked ones whose text says "khẩn trương" / "khẩn cấp".
    expect(outcomes.filter((o) => o.label.secrecy).length).toBeGreaterThanOrEqual(10);
    const says = (o: Outcome, re: RegExp) => re.test([...o.doc.logical.subject, ...o.doc.logical.body].join(' '));
    expect(outcomes.filter((o) => !o.label.urgency && says(o, /khẩn trương/)).length).toBeGreaterThanOrEqual(10);
    expect(outcomes.filter((o) => !o.label.urgency && says(o, /khẩn cấp/)).length).toBeGreaterThanOrEqual(5);
    expect(outcomes.filter((o) => o.doc.handmade).length).toBeGreaterThanOrEqual(60);
    expect(outcomes.filter((o) => o.doc.heldOut).length).toBeGreaterThanOrEqual(3);
  });

  it('reads every document without an error (held-out ones included)', () => {
    expect(outcomes.filter((o) => o.error).map((o) => `${o.doc.id}: ${o.error}`)).toEqual([]);
  });

  it('meets the per-field accuracy targets (text renderings ≥ 95 %, number, notation and date ≥ 97 %)', () => {
    const rows = tuned();
    const byKind = new Map<string, Outcome[]>();
    for (const o of rows) byKind.set(kindOf(o.doc), [...(byKind.get(kindOf(o.doc)) ?? []), o]);
    const text = rows.filter(isText);
    const hand = rows.filter((o) => o.doc.handmade);
    const held = outcomes.filter((o) => o.doc.heldOut);
    console.log(
      `\nExtraction accuracy (%) by kind of rendering\n${table([...[...byKind].sort((a, b) => a[0].localeCompare(b[0])), ['all text renderings', text], ['hand-made', hand], ['all (not held out)', rows]])}` +
        `\n\nHeld-out documents (written after the fixes, not tuned against)\n${table([['held out', held], ...[...new Set(held.map((o) => kindOf(o.doc)))].map((k): [string, Outcome[]] => [`  ${k}`, held.filter((o) => kindOf(o.doc) === k)])])}`,
    );
    for (const f of SCORED) {
      const m = misses(f, rows);
      if (m.length) console.log(`misses ${f}:\n  ${m.join('\n  ')}`);
    }
    const hm = SCORED.flatMap((f) => misses(f, held).map((m) => `${f} ${m}`));
    if (hm.length) console.log(`held-out misses:\n  ${hm.join('\n  ')}`);
    for (const f of SCORED) {
      expect(accuracy(f, text), `${f} on text renderings: ${misses(f, text).join('; ')}`).toBeGreaterThanOrEqual(STRICT.has(f) ? 97 : 95);
      // The OCR-like renderings (marks lost) keep the earlier floor.
      expect(accuracy(f, rows), `${f} on all: ${misses(f, rows).join('; ')}`).toBeGreaterThanOrEqual(STRICT.has(f) ? 97 : 90);
    }
    // Each rendering of issue #13 on its own (LibreOffice, narrow column, adverse order).
    for (const [k, rs] of byKind) if (/LibreOffice|adverse/.test(k)) for (const f of SCORED) expect(accuracy(f, rs), `${k} ${f}: ${misses(f, rs).join('; ')}`).toBeGreaterThanOrEqual(STRICT.has(f) ? 97 : 95);
  });

  it('finds every secrecy mark and invents none, nor an urgency mark (held-out ones included)', () => {
    const wrong = outcomes.filter((o) => o.md.secrecy !== o.label.secrecy || (!o.label.urgency && o.md.urgency)).map((o) => `${o.doc.id}: secrecy ${o.md.secrecy} (label ${o.label.secrecy}), urgency ${o.md.urgency} (label ${o.label.urgency})`);
    expect(wrong).toEqual([]);
  });
});
