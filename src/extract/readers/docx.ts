// DOCX text through mammoth (paragraphs and table cells, one per line); the page count, when Word
// saved one, from docProps/app.xml.
import mammoth from 'mammoth';
import JSZip from 'jszip';

export async function readDocx(buf: Buffer): Promise<{ text: string; pageCount: number | null }> {
  const { value } = await mammoth.extractRawText({ buffer: buf });
  let pageCount: number | null = null;
  try {
    const zip = await JSZip.loadAsync(buf);
    const app = await zip.file('docProps/app.xml')?.async('string');
    const m = app ? /<Pages>(\d+)<\/Pages>/.exec(app) : null;
    if (m) pageCount = parseInt(m[1]!, 10);
  } catch {
    // mammoth read it; a missing or odd app.xml only costs the page count.
  }
  // mammoth separates paragraphs with a blank line; the recognisers want one line each.
  return { text: value.replace(/\n\n/g, '\n'), pageCount };
}
