// A PDF page's text in reading order, rebuilt from the positions of its text items (pdf.js
// getTextContent) rather than from the order the producer drew them in: see reading-order.ts.
// The result is plain lines, as the recogniser reads every format. `null` means the positions
// cannot be trusted (most of the text is not upright: a page drawn sideways, text on a curve) or
// the page is unreasonably large for a page of an official document; the reader then uses
// pdf-parse's text in drawing order for that page, as before.
import { pageBoxes } from './boxes.js';
import { bodySize, buildLines, findRegions, readingOrder } from './reading-order.js';

export type { TextBox, PdfTextItemLike } from './boxes.js';

/** Share of the characters that must be upright for the positions to be used. */
const MIN_UPRIGHT_SHARE = 0.75;
/** Beyond these a page is not a page of a letter; the stream order is good enough for it. */
const MAX_BOXES = 8_000;
// An A4 page holds ~170 lines of readable text; the region search is quadratic in lines.
const MAX_LINES = 300;

export interface PageLayout {
  text: string;
  /** Two-column regions found (header table, Nơi nhận | signature…). */
  regions: number;
}

export function layoutPage(items: readonly unknown[], viewportTransform: readonly number[]): PageLayout | null {
  const { boxes, chars, uprightChars, turned } = pageBoxes(items, viewportTransform);
  if (chars === 0) return { text: '', regions: 0 };
  if (uprightChars < MIN_UPRIGHT_SHARE * chars || !boxes.length || boxes.length > MAX_BOXES) return null;
  const lines = buildLines(boxes);
  if (lines.length > MAX_LINES) return null;
  const regions = findRegions(lines, bodySize(boxes));
  // Turned text cannot be placed among the lines: it follows them, so a slanted stamp or a
  // margin note still reaches the recognisers.
  return { text: [...readingOrder(lines, regions), ...turned.filter(Boolean)].join('\n'), regions: regions.length };
}
