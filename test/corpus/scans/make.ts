// Prints, stamps, scans and damages the documents of documents.ts (see test/helpers/scans.ts for
// the scanner and the paper): the extract corpus's PDF templates print it; poppler's pdftotext
// -bbox finds where the number and the signer's name were printed; a red mark is stamped under
// the number (Decree 30 App. I: the secrecy / urgency mark sits under the number and subject,
// left) and a red round seal over the signer's name; the pages are scanned at `dpi` and damaged.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlendMode, PDFDocument, degrees, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { handmadeDocs } from '../extract/handmade.js';
import { renderPdf } from '../extract/render-pdf.js';
import type { Label } from '../extract/generate.js';
import { degrade, drawSeal, imagePdf, multiPageTiff, rasterise } from '../../helpers/scans.js';
import type { ScanSpec } from './documents.js';

const RED = rgb(0.85, 0.1, 0.13);
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

export interface Scan {
  id: string;
  spec: ScanSpec;
  /** What is sent: the file's bytes and name. */
  bytes: Uint8Array;
  filename: string;
  label: Label;
  pages: number;
}

interface Word {
  page: number;
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Every word of a PDF with its box (points, top-left origin), from poppler's pdftotext -bbox. */
function words(pdf: Uint8Array): Word[] {
  const dir = mkdtempSync(join(tmpdir(), 'vanthu-bbox-'));
  try {
    writeFileSync(join(dir, 'd.pdf'), pdf);
    const html = execFileSync('pdftotext', ['-bbox', join(dir, 'd.pdf'), '-']).toString('utf8');
    const out: Word[] = [];
    let page = 0;
    for (const m of html.matchAll(/<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      if (m[0] === '<page ') page++;
      else out.push({ page, text: m[5]!.replace(/&amp;/g, '&'), x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]) });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The printed document with its red ink. */
export async function printed(spec: ScanSpec): Promise<{ pdf: Uint8Array; pages: number }> {
  // Room for the mark under the number: two empty lines at the foot of the left column.
  const left = spec.stamp ? [...spec.left, '', ''] : spec.left;
  const [doc] = handmadeDocs([{ ...spec, left, renders: [{ format: 'pdf', layout: spec.layout }] }]);
  const vector = (await renderPdf(doc!)).bytes;
  const ws = words(vector);
  const pdf = await PDFDocument.load(vector);
  pdf.registerFontkit((await import('@pdf-lib/fontkit')).default);
  const font = await pdf.embedFont(readFileSync(FONT), { subset: true });
  const pages = pdf.getPages();
  if (spec.stamp) {
    const so = ws.find((w) => w.page === 1 && w.text === 'Số:');
    if (!so) throw new Error(`${spec.id}: no "Số:" printed`);
    const page = pages[0]!;
    const h = page.getHeight();
    const under = ws.filter((w) => w.page === 1 && w.x1 < page.getWidth() / 2 && w.y0 >= so.y0 - 1 && w.y0 < so.y0 + 45);
    const bottom = Math.max(...under.map((w) => w.y1));
    const cx = (Math.min(...under.map((w) => w.x0)) + Math.max(...under.map((w) => w.x1))) / 2;
    const size = 13;
    const tw = font.widthOfTextAtSize(spec.stamp.text, size);
    const y = h - bottom - 26;
    const rubber = spec.stamp.style === 'rubber';
    const ink = { blendMode: BlendMode.Multiply, opacity: rubber ? 0.8 : 0.95 };
    const rot = rubber ? degrees(-3) : degrees(0);
    page.drawRectangle({ x: cx - tw / 2 - 7, y, width: tw + 14, height: 21, borderColor: RED, borderWidth: rubber ? 2.2 : 1.5, rotate: rot, borderOpacity: ink.opacity, blendMode: ink.blendMode });
    if (rubber) page.drawRectangle({ x: cx - tw / 2 - 10, y: y - 3, width: tw + 20, height: 27, borderColor: RED, borderWidth: 0.8, rotate: rot, borderOpacity: 0.7, blendMode: ink.blendMode });
    page.drawText(spec.stamp.text, { x: cx - tw / 2, y: y + 5, size, font, color: RED, rotate: rot, ...ink });
  }
  const name = spec.label.signer?.fullName?.split(' ') ?? [];
  const last = ws.filter((w) => w.page === pages.length);
  const at = last.findIndex((w, i) => name.every((n, k) => last[i + k]?.text === n));
  if (at < 0) throw new Error(`${spec.id}: the signer's name is not on the last page`);
  const first = last[at]!;
  const end = last[at + name.length - 1]!;
  const page = pages[pages.length - 1]!;
  // The seal is stamped over the left part of the name and the signature, as a clerk stamps it.
  drawSeal(page, first.x0 + (end.x1 - first.x0) * 0.25, page.getHeight() - first.y0 + 22, 52, font, `${spec.label.organName ?? ''} * ${spec.label.parentOrganName ?? ''} *`.toUpperCase());
  return { pdf: await pdf.save(), pages: pages.length };
}

/** A phone photo of a page: taken at an angle (a shear, one side nearer), lit from one side,
 *  softer, at the phone's resolution with no recorded dpi. */
async function photo(png: Buffer, seed: number): Promise<Buffer> {
  const sheared = await sharp(png)
    .affine([[1, 0.035], [0.018, 1]], { background: { r: 200, g: 196, b: 188 } })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = sheared.info;
  const d = sheared.data;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Light falls from the top left: a quarter darker at the far corner.
      const light = 1 - 0.25 * ((x / width + y / height) / 2) - 0.04 * Math.sin((seed + y) / 97);
      const i = (y * width + x) * channels;
      for (let c = 0; c < 3; c++) d[i + c] = Math.round(d[i + c]! * light);
    }
  }
  return sharp(d, { raw: { width, height, channels } }).resize({ width: Math.round(width * 1.2) }).blur(1.1).jpeg({ quality: 72 }).toBuffer();
}

/** The document as it arrives: scanned at `dpi`, damaged, in its format. */
export async function scan(spec: ScanSpec, dpi = 200, i = 0): Promise<Scan> {
  const { pdf, pages } = await printed(spec);
  const raster = rasterise(pdf, dpi);
  const images = await Promise.all(
    raster.map(async (p, k) => {
      if (spec.photo) return photo(p, i + k);
      const jpeg = spec.as === 'jpeg' || (spec.as === 'pdf' && i % 2 === 1);
      const damaged = await degrade(p, { tiltDeg: spec.tilt * (k % 2 ? -0.7 : 1), blur: 0.6 + (i % 3) * 0.15, noise: 8 + (i % 4) * 2, format: jpeg ? 'jpeg' : 'png', quality: 70 + (i % 3) * 8, seed: 31 + i * 7 + k });
      // A scanner records its resolution in the file.
      return sharp(damaged).withMetadata({ density: dpi }).toFormat(jpeg ? 'jpeg' : 'png', jpeg ? { quality: 90 } : {}).toBuffer();
    }),
  );
  const label: Label = { ...spec.label, pageCount: pages };
  const base = { id: spec.id, spec, label, pages };
  if (spec.as === 'pdf') return { ...base, bytes: await imagePdf(images), filename: `${spec.id}.pdf` };
  if (spec.as === 'tiff') return { ...base, bytes: await multiPageTiff(images), filename: `${spec.id}.tif` };
  if (pages > 1) throw new Error(`${spec.id}: a ${pages}-page document is sent as one ${spec.as} image`);
  return { ...base, bytes: images[0]!, filename: `${spec.id}.${spec.as === 'jpeg' ? 'jpg' : 'png'}` };
}
