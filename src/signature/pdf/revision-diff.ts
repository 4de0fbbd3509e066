// The comparison of one incremental update with the revision before it: both revisions' object
// maps, the catalog and form of each, and what the rules (diff-fields.ts, diff-document.ts) found
// for each object the update wrote. Every finding has a class (report.ts RevisionClass), a summary
// for `coverage.additions` / `coverage.changes`, and the objects it explains.
import { PdfDocument, type XrefEntry, type XrefSection } from './document.js';
import { PdfDict, isStream, nameOf, type PdfValue } from './objects.js';
import { BACK_LINKS, existedIn, reachable, sameObject } from './compare.js';
import { signatureFields } from './form.js';
import type { RevisionClass } from '../report.js';

export const CLASS_ORDER: readonly RevisionClass[] = ['none', 'validation-data', 'signing', 'form-filling', 'annotations', 'other'];
export const higher = (a: RevisionClass, b: RevisionClass): RevisionClass => (CLASS_ORDER.indexOf(a) >= CLASS_ORDER.indexOf(b) ? a : b);

export interface Revision {
  map: Map<number, XrefEntry>;
  catalog: PdfDict | null;
  acroForm: PdfDict | null;
  trailer: PdfDict;
}

/**
 * The object map of a revision seen through its sections (newest first) without copying them:
 * judging every update of a file with many updates and many objects would otherwise copy the
 * whole map once per update. Only get/has are layered: do not iterate it.
 */
export class LayeredMap extends Map<number, XrefEntry> {
  constructor(private readonly layers: readonly XrefSection[]) {
    super();
  }
  override get(num: number): XrefEntry | undefined {
    for (const l of this.layers) {
      const e = l.entries.get(num);
      if (e !== undefined) return e;
    }
    return undefined;
  }
  override has(num: number): boolean {
    return this.get(num) !== undefined;
  }
}

export function revision(doc: PdfDocument, map: Map<number, XrefEntry>, trailer: PdfDict): Revision {
  const catalog = doc.dict(trailer.get('Root'), map);
  return { map, catalog, acroForm: catalog ? doc.dict(catalog.get('AcroForm'), map) : null, trailer };
}

/**
 * A form field the update signed or filled, for the field locks (FieldMDP) of earlier
 * signatures. `exempt`: an invisible document time-stamp, which pyHanko (and PAdES LTA) lets
 * through even a locked field, like validation data.
 */
export interface FieldEvent {
  name: string | null;
  what: 'signature field added' | 'signature added' | 'value changed';
  visible: boolean;
  exempt: boolean;
}

export class Diff {
  /** Summaries by class, in the order found: the report's additions and changes. */
  readonly summaries = new Map<string, RevisionClass>();
  /** What each object of the update is, once a rule has judged it. */
  readonly objects = new Map<number, { class: RevisionClass; reason: string }>();
  /** Findings not tied to one object of the update (e.g. the trailer's /Info replaced). */
  readonly loose: { class: RevisionClass; reason: string }[] = [];
  readonly fieldEvents: FieldEvent[] = [];
  /** Fields and widgets of new signatures: what /Fields and /Annots may gain. */
  readonly signatureRefs = new Set<number>();
  /** New annotations (not widgets) judged by the page rule: what /Annots may gain at that class. */
  readonly annotationRefs = new Set<number>();
  /** Signature fields and widgets already reported as a change (not repeated by /Annots, /Fields). */
  readonly reported = new Set<number>();
  private oldAppearances: Set<number> | null = null;
  private dangling: Set<number> | null = null;
  private readonly existedCache = new Map<number, boolean>();
  constructor(
    readonly doc: PdfDocument,
    readonly old: Revision,
    readonly cur: Revision,
    readonly updated: ReadonlySet<number>,
  ) {}

  /** Record a finding: its summary (once) and the objects it explains (the highest class wins). */
  note(cls: RevisionClass, summary: string, nums: Iterable<number> = [], reason = summary): void {
    const was = this.summaries.get(summary);
    this.summaries.set(summary, was ? higher(was, cls) : cls);
    let any = false;
    for (const n of nums) {
      any = true;
      const o = this.objects.get(n);
      if (!o || higher(cls, o.class) === cls) this.objects.set(n, { class: cls, reason: o && o.class === cls ? o.reason : reason });
    }
    if (!any && !this.loose.some((l) => l.reason === reason)) this.loose.push({ class: cls, reason });
  }
  /** Record what an object is without a summary of its own (part of a finding noted elsewhere). */
  claim(num: number, cls: RevisionClass, reason: string): void {
    const o = this.objects.get(num);
    if (!o || CLASS_ORDER.indexOf(cls) > CLASS_ORDER.indexOf(o.class)) this.objects.set(num, { class: cls, reason });
  }
  judged(num: number): boolean {
    return this.objects.has(num);
  }

  /**
   * Did `num` name an object of the revision before? A number that only named that revision's
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
  /** New objects of the update reachable from `root` (not through back-links /P, /Parent). */
  newFrom(root: Parameters<typeof reachable>[1]): Set<number> {
    return reachable(this.doc, root, this.cur.map, BACK_LINKS, (n) => !this.existed(n));
  }
  /** Objects that drew the signature fields of the revision before (to name such a change). */
  appearancesOfOldFields(): Set<number> {
    if (!this.oldAppearances) {
      this.oldAppearances = new Set();
      for (const f of signatureFields(this.doc, this.old.acroForm, this.old.map)) {
        for (const w of f.widgets) for (const n of reachable(this.doc, w.dict.get('AP'), this.old.map, BACK_LINKS)) this.oldAppearances.add(n);
      }
    }
    return this.oldAppearances;
  }
  /**
   * Numbers the revision before referenced without defining them. An update that defines one
   * brings it into view through that old reference (e.g. an image named in an old page's
   * resources): whatever rule adopts it, it is a change of the signed content (pyHanko clears
   * such objects only with every old path that uses them).
   */
  danglingBefore(): Set<number> {
    if (!this.dangling) {
      this.dangling = new Set();
      const roots = [this.old.trailer.get('Root'), this.old.trailer.get('Info')].filter((v): v is PdfValue => v !== undefined);
      for (const n of reachable(this.doc, roots, this.old.map, new Set())) if (!existedIn(this.old.map, n)) this.dangling.add(n);
    }
    return this.dangling;
  }
}
