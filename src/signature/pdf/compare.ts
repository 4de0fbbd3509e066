// Comparing PDF values across revisions, and following references. Used by the classification
// of incremental updates (modifications.ts): what changed between the signed revision and now.
import type { PdfDocument, XrefEntry } from './document.js';
import { PdfDict, PdfName, PdfRef, PdfString, isStream, type IndirectObject, type PdfValue } from './objects.js';

/** A canonical text form of a value, for equality (dict keys sorted; strings as written). */
export function canon(v: PdfValue | undefined): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (v instanceof PdfName) return `/${v.name}`;
  if (v instanceof PdfRef) return `${v.num} ${v.gen} R`;
  // Short strings by their text (pyHanko compares TextStringObjects by value: tools rewrite
  // (name) as <FEFF…> when they update a field); long or unreadable ones as written, which never
  // throws on a huge string and counts two spellings as a change, erring on the safe side.
  if (v instanceof PdfString) {
    if (v.end - v.start <= 4096) {
      try {
        return `s${JSON.stringify(v.text())}`;
      } catch {
        // fall through
      }
    }
    return `${v.hex ? 'h' : 'l'}${v.src.toString('latin1', v.start, v.end)}`;
  }
  if (Array.isArray(v)) return `[${v.map(canon).join(' ')}]`;
  return `<<${[...v.map.entries()]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([k, x]) => `/${k} ${canon(x)}`)
    .join(' ')}>>`;
}

/** Keys whose values differ between two dictionaries (an absent dict counts as empty). */
export function changedKeys(a: PdfDict | null, b: PdfDict | null, ignore: ReadonlySet<string> = new Set()): string[] {
  const keys = new Set([...(a?.map.keys() ?? []), ...(b?.map.keys() ?? [])]);
  return [...keys].filter((k) => !ignore.has(k) && canon(a?.get(k)) !== canon(b?.get(k))).sort();
}

export const keyList = (keys: readonly string[]) => keys.map((k) => `/${k}`).join(', ');

/** Same object in both revisions: same value, or same stream dictionary and raw data. */
export function sameObject(doc: PdfDocument, a: IndirectObject, b: IndirectObject): boolean {
  if (isStream(a.value) || isStream(b.value)) {
    if (!isStream(a.value) || !isStream(b.value)) return false;
    return (
      changedKeys(a.value.dict, b.value.dict, new Set(['Length'])).length === 0 &&
      doc.buf.subarray(a.value.dataStart, a.value.dataEnd).equals(doc.buf.subarray(b.value.dataStart, b.value.dataEnd))
    );
  }
  return canon(a.value) === canon(b.value);
}

export const existedIn = (map: Map<number, XrefEntry>, num: number) => {
  const e = map.get(num);
  return e !== undefined && e.type !== 0;
};

/** The dictionary of an object (a stream's dictionary for streams), or null. */
export function dictOf(o: IndirectObject | null): PdfDict | null {
  if (!o) return null;
  if (isStream(o.value)) return o.value.dict;
  return o.value instanceof PdfDict ? o.value : null;
}

const MAX_REACH = 50_000;

/**
 * Object numbers reachable from `start` through `map`, not following `skip` keys (/P, /Parent:
 * back-links to pages and fields that a signature does not own). With `only`, objects failing
 * it are neither listed nor followed: used to collect the NEW objects of a new signature without
 * wandering into the signed revision (where an old dangling reference could adopt a new object).
 */
export function reachable(
  doc: PdfDocument,
  start: PdfValue | undefined,
  map: Map<number, XrefEntry>,
  skip: ReadonlySet<string>,
  only: (num: number) => boolean = () => true,
): Set<number> {
  const seen = new Set<number>();
  const stack: (PdfValue | undefined)[] = [start];
  let steps = 0;
  while (stack.length && ++steps < MAX_REACH) {
    const v = stack.pop();
    if (v instanceof PdfRef) {
      if (seen.has(v.num) || !only(v.num)) continue;
      seen.add(v.num);
      const o = doc.object(v.num, map);
      if (o) stack.push(isStream(o.value) ? o.value.dict : o.value);
    } else if (Array.isArray(v)) stack.push(...v);
    else if (v instanceof PdfDict) for (const [k, x] of v.map) if (!skip.has(k)) stack.push(x);
  }
  return seen;
}

export const BACK_LINKS: ReadonlySet<string> = new Set(['P', 'Parent', 'Data']);
