// Document-level parts of an incremental update: the catalog, the form dictionary (/AcroForm
// bookkeeping and its default resources /DR), validation data (/DSS), document information
// (trailer /Info) and XMP /Metadata, pages (/Annots), and every other object. Whitelists after
// pyHanko's diff_analysis rules (CatalogModificationRule, FormUpdatingRule, DSSCompareRule,
// DocInfoRule, MetadataUpdateRule) and ISO 32000-2 §12.8.2.2; see modifications.ts.
import { PdfDict, PdfRef, isStream, nameOf, type PdfValue } from './objects.js';
import { BACK_LINKS, canon, changedKeys, dictOf, keyList, reachable, sameObject } from './compare.js';
import { looksLikeSignatureField } from './form.js';
import type { Diff } from './revision-diff.js';
import type { RevisionClass } from '../report.js';

/** Catalog keys that signing and validation data may change (pyHanko ROOT_EXEMPT_STRICT_COMPARISON). */
const CATALOG_SIGNING_KEYS = new Set(['AcroForm', 'DSS', 'Extensions', 'Version', 'Metadata', 'MarkInfo']);
/** /AcroForm bookkeeping of signing (pyHanko ACROFORM_EXEMPT_STRICT_COMPARISON, plus /SigFlags §12.7.3). */
const ACROFORM_SIGNING_KEYS = new Set(['Fields', 'SigFlags', 'Type', 'DR', 'DA', 'Q', 'NeedAppearances']);
/**
 * Document information that signing tools rewrite (ISO 32000-2 Table 349): the tool and the
 * time of the update. pyHanko's DocInfoRule accepts any /Info change; we keep /Title, /Subject,
 * /Author, /Keywords and custom keys out: a viewer shows them as what the document is.
 */
const INFO_SIGNING_KEYS = new Set(['ModDate', 'Producer', 'Creator']);
const DSS_KEYS = new Set(['Type', 'VRI', 'Certs', 'CRLs', 'OCSPs']);

/**
 * A reference that now names another object of the revision before (pyHanko safe_whitelist: an
 * updated structure must keep its object or take a new one). That object may be drawn elsewhere,
 * so rewriting it as catalog, form or field list would hide a change of the content.
 */
function reuses(d: Diff, before: PdfValue | undefined, after: PdfValue | undefined): boolean {
  return after instanceof PdfRef && d.existed(after.num) && !(before instanceof PdfRef && before.num === after.num);
}

export function checkCatalog(d: Diff): void {
  const oldRoot = d.old.trailer.get('Root');
  const newRoot = d.cur.trailer.get('Root');
  const nums = newRoot instanceof PdfRef && d.updated.has(newRoot.num) ? [newRoot.num] : [];
  if (!d.old.catalog || !d.cur.catalog) {
    d.note('other', 'the document catalog cannot be read in both revisions', nums);
    return;
  }
  if (reuses(d, oldRoot, newRoot)) return d.note('other', `the document catalog was moved onto an existing object (object ${(newRoot as PdfRef).num})`, nums);
  const keys = changedKeys(d.old.catalog, d.cur.catalog, CATALOG_SIGNING_KEYS);
  const replaced = !(oldRoot instanceof PdfRef && newRoot instanceof PdfRef && oldRoot.num === newRoot.num);
  if (keys.length) d.note('other', `the document catalog was ${replaced ? 'replaced' : 'changed'} (${keyList(keys)})`, nums);
  else for (const n of nums) d.claim(n, 'validation-data', `document catalog (${keyList(changedKeys(d.old.catalog, d.cur.catalog)) || 'unchanged'})`);
  // /Extensions and /MarkInfo: direct or new objects only (pyHanko compare_key_refs).
  for (const k of ['Extensions', 'MarkInfo']) for (const n of d.newFrom(d.cur.catalog.get(k) ?? null)) d.claim(n, 'validation-data', `catalog /${k}`);
}

