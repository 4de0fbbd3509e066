// The XML of office packages (ODT content.xml, DOCX word/*.xml) as nodes in document order:
// fast-xml-parser with preserveOrder keeps text and elements interleaved as they were written,
// which a reader needs to put line breaks where the author put them.
import { XMLParser } from 'fast-xml-parser';

export type XmlNode = Record<string, unknown>;

export const orderedXml = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
});

/** The element name of a node ("#text" for text), or null for an attribute-only node. */
export function tagOf(n: XmlNode): string | null {
  for (const k of Object.keys(n)) if (k !== ':@') return k;
  return null;
}

export function childrenOf(n: XmlNode, tag: string): XmlNode[] {
  const c = n[tag];
  return Array.isArray(c) ? (c as XmlNode[]) : [];
}

export function attrOf(n: XmlNode, name: string): string | undefined {
  const a = n[':@'] as XmlNode | undefined;
  const v = a?.[name];
  return v === undefined ? undefined : String(v);
}
