// The agreement table of the signature corpus: per file and signature, the hand label, vanthu's
// verdict and pyHanko's. Run: npx tsx test/corpus/signatures/report.ts [--force] [--json]
import { ensurePyhanko } from '../../../src/stack/install.js';
import { comparable, ensureCorpus, keyOf, knownDifference, loadExpected, pyhankoVerdict, verdictOf, verifyCorpusFile } from './corpus.js';

export interface Row {
  file: string;
  key: string;
  label: string;
  vanthu: string;
  pyhanko: string | null;
  /** vanthu = label */
  labelOk: boolean;
  /** vanthu agrees with pyHanko (null: pyHanko gave no verdict) */
  agrees: boolean | null;
  known: string | undefined;
  changes: string[];
}

export function corpusRows(dir: string): Row[] {
  const exp = loadExpected(dir);
  const rows: Row[] = [];
  for (const [file, c] of Object.entries(exp.files)) {
    const report = verifyCorpusFile(dir, file);
    const got = new Map(report.signatures.map((s) => [keyOf(s), s]));
    for (const [key, label] of Object.entries(c.labels)) {
      const s = got.get(key);
      const vanthu = s ? verdictOf(s) : 'MISSING';
      const py = pyhankoVerdict(c.pyhanko[key]);
      rows.push({
        file,
        key,
        label,
        vanthu,
        pyhanko: py,
        labelOk: vanthu === label,
        agrees: py === null ? null : comparable(vanthu) === py,
        known: knownDifference(file, key),
        changes: [...(s?.coverage?.changes ?? [])],
      });
    }
  }
  return rows;
}

function main(): void {
  const dir = ensureCorpus(ensurePyhanko((s) => process.stderr.write(`${s}\n`)), { force: process.argv.includes('--force') });
  const rows = corpusRows(dir);
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify({ dir, rows }, null, 2) + '\n');
    return;
  }
  process.stdout.write(`corpus: ${dir}\n\n| file | signature | label | vanthu | pyHanko | |\n|---|---|---|---|---|---|\n`);
  for (const r of rows) {
    const mark = [r.labelOk ? '' : '≠label', r.agrees === false ? (r.known ? 'known diff' : '≠pyHanko') : ''].filter(Boolean).join(', ');
    process.stdout.write(`| ${r.file} | ${r.key} | ${r.label} | ${r.vanthu} | ${r.pyhanko ?? '—'} | ${mark} |\n`);
  }
  const bad = rows.filter((r) => !r.labelOk).length;
  const dis = rows.filter((r) => r.agrees === false && !r.known).length;
  process.stdout.write(`\n${rows.length} signatures; vanthu ≠ label: ${bad}; vanthu ≠ pyHanko outside the known differences: ${dis}\n`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) main();