export function checkAcroForm(d: Diff): void {
  const { old, cur } = d;
  const ref = cur.catalog?.get('AcroForm');
  const self = ref instanceof PdfRef && d.updated.has(ref.num) ? [ref.num] : [];
  if (!cur.acroForm) {
    if (old.acroForm) d.note('other', 'the form (/AcroForm) was removed', self);
    return;
  }
  const fieldsRef = cur.acroForm.get('Fields');
  const oldFieldsRef = old.acroForm?.get('Fields');
  if (reuses(d, old.catalog?.get('AcroForm'), ref) || reuses(d, oldFieldsRef, fieldsRef)) {
    const num = reuses(d, old.catalog?.get('AcroForm'), ref) ? (ref as PdfRef).num : (fieldsRef as PdfRef).num;
    return d.note('other', `the form (/AcroForm) was moved onto an existing object (object ${num})`, [num].filter((n) => d.updated.has(n)));
  }
  const keys = changedKeys(old.acroForm, cur.acroForm, ACROFORM_SIGNING_KEYS);
  if (keys.length) d.note('other', `the form (/AcroForm) was changed (${keyList(keys)})`, self);
  else for (const n of self) d.claim(n, 'validation-data', `form dictionary (${keyList(changedKeys(old.acroForm, cur.acroForm)) || 'unchanged'})`);
  // Default appearance and resources: what new appearances need (pyHanko: FORM_FILLING).
  const look = changedKeys(old.acroForm, cur.acroForm).filter((k) => ['DR', 'DA', 'Q', 'NeedAppearances'].includes(k));
  if (look.length) d.note('signing', `form defaults updated (${keyList(look)})`, []);
  checkDefaultResources(d);
  if (fieldsRef instanceof PdfRef && d.updated.has(fieldsRef.num)) d.claim(fieldsRef.num, 'validation-data', 'form /Fields array');
  const oldFields = old.acroForm ? d.doc.resolve(old.acroForm.get('Fields'), old.map) : undefined;
  const problem = arrayGrowth(d, oldFields, d.doc.resolve(fieldsRef, cur.map));
  if (problem) d.note('other', `the form's /Fields ${problem}`, fieldsRef instanceof PdfRef && d.updated.has(fieldsRef.num) ? [fieldsRef.num] : []);
}

/**
 * /AcroForm /DR: fonts and XObjects for new appearances. New objects are signing bookkeeping; an
 * existing object under /DR may only gain entries, and only if no page uses it: a name added to
 * a page's resources could give meaning to an operator of the signed content stream.
 */
function checkDefaultResources(d: Diff): void {
  const dr = d.cur.acroForm?.get('DR');
  if (dr === undefined) return;
  const pages = d.old.catalog ? reachable(d.doc, d.old.catalog.get('Pages'), d.old.map, BACK_LINKS) : new Set<number>();
  for (const n of reachable(d.doc, dr, d.cur.map, BACK_LINKS)) {
    if (!d.updated.has(n) || d.judged(n)) continue;
    if (!d.existed(n)) {
      d.claim(n, 'signing', 'default resource of the form (/DR)');
      continue;
    }
    if (!d.changed(n)) continue;
    const a = dictOf(d.doc.object(n, d.old.map));
    const b = dictOf(d.doc.object(n, d.cur.map));
    const grew = a && b && !isStream(d.doc.object(n, d.cur.map)?.value) && [...a.map.keys()].every((k) => canon(a.get(k)) === canon(b.get(k)));
    if (grew && !pages.has(n)) d.claim(n, 'signing', 'default resources of the form (/DR) gained entries');
    else d.note('other', `a resource dictionary used by the signed pages was changed through /AcroForm /DR (object ${n})`, [n]);
  }
}

/**
 * An array that may only keep its old entries and gain references to new signatures' fields and
 * widgets (/Fields, /Annots), or new annotations when `annotations`. Returns why not, or null.
 * Signature fields already reported by the field rules are not repeated here.
 */
export function arrayGrowth(d: Diff, before: PdfValue | undefined, after: PdfValue | undefined, annotations = false): string | null {
  const a = Array.isArray(before) ? before : [];
  const b = Array.isArray(after) ? after : [];
  const kept = new Set(b.map(canon));
  if (a.some((x) => !kept.has(canon(x)))) return 'lost entries';
  const had = new Set(a.map(canon));
  const ok = (x: PdfValue) => x instanceof PdfRef && (d.signatureRefs.has(x.num) || d.reported.has(x.num) || (annotations && d.annotationRefs.has(x.num)));
  const foreign = b.filter((x) => !had.has(canon(x)) && !ok(x));
  if (foreign.length === 0) return null;
  const kinds = foreign.map((x) => {
    const o = d.doc.dict(x, d.cur.map);
    return o ? (nameOf(o.get('Subtype')) ?? nameOf(o.get('FT')) ?? nameOf(o.get('Type')) ?? 'object') : 'object';
  });
  return `gained entries that are not new signatures (${[...new Set(kinds)].map((k) => `/${k}`).join(', ')})`;
}

