// A minimal BER/DER reader that keeps byte offsets. We need the exact bytes of some elements as
// they were received (signed attributes, TBSCertificate, TBSCertList, TSTInfo): re-encoding a
// parsed tree (forge's asn1.toDer) can change length encodings or set order and break signatures
// that are valid. forge's asn1 also works on binary strings, which would copy every blob; this
// reader works on Buffer views. Every read is bounds-checked and throws Asn1Error, which callers
// turn into a FORMAT_FAILURE report rather than a crash.

export class Asn1Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Asn1Error';
  }
}

export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8String: 0x0c,
  SEQUENCE: 0x10,
  SET: 0x11,
  PrintableString: 0x13,
  T61String: 0x14,
  IA5String: 0x16,
  UTCTime: 0x17,
  GeneralizedTime: 0x18,
  UniversalString: 0x1c,
  BMPString: 0x1e,
} as const;

export type TagClass = 'universal' | 'application' | 'context' | 'private';

/** One TLV element. `bytes` is the whole element (header included); `content` is the value. */
export interface Node {
  cls: TagClass;
  tag: number;
  constructed: boolean;
  /** Whole element, header included: a view into the source buffer, never a copy. */
  bytes: Buffer;
  /** Value bytes (for indefinite lengths: without the end-of-contents octets). */
  content: Buffer;
  children: Node[];
}

const CLASSES: TagClass[] = ['universal', 'application', 'context', 'private'];
const MAX_DEPTH = 64;

/** Parse one element at `offset`. Trailing bytes after it are allowed (PDF /Contents is padded). */
export function parse(buf: Buffer, offset = 0): Node {
  return readNode(buf, offset, buf.length, 0);
}

