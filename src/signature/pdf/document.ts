// The PDF file structure: cross-reference sections (tables and streams, following /Prev and
// /XRefStm), object lookup (including object streams), and revision views. Only the trailer,
// the xref and the objects actually asked for are read. When the xref is unusable we rebuild
// an object map by scanning for "N G obj" headers, still parsing every object properly.
import { Lexer, PdfDict, PdfError, PdfRef, isStream, parseIndirectAt, type IndirectObject, type PdfStream, type PdfValue } from './objects.js';
import { decodeStream } from './streams.js';

export type XrefEntry = { type: 0 } | { type: 1; offset: number; gen: number } | { type: 2; stream: number; index: number };

export interface XrefSection {
  /** Where the section starts in the file: revisions after a signature lie after its range. */
  offset: number;
  kind: 'table' | 'stream' | 'scan';
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
}

interface ObjectStreamIndex {
  data: Buffer;
  /** [object number, offset after /First] per index. */
  offsets: [number, number][];
  first: number;
}

const MAX_SECTIONS = 1000;
const MAX_OBJECTS = 5_000_000;

export class PdfDocument {
  /** Newest first. */
  readonly sections: XrefSection[];
  readonly reconstructed: boolean;
  private readonly cache = new Map<string, IndirectObject | null>();
  /** Keyed by the container's file offset (one number can name different containers per revision). */
  private readonly objStmCache = new Map<number, ObjectStreamIndex>();
  private readonly decoding = new Set<number>();

  constructor(readonly buf: Buffer) {
    let sections: XrefSection[];
    let reconstructed = false;
    try {
      sections = readXrefChain(buf, this);
    } catch {
      sections = [reconstruct(buf)];
      reconstructed = true;
    }
    this.sections = sections;
    this.reconstructed = reconstructed;
  }

  /** Merged object map of the given sections (newest first wins). */
  static merge(sections: readonly XrefSection[]): Map<number, XrefEntry> {
    const map = new Map<number, XrefEntry>();
    for (let i = sections.length - 1; i >= 0; i--) for (const [k, v] of sections[i]!.entries) map.set(k, v);
    return map;
  }

  private mergedAll?: Map<number, XrefEntry>;
  get map(): Map<number, XrefEntry> {
    return (this.mergedAll ??= PdfDocument.merge(this.sections));
  }

  get trailer(): PdfDict {
    return this.sections[0]!.trailer;
  }

  /** The object `num` as seen through `map` (default: the newest revision). */
  object(num: number, map: Map<number, XrefEntry> = this.map): IndirectObject | null {
    const e = map.get(num);
    if (!e || e.type === 0) return null;
    // An object in an object stream is looked up through the container of the same revision:
    // when a later update replaces the container, the signed revision must still see the old one.
    const holder = e.type === 2 ? map.get(e.stream) : undefined;
    if (e.type === 2 && holder?.type !== 1) return null; // containers are never compressed themselves
    const key = e.type === 1 ? `o${e.offset}` : `s${(holder as { offset: number }).offset}:${e.index}`;
    if (this.cache.has(key)) return this.cache.get(key)!;
    let obj: IndirectObject | null;
    try {
      obj = e.type === 1 ? this.parseAt(e.offset) : this.fromObjectStream((holder as { offset: number }).offset, e.index, num);
      if (obj && obj.num !== num) obj = null;
    } catch {
      obj = null;
    }
    this.cache.set(key, obj);
    return obj;
  }

  parseAt(offset: number): IndirectObject {
    return parseIndirectAt(this.buf, offset, (v) => {
      try {
        const r = this.resolve(v);
        return typeof r === 'number' ? r : null;
      } catch {
        return null; // e.g. an indirect /Length while the xref itself is being read
      }
    });
  }

  /** Follow references (bounded, so reference loops end). Streams resolve to their dict. */
  resolve(v: PdfValue | undefined, map?: Map<number, XrefEntry>): PdfValue | undefined {
    for (let i = 0; i < 32 && v instanceof PdfRef; i++) {
      const o = this.object(v.num, map);
      if (!o) return undefined;
      v = isStream(o.value) ? o.value.dict : o.value;
    }
    return v;
  }

