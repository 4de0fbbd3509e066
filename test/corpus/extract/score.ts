// Compares extracted metadata with a label, field by field. Text is compared after NFC and
// white-space squashing only: case, marks and punctuation must match what the document says.
import type { DocumentMetadata } from '../../../src/extract/types.js';
import type { Label } from './generate.js';

export const SCORED = ['organName', 'parentOrganName', 'codeNumber', 'codeNotation', 'typeName', 'issuedDate', 'place', 'subject', 'signer', 'recipients', 'urgency', 'secrecy', 'pageCount'] as const;
export type Scored = (typeof SCORED)[number];

const norm = (v: unknown): unknown => (typeof v === 'string' ? v.normalize('NFC').replace(/\s+/g, ' ').trim() : v);

export function fieldMatches(field: Scored, label: Label, md: DocumentMetadata, pages: number | null): boolean {
  const want = field === 'pageCount' ? (label.pageCount === 'pdf' ? pages : label.pageCount) : label[field];
  const got = md[field];
  if (want === null || want === undefined) return got === null;
  if (got === null) return false;
  if (field === 'signer') {
    const w = want as NonNullable<Label['signer']>;
    const g = got as NonNullable<DocumentMetadata['signer']>;
    const chain = w.authorityChain === undefined || JSON.stringify(w.authorityChain.map(norm)) === JSON.stringify((g.authorityChain ?? []).map(norm));
    return chain && norm(w.authority) === norm(g.authority) && norm(w.position) === norm(g.position) && norm(w.fullName) === norm(g.fullName);
  }
  if (field === 'recipients') {
    const w = want as string[];
    const g = got as string[];
    return w.length === g.length && w.every((x, i) => norm(x) === norm(g[i]));
  }
  return norm(want) === norm(got);
}
