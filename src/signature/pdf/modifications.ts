// What the incremental updates after a signature did, and whether the signature allows it.
// Each update (one xref section, ISO 32000-2 §7.5.6) is compared with the revision before it and
// gets a class, lowest first (report.ts RevisionClass, after ISO 32000-2 §12.8.2.2 and pyHanko's
// ModificationLevel):
//  - none: nothing that matters (objects rewritten unchanged, xref and object streams);
//  - validation-data: /DSS, /VRI, invisible document time-stamps, /Info ModDate/Producer, XMP;
//  - signing: a new signature in a new or prepared field, its widget and appearance, the
//    resources that appearance needs, /AcroForm /Fields /SigFlags /DR /DA /NeedAppearances;
//  - form-filling: values of other fields and their widgets' new appearances;
//  - annotations: new annotations (not widgets) added to pages;
//  - other: anything else — page content or resources, new pages, existing appearances,
//    widgets drawn over the page without a signature, objects only an old dangling reference
//    shows — with its reason.
// The classes are then judged against the signature's permissions by docmdp.ts.
import { PdfDocument, type XrefSection } from './document.js';
import { Diff, LayeredMap, higher, revision, type FieldEvent } from './revision-diff.js';
import { checkFormFields } from './diff-fields.js';
import { checkAcroForm, checkCatalog, checkDss, checkInfo, checkMetadata, checkObject, checkPages } from './diff-document.js';
import { judgeRevision } from './docmdp.js';
import type { Modifications, Permissions, RevisionClass, RevisionReport } from '../report.js';

const MAX_OBJECTS_LISTED = 200;
/** Real documents carry a handful of updates; judging thousands would let a file cost minutes. */
const MAX_UPDATES = 100;

export interface ModificationResult {
  kind: Modifications;
  /** Why this is a content change (empty unless kind is 'content'). */
  changes: string[];
  /** What the later updates did that the permissions allow (signatures, time-stamps, DSS, form filling…). */
  additions: string[];
  /** Every update after the signature, oldest first. */
  revisions: RevisionReport[];
}

/** One update, classified (independent of which signature asks). */
export interface RevisionDiff {
  offset: number;
  class: RevisionClass;
  objects: RevisionReport['objects'];
  summaries: Map<string, RevisionClass>;
  fieldEvents: FieldEvent[];
}

const cache = new WeakMap<PdfDocument, Map<number, RevisionDiff>>();

/** Classify the update of `doc.sections[i]` against the revision before it (sections newest first). */
export function classifyRevision(doc: PdfDocument, i: number): RevisionDiff {
  const section = doc.sections[i]!;
  let byOffset = cache.get(doc);
  if (!byOffset) cache.set(doc, (byOffset = new Map()));
  const hit = byOffset.get(section.offset);
  if (hit) return hit;
  const before = doc.sections.slice(i + 1);
  const after = doc.sections.slice(i);
  const d = new Diff(doc, revision(doc, new LayeredMap(before), before[0]!.trailer), revision(doc, new LayeredMap(after), section.trailer), new Set(section.entries.keys()));
  runRules(d);
  const objects: RevisionReport['objects'] = [...d.objects.entries()].sort(([a], [b]) => a - b).map(([num, o]) => ({ num, class: o.class, reason: o.reason }));
  objects.push(...d.loose.map((l) => ({ num: null, class: l.class, reason: l.reason })));
  let cls: RevisionClass = 'none';
  for (const o of objects) cls = higher(o.class, cls);
  const listed = objects.length > MAX_OBJECTS_LISTED ? [...objects.slice(0, MAX_OBJECTS_LISTED), { num: null, class: 'none' as const, reason: `and ${objects.length - MAX_OBJECTS_LISTED} more objects` }] : objects;
  const out: RevisionDiff = { offset: section.offset, class: cls, objects: listed, summaries: d.summaries, fieldEvents: d.fieldEvents };
  byOffset.set(section.offset, out);
  return out;
}

function runRules(d: Diff): void {
  checkFormFields(d);
  checkCatalog(d);
  checkAcroForm(d);
  checkDss(d);
  checkInfo(d);
  checkMetadata(d);
  checkPages(d);
  for (const num of d.updated) if (!d.judged(num)) checkObject(d, num);
  // Whatever rule adopted it, a number the revision before already referenced is shown there too.
  for (const num of d.updated) {
    if (d.existed(num) || !d.danglingBefore().has(num) || d.objects.get(num)?.class === 'none') continue;
    d.note('other', `object ${num} was referenced by the revision before it existed: the update gives that old reference a meaning`, [num]);
  }
}

/** Classify the sections in `later` (newest first) and judge them against `perms`. */
export function classifyUpdates(doc: PdfDocument, later: XrefSection[], perms: Permissions): ModificationResult {
  const revisions: RevisionReport[] = [];
  const changes = new Set<string>();
  const additions = new Set<string>();
  let top: RevisionClass = 'none';
  if (later.length > MAX_UPDATES) {
    const why = `${later.length} incremental updates follow the signature (more than ${MAX_UPDATES} are not examined)`;
    return { kind: 'content', changes: [why], additions: [], revisions: [] };
  }
  for (const s of [...later].reverse()) {
    const r = classifyRevision(doc, doc.sections.indexOf(s));
    const refused = judgeRevision(r.class, r.fieldEvents, perms);
    for (const [text, cls] of r.summaries) (cls === 'other' ? changes : additions).add(text);
    if (refused && r.class !== 'other') changes.add(refused);
    top = higher(r.class, top);
    revisions.push({ offset: r.offset, class: r.class, objects: r.objects, allowed: refused === null, refused });
  }
  const kind: Modifications = revisions.some((r) => !r.allowed) ? 'content' : top === 'form-filling' || top === 'annotations' ? 'allowed' : 'signatures-only';
  if (kind !== 'content' && additions.size === 0) additions.add('an update that changes no object of the signed revision');
  return { kind, changes: kind === 'content' ? [...changes] : [], additions: [...additions], revisions };
}
