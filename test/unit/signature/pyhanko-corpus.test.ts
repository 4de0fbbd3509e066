// The multi-revision corpus of issue 14, signed by real tools (pyHanko, @signpdf, endesive) with a
// local test PKI (test/corpus/signatures/make_corpus.py). For every signature of every file:
//  - vanthu's verdict is the hand-written label, the verdict the case is built to have;
//  - pyHanko's own validator agrees with the label, except the documented KNOWN_DIFFERENCES
//    (so the labels are not vanthu's opinion alone);
//  - hence vanthu agrees with pyHanko wherever pyHanko gives a verdict, except those.
// The corpus is generated once per generator version into the cache folder (≈ 40 s), then read.
// The agreement table: npx tsx test/corpus/signatures/report.ts
import { describe, expect, it } from 'vitest';
import { ensurePyhanko } from '../../../src/stack/install.js';
import { comparable, ensureCorpus, keyOf, KNOWN_DIFFERENCES, loadExpected, pyhankoVerdict } from '../../corpus/signatures/corpus.js';
import { corpusRows } from '../../corpus/signatures/report.js';

// Top level, so that each case is a test of its own; a missing pyHanko fails the file with the reason.
const dir = ensureCorpus(ensurePyhanko(() => {}));
const expected = loadExpected(dir);
const rows = corpusRows(dir);

describe('signature corpus: the corpus itself', () => {
  it('has the cases of issue 14 and files from three tools', () => {
    const files = Object.keys(expected.files);
    expect(files.length).toBeGreaterThanOrEqual(35);
    const tools = new Set(Object.values(expected.files).map((f) => f.tool));
    expect([...tools].some((t) => t.includes('@signpdf'))).toBe(true);
    expect([...tools].some((t) => t.includes('endesive'))).toBe(true);
    const labels = rows.map((r) => r.label);
    expect(labels).toContain('PASSED');
    expect(labels).toContain('FAILED/MODIFIED_AFTER_SIGNING');
    expect(labels).toContain('INDETERMINATE/OUT_OF_BOUNDS_NO_POE');
  });

  it.each(Object.entries(expected.files))('%s: pyHanko gives a verdict for every labelled signature', (file, c) => {
    for (const key of Object.keys(c.labels)) expect(pyhankoVerdict(c.pyhanko[key]), `${file} ${key}: ${JSON.stringify(c.pyhanko[key] ?? c.pyhanko)}`).not.toBeNull();
  });

  it.each(rows.map((r) => [`${r.file} ${r.key}`, r] as const))('%s: pyHanko agrees with the label unless a known difference says why', (_n, r) => {
    if (r.known) expect(r.pyhanko, `stale known difference: pyHanko now agrees (${r.known})`).not.toBe(comparable(r.label));
    else expect(r.pyhanko).toBe(comparable(r.label));
  });

  it('every known difference names a labelled signature', () => {
    for (const [file, keys] of Object.entries(KNOWN_DIFFERENCES)) {
      for (const key of Object.keys(keys)) expect(expected.files[file]?.labels[key], `${file} ${key}`).toBeDefined();
    }
  });
});

describe('signature corpus: the mapping of pyHanko statuses', () => {
  const ok = { intact: true, valid: true, trusted: true, docmdp_ok: true };
  it('maps intact/valid/trusted/docmdp_ok onto indications, worst first', () => {
    expect(pyhankoVerdict(ok)).toBe('PASSED');
    expect(pyhankoVerdict({ ...ok, intact: false, docmdp_ok: false })).toBe('FAILED');
    expect(pyhankoVerdict({ ...ok, valid: false })).toBe('FAILED');
    expect(pyhankoVerdict({ ...ok, trusted: false, docmdp_ok: false })).toBe('FAILED/MODIFIED_AFTER_SIGNING');
    expect(pyhankoVerdict({ ...ok, trusted: false })).toBe('INDETERMINATE');
    expect(pyhankoVerdict({ ...ok, timestamp: { intact: true, valid: true, trusted: false } })).toBe('INDETERMINATE');
    expect(pyhankoVerdict({ error: 'AssertionError' })).toBeNull();
  });
  it("compares vanthu's verdict at pyHanko's granularity", () => {
    expect(comparable('INDETERMINATE/OUT_OF_BOUNDS_NO_POE')).toBe('INDETERMINATE');
    expect(comparable('FAILED/HASH_FAILURE')).toBe('FAILED');
    expect(comparable('FAILED/MODIFIED_AFTER_SIGNING')).toBe('FAILED/MODIFIED_AFTER_SIGNING');
  });
});

describe('signature corpus: vanthu', () => {
  it.each(Object.keys(expected.files))('%s: vanthu reports exactly the labelled signatures', async (file) => {
    const { verifyCorpusFile } = await import('../../corpus/signatures/corpus.js');
    const got = verifyCorpusFile(dir, file).signatures.map(keyOf).sort();
    expect(got).toEqual(Object.keys(expected.files[file]!.labels).sort());
  });

  it.each(rows.map((r) => [`${r.file} ${r.key}`, r.label, r] as const))('%s → %s', (_n, label, r) => {
    expect(r.vanthu, r.changes.join('; ')).toBe(label);
  });

  it.each(rows.filter((r) => r.pyhanko !== null && !r.known).map((r) => [`${r.file} ${r.key}`, r.pyhanko, r] as const))(
    '%s: vanthu agrees with pyHanko (%s)',
    (_n, py, r) => {
      expect(comparable(r.vanthu)).toBe(py);
    },
  );
});
