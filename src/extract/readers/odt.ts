// ODT text: content.xml read in document order (paragraphs, headings, list items and table cells,
// one per line), honouring <text:s text:c="n"/>, tabs and line breaks. Page count from meta.xml.
import JSZip from 'jszip';
import { attrOf, childrenOf, orderedXml, tagOf, type XmlNode as Node } from './xml.js';
import { zipText } from './zip.js';

function inline(nodes: Node[]): string {
  let out = '';
  for (const n of nodes) {
    const tag = tagOf(n);
    if (!tag) continue;
    if (tag === '#text') out += String(n[tag]);
    else if (tag === 'text:s') out += ' '.repeat(parseInt(attrOf(n, 'text:c') ?? '1', 10) || 1);
    else if (tag === 'text:tab') out += '\t';
    else if (tag === 'text:line-break') out += '\n';
    else if (tag === 'text:note') continue; // footnotes would break the line they sit in
    else out += inline(childrenOf(n, tag));
  }
  return out;
}

function blocks(nodes: Node[], out: string[]): void {
  for (const n of nodes) {
    const tag = tagOf(n);
    if (!tag || tag === '#text') continue;
    if (tag === 'text:p' || tag === 'text:h') out.push(inline(childrenOf(n, tag)));
    else blocks(childrenOf(n, tag), out);
  }
}

export async function readOdt(buf: Buffer): Promise<{ text: string; pageCount: number | null }> {
  const zip = await JSZip.loadAsync(buf);
  const content = await zipText(zip, 'content.xml');
  if (content === undefined) throw new Error('content.xml is missing');
  const out: string[] = [];
  blocks(orderedXml.parse(content) as Node[], out);
  let pageCount: number | null = null;
  const meta = await zipText(zip, 'meta.xml', 1 << 20).catch(() => undefined);
  const m = meta ? /meta:page-count="(\d+)"/.exec(meta) : null;
  if (m) pageCount = parseInt(m[1]!, 10);
  return { text: out.join('\n'), pageCount };
}

export async function isOdt(zip: JSZip): Promise<boolean> {
  const mt = await zipText(zip, 'mimetype', 1024).catch(() => undefined);
  return mt?.trim() === 'application/vnd.oasis.opendocument.text';
}