/** /DSS (ETSI EN 319 142-1 §5.4.2), direct or through indirect dictionaries and arrays. */
export function checkDss(d: Diff): void {
  const every = () => true;
  const dss = d.doc.dict(d.cur.catalog?.get('DSS'), d.cur.map);
  const now = reachable(d.doc, d.cur.catalog?.get('DSS'), d.cur.map, new Set(), every);
  const before = reachable(d.doc, d.old.catalog?.get('DSS'), d.old.map, new Set(), every);
  let touched = canon(d.cur.catalog?.get('DSS')) !== canon(d.old.catalog?.get('DSS'));
  const mine: number[] = [];
  // What the document shows, reached from the catalog without going through /DSS: an object there
  // is never validation data, even if an earlier update also listed it under /DSS (a page's
  // content drafted into /DSS /Certs, then rewritten, would otherwise pass as a DSS update).
  let shown: Set<number> | null = null;
  for (const n of now) {
    if (!d.updated.has(n) || d.judged(n)) continue;
    if (d.existed(n) && !before.has(n)) continue; // an existing object drafted into the DSS: judged as a change
    if (d.existed(n) && d.changed(n)) {
      shown ??= reachable(d.doc, d.cur.catalog ?? undefined, d.cur.map, new Set(['DSS']), every);
      if (shown.has(n)) continue; // judged as a change of what it is (checkObject)
    }
    mine.push(n);
    touched ||= d.changed(n) || !d.existed(n);
  }
  if (!touched) return;
  const odd = dss ? [...dss.map.keys()].filter((k) => !DSS_KEYS.has(k)) : [];
  if (odd.length) {
    d.note('other', `the validation data (/DSS) holds unexpected entries (${keyList(odd.sort())})`, mine);
    return;
  }
  const what = before.size || d.old.catalog?.get('DSS') ? 'validation data (/DSS) updated' : 'validation data (/DSS) added';
  d.note('validation-data', what, mine, 'validation data (/DSS, /VRI, certificates, CRLs, OCSP responses)');
}

/** Trailer /Info: only the keys signing tools rewrite (see INFO_SIGNING_KEYS). */
export function checkInfo(d: Diff): void {
  const a = d.old.trailer.get('Info');
  const b = d.cur.trailer.get('Info');
  const self = b instanceof PdfRef && d.updated.has(b.num) ? [b.num] : [];
  if (a === undefined && b === undefined) return;
  // Dropped: readers fall back to nothing shown; pyHanko's DocInfoRule accepts it too (update
  // trailers should repeat /Info, ISO 32000-2 §7.5.6, but some signing tools forget it).
  if (b === undefined) return d.note('validation-data', 'document information (/Info) dropped from the trailer');
  const before = a === undefined ? null : d.doc.dict(a, d.old.map);
  const after = d.doc.dict(b, d.cur.map);
  if (canon(a) === canon(b) && !(b instanceof PdfRef && d.changed(b.num))) return;
  const keys = changedKeys(before, after);
  const other = keys.filter((k) => !INFO_SIGNING_KEYS.has(k));
  // A new dictionary must be a new object: an existing one may be used elsewhere.
  const clobbers = b instanceof PdfRef && canon(a) !== canon(b) && d.existed(b.num);
  if (other.length || !after || clobbers) {
    const how = a === undefined ? 'added' : canon(a) !== canon(b) ? 'replaced' : 'changed';
    d.note('other', `document information (/Info) was ${how}${other.length && how === 'changed' ? ` (${keyList(other)})` : ''}`, self);
    return;
  }
  d.note('validation-data', `document information updated (${keyList(keys)})`, self);
}

