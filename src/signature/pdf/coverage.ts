// What a PDF signature covers. The /ByteRange must be [0 a b c] with the gap [a, b) exactly the
// /Contents hex string; bytes after b+c are later incremental updates, classified in
// modifications.ts: only signatures / time-stamps / validation data, or content.
import type { PdfDocument } from './document.js';
import { failed } from '../verdict.js';
import type { SignatureDictionary } from './locator.js';
import type { Permissions } from '../report.js';
import { classifyUpdates, type ModificationResult } from './modifications.js';

export type { ModificationResult };

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

/** No DocMDP, no field lock: the default (docmdp.ts DEFAULT_LEVEL). */
export const NO_PERMISSIONS: Permissions = { docMdp: null, fieldLock: null, sources: [] };

/** Classify everything written after `rangeEnd` (the end of a signature's byte range). */
export function classifyModifications(doc: PdfDocument, rangeEnd: number, perms: Permissions = NO_PERMISSIONS): ModificationResult {
  if (isBlank(doc.buf, rangeEnd)) return { kind: 'none', changes: [], additions: [], revisions: [] };
  const later = doc.sections.filter((s) => s.offset >= rangeEnd);
  const before = doc.sections.filter((s) => s.offset < rangeEnd);
  if (doc.reconstructed || later.length === 0 || before.length === 0 || doc.sections[0]!.offset < rangeEnd) {
    return { kind: 'content', changes: ['bytes appended after the signature are not a readable incremental update'], additions: [], revisions: [] };
  }
  return classifyUpdates(doc, later, perms);
}

function isBlank(buf: Buffer, from: number): boolean {
  for (let i = from; i < buf.length; i++) {
    const c = buf[i]!;
    if (c !== 0x0a && c !== 0x0d && c !== 0x20 && c !== 0x09 && c !== 0x00) return false;
  }
  return true;
}