  dict(v: PdfValue | undefined, map?: Map<number, XrefEntry>): PdfDict | null {
    const r = this.resolve(v, map);
    return r instanceof PdfDict ? r : null;
  }

  decode(s: PdfStream): Buffer {
    return decodeStream(this.buf, s, (v) => this.resolve(v));
  }

  private fromObjectStream(containerOffset: number, index: number, num: number): IndirectObject | null {
    let os = this.objStmCache.get(containerOffset);
    if (!os) {
      // Reading the container resolves /Length, /Filter, /N, /First, which could point back
      // into this same stream: refuse the loop instead of recursing until the stack overflows.
      if (this.decoding.has(containerOffset)) throw new PdfError('object stream refers to itself');
      this.decoding.add(containerOffset);
      try {
        os = this.loadObjectStream(containerOffset) ?? undefined;
      } finally {
        this.decoding.delete(containerOffset);
      }
      if (!os) return null;
      this.objStmCache.set(containerOffset, os);
    }
    const entry = os.offsets[index];
    if (!entry || entry[0] !== num) return null;
    const lx = new Lexer(os.data, os.first + entry[1]);
    // Objects in object streams have no "obj" header and are never streams.
    return { num, gen: 0, value: lx.value(), start: -1, end: -1 };
  }

  private loadObjectStream(offset: number): ObjectStreamIndex | null {
    const holder = this.parseAt(offset);
    if (!isStream(holder.value)) return null;
    const data = this.decode(holder.value);
    const n = this.resolve(holder.value.dict.get('N'));
    const first = this.resolve(holder.value.dict.get('First'));
    if (typeof n !== 'number' || typeof first !== 'number' || n > MAX_OBJECTS) throw new PdfError('bad object stream');
    const lx = new Lexer(data, 0, Math.min(first, data.length));
    const offsets: [number, number][] = [];
    for (let i = 0; i < n; i++) offsets.push([Number(lx.word()), Number(lx.word())]);
    return { data, offsets, first };
  }
}

/** Offset given by the last "startxref" in the file's tail. */
export function findStartxref(buf: Buffer): number {
  const tailStart = Math.max(0, buf.length - 4096);
  const i = buf.lastIndexOf('startxref', buf.length, 'latin1');
  if (i < tailStart || i < 0) throw new PdfError('no startxref near the end of the file');
  const n = Number(new Lexer(buf, i + 9).word());
  if (!Number.isInteger(n) || n < 0 || n >= buf.length) throw new PdfError('startxref points outside the file');
  return n;
}

function readXrefChain(buf: Buffer, doc: PdfDocument): XrefSection[] {
  const sections: XrefSection[] = [];
  const seen = new Set<number>();
  const queue: number[] = [findStartxref(buf)];
  while (queue.length) {
    const off = queue.shift()!;
    if (seen.has(off)) continue;
    if (seen.size >= MAX_SECTIONS) throw new PdfError('too many xref sections');
    seen.add(off);
    const section = readSection(buf, off, doc);
    sections.push(section);
    // Hybrid files: the table's /XRefStm holds entries of the same revision (lower priority
    // than the table, higher than /Prev).
    const stm = section.trailer.get('XRefStm');
    if (section.kind === 'table' && typeof stm === 'number' && !seen.has(stm)) {
      seen.add(stm);
      const extra = readSection(buf, stm, doc);
      for (const [k, v] of extra.entries) if (!section.entries.has(k)) section.entries.set(k, v);
    }
    const prev = section.trailer.get('Prev');
    if (typeof prev === 'number') queue.push(prev);
  }
  return sections;
}

