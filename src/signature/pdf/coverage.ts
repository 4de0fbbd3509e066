// What a PDF signature covers. The /ByteRange must be [0 a b c] with the gap [a, b) exactly the
// /Contents hex string; bytes after b+c are later incremental updates, which we classify: only
// signatures / time-stamps / validation data and the form plumbing they need, or content.
import { PdfDocument, type XrefEntry, type XrefSection } from './document.js';
import { PdfDict, PdfName, PdfRef, PdfString, isStream, nameOf, type IndirectObject, type PdfValue } from './objects.js';
import type { Modifications } from '../report.js';
import { failed } from '../verdict.js';
import type { SignatureDictionary } from './locator.js';

/** Validate the byte range; return the two signed views of the file (no copies). */
export function signedRanges(buf: Buffer, sig: SignatureDictionary): { parts: [Buffer, Buffer]; byteRange: number[] } {
  const br = sig.byteRange;
  if (!Array.isArray(br) || br.length !== 4 || !br.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)) {
    throw failed('FORMAT_FAILURE', '/ByteRange is not four non-negative integers');
  }
  const [a, b, c, d] = br as [number, number, number, number];
  if (a !== 0) throw failed('FORMAT_FAILURE', '/ByteRange does not start at the beginning of the file');
  if (b > buf.length || c + d > buf.length || c < b) {
    throw failed('FORMAT_FAILURE', `/ByteRange [${br.join(' ')}] points outside the file (${buf.length} bytes)`);
  }
  if (!sig.contents) throw failed('FORMAT_FAILURE', 'the signature has no direct /Contents string');
  if (!sig.contents.hex) throw failed('FORMAT_FAILURE', '/Contents is not a hex string');
  if (sig.contents.start !== b || sig.contents.end !== c) {
    throw failed('FORMAT_FAILURE', `the /ByteRange gap [${b}, ${c}) is not exactly the /Contents string [${sig.contents.start}, ${sig.contents.end})`);
  }
  return { parts: [buf.subarray(a, a + b), buf.subarray(c, c + d)], byteRange: [a, b, c, d] };
}

/** Keys of the catalog that signing and validation data may add or change (PAdES). */
const CATALOG_SIGNING_KEYS = new Set(['AcroForm', 'DSS', 'Perms', 'Extensions', 'Version']);

export interface ModificationResult {
  kind: Modifications;
  details: string[];
}

/** Classify everything written after `rangeEnd`. */
export function classifyModifications(doc: PdfDocument, rangeEnd: number): ModificationResult {
  const buf = doc.buf;
  if (isBlank(buf, rangeEnd)) return { kind: 'none', details: [] };
  const later = doc.sections.filter((s) => s.offset >= rangeEnd);
  const before = doc.sections.filter((s) => s.offset < rangeEnd);
  if (doc.reconstructed || later.length === 0 || before.length === 0 || doc.sections[0]!.offset < rangeEnd) {
    return { kind: 'content', details: ['bytes appended after the signature are not a readable incremental update'] };
  }
  const oldMap = PdfDocument.merge(before);
  const details: string[] = [];
  let sawSignature = false;
  const checked = new Set<number>();
  for (const section of later) {
    for (const [num, entry] of section.entries) {
      if (checked.has(num)) continue;
      checked.add(num);
      const verdict = classifyObject(doc, num, entry, oldMap);
      if (verdict === 'signature') sawSignature = true;
      else if (verdict !== 'allowed') details.push(verdict);
    }
  }
  const oldRoot = before[0]!.trailer.get('Root');
  const newRoot = doc.trailer.get('Root');
  if (oldRoot instanceof PdfRef && newRoot instanceof PdfRef && oldRoot.num !== newRoot.num) {
    const o = doc.dict(oldRoot, oldMap);
    const n = doc.dict(newRoot);
    if (!o || !n || !sameIgnoring(o, n, CATALOG_SIGNING_KEYS)) details.push('the document catalog was replaced');
  }
  if (details.length) return { kind: 'content', details };
  return { kind: 'signatures-only', details: sawSignature ? [] : ['only validation data or form structure were added'] };
}

function isBlank(buf: Buffer, from: number): boolean {
  for (let i = from; i < buf.length; i++) {
    const c = buf[i]!;
    if (c !== 0x0a && c !== 0x0d && c !== 0x20 && c !== 0x09 && c !== 0x00) return false;
  }
  return true;
}

type ObjectVerdict = 'allowed' | 'signature' | string;