/** Catalog /Metadata: the XMP packet may be rewritten (pyHanko MetadataUpdateRule). */
export function checkMetadata(d: Diff): void {
  const a = d.old.catalog?.get('Metadata');
  const b = d.cur.catalog?.get('Metadata');
  if (b === undefined || (canon(a) === canon(b) && !(b instanceof PdfRef && d.changed(b.num)))) return;
  if (!(b instanceof PdfRef)) return d.note('other', 'the XMP metadata (/Metadata) is not a stream object');
  const o = d.doc.object(b.num, d.cur.map);
  const sameRef = a instanceof PdfRef && a.num === b.num;
  let xmp = false;
  if (o && isStream(o.value)) {
    try {
      xmp = /<(\w+:)?xmpmeta[\s>]/.test(d.doc.decode(o.value).subarray(0, 65536).toString('utf8')) && !/<!ENTITY/.test(d.doc.decode(o.value).toString('utf8'));
    } catch {
      xmp = false;
    }
  }
  if (!xmp || (!sameRef && d.existed(b.num))) return d.note('other', `the XMP metadata (/Metadata) was replaced by something else (object ${b.num})`, [b.num]);
  d.note('validation-data', 'XMP metadata (/Metadata) updated', [b.num]);
}

/**
 * Existing pages changed by the update: only /Annots may change, gaining new signatures'
 * widgets, or new annotations that are not widgets ('annotations', ISO 32000-2 Table 257 P=3).
 */
export function checkPages(d: Diff): void {
  for (const num of [...d.updated, ...pagesOfUpdatedAnnots(d)]) {
    if (d.judged(num) || !d.existed(num)) continue;
    const oldDict = dictOf(d.doc.object(num, d.old.map));
    const dict = dictOf(d.doc.object(num, d.cur.map));
    if (!oldDict || !dict || nameOf(oldDict.get('Type')) !== 'Page' || nameOf(dict.get('Type')) !== 'Page') continue;
    const annots = dict.get('Annots');
    const oldAnnots = d.doc.resolve(oldDict.get('Annots'), d.old.map);
    const newAnnots = d.doc.resolve(annots, d.cur.map);
    const added = newAnnotations(d, oldAnnots, newAnnots);
    const keys = changedKeys(oldDict, dict, new Set(['Annots']));
    const problem = arrayGrowth(d, oldAnnots, newAnnots, true);
    const own = [num, ...(annots instanceof PdfRef && (d.existed(annots.num) ? d.changed(annots.num) : true) && d.updated.has(annots.num) ? [annots.num] : [])];
    if (keys.length) d.note('other', `page object ${num} was changed (${keyList(keys)})`, [num]);
    if (problem) d.note('other', `page object ${num}'s annotations ${problem}`, own);
    if (keys.length || problem) continue;
    const grew = (Array.isArray(newAnnots) ? newAnnots.length : 0) > (Array.isArray(oldAnnots) ? oldAnnots.length : 0);
    const cls: RevisionClass = added ? 'annotations' : grew ? 'validation-data' : 'none';
    for (const n of own) d.claim(n, cls, added ? `page ${num}: annotations added` : grew ? `page ${num}: /Annots gained signature widgets` : `page ${num} rewritten without change`);
  }
}

/**
 * Pages of the revision before whose indirect /Annots array the update rewrote without rewriting
 * the page (only looked for when the update rewrote an existing array).
 */
function pagesOfUpdatedAnnots(d: Diff): number[] {
  const arrays = new Set([...d.updated].filter((n) => d.existed(n) && Array.isArray(d.doc.object(n, d.old.map)?.value)));
  if (arrays.size === 0 || !d.old.catalog) return [];
  const out: number[] = [];
  for (const n of reachable(d.doc, d.old.catalog.get('Pages'), d.old.map, new Set(['Parent', 'Resources', 'Contents', 'Annots', 'B', 'Thumb', 'StructParents']))) {
    const page = dictOf(d.doc.object(n, d.old.map));
    const annots = page?.get('Annots');
    if (page && nameOf(page.get('Type')) === 'Page' && annots instanceof PdfRef && arrays.has(annots.num) && !d.updated.has(n)) out.push(n);
  }
  return out;
}

