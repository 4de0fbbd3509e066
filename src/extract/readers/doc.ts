// Legacy Word (.doc, an OLE2 compound file): many agencies still send their documents this way.
// word-extractor reads the WordDocument stream's text (including headers and footers, which
// carry the organ name and number on Vietnamese documents) without any native dependency.
import { createRequire } from 'node:module';

interface WordDocument {
  getBody(): string;
  getHeaders(options?: { includeFooters?: boolean }): string;
  getFooters(): string;
}
interface WordExtractorClass {
  new (): { extract(source: Buffer): Promise<WordDocument> };
}

const WordExtractor = createRequire(import.meta.url)('word-extractor') as WordExtractorClass;

/** OLE2 compound file signature: D0 CF 11 E0 A1 B1 1A E1. */
export function isOle2(b: Uint8Array): boolean {
  const sig = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return b.length >= 8 && sig.every((x, i) => b[i] === x);
}

/**
 * The document's text: headers first (where the organ and number sometimes sit), then the body.
 * A tab is where one table cell (or tab-separated column) ends and the next begins — the organ
 * block and the national motto side by side — so it becomes a line break, as the DOCX and ODT
 * readers give one paragraph per cell.
 */
export async function readDoc(b: Buffer): Promise<{ text: string; pageCount: number | null }> {
  const doc = await new WordExtractor().extract(b);
  const headers = doc.getHeaders({ includeFooters: false }).trim();
  const body = doc.getBody();
  const text = headers ? `${headers}\n${body}` : body;
  return { text: text.replace(/\t+/g, '\n'), pageCount: null };
}
