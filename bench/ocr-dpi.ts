// Which resolution to rasterise scanned PDF pages at: the scan corpus (test/corpus/scans: 14
// hand-labelled documents, red seal over the signer, red marks) scanned at 300 dpi, damaged (tilt,
// blur, noise, grey paper, JPEG or PNG), wrapped into image-only PDFs, then read with the pages
// rasterised at each resolution: fields right against the labels, seconds per document (one at a
// time, through the public API: reader processes, pdftoppm, tesseract).
// Run: npx tsx bench/ocr-dpi.ts [dpi list=150,200,300]   (docs/extraction.md has the figures)
import { cpus } from 'node:os';
import { extractFromBuffer } from '../src/extract/index.js';
import { fieldMatches, SCORED } from '../test/corpus/extract/score.js';
import { SCAN_DOCS } from '../test/corpus/scans/documents.js';
import { scan } from '../test/corpus/scans/make.js';

const dpis = (process.argv[2] ?? '150,200,300').split(',').map(Number);
// Every document as an image-only PDF scanned at 300 dpi (a flatbed's usual setting), so that
// rasterising at 300 is not an upscale; the phone photos stay photos.
const inputs = await Promise.all(SCAN_DOCS.map((d, i) => scan({ ...d, as: 'pdf' }, 300, i)));
console.log(`${inputs.length} scanned documents (${inputs.reduce((s, x) => s + x.pages, 0)} pages), ${cpus().length} CPUs (${cpus()[0]?.model})`);
await extractFromBuffer(inputs[0]!.bytes, { filename: 'warm.pdf' }, { ocr: { dpi: 100 } });

for (const dpi of dpis) {
  const right: Record<string, number> = {};
  let ok = 0;
  let total = 0;
  const times: number[] = [];
  for (const s of inputs) {
    const t0 = performance.now();
    const r = await extractFromBuffer(s.bytes, { filename: s.filename }, { timeoutMs: 120_000, ocr: { dpi } });
    times.push((performance.now() - t0) / 1000);
    for (const f of SCORED) {
      const hit = fieldMatches(f, s.label, r.metadata, s.pages);
      right[f] = (right[f] ?? 0) + (hit ? 1 : 0);
      total++;
      if (hit) ok++;
    }
  }
  times.sort((a, b) => a - b);
  const worst = SCORED.filter((f) => right[f]! < inputs.length).map((f) => `${f} ${right[f]}/${inputs.length}`);
  console.log(
    `dpi ${String(dpi).padStart(3)}  fields right ${((ok / total) * 100).toFixed(1).padStart(5)} %  mean ${(times.reduce((a, b) => a + b, 0) / times.length).toFixed(2)} s/document  p95 ${times[Math.ceil(times.length * 0.95) - 1]!.toFixed(2)} s  | misses: ${worst.join(', ') || 'none'}`,
  );
}
process.exit(0);