/** New annotations (not widgets: those are fields) in a page's /Annots; they and their new objects get 'annotations'. */
function newAnnotations(d: Diff, before: PdfValue | undefined, after: PdfValue | undefined): boolean {
  const had = new Set((Array.isArray(before) ? before : []).map(canon));
  let any = false;
  for (const x of Array.isArray(after) ? after : []) {
    if (!(x instanceof PdfRef) || had.has(canon(x)) || d.existed(x.num) || d.signatureRefs.has(x.num) || d.reported.has(x.num)) continue;
    const a = d.doc.dict(x, d.cur.map);
    const sub = a ? nameOf(a.get('Subtype')) : null;
    if (!a || !sub || sub === 'Widget' || looksLikeSignatureField(d.doc, a, d.cur.map)) continue;
    any = true;
    d.annotationRefs.add(x.num);
    d.note('annotations', `an annotation (/${sub}) was added`, [x.num], `new /${sub} annotation`);
    for (const n of reachable(d.doc, x, d.cur.map, BACK_LINKS, (k) => !d.existed(k))) d.claim(n, 'annotations', `part of the new /${sub} annotation`);
  }
  return any;
}

/** Every other object the update wrote. */
export function checkObject(d: Diff, num: number): void {
  const entry = d.cur.map.get(num);
  if (!entry || entry.type === 0) {
    if (d.existed(num)) d.note('other', `object ${num} was deleted`, [num]);
    else d.claim(num, 'none', 'free entry');
    return;
  }
  const obj = d.doc.object(num, d.cur.map);
  if (!obj) return d.note('other', `object ${num} of the update cannot be read`, [num]);
  const dict = dictOf(obj);
  const type = dict ? nameOf(dict.get('Type')) : null;
  if (!d.existed(num)) {
    if (isStream(obj.value) && (type === 'XRef' || type === 'ObjStm')) d.claim(num, 'none', type === 'XRef' ? 'cross-reference stream' : 'object stream');
    else d.note('other', describeNew(d, num, dict, type), [num]);
    return;
  }
  const old = d.doc.object(num, d.old.map);
  if (old && sameObject(d.doc, old, obj)) return d.claim(num, 'none', 'rewritten unchanged');
  const oldDict = dictOf(old);
  const oldType = oldDict ? nameOf(oldDict.get('Type')) : null;
  const why = describeChanged(d, num, obj.value, old?.value, oldDict, oldType, type);
  if (why) d.note('other', why, [num]);
  else d.claim(num, 'validation-data', 'array grown by new signatures');
}

function describeChanged(d: Diff, num: number, value: unknown, oldValue: unknown, oldDict: PdfDict | null, oldType: string | null, type: string | null): string | null {
  // Replacing a container changes every object of the signed revision stored in it.
  if (oldType === 'ObjStm') return `an object stream of the signed revision was replaced (object ${num})`;
  if (oldType === 'Sig' || oldType === 'DocTimeStamp') return `an existing signature dictionary was changed (object ${num})`;
  if (Array.isArray(value) && Array.isArray(oldValue)) {
    // Only the form's indirect /Fields array may grow in place (by new signatures' fields); a
    // page's indirect /Annots is judged with its page (checkPages). Any other array (a page
    // tree's /Kids, say) gaining a "signature" would add to what the document shows.
    const fields = d.cur.acroForm?.get('Fields');
    if (!(fields instanceof PdfRef && fields.num === num)) return `array object ${num} was changed`;
    const problem = arrayGrowth(d, oldValue, value);
    return problem ? `array object ${num} ${problem}` : null;
  }
  if (oldDict && looksLikeSignatureField(d.doc, oldDict, d.old.map)) return `an existing signature field was changed (object ${num})`;
  if (d.appearancesOfOldFields().has(num)) return `the appearance of an existing signature field was changed (object ${num})`;
  return `object ${num} (${type ? `/${type}` : isStream(value) ? 'stream' : 'dictionary'}) was changed`;
}

function describeNew(d: Diff, num: number, dict: PdfDict | null, type: string | null): string {
  if (dict && looksLikeSignatureField(d.doc, dict, d.cur.map)) {
    return dict.get('V') === undefined ? 'a signature field was added without a signature' : `a signature field outside the form (/AcroForm) was added (object ${num})`;
  }
  if (type === 'Sig' || type === 'DocTimeStamp') return `a signature dictionary that no signature field uses was added (object ${num})`;
  if (type === 'Annot') return `an annotation (/${nameOf(dict?.get('Subtype')) ?? '?'}) was added (object ${num})`;
  return `object ${num}${type ? ` (/${type})` : ''} was added and is not part of a new signature`;
}
