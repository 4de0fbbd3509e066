// Extraction benchmark: pages per second and peak RSS for (a) one 100-page PDF, (b) 500
// one-page PDFs and (c) scanned two-page documents (image-only PDFs at 200 dpi, read by OCR:
// seconds per document p50/p95 one at a time, pages per second with a reader per core), read
// through the public API (pooled reader processes, as in production; the peak RSS is that of the
// scenario's process and its readers with their OCR tools, and of the readers and tools alone).
// `npm run bench:extract -- scans` runs only the scenarios whose name holds "scans".
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
import { scannedLetter } from '../test/helpers/scans.js';

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
  /** Seconds per document (scans). */
  p50?: number;
  p95?: number;
  /** Peak RSS of the readers and their OCR tools, without the scenario's own process. */
  readersPeakMiB?: number;
}

/** How many scanned documents each scans scenario reads. */
const SCANS = 12;

/** The inputs, rendered once by the parent into a temp folder, so that a scenario's peak RSS is
 *  the extraction's and not pdf-lib's. */
async function renderInputs(dir: string): Promise<void> {
  const docs = corpus().filter((d) => d.format === 'pdf' || d.format === 'eml');
  // A long body: the classic template fits ~9 repeats on a page.
  const big: CorpusDoc = { ...docs.find((d) => d.layout === 'flat')!, bodyRepeat: 0 };
  let r = await renderPdf(big);
  for (let repeat = 900; r.pages < 100; repeat += 20) r = await renderPdf({ ...big, bodyRepeat: repeat });
  writeFileSync(join(dir, 'big.pdf'), r.bytes);
  // Scanned two-page letters: stamped (red seal over the signer, MẬT or KHẨN or none), scanned at
  // 200 dpi with tilt, blur, noise, grey paper, some as JPEG, wrapped into image-only PDFs.
  const stamps = ['MẬT', null, 'KHẨN', null];
  for (let i = 0; i < 4; i++) {
    const s = await scannedLetter({ dpi: 200, stamp: stamps[i], damage: { tiltDeg: [1.5, -2, 0.8, -1.2][i], seed: 5 + i, format: i % 2 ? 'jpeg' : 'png' } });
    writeFileSync(join(dir, `scan-${i}.pdf`), s.pdf);
  }
  let n = 0;
  for (const d of docs) {
    const one = await renderPdf({ ...d, bodyRepeat: 0 });
    if (one.pages === 1) writeFileSync(join(dir, `one-${String(n++).padStart(3, '0')}.pdf`), one.bytes);
  }
}

async function scenario(name: string, dir: string): Promise<Result> {
  let inputs: Uint8Array[];
  let concurrency = 1;
  const scans = name.startsWith('scans');
  if (name === 'one-100-page') inputs = [readFileSync(join(dir, 'big.pdf'))];
  else if (scans) {
    const distinct = readdirSync(dir).filter((f) => f.startsWith('scan-')).map((f) => readFileSync(join(dir, f)));
    inputs = Array.from({ length: SCANS }, (_, i) => distinct[i % distinct.length]!);
    // One reader per core: the machine's parallelism (2 cores here).
    if (name === 'scans-2-page-pool') concurrency = cpus().length;
  } else {
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
  let readersPeak = 0;
  const sampler = setInterval(() => {
    const { all, readers } = treeRssMiB();
    treePeak = Math.max(treePeak, all);
    readersPeak = Math.max(readersPeak, readers);
  }, 50);
  const times: number[] = [];
  const t0 = performance.now();
  let pages = 0;
  let pagesRead = 0;
  let errors = 0;
  const queue = inputs.map((b, i) => ({ b, i }));
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const d0 = performance.now();
        const r = await extractFromBuffer(job.b, { filename: `${job.i}.pdf` });
        times.push((performance.now() - d0) / 1000);
        if (r.error) errors++;
        pages += r.metadata.pageCount ?? 0;
        // A scan is OCRed on its first and last page (ocr/ocr.ts pagesToRead).
        pagesRead += Math.min(r.metadata.pageCount ?? 0, scans ? 2 : PDF_HEAD_PAGES + PDF_TAIL_PAGES);
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
    ...(scans ? { p50: quantile(times, 0.5), p95: quantile(times, 0.95), readersPeakMiB: +readersPeak.toFixed(0) } : {}),
  };
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return +(s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? 0).toFixed(2);
}

/** RSS in MiB of this process with every process under it (the reader processes and the OCR
 *  tools they start: tesseract, pdftoppm), and of those under it alone, from /proc. */
function treeRssMiB(): { all: number; readers: number } {
  const rss = (pid: string): number => {
    try {
      return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      return 0; // it ended between the two reads
    }
  };
  const children = (pid: string): string[] => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean);
    } catch {
      return [];
    }
  };
  let kb = 0;
  const todo = children(String(process.pid));
  for (let pid = todo.pop(); pid; pid = todo.pop()) {
    kb += rss(pid);
    todo.push(...children(pid));
  }
  return { all: (kb + rss(String(process.pid))) / 1024, readers: kb / 1024 };
}

const SCENARIOS = ['one-100-page', '500-one-page', '500-one-page-x4', 'scans-2-page', 'scans-2-page-pool'].filter((s) => !process.argv[2] || process.argv[2] === '--scenario' || s.includes(process.argv[2]));

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
    const scan = r.p50 !== undefined ? `  per document p50 ${r.p50} s p95 ${r.p95} s  readers+tools peak ${r.readersPeakMiB} MiB` : '';
    console.log(
      `${r.scenario.padEnd(18)} ${String(r.pages).padStart(4)} pages (${r.pagesRead} read)  ${r.seconds.toFixed(2).padStart(7)} s  ${String(r.pagesPerSecond).padStart(7)} pages/s  ${String(r.documentsPerSecond).padStart(6)} docs/s  peak RSS ${r.peakRssMiB} MiB  (cold start ${r.coldStartMs} ms)  errors ${r.errors}${scan}`,
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
