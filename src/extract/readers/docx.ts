// DOCX text from word/document.xml (and the page headers), walked in document order: every
// paragraph, soft line break (<w:br/>, Shift+Enter), table cell and row ends a line. Clerks type the
// two-column header as one paragraph per cell with soft breaks ("UBND TỈNH LONG AN↵SỞ NỘI VỤ↵
// Số: 1234/SNV-CC↵MẬT"); mammoth's raw text drops those breaks and glued the stamp onto the
// notation, so a secret document went unnoticed. Page count from docProps/app.xml when Word
// saved one.
import JSZip from 'jszip';
import { childrenOf, orderedXml, tagOf, type XmlNode } from './xml.js';
import { zipText } from './zip.js';

// Elements whose content is not the document's visible text: deleted revisions, field codes
// ("PAGE \* MERGEFORMAT"), properties, and the VML copy of a shape that Word writes next to the
// DrawingML one inside mc:AlternateContent (reading both would print a text box twice).
const SKIP = new Set(['w:del', 'w:delText', 'w:instrText', 'w:rPr', 'w:pPr', 'w:tblPr', 'w:tcPr', 'w:trPr', 'w:sectPr', 'mc:Fallback', 'w:footnoteReference', 'w:endnoteReference', 'w:commentReference']);

/** Text of a paragraph's inline content; text boxes met inside are collected as lines of their own
 *  in `boxes` (they sit beside the paragraph, not inside its sentence). */
function inline(nodes: XmlNode[], boxes: string[]): string {
  let out = '';
  for (const n of nodes) {
    const tag = tagOf(n);
    if (!tag || SKIP.has(tag)) continue;
    if (tag === '#text') continue; // white space between elements; w:t holds the real text
    if (tag === 'w:t') out += childrenOf(n, tag).map((c) => (tagOf(c) === '#text' ? String(c['#text']) : '')).join('');
    else if (tag === 'w:tab' || tag === 'w:ptab') out += '\t';
    else if (tag === 'w:br' || tag === 'w:cr') out += '\n';
    else if (tag === 'w:noBreakHyphen') out += '-';
    else if (tag === 'w:txbxContent') blocks(childrenOf(n, tag), boxes);
    else if (tag === 'mc:AlternateContent') {
      const choice = childrenOf(n, tag).find((c) => tagOf(c) === 'mc:Choice');
      if (choice) out += inline(childrenOf(choice, 'mc:Choice'), boxes);
    } else out += inline(childrenOf(n, tag), boxes);
  }
  return out;
}

/** Block content: each paragraph (and so each table cell's paragraphs, row by row) on its lines. */
function blocks(nodes: XmlNode[], out: string[]): void {
  for (const n of nodes) {
    const tag = tagOf(n);
    if (!tag || tag === '#text' || SKIP.has(tag)) continue;
    if (tag === 'w:p') {
      const boxes: string[] = [];
      out.push(inline(childrenOf(n, tag), boxes));
      out.push(...boxes);
    } else blocks(childrenOf(n, tag), out);
  }
}

function partText(xml: string): string[] {
  const out: string[] = [];
  blocks(orderedXml.parse(xml) as XmlNode[], out);
  return out;
}

function headerNumber(name: string): number {
  return parseInt(/(\d+)\.xml$/.exec(name)?.[1] ?? '0', 10);
}

export async function readDocx(buf: Buffer): Promise<{ text: string; pageCount: number | null }> {
  const zip = await JSZip.loadAsync(buf);
  const main = await zipText(zip, 'word/document.xml');
  if (main === undefined) throw new Error('word/document.xml is missing');
  // Page headers first (a stamp or the organ is sometimes put there), each distinct one once,
  // then a blank line so that a header in capitals is never read as part of the organ's name.
  // Footers are left out: page numbers and file names, nothing a clerk registers.
  const headerFiles = zip.file(/^word\/header\d*\.xml$/).sort((a, b) => headerNumber(a.name) - headerNumber(b.name));
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const f of headerFiles) {
    const t = partText((await zipText(zip, f.name)) ?? '').join('\n').trim();
    if (t && !seen.has(t)) {
      seen.add(t);
      lines.push(t);
    }
  }
  if (lines.length) lines.push('');
  lines.push(...partText(main));
  let pageCount: number | null = null;
  const app = await zipText(zip, 'docProps/app.xml', 1 << 20).catch(() => undefined);
  const m = app ? /<Pages>(\d+)<\/Pages>/.exec(app) : null;
  if (m) pageCount = parseInt(m[1]!, 10);
  return { text: lines.join('\n'), pageCount };
}
