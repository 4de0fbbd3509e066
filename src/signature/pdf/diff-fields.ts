// Form fields in an incremental update (ISO 32000-2 §12.7, §12.8.2.2): signature fields (a new
// signature into a new field or into an empty field prepared earlier) and the values of other
// fields (form filling). The overlay attack protections (issue 7) live here:
//  - a signature field without /V is not a signature: its appearance can cover the page with
//    anything, so adding one is a change of the content ('other');
//  - an existing signature field, or its appearance, must not change — except an EMPTY field
//    (no /V in the revision before) that now gets /V → a new signature, which is how the next
//    signer fills a field prepared in advance;
//  - a field of another type, unless read-only, may change only its value and appearance (/V, /AP, /AS, /DA, /Q,
//    pyHanko's VALUE_UPDATE_KEYS less /F: turning a hidden widget visible changes what is shown),
//    and its new appearance must be new objects (an existing stream rewritten in place may be
//    drawn elsewhere too).
import { PdfDict, PdfRef, PdfString, nameOf, type PdfValue } from './objects.js';
import { canon, changedKeys, keyList } from './compare.js';
import { formFields, type SigField } from './form.js';
import type { Diff } from './revision-diff.js';

const FILL_KEYS = new Set(['V', 'AP', 'AS']);
const APPEARANCE_KEYS = new Set(['AP', 'AS']);
const VALUE_KEYS = new Set(['V', 'AP', 'AS', 'DA', 'Q']);

export const label = (f: SigField) => (f.name ? ` (field "${f.name}")` : '');

/** pyHanko's is_field_visible: a widget with a /Rect of non-zero area. */
function visible(d: Diff, f: SigField): boolean {
  return f.widgets.some((w) => {
    const r = d.doc.resolve(w.dict.get('Rect'), d.cur.map);
    if (!Array.isArray(r) || r.length !== 4 || !r.every((x) => typeof x === 'number')) return false;
    const [x1, y1, x2, y2] = r as number[];
    return Math.abs(x1! - x2!) * Math.abs(y1! - y2!) > 0;
  });
}

/** Is `v` (a field's /V) a signature dictionary that did not exist in the revision before? */
function newSignatureDict(d: Diff, v: PdfValue | undefined, fieldIsNew: boolean): PdfDict | null {
  const sig = d.doc.dict(v, d.cur.map);
  if (!sig || !(sig.get('Contents') instanceof PdfString)) return null;
  if (v instanceof PdfRef) return d.existed(v.num) ? null : sig;
  return fieldIsNew ? sig : null; // a direct /V is new only with its field
}

/** Take ownership of a new signature's new objects: dictionary, widgets, appearances. */
function adoptSignature(d: Diff, f: SigField, v: PdfValue | undefined, sig: PdfDict, how: string, fieldIsNew: boolean): void {
  const isTs = nameOf(sig.get('Type')) === 'DocTimeStamp' || nameOf(d.doc.resolve(sig.get('SubFilter'), d.cur.map)) === 'ETSI.RFC3161';
  const shown = visible(d, f);
  // An invisible document time-stamp is validation data (PAdES LTA, pyHanko LTA_UPDATES); any
  // other signature, or a time-stamp with an appearance, is signing (pyHanko FORM_FILLING).
  const cls = isTs && !shown ? 'validation-data' : 'signing';
  const kind = isTs ? 'document time-stamp' : 'signature';
  const nums: number[] = [];
  for (const n of [f.num, ...f.widgets.map((w) => w.num)]) {
    if (n === null) continue;
    d.signatureRefs.add(n);
    nums.push(n);
  }
  d.note(cls, `${how}${label(f)} with a new ${kind}`, nums, `${shown ? 'visible' : 'invisible'} ${kind} field${label(f)}`);
  if (v instanceof PdfRef) for (const n of d.newFrom(v)) d.claim(n, cls, `${kind} dictionary${label(f)}`);
  for (const w of f.widgets) {
    for (const n of d.newFrom(w.dict.get('AP') ?? null)) d.claim(n, cls, `appearance of the new ${kind}${label(f)}`);
    for (const n of d.newFrom(w.dict.get('MK') ?? null)) d.claim(n, cls, `appearance of the new ${kind}${label(f)}`);
  }
  // Lock and seed value of a new field (pyHanko SigFieldCreationRule: /AP, /Lock, /SV).
  if (fieldIsNew) for (const k of ['Lock', 'SV']) for (const n of d.newFrom(f.dict.get(k) ?? null)) d.claim(n, cls, `/${k} of the new signature field${label(f)}`);
  d.fieldEvents.push({ name: f.name, what: how.startsWith('signature field added') ? 'signature field added' : 'signature added', visible: shown, exempt: isTs && !shown });
}

export function checkFormFields(d: Diff): void {
  const oldFields = new Map<number, SigField>();
  for (const f of formFields(d.doc, d.old.acroForm, d.old.map)) if (f.num !== null) oldFields.set(f.num, f);
  for (const f of formFields(d.doc, d.cur.acroForm, d.cur.map)) {
    const nums = [f.num, ...f.widgets.map((w) => w.num)].filter((n): n is number => n !== null);
    if (!nums.some((n) => d.updated.has(n))) continue;
    const old = f.num !== null ? oldFields.get(f.num) : undefined;
    const valueField = f.ft !== 'Sig' && !(old && old.ft === 'Sig');
    const problem = valueField ? (old ? judgeValueField(d, f, old) : `a form field was added${f.ft ? ` (/${f.ft})` : ''}${label(f)}`) : old ? judgeExistingField(d, f, old) : judgeNewField(d, f);
    if (!problem) continue;
    d.note('other', problem, nums.filter((n) => d.updated.has(n)));
    for (const n of nums) d.reported.add(n);
    // Its new objects (appearance, /V) are explained by this reason; do not list them one by one.
    for (const root of [f.dict.get('V'), ...f.widgets.map((w) => w.dict.get('AP'))]) {
      for (const n of d.newFrom(root ?? null)) d.claim(n, 'other', `part of: ${problem}`);
    }
  }
}

