// Form fields of one revision: /AcroForm /Fields walked through /Kids (inherited /FT), each
// terminal field with its widget annotations (the field itself when merged, else its kids).
// Signature fields are those of type /Sig.
import type { PdfDocument, XrefEntry } from './document.js';
import { PdfDict, PdfRef, PdfString, nameOf, type PdfValue } from './objects.js';

const MAX_FIELDS = 20_000;

export interface SigField {
  num: number | null;
  /** The field type (/FT, inherited): 'Sig', 'Tx', 'Btn', 'Ch', or null. */
  ft: string | null;
  dict: PdfDict;
  name: string | null;
  widgets: { num: number | null; dict: PdfDict }[];
}

/** A PDF string's text, or null when it is no string or cannot be decoded. */
export function text(v: PdfValue | undefined): string | null {
  if (!(v instanceof PdfString)) return null;
  try {
    return v.text();
  } catch {
    return null;
  }
}

export function signatureFields(doc: PdfDocument, acroForm: PdfDict | null, map: Map<number, XrefEntry>): SigField[] {
  return formFields(doc, acroForm, map).filter((f) => f.ft === 'Sig');
}

/** Every terminal field of the form (any type). */
export function formFields(doc: PdfDocument, acroForm: PdfDict | null, map: Map<number, XrefEntry>): SigField[] {
  const out: SigField[] = [];
  const fields = acroForm ? doc.resolve(acroForm.get('Fields'), map) : undefined;
  const seen = new Set<number>();
  let visited = 0;
  const walk = (v: PdfValue, parentName: string | null, inheritedFT: string | null, depth: number): void => {
    if (depth > 32 || ++visited > MAX_FIELDS) return;
    if (v instanceof PdfRef) {
      if (seen.has(v.num)) return;
      seen.add(v.num);
    }
    const field = doc.dict(v, map);
    if (!field) return;
    const partial = text(doc.resolve(field.get('T'), map));
    const name = partial === null ? parentName : parentName ? `${parentName}.${partial}` : partial;
    const ft = nameOf(doc.resolve(field.get('FT'), map)) ?? inheritedFT;
    const kids = doc.resolve(field.get('Kids'), map);
    const kidList = Array.isArray(kids) ? kids : [];
    // Kids with a /T are fields; kids without are this field's widget annotations.
    if (kidList.some((k) => doc.dict(k, map)?.get('T') !== undefined)) {
      for (const k of kidList) walk(k, name, ft, depth + 1);
      return;
    }
    const widgets = kidList.length
      ? kidList.flatMap((k) => {
          const d = doc.dict(k, map);
          return d ? [{ num: k instanceof PdfRef ? k.num : null, dict: d }] : [];
        })
      : [{ num: v instanceof PdfRef ? v.num : null, dict: field }];
    out.push({ num: v instanceof PdfRef ? v.num : null, ft, dict: field, name, widgets });
  };
  if (Array.isArray(fields)) for (const f of fields) walk(f, null, null, 0);
  return out;
}

/** A /Sig field or a widget whose parent is one (for objects found outside /Fields). */
export function looksLikeSignatureField(doc: PdfDocument, d: PdfDict, map?: Map<number, XrefEntry>): boolean {
  if (nameOf(doc.resolve(d.get('FT'), map)) === 'Sig') return true;
  const parent = doc.dict(d.get('Parent'), map);
  return !!parent && nameOf(doc.resolve(parent.get('FT'), map)) === 'Sig';
}
