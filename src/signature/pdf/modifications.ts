// What incremental updates after a signature did. An update is "signatures-only" when every new or
// changed object belongs to a NEW signature — a field whose /V is a new signature dictionary with
// /Contents, that dictionary, its widgets' appearance streams, the /AcroForm /Fields and /SigFlags
// additions, page /Annots additions of those widgets — or is validation data (/DSS, /VRI and their
// streams). Anything else is a content change, reported with its reason. In particular (issue 7):
//  - a signature field without /V is not a signature: its appearance can cover the page with
//    anything (the "overlay" attack), so adding one is a content change;
//  - an existing signature field, or its appearance, must not change — except an EMPTY field
//    (no /V in the signed revision) that now gets /V → a new signature, which is how the next
//    signer fills a field prepared in advance;
//  - a new object nobody in the update owns is a content change: an old dangling reference can
//    bring it into view without any existing object changing;
//  - the document information (trailer /Info) added, replaced, changed or dropped is a change.
import { PdfDocument, type XrefEntry, type XrefSection } from './document.js';
import { PdfDict, PdfRef, PdfString, isStream, nameOf, type PdfValue } from './objects.js';
import { BACK_LINKS, canon, changedKeys, dictOf, existedIn, keyList, reachable, sameObject } from './compare.js';
import { looksLikeSignatureField, signatureFields, type SigField } from './form.js';
import type { Modifications } from '../report.js';

/** Catalog keys that signing and validation data may add or change (PAdES). */
const CATALOG_SIGNING_KEYS = new Set(['AcroForm', 'DSS', 'Perms', 'Extensions', 'Version']);
const ACROFORM_SIGNING_KEYS = new Set(['Fields', 'SigFlags', 'Type']);
/** A form created by the first signature may also get its default appearance and resources. */
const NEW_ACROFORM_KEYS = new Set([...ACROFORM_SIGNING_KEYS, 'DA', 'DR']);
/** What filling a prepared empty field changes on the field and its widgets. */
const FILL_KEYS = new Set(['V', 'AP', 'AS']);
const APPEARANCE_KEYS = new Set(['AP', 'AS']);

export interface ModificationResult {
  kind: Modifications;
  /** Why this is a content change (empty unless kind is 'content'). */
  changes: string[];
  /** What the later updates added that a signature may add (signatures, time-stamps, DSS). */
  additions: string[];
}

interface Revision {
  map: Map<number, XrefEntry>;
  catalog: PdfDict | null;
  acroForm: PdfDict | null;
  trailer: PdfDict;
}

class Diff {
  readonly changes = new Set<string>();
  readonly additions = new Set<string>();
  /** Updated objects already judged by a specific rule. */
  readonly handled = new Set<number>();
  /** New objects that belong to a new signature or to validation data. */
  readonly owned = new Set<number>();
  /** Fields and widgets of new signatures: what /Fields and /Annots may gain. */
  readonly signatureRefs = new Set<number>();
  /** Signature fields and widgets already reported as a change (not repeated by /Annots, /Fields). */
  readonly reported = new Set<number>();
  private oldAppearances: Set<number> | null = null;
  constructor(
    readonly doc: PdfDocument,
    readonly old: Revision,
    readonly cur: Revision,
    readonly updated: ReadonlySet<number>,
  ) {}
  private readonly existedCache = new Map<number, boolean>();
  /**
   * Did `num` name an object of the signed revision? A number that only named that revision's
   * cross-reference stream does not count: readers find xref streams by offset, never by
   * number, so tools (pdf-lib among them) reuse it for the next object.
   */
  existed(num: number | null): boolean {
    if (num === null || !existedIn(this.old.map, num)) return false;
    let v = this.existedCache.get(num);
    if (v === undefined) {
      const o = this.doc.object(num, this.old.map);
      v = !(o && isStream(o.value) && nameOf(o.value.dict.get('Type')) === 'XRef');
      this.existedCache.set(num, v);
    }
    return v;
  }
  changed(num: number | null): boolean {
    if (num === null || !this.updated.has(num)) return false;
    const a = this.doc.object(num, this.old.map);
    const b = this.doc.object(num, this.cur.map);
    return !a || !b || !sameObject(this.doc, a, b);
  }
  /** Objects that drew the signature fields of the signed revision (to name such a change). */
  appearancesOfOldFields(): Set<number> {
    if (!this.oldAppearances) {
      this.oldAppearances = new Set();
      for (const f of signatureFields(this.doc, this.old.acroForm, this.old.map)) {
        for (const w of f.widgets) for (const n of reachable(this.doc, w.dict.get('AP'), this.old.map, BACK_LINKS)) this.oldAppearances.add(n);
      }
    }
    return this.oldAppearances;
  }
}

