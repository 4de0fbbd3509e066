// The permissions a signature sets for the updates after it (ISO 32000-2 §12.8.2): its signature
// references (/Reference, Table 256) with TransformMethod /DocMDP (/TransformParams /P, Table 257,
// default 2) or /FieldMDP (/Action /All|/Include|/Exclude, /Fields, Table 258); else its field's
// /Lock dictionary (§12.7.5.5 Table 236: /Action, /Fields, and /P since PDF 2.0). As pyHanko
// (EmbeddedPdfSignature.docmdp_level), a certification's /P binds the certification signature
// itself: later changes that break it fail that signature, not the approval signatures after it.
import type { PdfDocument } from './document.js';
import { PdfDict, PdfRef, nameOf } from './objects.js';
import type { Permissions } from '../report.js';
import { text } from './form.js';

function docMdpOf(doc: PdfDocument, params: PdfDict | null): 1 | 2 | 3 {
  const p = params ? doc.resolve(params.get('P')) : undefined;
  return p === 1 || p === 3 ? p : 2; // Table 257: default 2; an out-of-range /P read as the default
}

function lockOf(doc: PdfDocument, params: PdfDict | null): Permissions['fieldLock'] {
  if (!params) return null;
  const action = nameOf(doc.resolve(params.get('Action')));
  if (action !== 'All' && action !== 'Include' && action !== 'Exclude') return null;
  const list = doc.resolve(params.get('Fields'));
  const fields = (Array.isArray(list) ? list : []).map((f) => text(doc.resolve(f))).filter((f): f is string => f !== null);
  return { action, fields };
}

/**
 * Read the permissions of a signature dictionary (object `sigNum`) and its field (null for a
 * damaged file's orphan).
 */
export function readPermissions(doc: PdfDocument, sig: PdfDict, field: PdfDict | null, sigNum: number | null = null): Permissions {
  const out: Permissions = { docMdp: null, fieldLock: null, sources: [] };
  const refs = doc.resolve(sig.get('Reference'));
  for (const r of Array.isArray(refs) ? refs.slice(0, 16) : []) {
    const ref = doc.dict(r);
    const method = ref ? nameOf(doc.resolve(ref.get('TransformMethod'))) : null;
    const params = ref ? doc.dict(ref.get('TransformParams')) : null;
    if (method === 'DocMDP' && out.docMdp === null) {
      out.docMdp = docMdpOf(doc, params);
      out.sources.push('/Reference DocMDP');
    } else if (method === 'FieldMDP' && out.fieldLock === null) {
      out.fieldLock = lockOf(doc, params);
      if (out.fieldLock) out.sources.push('/Reference FieldMDP');
    }
  }
  // The catalog's /Perms /DocMDP names the certification signature (§12.8.4); one without its
  // /Reference entry still certifies, with the default /P 2.
  const perms = doc.dict(doc.dict(doc.trailer.get('Root'))?.get('Perms'));
  const certifying = perms?.get('DocMDP');
  if (out.docMdp === null && sigNum !== null && certifying instanceof PdfRef && certifying.num === sigNum) {
    out.docMdp = 2;
    out.sources.push('/Perms /DocMDP');
  }
  const lock = field ? doc.dict(field.get('Lock')) : null;
  if (lock) {
    const p = doc.resolve(lock.get('P'));
    if (out.docMdp === null && (p === 1 || p === 2 || p === 3)) {
      out.docMdp = p;
      out.sources.push('field /Lock /P');
    }
    // A field lock without its FieldMDP reference (a non-conforming signer) still binds.
    if (out.fieldLock === null) {
      out.fieldLock = lockOf(doc, lock);
      if (out.fieldLock) out.sources.push('field /Lock');
    }
  }
  return out;
}