function classifyObject(doc: PdfDocument, num: number, entry: XrefEntry, oldMap: Map<number, XrefEntry>): ObjectVerdict {
  const oldEntry = oldMap.get(num);
  const existed = oldEntry !== undefined && oldEntry.type !== 0;
  if (entry.type === 0) return existed ? `object ${num} was deleted` : 'allowed';
  const obj = doc.object(num);
  if (!obj) return `object ${num} of the update cannot be read`;
  const old = existed ? doc.object(num, oldMap) : null;
  if (old && same(doc, old, obj)) return 'allowed';
  const dict = isStream(obj.value) ? obj.value.dict : obj.value instanceof PdfDict ? obj.value : null;
  const type = dict ? nameOf(dict.get('Type')) : null;
  if (dict && (type === 'Sig' || type === 'DocTimeStamp')) return 'signature';
  if (type === 'XRef' || type === 'ObjStm' || type === 'DSS' || type === 'VRI') return 'allowed';
  if (dict && isSignatureField(doc, dict)) return 'allowed';
  if (!old) {
    // New objects are harmless unless something existing starts to use them, which shows up as
    // a change to an existing object. New pages cannot appear without changing /Pages.
    if (type === 'Page' || type === 'Pages' || type === 'Catalog') return `a new /${type} object ${num} was added`;
    return 'allowed';
  }
  const oldDict = isStream(old.value) ? old.value.dict : old.value instanceof PdfDict ? old.value : null;
  if (!dict || !oldDict || isStream(obj.value) || isStream(old.value)) return `object ${num} (${type ?? 'stream'}) was changed`;
  if (type === 'Catalog' && sameIgnoring(oldDict, dict, CATALOG_SIGNING_KEYS)) return 'allowed';
  if (type === 'Page' && sameIgnoring(oldDict, dict, new Set(['Annots']))) {
    return onlySignatureWidgetsAdded(doc, doc.resolve(oldDict.get('Annots'), oldMap), doc.resolve(dict.get('Annots')))
      ? 'allowed'
      : `page object ${num} got annotations other than signature fields`;
  }
  if (isAcroForm(oldDict) && isAcroForm(dict)) return 'allowed';
  return `object ${num} (${type ? '/' + type : 'dictionary'}) was changed`;
}

function isAcroForm(d: PdfDict): boolean {
  return d.get('Fields') !== undefined && d.get('Type') === undefined;
}

/** A field (or its widget) of type /Sig: signing adds these. */
function isSignatureField(doc: PdfDocument, d: PdfDict): boolean {
  if (nameOf(doc.resolve(d.get('FT'))) === 'Sig') return true;
  if (nameOf(d.get('Subtype')) === 'Widget') {
    const parent = doc.dict(d.get('Parent'));
    return !!parent && nameOf(doc.resolve(parent.get('FT'))) === 'Sig';
  }
  return false;
}

function onlySignatureWidgetsAdded(doc: PdfDocument, oldAnnots: PdfValue | undefined, newAnnots: PdfValue | undefined): boolean {
  const oldKeys = new Set((Array.isArray(oldAnnots) ? oldAnnots : []).map(canon));
  const added = (Array.isArray(newAnnots) ? newAnnots : []).filter((a) => !oldKeys.has(canon(a)));
  if (Array.isArray(oldAnnots) && oldAnnots.some((a) => !(Array.isArray(newAnnots) && newAnnots.map(canon).includes(canon(a))))) return false;
  return added.every((a) => {
    const d = doc.dict(a);
    return !!d && isSignatureField(doc, d);
  });
}

function sameIgnoring(a: PdfDict, b: PdfDict, ignore: ReadonlySet<string>): boolean {
  const keys = new Set([...a.map.keys(), ...b.map.keys()]);
  for (const k of keys) {
    if (ignore.has(k)) continue;
    if (canon(a.get(k)) !== canon(b.get(k))) return false;
  }
  return true;
}

function same(doc: PdfDocument, a: IndirectObject, b: IndirectObject): boolean {
  if (isStream(a.value) || isStream(b.value)) {
    if (!isStream(a.value) || !isStream(b.value)) return false;
    return (
      sameIgnoring(a.value.dict, b.value.dict, new Set(['Length'])) &&
      doc.buf.subarray(a.value.dataStart, a.value.dataEnd).equals(doc.buf.subarray(b.value.dataStart, b.value.dataEnd))
    );
  }
  return canon(a.value) === canon(b.value);
}

/** A canonical text form of a value, for equality (dict keys sorted). */
function canon(v: PdfValue | undefined): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (v instanceof PdfName) return `/${v.name}`;
  if (v instanceof PdfRef) return `${v.num} ${v.gen} R`;
  if (v instanceof PdfString) return `<${v.bytes(1 << 24).toString('hex')}>`;
  if (Array.isArray(v)) return `[${v.map(canon).join(' ')}]`;
  return `<<${[...v.map.entries()]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([k, x]) => `/${k} ${canon(x)}`)
    .join(' ')}>>`;
}

export type { XrefSection };