function revision(doc: PdfDocument, map: Map<number, XrefEntry>, trailer: PdfDict): Revision {
  const catalog = doc.dict(trailer.get('Root'), map);
  return { map, catalog, acroForm: catalog ? doc.dict(catalog.get('AcroForm'), map) : null, trailer };
}

/** Classify everything the sections in `later` (newest first) did to the revision of `before`. */
export function classifyUpdates(doc: PdfDocument, before: XrefSection[], later: XrefSection[]): ModificationResult {
  const updated = new Set<number>();
  for (const s of later) for (const num of s.entries.keys()) updated.add(num);
  const d = new Diff(doc, revision(doc, PdfDocument.merge(before), before[0]!.trailer), revision(doc, doc.map, doc.trailer), updated);
  checkSignatureFields(d);
  checkCatalog(d);
  checkAcroForm(d);
  checkDss(d);
  checkInfo(d);
  checkPages(d);
  for (const num of updated) if (!d.handled.has(num)) checkObject(d, num);
  const changes = [...d.changes];
  const additions = [...d.additions];
  if (changes.length) return { kind: 'content', changes, additions };
  return { kind: 'signatures-only', changes, additions: additions.length ? additions : ['an update that changes no object of the signed revision'] };
}

const label = (f: SigField) => (f.name ? ` (field "${f.name}")` : '');

/** Is `v` (a field's /V) a signature dictionary that did not exist in the signed revision? */
function newSignatureDict(d: Diff, v: PdfValue | undefined, fieldIsNew: boolean): PdfDict | null {
  const sig = d.doc.dict(v);
  if (!sig || !(sig.get('Contents') instanceof PdfString)) return null;
  if (v instanceof PdfRef) return d.existed(v.num) ? null : sig;
  return fieldIsNew ? sig : null; // a direct /V is new only with its field
}

/** Take ownership of a new signature's new objects: dictionary, widgets, appearances. */
function adoptSignature(d: Diff, f: SigField, v: PdfValue | undefined, sig: PdfDict, how: string): void {
  const isNew = (n: number) => !d.existed(n);
  const roots: PdfValue[] = [...(v instanceof PdfRef ? [v] : [sig])];
  for (const w of f.widgets) roots.push(w.dict.get('AP') ?? null, w.dict.get('MK') ?? null);
  for (const r of roots) for (const n of reachable(d.doc, r, d.cur.map, BACK_LINKS, isNew)) d.owned.add(n);
  for (const n of [f.num, ...f.widgets.map((w) => w.num)]) {
    if (n === null) continue;
    d.signatureRefs.add(n);
    if (isNew(n)) d.owned.add(n);
  }
  const kind = nameOf(sig.get('Type')) === 'DocTimeStamp' || nameOf(d.doc.resolve(sig.get('SubFilter'))) === 'ETSI.RFC3161' ? 'document time-stamp' : 'signature';
  d.additions.add(`${how}${label(f)} with a new ${kind}`);
}