function readNode(buf: Buffer, start: number, limit: number, depth: number): Node {
  if (depth > MAX_DEPTH) throw new Asn1Error('ASN.1 nesting too deep');
  let p = start;
  if (p >= limit) throw new Asn1Error('truncated ASN.1: no tag');
  const first = buf[p++]!;
  const cls = CLASSES[first >> 6]!;
  const constructed = (first & 0x20) !== 0;
  let tag = first & 0x1f;
  if (tag === 0x1f) {
    // High tag number form: base-128 digits.
    tag = 0;
    for (let i = 0; ; i++) {
      if (p >= limit || i > 4) throw new Asn1Error('truncated or oversized ASN.1 tag');
      const b = buf[p++]!;
      tag = tag * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  if (p >= limit) throw new Asn1Error('truncated ASN.1: no length');
  const lenByte = buf[p++]!;
  const children: Node[] = [];
  if (lenByte === 0x80) {
    // BER indefinite length: only for constructed encodings; children until 00 00.
    if (!constructed) throw new Asn1Error('indefinite length on a primitive ASN.1 element');
    const contentStart = p;
    for (;;) {
      if (p + 2 > limit) throw new Asn1Error('truncated ASN.1: missing end-of-contents');
      if (buf[p] === 0 && buf[p + 1] === 0) break;
      const child = readNode(buf, p, limit, depth + 1);
      children.push(child);
      p = child.bytes.byteOffset - buf.byteOffset + child.bytes.length;
    }
    return {
      cls,
      tag,
      constructed,
      bytes: buf.subarray(start, p + 2),
      content: buf.subarray(contentStart, p),
      children,
    };
  }
  let len: number;
  if (lenByte < 0x80) len = lenByte;
  else {
    const n = lenByte & 0x7f;
    if (n > 4) throw new Asn1Error('ASN.1 length too large');
    len = 0;
    for (let i = 0; i < n; i++) {
      if (p >= limit) throw new Asn1Error('truncated ASN.1 length');
      len = len * 256 + buf[p++]!;
    }
  }
  const contentStart = p;
  const end = contentStart + len;
  if (end > limit) throw new Asn1Error(`truncated ASN.1: element needs ${len} bytes, ${limit - contentStart} left`);
  if (constructed) {
    let q = contentStart;
    while (q < end) {
      const child = readNode(buf, q, end, depth + 1);
      children.push(child);
      q = child.bytes.byteOffset - buf.byteOffset + child.bytes.length;
    }
  }
  return { cls, tag, constructed, bytes: buf.subarray(start, end), content: buf.subarray(contentStart, end), children };
}

// ---- shape checks -----------------------------------------------------------------------------

/**
 * Narrowing type for the shape checks below. It is deliberately not plain `Node`: a failed
 * check on a `Node` must leave it a `Node` (not `never`) in the else branch.
 */
export type CheckedNode = Node & { readonly __checked: true };

export function isUniversal(n: Node | undefined, tag: number): n is CheckedNode {
  return n !== undefined && n.cls === 'universal' && n.tag === tag;
}

export function isContext(n: Node | undefined, tag: number): n is CheckedNode {
  return n !== undefined && n.cls === 'context' && n.tag === tag;
}

/** Require a universal element of the given tag; `what` names it in the error. */
export function expect(n: Node | undefined, tag: number, what: string): Node {
  if (!isUniversal(n, tag)) throw new Asn1Error(`${what}: unexpected ASN.1 structure`);
  return n;
}

export function child(n: Node, i: number, what: string): Node {
  const c = n.children[i];
  if (!c) throw new Asn1Error(`${what}: missing element`);
  return c;
}

// ---- value decoders ---------------------------------------------------------------------------

export function oid(n: Node): string {
  if (n.cls !== 'universal' || n.tag !== Tag.OID || n.content.length === 0) throw new Asn1Error('expected an OID');
  const c = n.content;
  const parts: number[] = [];
  let v = 0;
  for (let i = 0; i < c.length; i++) {
    v = v * 128 + (c[i]! & 0x7f);
    if ((c[i]! & 0x80) === 0) {
      if (parts.length === 0) {
        const a = v < 40 ? 0 : v < 80 ? 1 : 2;
        parts.push(a, v - a * 40);
      } else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** INTEGER as unsigned big-endian hex without leading zero octets (how serials are shown). */
export function integerHex(n: Node): string {
  if (!isUniversal(n, Tag.INTEGER)) throw new Asn1Error('expected an INTEGER');
  let hex = n.content.toString('hex').replace(/^(00)+/, '');
  if (hex === '') hex = '00';
  return hex.toUpperCase();
}

export function smallInt(n: Node): number {
  if (!isUniversal(n, Tag.INTEGER) || n.content.length > 6) throw new Asn1Error('expected a small INTEGER');
  let v = 0;
  for (const b of n.content) v = v * 256 + b;
  return v;
}

/** OCTET STRING value; BER constructed octet strings are concatenated (rare, small). */
export function octets(n: Node): Buffer {
  if (n.cls === 'universal' && n.tag === Tag.OCTET_STRING && n.constructed) {
    return Buffer.concat(n.children.map(octets));
  }
  if (n.constructed) throw new Asn1Error('expected an OCTET STRING');
  return n.content;
}

/** BIT STRING value without the unused-bits octet. */
export function bitString(n: Node): { bytes: Buffer; unused: number } {
  if (!isUniversal(n, Tag.BIT_STRING) || n.constructed || n.content.length < 1) throw new Asn1Error('expected a BIT STRING');
  return { unused: n.content[0]!, bytes: n.content.subarray(1) };
}

export function time(n: Node): Date {
  if (n.cls !== 'universal' || (n.tag !== Tag.UTCTime && n.tag !== Tag.GeneralizedTime)) {
    throw new Asn1Error('expected a UTCTime or GeneralizedTime');
  }
  const s = n.content.toString('latin1');
  const m =
    n.tag === Tag.UTCTime
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{4})?$/.exec(s);
  if (!m) throw new Asn1Error(`malformed time "${s}"`);
  let year = Number(m[1]);
  if (n.tag === Tag.UTCTime) year += year < 50 ? 2000 : 1900; // RFC 5280 4.1.2.5.1
  const frac = n.tag === Tag.GeneralizedTime && m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  let ms = Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5] ?? 0), Number(m[6] ?? 0), frac);
  const zone = n.tag === Tag.UTCTime ? m[7] : m[8];
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60_000;
  }
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) throw new Asn1Error(`invalid time "${s}"`);
  return d;
}

/** Decode the directory-string types found in names. */
export function str(n: Node): string {
  if (n.cls !== 'universal') return n.content.toString('hex');
  switch (n.tag) {
    case Tag.UTF8String:
      return n.content.toString('utf8');
    case Tag.BMPString:
      return swap16(n.content).toString('utf16le');
    case Tag.UniversalString: {
      let out = '';
      for (let i = 0; i + 3 < n.content.length; i += 4) out += String.fromCodePoint(n.content.readUInt32BE(i));
      return out;
    }
    default:
      // PrintableString, IA5String, T61String (treated as Latin-1, as most software does), …
      return n.content.toString('latin1');
  }
}

function swap16(b: Buffer): Buffer {
  const c = Buffer.from(b.subarray(0, b.length & ~1));
  return c.swap16();
}
