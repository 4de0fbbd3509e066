// tesseract (Debian's tesseract-ocr with tesseract-ocr-vie) on one page image, TSV output: every
// word with its box and its confidence (0..100), grouped by tesseract into blocks, paragraphs and
// lines in reading order.
import { runTool, type ToolOptions } from './proc.js';

export interface OcrWord {
  text: string;
  conf: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface OcrLine {
  text: string;
  /** Mean word confidence, 0..1. */
  conf: number;
  words: OcrWord[];
  x: number;
  y: number;
  w: number;
  h: number;
}

export const TESSERACT = 'tesseract';

export async function tesseract(imagePath: string, o: ToolOptions & { dpi: number; psm?: number; lang?: string }): Promise<OcrLine[]> {
  const args = [imagePath, 'stdout', '-l', o.lang ?? 'vie', '--psm', String(o.psm ?? 3), '--dpi', String(Math.round(o.dpi)), '-c', 'debug_file=/dev/null', 'tsv'];
  const out = await runTool(TESSERACT, args, { ...o, maxStdout: o.maxStdout ?? 16 * 1024 * 1024 });
  return parseTsv(out.toString('utf8'), o.dpi);
}

/** Lines of tesseract's TSV (level 5 rows are words; a line is block/paragraph/line), without
 *  what is not text: specks read as a letter or two (smaller than 3 pt type at `dpi`), words
 *  tesseract itself does not believe (confidence under 15: "ồ" from a smudge), and the underscores
 *  and bars that a rule or the paper's edge leaves at a word's end ("_UBND"). */
export function parseTsv(tsv: string, dpi = 200): OcrLine[] {
  const lines = new Map<string, OcrWord[]>();
  for (const row of tsv.split('\n')) {
    const c = row.split('\t');
    if (c.length < 12 || c[0] !== '5') continue;
    const text = c
      .slice(11)
      .join('\t')
      .trim()
      .replace(/^[_|~]+(?=[\p{L}\p{N}])|(?<=[\p{L}\p{N}.,;:)])[_|~]+$/gu, '');
    const conf = Number(c[10]);
    const h = Number(c[9]);
    if (!text || !(conf >= 0)) continue;
    if (conf < 15 && text.length <= 3) continue;
    if (/^[\p{L}\p{N}]{1,2}$/u.test(text) && h < dpi * 0.045) continue;
    const key = `${c[1]}/${c[2]}/${c[3]}/${c[4]}`;
    const word: OcrWord = { text, conf, x: Number(c[6]), y: Number(c[7]), w: Number(c[8]), h: Number(c[9]) };
    const l = lines.get(key);
    if (l) l.push(word);
    else lines.set(key, [word]);
  }
  return [...lines.values()].map(lineOf);
}

export function lineOf(words: OcrWord[]): OcrLine {
  const x = Math.min(...words.map((w) => w.x));
  const y = Math.min(...words.map((w) => w.y));
  const x1 = Math.max(...words.map((w) => w.x + w.w));
  const y1 = Math.max(...words.map((w) => w.y + w.h));
  const conf = words.reduce((s, w) => s + w.conf, 0) / words.length / 100;
  return { text: words.map((w) => w.text).join(' '), conf: Math.round(conf * 1000) / 1000, words, x, y, w: x1 - x, h: y1 - y };
}
