// Extraction benchmark: pages per second and peak RSS for (a) one 100-page PDF and (b) 500
// one-page PDFs, read through the public API (worker thread per PDF, as in production).
// Run: npx tsx bench/extract.ts   -> prints a table and writes bench/out/extract.json.
// Each scenario runs in its own child process so that its peak RSS is its own.
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { cpus } from 'node:os';
import { extractFromBuffer } from '../src/extract/index.js';
import { corpus, type CorpusDoc } from '../test/corpus/extract/generate.js';
import { renderPdf } from '../test/corpus/extract/render-files.js';

interface Result {
  scenario: string;
  documents: number;
  pages: number;
  seconds: number;
  pagesPerSecond: number;
  documentsPerSecond: number;
  peakRssMiB: number;
  errors: number;
  concurrency: number;
}

async function scenario(name: string): Promise<Result> {
  const docs = corpus().filter((d) => d.format === 'pdf' || d.format === 'eml');
  let inputs: Uint8Array[];
  let concurrency = 1;
  if (name === 'one-100-page') {
    // A long body: the renderer adds ~9 repeats per page.
    const big: CorpusDoc = { ...docs[0]!, bodyRepeat: 0 };
    let r = await renderPdf(big);
    for (let repeat = 900; r.pages < 100; repeat += 20) r = await renderPdf({ ...big, bodyRepeat: repeat });
    inputs = [r.bytes];
  } else {
    const distinct = await Promise.all(docs.map(async (d) => (await renderPdf({ ...d, bodyRepeat: 0 })).bytes));
    inputs = Array.from({ length: 500 }, (_, i) => distinct[i % distinct.length]!);
    if (name === '500-one-page-x4') concurrency = 4;
  }
  const rssBefore = process.resourceUsage().maxRSS;
  const t0 = performance.now();
  let pages = 0;
  let errors = 0;
  const queue = inputs.map((b, i) => ({ b, i }));
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const r = await extractFromBuffer(job.b, { filename: `${job.i}.pdf` });
        if (r.error) errors++;
        pages += r.metadata.pageCount ?? 0;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const peak = Math.max(process.resourceUsage().maxRSS, rssBefore) / 1024;
  return {
    scenario: name,
    documents: inputs.length,
    pages,
    seconds: +seconds.toFixed(2),
    pagesPerSecond: +(pages / seconds).toFixed(1),
    documentsPerSecond: +(inputs.length / seconds).toFixed(1),
    peakRssMiB: +peak.toFixed(0),
    errors,
    concurrency,
  };
}

const SCENARIOS = ['one-100-page', '500-one-page', '500-one-page-x4'];

if (process.argv[2] === '--scenario') {
  const r = await scenario(process.argv[3]!);
  process.send?.(r);
} else {
  const results: Result[] = [];
  for (const s of SCENARIOS) {
    const child = fork(fileURLToPath(import.meta.url), ['--scenario', s], { stdio: 'inherit' });
    const r = await new Promise<Result>((resolve, reject) => {
      child.on('message', (m) => resolve(m as Result));
      child.on('exit', (code) => code && reject(new Error(`scenario ${s} exited with ${code}`)));
    });
    results.push(r);
    console.log(`${r.scenario.padEnd(18)} ${String(r.pages).padStart(4)} pages  ${r.seconds.toFixed(2).padStart(7)} s  ${String(r.pagesPerSecond).padStart(7)} pages/s  peak RSS ${r.peakRssMiB} MiB  errors ${r.errors}`);
  }
  const out = join(dirname(fileURLToPath(import.meta.url)), 'out');
  mkdirSync(out, { recursive: true });
  const report = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, results };
  writeFileSync(join(out, 'extract.json'), JSON.stringify(report, null, 2) + '\n');
  console.log(`written ${join(out, 'extract.json')}`);
}