/** A field that was not a signature field of the revision before. Returns the problem, if any. */
function judgeNewField(d: Diff, f: SigField): string | null {
  // An object of the revision before recycled as a field or widget: whatever it was is gone.
  const recycled = [f.num, ...f.widgets.map((w) => w.num)].find((n) => d.existed(n));
  if (recycled !== undefined && recycled !== null) return `an existing object was turned into a signature field (object ${recycled})${label(f)}`;
  const v = f.dict.get('V');
  if (v === undefined) return `a signature field was added without a signature${label(f)}`;
  const sig = newSignatureDict(d, v, true);
  if (!sig) return `a signature field was added whose /V is not a new signature${label(f)}`;
  adoptSignature(d, f, v, sig, 'signature field added', true);
  return null;
}

/** Keys changed on a field and its widgets ('Kids' when widgets came or went). */
function fieldKeys(f: SigField, old: SigField): Set<string> {
  const oldWidgets = new Map(old.widgets.map((w) => [w.num, w.dict]));
  const keys = new Set(changedKeys(old.dict, f.dict));
  for (const w of f.widgets) {
    const before = oldWidgets.get(w.num);
    if (before) for (const k of changedKeys(before, w.dict)) keys.add(k);
    else keys.add('Kids');
  }
  if (f.widgets.length !== old.widgets.length) keys.add('Kids');
  return keys;
}

/** A signature field of the revision before that the update touched. */
function judgeExistingField(d: Diff, f: SigField, old: SigField): string | null {
  if (f.ft !== 'Sig') return `a signature field was changed into a /${f.ft ?? '?'} field${label(f)}`;
  const v = f.dict.get('V');
  const keys = fieldKeys(f, old);
  if (keys.size === 0) {
    for (const n of [f.num, ...f.widgets.map((w) => w.num)]) if (n !== null && d.updated.has(n)) d.claim(n, 'none', `signature field rewritten unchanged${label(f)}`);
    return null;
  }
  // Filling a prepared empty field: /V (and the appearance showing the new signature) only.
  // The field had no /V, so even a direct /V dictionary is new.
  const sig = old.dict.get('V') === undefined && v !== undefined ? newSignatureDict(d, v, true) : null;
  if (sig && [...keys].every((k) => FILL_KEYS.has(k)) && newAppearance(d, f, old)) {
    adoptSignature(d, f, v, sig, 'empty signature field signed', false);
    return null;
  }
  const rest = [...keys].filter((k) => !APPEARANCE_KEYS.has(k)).sort();
  if (rest.length === 0) return `the appearance of an existing signature field was changed${label(f)}`;
  const appearance = rest.length < keys.size ? ' and its appearance' : '';
  return `an existing signature field was changed (${keyList(rest)})${appearance}${label(f)}`;
}

/**
 * A changed /AP must point at new streams (pyHanko _allow_appearance_update): an existing
 * stream may be drawn by other annotations or pages as well.
 */
function newAppearance(d: Diff, f: SigField, old: SigField): boolean {
  const before = new Map(old.widgets.map((w) => [w.num, w.dict]));
  return f.widgets.every((w) => {
    const ap = d.doc.dict(w.dict.get('AP'), d.cur.map);
    const was = before.get(w.num)?.get('AP');
    if (!ap || canonSame(d, was, w.dict.get('AP'))) return true;
    return ['N', 'R', 'D'].every((k) => {
      const x = ap.get(k);
      if (x === undefined) return true;
      const refs = x instanceof PdfRef ? [x] : x instanceof PdfDict ? [...x.map.values()] : [];
      return refs.every((r) => !(r instanceof PdfRef) || !d.existed(r.num));
    });
  });
}

function canonSame(d: Diff, a: PdfValue | undefined, b: PdfValue | undefined): boolean {
  return a !== undefined && canon(a) === canon(b) && !(b instanceof PdfRef && d.changed(b.num));
}

/** A text, choice or button field of the revision before: form filling, or a change. */
function judgeValueField(d: Diff, f: SigField, old: SigField): string | null {
  const keys = fieldKeys(f, old);
  if (keys.size === 0) return null;
  const other = [...keys].filter((k) => !VALUE_KEYS.has(k)).sort();
  if (other.length) return `an existing form field was changed (${keyList(other)})${label(f)}`;
  // ISO 32000-2 Table 227: bit 1 ReadOnly — "the user may not change the value of the field".
  const ff = d.doc.resolve(old.dict.get('Ff'), d.old.map);
  if (typeof ff === 'number' && (ff & 1) === 1) return `a read-only form field was filled in${label(f)}`;
  if (!newAppearance(d, f, old)) return `the appearance of an existing form field was rewritten in place${label(f)}`;
  const nums = [f.num, ...f.widgets.map((w) => w.num)].filter((n): n is number => n !== null && d.updated.has(n));
  d.note('form-filling', `form field filled in${label(f)}`, nums, `form field value${label(f)}`);
  for (const root of [f.dict.get('V'), ...f.widgets.map((w) => w.dict.get('AP'))]) {
    for (const n of d.newFrom(root ?? null)) d.claim(n, 'form-filling', `new value or appearance${label(f)}`);
  }
  d.fieldEvents.push({ name: f.name, what: 'value changed', visible: visible(d, f), exempt: false });
  return null;
}