function readSection(buf: Buffer, offset: number, doc: PdfDocument): XrefSection {
  const lx = new Lexer(buf, offset);
  if (lx.word(true) === 'xref') {
    lx.word();
    const entries = new Map<number, XrefEntry>();
    for (;;) {
      const w = lx.word();
      if (w === 'trailer') break;
      const start = Number(w);
      const count = Number(lx.word());
      if (!Number.isInteger(start) || !Number.isInteger(count) || count < 0 || count > MAX_OBJECTS) {
        throw new PdfError(`malformed xref table at ${offset}`);
      }
      for (let i = 0; i < count; i++) {
        const o = Number(lx.word());
        const g = Number(lx.word());
        const t = lx.word();
        if (!Number.isInteger(o) || (t !== 'n' && t !== 'f')) throw new PdfError(`malformed xref entry at ${lx.pos}`);
        entries.set(start + i, t === 'n' ? { type: 1, offset: o, gen: g } : { type: 0 });
      }
    }
    const trailer = lx.value();
    if (!(trailer instanceof PdfDict)) throw new PdfError('trailer is not a dictionary');
    // Entry 0 is the head of the free list in every table, not an object.
    entries.delete(0);
    return { offset, kind: 'table', entries, trailer };
  }
  const obj = doc.parseAt(offset);
  if (!isStream(obj.value) || obj.value.dict.get('Type') === undefined) throw new PdfError(`no xref at ${offset}`);
  return readXrefStream(buf, offset, obj.value, doc);
}

function readXrefStream(_buf: Buffer, offset: number, s: PdfStream, doc: PdfDocument): XrefSection {
  const d = s.dict;
  const w = d.get('W');
  const size = d.get('Size');
  if (!Array.isArray(w) || w.length !== 3 || !w.every((x) => typeof x === 'number' && x >= 0 && x <= 8) || typeof size !== 'number') {
    throw new PdfError('malformed xref stream');
  }
  const [w0, w1, w2] = w as [number, number, number];
  const idx = d.get('Index');
  const ranges: number[] = Array.isArray(idx) ? (idx.filter((x) => typeof x === 'number') as number[]) : [0, size];
  const data = doc.decode(s);
  const rowLen = w0 + w1 + w2;
  if (rowLen === 0) throw new PdfError('malformed xref stream widths');
  const entries = new Map<number, XrefEntry>();
  let p = 0;
  const read = (n: number): number => {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + (data[p++] ?? 0);
    return v;
  };
  for (let r = 0; r + 1 < ranges.length; r += 2) {
    const start = ranges[r]!;
    const count = ranges[r + 1]!;
    if (count > MAX_OBJECTS) throw new PdfError('xref stream too large');
    for (let i = 0; i < count && p + rowLen <= data.length; i++) {
      const type = w0 === 0 ? 1 : read(w0);
      const f2 = read(w1);
      const f3 = read(w2);
      const num = start + i;
      if (num === 0) continue;
      if (type === 1) entries.set(num, { type: 1, offset: f2, gen: f3 });
      else if (type === 2) entries.set(num, { type: 2, stream: f2, index: f3 });
      else if (type === 0) entries.set(num, { type: 0 });
    }
  }
  return { offset, kind: 'stream', entries, trailer: d };
}

/**
 * Rebuild a map by scanning for object headers; the last definition of a number wins, as in
 * an incremental file. The trailer is the last "trailer" dictionary, or a synthesized one
 * pointing at the last /Type /Catalog object.
 */
function reconstruct(buf: Buffer): XrefSection {
  const entries = new Map<number, XrefEntry>();
  const headerRe = /(\d{1,10})[ \t\r\n\f\0]+(\d{1,5})[ \t\r\n\f\0]+$/;
  let i = buf.indexOf('obj', 0, 'latin1');
  while (i >= 0) {
    const after = buf[i + 3];
    if (after === undefined || !/[a-zA-Z0-9]/.test(String.fromCharCode(after))) {
      const back = buf.toString('latin1', Math.max(0, i - 24), i);
      const m = headerRe.exec(back);
      if (m) {
        const start = i - m[0].length;
        if (start === 0 || !/[0-9]/.test(String.fromCharCode(buf[start - 1]!))) {
          entries.set(Number(m[1]), { type: 1, offset: start, gen: Number(m[2]) });
          if (entries.size > MAX_OBJECTS) throw new PdfError('too many objects');
        }
      }
    }
    i = buf.indexOf('obj', i + 3, 'latin1');
  }
  let trailer: PdfDict | null = null;
  const t = buf.lastIndexOf('trailer', buf.length, 'latin1');
  if (t >= 0) {
    try {
      const v = new Lexer(buf, t + 7).value();
      if (v instanceof PdfDict) trailer = v;
    } catch {
      trailer = null;
    }
  }
  if (!trailer) trailer = new PdfDict(new Map(), -1, -1);
  return { offset: 0, kind: 'scan', entries, trailer };
}