function checkSignatureFields(d: Diff): void {
  const oldFields = new Map<number, SigField>();
  for (const f of signatureFields(d.doc, d.old.acroForm, d.old.map)) if (f.num !== null) oldFields.set(f.num, f);
  for (const f of signatureFields(d.doc, d.cur.acroForm, d.cur.map)) {
    const nums = [f.num, ...f.widgets.map((w) => w.num)].filter((n): n is number => n !== null);
    if (!nums.some((n) => d.updated.has(n))) continue;
    for (const n of nums) if (d.updated.has(n)) d.handled.add(n);
    const old = f.num !== null ? oldFields.get(f.num) : undefined;
    const problem = old ? judgeExistingField(d, f, old) : judgeNewField(d, f);
    if (!problem) continue;
    d.changes.add(problem);
    for (const n of nums) d.reported.add(n);
    // Its new objects (appearance, /V) are explained by this reason; do not list them one by one.
    const isNew = (x: number) => !d.existed(x);
    for (const root of [f.dict.get('V'), ...f.widgets.map((w) => w.dict.get('AP'))]) {
      for (const n of reachable(d.doc, root, d.cur.map, BACK_LINKS, isNew)) d.handled.add(n);
    }
  }
}

/** A field that was not a signature field of the signed revision. Returns the problem, if any. */
function judgeNewField(d: Diff, f: SigField): string | null {
  // An object of the signed revision recycled as a field or widget: whatever it was is gone.
  const recycled = [f.num, ...f.widgets.map((w) => w.num)].find((n) => d.existed(n));
  if (recycled !== undefined && recycled !== null) return `an existing object was turned into a signature field (object ${recycled})${label(f)}`;
  const v = f.dict.get('V');
  if (v === undefined) return `a signature field was added without a signature${label(f)}`;
  const sig = newSignatureDict(d, v, true);
  if (!sig) return `a signature field was added whose /V is not a new signature${label(f)}`;
  adoptSignature(d, f, v, sig, 'signature field added');
  return null;
}

/** A signature field of the signed revision that the update touched. */
function judgeExistingField(d: Diff, f: SigField, old: SigField): string | null {
  const v = f.dict.get('V');
  const oldWidgets = new Map(old.widgets.map((w) => [w.num, w.dict]));
  const keys = new Set(changedKeys(old.dict, f.dict));
  for (const w of f.widgets) {
    const before = oldWidgets.get(w.num);
    if (before) for (const k of changedKeys(before, w.dict)) keys.add(k);
    else keys.add('Kids');
  }
  if (f.widgets.length !== old.widgets.length) keys.add('Kids');
  if (keys.size === 0) return null;
  // Filling a prepared empty field: /V (and the appearance showing the new signature) only.
  // The field had no /V, so even a direct /V dictionary is new.
  const sig = old.dict.get('V') === undefined && v !== undefined ? newSignatureDict(d, v, true) : null;
  if (sig && [...keys].every((k) => FILL_KEYS.has(k))) {
    adoptSignature(d, f, v, sig, 'empty signature field signed');
    return null;
  }
  const rest = [...keys].filter((k) => !APPEARANCE_KEYS.has(k)).sort();
  if (rest.length === 0) return `the appearance of an existing signature field was changed${label(f)}`;
  const appearance = rest.length < keys.size ? ' and its appearance' : '';
  return `an existing signature field was changed (${keyList(rest)})${appearance}${label(f)}`;
}

function checkCatalog(d: Diff): void {
  const oldRoot = d.old.trailer.get('Root');
  const newRoot = d.cur.trailer.get('Root');
  if (newRoot instanceof PdfRef) d.handled.add(newRoot.num);
  if (!d.old.catalog || !d.cur.catalog) {
    d.changes.add('the document catalog cannot be read in both revisions');
    return;
  }
  const keys = changedKeys(d.old.catalog, d.cur.catalog, CATALOG_SIGNING_KEYS);
  const replaced = !(oldRoot instanceof PdfRef && newRoot instanceof PdfRef && oldRoot.num === newRoot.num);
  if (keys.length) d.changes.add(`the document catalog was ${replaced ? 'replaced' : 'changed'} (${keyList(keys)})`);
}

