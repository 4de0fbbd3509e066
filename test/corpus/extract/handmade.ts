// Hand-made corpus documents: each is written out line by line as it is printed (header columns,
// title, subject, body, "Nơi nhận", signature block) with its label typed by hand from what it
// says — never from the extractor's output — and rendered in two or three of the layouts of
// generate.ts (PDF templates, DOCX and ODT layouts), some also as OCR-like PDFs without marks.
// The documents are in handmade-a.ts and handmade-b.ts.
import type { CorpusDoc, Label, Layout, Logical, Variant } from './generate.js';
import { stripMarks } from '../../../src/extract/text/fold.js';

export interface Handmade {
  id: string;
  /** Formats and layouts to render it in; `ocr` draws it without diacritics. */
  renders: Array<{ format: 'pdf' | 'docx' | 'odt'; layout: Layout; variant?: Extract<Variant, 'clean' | 'ocr'> }>;
  /** Printed above the header (a stamp in a box). */
  top?: string[];
  /** Header, left column, as printed line by line (organ, rule, number, stamps, V/v). */
  left: string[];
  /** Header, right column (motto, rule, place and date, sometimes a stamp). */
  right: string[];
  title?: string;
  /** Subject lines under the title (a công văn's V/v lines are in `left`). */
  subject?: string[];
  competence?: string;
  kinhGui?: string[];
  body: string[];
  /** Extra pages of body (the foot on a later page). */
  bodyRepeat?: number;
  footerLeft: string[];
  footerRight: string[];
  label: Omit<Label, 'pageCount'>;
}

export const MOTTO = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', '---------------'];

/** The label of an OCR-like rendering: the same values as printed, without marks (the canonical
 *  type, urgency and secrecy names stay as they are: they are not copied from the text). */
function ocrLabel(l: Omit<Label, 'pageCount'>): Omit<Label, 'pageCount'> {
  const t = (s: string | null) => (s === null ? null : stripMarks(s));
  return {
    ...l,
    organName: t(l.organName),
    parentOrganName: t(l.parentOrganName),
    codeNotation: t(l.codeNotation),
    place: t(l.place),
    subject: t(l.subject),
    signer: l.signer && {
      authority: l.signer.authority,
      authorityChain: l.signer.authorityChain?.map(stripMarks),
      position: t(l.signer.position),
      fullName: t(l.signer.fullName),
    },
    recipients: l.recipients && l.recipients.map(stripMarks),
  };
}

export function handmadeDocs(specs: Handmade[]): CorpusDoc[] {
  const out: CorpusDoc[] = [];
  for (const h of specs) {
    const logical: Logical = {
      top: h.top,
      headerLeft: h.left,
      headerRight: h.right,
      title: h.title ?? null,
      subject: h.subject ?? [],
      competence: h.competence ?? null,
      kinhGui: h.kinhGui ?? null,
      body: h.body,
      footerLeft: h.footerLeft,
      footerRight: h.footerRight,
    };
    for (const r of h.renders) {
      const variant = r.variant ?? 'clean';
      const label = variant === 'ocr' ? ocrLabel(h.label) : h.label;
      out.push({
        id: `${h.id}-${r.format}-${variant}-${r.layout}`,
        format: r.format,
        variant,
        layout: r.layout,
        bodyRepeat: h.bodyRepeat ?? 0,
        logical,
        label: { ...label, pageCount: r.format === 'pdf' ? 'pdf' : null },
        handmade: true,
      });
    }
  }
  return out;
}
