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

/** The ways a corpus document arrives, for the per-kind tables. "Text renderings" are the ones
 *  whose text carries its marks (not the OCR-like variant). */
export function kindOf(doc: { format: string; variant: string; layout: string }): string {
  if (doc.variant === 'ocr') return 'OCR-like text (no marks)';
  if (['tcvn3', 'vni', 'cp1258', 'nfd'].includes(doc.variant)) return 'legacy encodings, NFD';
  if (doc.format === 'pdf') {
    if (doc.layout === 'office') return 'LibreOffice PDF (Decree 30 DOCX)';
    if (doc.layout === 'office-narrow') return 'LibreOffice PDF, narrow column';
    if (doc.layout === 'adverse') return 'PDF in adverse drawing order';
    if (doc.layout === 'narrow') return 'narrow PDF (pdf-lib)';
    return 'pdf-lib templates (classic, grid)';
  }
  if (doc.format === 'docx') return doc.layout === 'office' ? 'DOCX typed like a real one' : 'DOCX (other layouts)';
  if (doc.format === 'odt') return 'ODT';
  if (doc.format === 'eml') return 'e-mail';
  return 'plain text, seed';
}

export interface Scorable {
  label: Label;
  md: DocumentMetadata;
  pages: number | null;
}

/** Share of the documents whose field matches, in percent (100 for none). */
export function accuracy(field: Scored, rows: readonly Scorable[]): number {
  if (!rows.length) return 100;
  return (100 * rows.filter((o) => fieldMatches(field, o.label, o.md, o.pages)).length) / rows.length;
}

/** A table: one row per group, one column per field (short names), each cell the accuracy. */
export function table(groups: ReadonlyArray<[string, readonly Scorable[]]>): string {
  const short: Record<Scored, string> = {
    organName: 'organ', parentOrganName: 'parent', codeNumber: 'no.', codeNotation: 'notat', typeName: 'type', issuedDate: 'date', place: 'place',
    subject: 'subj', signer: 'signer', recipients: 'recip', urgency: 'urg', secrecy: 'secr', pageCount: 'pages',
  };
  const w = Math.max(...groups.map(([g]) => g.length), 10);
  const head = `${'kind'.padEnd(w)}    n  ${SCORED.map((f) => short[f].padStart(6)).join(' ')}`;
  const rows = groups.map(([g, rs]) => `${g.padEnd(w)} ${String(rs.length).padStart(4)}  ${SCORED.map((f) => accuracy(f, rs).toFixed(0).padStart(6)).join(' ')}`);
  return [head, ...rows].join('\n');
}