function checkAcroForm(d: Diff): void {
  const { old, cur } = d;
  const ref = cur.catalog?.get('AcroForm');
  if (ref instanceof PdfRef) d.handled.add(ref.num);
  if (!cur.acroForm) {
    if (old.acroForm) d.changes.add('the form (/AcroForm) was removed');
    return;
  }
  const keys = changedKeys(old.acroForm, cur.acroForm, old.acroForm ? ACROFORM_SIGNING_KEYS : NEW_ACROFORM_KEYS);
  if (keys.length) d.changes.add(`the form (/AcroForm) was changed (${keyList(keys)})`);
  const fieldsRef = cur.acroForm.get('Fields');
  if (fieldsRef instanceof PdfRef) d.handled.add(fieldsRef.num);
  const oldFields = old.acroForm ? d.doc.resolve(old.acroForm.get('Fields'), old.map) : undefined;
  const newFields = d.doc.resolve(fieldsRef, cur.map);
  const problem = arrayGrowth(d, oldFields, newFields);
  if (problem) d.changes.add(`the form's /Fields ${problem}`);
}

/**
 * An array that may only keep its old entries and gain references to new signatures' fields
 * and widgets (/Fields, /Annots). Returns why not, or null. Entries added that are signature
 * fields without a signature are already reported by checkSignatureFields: not repeated here.
 */
function arrayGrowth(d: Diff, before: PdfValue | undefined, after: PdfValue | undefined): string | null {
  const a = Array.isArray(before) ? before : [];
  const b = Array.isArray(after) ? after : [];
  const kept = new Set(b.map(canon));
  if (a.some((x) => !kept.has(canon(x)))) return 'lost entries';
  const had = new Set(a.map(canon));
  const foreign = b.filter((x) => !had.has(canon(x)) && !(x instanceof PdfRef && (d.signatureRefs.has(x.num) || d.reported.has(x.num))));
  if (foreign.length === 0) return null;
  const kinds = foreign.map((x) => {
    const o = d.doc.dict(x);
    return o ? (nameOf(o.get('Subtype')) ?? nameOf(o.get('FT')) ?? nameOf(o.get('Type')) ?? 'object') : 'object';
  });
  return `gained entries that are not new signatures (${[...new Set(kinds)].map((k) => `/${k}`).join(', ')})`;
}

/** /DSS and what it references: new objects, or objects that were validation data already. */
function checkDss(d: Diff): void {
  const every = () => true;
  const now = reachable(d.doc, d.cur.catalog?.get('DSS'), d.cur.map, new Set(), every);
  const before = reachable(d.doc, d.old.catalog?.get('DSS'), d.old.map, new Set(), every);
  let touched = canon(d.cur.catalog?.get('DSS')) !== canon(d.old.catalog?.get('DSS'));
  for (const n of now) {
    if (!d.updated.has(n) || d.handled.has(n)) continue;
    if (d.existed(n) && !before.has(n)) continue; // an existing object drafted into the DSS: judged as a change
    d.handled.add(n);
    touched ||= d.changed(n) || !d.existed(n);
  }
  if (touched) d.additions.add(before.size || d.old.catalog?.get('DSS') ? 'validation data (/DSS) updated' : 'validation data (/DSS) added');
}

function checkInfo(d: Diff): void {
  const a = d.old.trailer.get('Info');
  const b = d.cur.trailer.get('Info');
  if (b instanceof PdfRef) d.handled.add(b.num);
  if (a === undefined && b === undefined) return;
  if (a === undefined) d.changes.add('document information (/Info) was added');
  else if (b === undefined) d.changes.add('document information (/Info) was dropped');
  else if (canon(a) !== canon(b)) d.changes.add('document information (/Info) was replaced');
  else if (b instanceof PdfRef ? d.changed(b.num) : false) d.changes.add('document information (/Info) was changed');
}

