// Whether a signature allows an update of a given class (pure). ISO 32000-2 §12.8.2.2.2 Table 257
// (DocMDP /P): 1 — no changes; 2 — filling in forms, instantiating page templates and signing;
// 3 — as 2, plus annotation creation, deletion and modification. PAdES (ETSI EN 319 142-1 §5.4)
// and pyHanko (ModificationLevel LTA_UPDATES ≤ MDPPerm NO_CHANGES) let validation data and
// document time-stamps follow even P=1: they add proof, not content. Field locks (§12.7.5.5 /Lock,
// §12.8.2.3 FieldMDP) forbid changing the listed fields after this signature.
import type { Permissions, RevisionClass } from '../report.js';
import type { FieldEvent } from './revision-diff.js';

/** The permission level each class needs (pyHanko ModificationLevel values). */
const LEVEL: Record<RevisionClass, number> = { none: 0, 'validation-data': 1, signing: 2, 'form-filling': 2, annotations: 3, other: 4 };

/**
 * The level accepted without DocMDP (an approval signature, or no /P given). pyHanko accepts
 * everything but OTHER then (validation/pdf_embedded.py, summarise_integrity_info: docmdp_ok =
 * not (OTHER or level > docmdp) with docmdp None), yet its default diff policy never yields
 * ANNOTATIONS: a new annotation is an unexplained object, i.e. OTHER. So its effective ceiling is
 * FORM_FILLING — the same as ISO 32000-2's default /P 2 — and we take that: an annotation can draw
 * over the signed page like the overlay widget, and only a certifier who chose P=3 allows it.
 */
export const DEFAULT_LEVEL = 2;

const WHAT: Record<RevisionClass, string> = {
  none: 'nothing',
  'validation-data': 'validation data',
  signing: 'a new signature',
  'form-filling': 'form filling',
  annotations: 'new annotations',
  other: 'a change of the content',
};

/** pyHanko FieldMDPSpec.is_locked: /All, or /Include or /Exclude of a field or its ancestors. */
export function isLocked(lock: NonNullable<Permissions['fieldLock']>, name: string): boolean {
  if (lock.action === 'All') return true;
  const listed = lock.fields.some((f) => name === f || name.startsWith(`${f}.`));
  return lock.action === 'Include' ? listed : !listed;
}

/** Null when allowed, else why not. */
export function judgeRevision(cls: RevisionClass, events: readonly FieldEvent[], perms: Permissions): string | null {
  if (cls === 'other') return 'the update changes the signed content';
  const max = perms.docMdp ?? DEFAULT_LEVEL;
  const by = perms.docMdp !== null ? `the signature's permissions (DocMDP /P ${perms.docMdp})` : 'the default for a signature without permissions (form filling and signing only)';
  if (LEVEL[cls] > max) return `${WHAT[cls]} after this signature is not allowed by ${by}`;
  for (const e of events) {
    const name = e.name ?? '';
    if (perms.fieldLock && !e.exempt && isLocked(perms.fieldLock, name)) {
      return `field "${name}" is locked by this signature (/Action /${perms.fieldLock.action}): ${e.what} after signing is not allowed`;
    }
    // pyHanko SigFieldCreationRule (allow_new_visible_after_certify=False): after a signature
    // with DocMDP, later signers fill fields prepared for them; a new visible field is refused.
    if (perms.docMdp !== null && e.what === 'signature field added' && e.visible) {
      return `a new visible signature field${e.name ? ` ("${e.name}")` : ''} was added after a signature with DocMDP permissions; only prepared fields may be signed`;
    }
  }
  return null;
}
