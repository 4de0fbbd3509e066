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

type Render = Handmade['renders'][number];

/** The ways documents really arrive (issue #13), added to every hand-made document's own
 *  renderings: a PDF LibreOffice laid out from a DOCX typed like a real one (render-office.ts), its
 *  header by turns with a 40 % or a one-third left column; every third document's DOCX itself; and
 *  the adverse-order pdf-lib template (render-adverse.ts) for the one-page documents. */
export function arrivals(h: Handmade, k: number): Render[] {
  const out: Render[] = [{ format: 'pdf', layout: k % 2 ? 'office-narrow' : 'office' }];
  if (k % 3 === 0) out.push({ format: 'docx', layout: 'office' });
  const chars = [...h.body, ...h.left, ...h.right, ...h.footerLeft, ...h.footerRight].join(' ').length;
  if (!h.bodyRepeat && chars < 1200) out.push({ format: 'pdf', layout: 'adverse' });
  return out;
}

export function handmadeDocs(specs: Handmade[], opts: { arrivals?: boolean; heldOut?: boolean } = {}): CorpusDoc[] {
  const out: CorpusDoc[] = [];
  for (const [k, h] of specs.entries()) {
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
    const renders = opts.arrivals ? [...h.renders, ...arrivals(h, k)] : h.renders;
    for (const r of renders) {
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
        heldOut: opts.heldOut,
      });
    }
  }
  return out;
}