/** Every other updated object. */
function checkObject(d: Diff, num: number): void {
  const entry = d.cur.map.get(num);
  if (!entry || entry.type === 0) {
    if (d.existed(num)) d.changes.add(`object ${num} was deleted`);
    return;
  }
  const obj = d.doc.object(num);
  if (!obj) {
    d.changes.add(`object ${num} of the update cannot be read`);
    return;
  }
  const dict = dictOf(obj);
  const type = dict ? nameOf(dict.get('Type')) : null;
  if (!d.existed(num)) {
    const structural = isStream(obj.value) && (type === 'XRef' || type === 'ObjStm');
    if (!d.owned.has(num) && !structural) d.changes.add(describeNew(d, num, dict, type));
    return;
  }
  const old = d.doc.object(num, d.old.map);
  if (old && sameObject(d.doc, old, obj)) return;
  const oldDict = dictOf(old);
  const oldType = oldDict ? nameOf(oldDict.get('Type')) : null;
  const why = describeChanged(d, num, obj.value, old?.value, oldDict, oldType, type);
  if (why) d.changes.add(why);
}

function describeChanged(
  d: Diff,
  num: number,
  value: unknown,
  oldValue: unknown,
  oldDict: PdfDict | null,
  oldType: string | null,
  type: string | null,
): string | null {
  // Replacing a container changes every object of the signed revision stored in it.
  if (oldType === 'ObjStm') return `an object stream of the signed revision was replaced (object ${num})`;
  if (oldType === 'Sig' || oldType === 'DocTimeStamp') return `an existing signature dictionary was changed (object ${num})`;
  if (Array.isArray(value) && Array.isArray(oldValue)) {
    // An indirect /Annots or /Fields array grown in place.
    const problem = arrayGrowth(d, oldValue, value);
    return problem ? `array object ${num} ${problem}` : null;
  }
  if (oldDict && looksLikeSignatureField(d.doc, oldDict, d.old.map)) return `an existing signature field was changed (object ${num})`;
  if (d.appearancesOfOldFields().has(num)) return `the appearance of an existing signature field was changed (object ${num})`;
  return `object ${num} (${type ? `/${type}` : isStream(value) ? 'stream' : 'dictionary'}) was changed`;
}

function describeNew(d: Diff, num: number, dict: PdfDict | null, type: string | null): string {
  if (dict && looksLikeSignatureField(d.doc, dict)) {
    return dict.get('V') === undefined ? 'a signature field was added without a signature' : `a signature field outside the form (/AcroForm) was added (object ${num})`;
  }
  if (type === 'Sig' || type === 'DocTimeStamp') return `a signature dictionary that no signature field uses was added (object ${num})`;
  if (type === 'Annot') return `an annotation (/${nameOf(dict?.get('Subtype')) ?? '?'}) was added (object ${num})`;
  return `object ${num}${type ? ` (/${type})` : ''} was added and is not part of a new signature`;
}

/** Existing pages changed by the update: only /Annots may change, gaining new signatures' widgets. */
function checkPages(d: Diff): void {
  for (const num of d.updated) {
    if (d.handled.has(num) || !d.existed(num)) continue;
    const oldDict = dictOf(d.doc.object(num, d.old.map));
    const dict = dictOf(d.doc.object(num));
    if (!oldDict || !dict || nameOf(oldDict.get('Type')) !== 'Page' || nameOf(dict.get('Type')) !== 'Page') continue;
    d.handled.add(num);
    const annots = dict.get('Annots');
    if (annots instanceof PdfRef && !d.existed(annots.num)) d.handled.add(annots.num); // judged right here
    const keys = changedKeys(oldDict, dict, new Set(['Annots']));
    const problem = arrayGrowth(d, d.doc.resolve(oldDict.get('Annots'), d.old.map), d.doc.resolve(annots));
    if (keys.length) d.changes.add(`page object ${num} was changed (${keyList(keys)})`);
    if (problem) d.changes.add(`page object ${num}'s annotations ${problem}`);
  }
}
