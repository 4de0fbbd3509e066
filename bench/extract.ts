// Extraction benchmark: pages per second and peak RSS for (a) one 100-page PDF and (b) 500
// one-page PDFs, read through the public API (pooled reader processes, as in production; the
// peak RSS is that of the scenario's process and its readers together).
// "pages" are the documents' pages; a PDF is read on its first 8 and last 4 pages only
// (readers/pdf.ts), which "pagesRead" shows.
// Run: npm run bench:extract   -> prints a table and writes extract.json to bench/out/ when git
// ignores that folder (it does: .gitignore), otherwise to the system temp folder; the path is
// printed. The inputs are rendered first, into a temp folder; each scenario then runs in its own
// child process so that its peak RSS is its own, after warming its workers (cold start apart).
// Under tsx each worker also loads tsx's loader (a thread of its own), ~90 MB more per worker
// than the compiled build.
import { fork, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { cpus, tmpdir } from 'node:os';
import { PDF_HEAD_PAGES, PDF_TAIL_PAGES } from '../src/extract/readers/pdf.js';
import { extractFromBuffer } from '../src/extract/index.js';
import { corpus, type CorpusDoc } from '../test/corpus/extract/generate.js';
import { renderPdf } from '../test/corpus/extract/render-files.js';

interface Result {
  scenario: string;
  documents: number;
  pages: number;
  pagesRead: number;
  seconds: number;
  pagesPerSecond: number;
  documentsPerSecond: number;
  peakRssMiB: number;
  coldStartMs: number;
  errors: number;
  concurrency: number;
}

/** The inputs, rendered once by the parent into a temp folder, so that a scenario's peak RSS is
 *  the extraction's and not pdf-lib's. */
async function renderInputs(dir: string): Promise<void> {
  const docs = corpus().filter((d) => d.format === 'pdf' || d.format === 'eml');
  // A long body: the classic template fits ~9 repeats on a page.
  const big: CorpusDoc = { ...docs.find((d) => d.layout === 'flat')!, bodyRepeat: 0 };
  let r = await renderPdf(big);
  for (let repeat = 900; r.pages < 100; repeat += 20) r = await renderPdf({ ...big, bodyRepeat: repeat });
  writeFileSync(join(dir, 'big.pdf'), r.bytes);
  let n = 0;
  for (const d of docs) {
    const one = await renderPdf({ ...d, bodyRepeat: 0 });
    if (one.pages === 1) writeFileSync(join(dir, `one-${String(n++).padStart(3, '0')}.pdf`), one.bytes);
  }
}

async function scenario(name: string, dir: string): Promise<Result> {
  let inputs: Uint8Array[];
  let concurrency = 1;
  if (name === 'one-100-page') inputs = [readFileSync(join(dir, 'big.pdf'))];
  else {
    const distinct = readdirSync(dir).filter((f) => f.startsWith('one-')).map((f) => readFileSync(join(dir, f)));
    inputs = Array.from({ length: 500 }, (_, i) => distinct[i % distinct.length]!);
    if (name === '500-one-page-x4') concurrency = 4;
  }
  // Warm the worker pool with another, one-page PDF (loading the readers is a one-time cost per
  // process, reported apart).
  const warm = readFileSync(join(dir, readdirSync(dir).find((f) => f.startsWith('one-'))!));
  const c0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, () => extractFromBuffer(warm, { filename: 'warm.pdf' })));
  const coldStartMs = Math.round(performance.now() - c0);
  // The documents are read in reader processes (children of this one): sample the RSS of the
  // whole tree, this process and its readers, every 50 ms.
  let treePeak = 0;
  const sampler = setInterval(() => (treePeak = Math.max(treePeak, treeRssMiB())), 50);
  const t0 = performance.now();
  let pages = 0;
  let pagesRead = 0;
  let errors = 0;
  const queue = inputs.map((b, i) => ({ b, i }));
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const r = await extractFromBuffer(job.b, { filename: `${job.i}.pdf` });
        if (r.error) errors++;
        pages += r.metadata.pageCount ?? 0;
        pagesRead += Math.min(r.metadata.pageCount ?? 0, PDF_HEAD_PAGES + PDF_TAIL_PAGES);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  // Peak since the child started (tsx and the extraction, no rendering) plus its readers' peak.
  const peak = Math.max(process.resourceUsage().maxRSS / 1024, treePeak);
  return {
    scenario: name,
    documents: inputs.length,
    pages,
    pagesRead,
    seconds: +seconds.toFixed(2),
    pagesPerSecond: +(pages / seconds).toFixed(1),
    documentsPerSecond: +(inputs.length / seconds).toFixed(1),
    peakRssMiB: +peak.toFixed(0),
    coldStartMs,
    errors,
    concurrency,
  };
}

/** RSS in MiB of this process and its direct children (the reader processes), from /proc. */
function treeRssMiB(): number {
  let kb = 0;
  const pids = [String(process.pid), ...readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').split(' ').filter(Boolean)];
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // the reader ended between the two reads
    }
  }
  return kb / 1024;
}

const SCENARIOS = ['one-100-page', '500-one-page', '500-one-page-x4'];

if (process.argv[2] === '--scenario') {
  const r = await scenario(process.argv[3]!, process.argv[4]!);
  process.send?.(r);
} else {
  const inputs = mkdtempSync(join(tmpdir(), 'vanthu-bench-inputs-'));
  await renderInputs(inputs);
  const results: Result[] = [];
  for (const s of SCENARIOS) {
    const child = fork(fileURLToPath(import.meta.url), ['--scenario', s, inputs], { stdio: 'inherit' });
    const r = await new Promise<Result>((resolve, reject) => {
      child.on('message', (m) => resolve(m as Result));
      child.on('exit', (code) => code && reject(new Error(`scenario ${s} exited with ${code}`)));
    });
    results.push(r);
    console.log(
      `${r.scenario.padEnd(18)} ${String(r.pages).padStart(4)} pages (${r.pagesRead} read)  ${r.seconds.toFixed(2).padStart(7)} s  ${String(r.pagesPerSecond).padStart(7)} pages/s  ${String(r.documentsPerSecond).padStart(6)} docs/s  peak RSS ${r.peakRssMiB} MiB  (cold start ${r.coldStartMs} ms)  errors ${r.errors}`,
    );
  }
  rmSync(inputs, { recursive: true, force: true });
  const report = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, results };
  const file = join(outputDir(), 'extract.json');
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(`written ${file}`);
}

/** bench/out/ when git ignores it (results must never land in a tracked file), else a temp dir. */
function outputDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const out = join(here, 'out');
  const ignored = spawnSync('git', ['check-ignore', '-q', join(out, 'extract.json')], { cwd: here }).status === 0;
  const tracked = spawnSync('git', ['ls-files', '--error-unmatch', join(out, 'extract.json')], { cwd: here, stdio: 'ignore' }).status === 0;
  const dir = ignored && !tracked ? out : join(tmpdir(), 'vanthu-bench');
  mkdirSync(dir, { recursive: true });
  return dir;
}
