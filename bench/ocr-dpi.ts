// Which resolution to rasterise scanned PDF pages at: the same scans read at several dpi, fields
// right against their labels, seconds per document.
// The scans: hand-made corpus documents (test/corpus/extract, the three PDF templates) and the
// stamped letter (test/helpers/scans.ts: red seal over the signer's name, red MẬT), each printed
// to PDF, "scanned" at 300 dpi (pdftoppm), degraded (grey paper, tilt 1–3° either way, blur,
// noise; every other one as JPEG) and wrapped back into an image-only PDF.
// Run: npx tsx bench/ocr-dpi.ts [count=12] [dpi list=150,200,300]   (prints a table; docs/extraction.md
// has the figures). Documents are read one at a time through the public API (reader processes).
import { cpus } from 'node:os';
import { extractFromBuffer } from '../src/extract/index.js';
import type { DocumentMetadata } from '../src/extract/types.js';
import { corpus } from '../test/corpus/extract/generate.js';
import { renderPdf } from '../test/corpus/extract/render-pdf.js';
import { fieldMatches, SCORED, type Scored } from '../test/corpus/extract/score.js';
import type { Label } from '../test/corpus/extract/generate.js';
import { degrade, imagePdf, rasterise, stampedLetter } from '../test/helpers/scans.js';

const count = Number(process.argv[2] ?? 12);
const dpis = (process.argv[3] ?? '150,200,300').split(',').map(Number);
const FIELDS = SCORED.filter((f) => f !== 'pageCount');

interface Scan {
  id: string;
  pdf: Uint8Array;
  label: Label;
  pages: number;
}

async function scans(): Promise<Scan[]> {
  const docs = corpus().filter((d) => d.format === 'pdf' && d.variant === 'clean' && d.handmade && d.bodyRepeat === 0);
  // Spread over the three templates.
  const pick = [...docs.filter((_, i) => i % 2 === 0), ...docs.filter((_, i) => i % 2 === 1)].slice(0, Math.max(0, count - 1));
  const out: Scan[] = [];
  let k = 0;
  const tilts = [1.2, -2, 2.8, -1.5, 2.2, -3, 1.8, -2.5];
  const scan = async (id: string, vector: Uint8Array, label: Label) => {
    const pages = rasterise(vector, 300);
    const images = await Promise.all(
      pages.map((p, i) => degrade(p, { tiltDeg: tilts[(k + i) % tilts.length], blur: 0.7, noise: 10, format: k % 2 ? 'jpeg' : 'png', seed: 11 + k + i })),
    );
    k++;
    out.push({ id, pdf: await imagePdf(images), label, pages: pages.length });
  };
  for (const d of pick) await scan(d.id, (await renderPdf(d)).bytes, d.label);
  const letter = await stampedLetter();
  await scan('stamped-letter', letter.pdf, { ...letter.label, signer: { ...letter.label.signer } } as Label);
  return out;
}

const inputs = await scans();
console.log(`${inputs.length} scanned documents (${inputs.reduce((s, x) => s + x.pages, 0)} pages), ${cpus().length} CPUs (${cpus()[0]?.model})`);
// Warm the readers (their start is not the document's time).
await extractFromBuffer(inputs[0]!.pdf, { filename: 'warm.pdf' }, { ocr: { dpi: 100 } });

const rows: string[] = [];
for (const deskew of [true, false]) {
  for (const dpi of dpis) {
    if (!deskew && dpi !== 200) continue;
    const right: Record<string, number> = {};
    let total = 0;
    let ok = 0;
    let seconds = 0;
    const misses: string[] = [];
    for (const s of inputs) {
      const t0 = performance.now();
      const r = await extractFromBuffer(s.pdf, { filename: `${s.id}.pdf` }, { timeoutMs: 120_000, ocr: { dpi, deskew } });
      seconds += (performance.now() - t0) / 1000;
      for (const f of FIELDS) {
        const hit = fieldMatches(f as Scored, s.label, r.metadata as DocumentMetadata, s.pages);
        right[f] = (right[f] ?? 0) + (hit ? 1 : 0);
        total++;
        if (hit) ok++;
        else if (process.env.VERBOSE) misses.push(`${s.id} ${f}: ${JSON.stringify((r.metadata as unknown as Record<string, unknown>)[f])} ≠ ${JSON.stringify((s.label as unknown as Record<string, unknown>)[f])}`);
      }
    }
    const line = `dpi ${String(dpi).padStart(3)} deskew ${deskew ? 'on ' : 'off'}  fields right ${((ok / total) * 100).toFixed(1).padStart(5)} %  ${(seconds / inputs.length).toFixed(2)} s/document  | ${FIELDS.map((f) => `${f} ${right[f]}/${inputs.length}`).join(', ')}`;
    console.log(line);
    misses.forEach((m) => console.log(`   miss ${m}`));
    rows.push(line);
  }
}
process.exit(0);
