// PDF object syntax (ISO 32000-1 §7.2–7.3): a bounded parser that reads one object at a given
// offset. Strings keep their byte offsets, so the signature's /Contents hex string can be
// matched exactly against the gap in /ByteRange. Streams are not read: we record where their
// data lies and skip it by /Length, so a 50 MB image is never scanned.

export class PdfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfError';
  }
}

export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

/** A string token. `start`/`end` delimit it in the file, delimiters included. */
export class PdfString {
  constructor(
    readonly src: Buffer,
    readonly start: number,
    readonly end: number,
    readonly hex: boolean,
  ) {}

  /** Decoded bytes. Hex strings are validated (Buffer.from('hex') would stop silently). */
  bytes(maxBytes = 1 << 20): Buffer {
    const inner = this.src.subarray(this.start + 1, this.end - 1);
    if (this.hex) {
      if (inner.length > maxBytes * 2 + 1024) throw new PdfError(`hex string too large (${inner.length} bytes)`);
      const text = inner.toString('latin1').replace(/[\s\0]+/g, '');
      if (!/^[0-9A-Fa-f]*$/.test(text)) throw new PdfError('hex string holds non-hex characters');
      return Buffer.from(text.length % 2 ? text + '0' : text, 'hex');
    }
    if (inner.length > maxBytes) throw new PdfError('string too large');
    return unescapeLiteral(inner);
  }

  /** Text string (§7.9.2.2): UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding ≈ Latin-1. */
  text(): string {
    const b = this.bytes();
    if (b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
    if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
    return b.toString('latin1');
  }
}

export class PdfDict {
  constructor(
    readonly map: Map<string, PdfValue>,
    readonly start: number,
    readonly end: number,
  ) {}

  get(key: string): PdfValue | undefined {
    return this.map.get(key);
  }
}

export interface PdfStream {
  kind: 'stream';
  dict: PdfDict;
  dataStart: number;
  dataEnd: number;
}

export type PdfValue = null | boolean | number | PdfName | PdfRef | PdfString | PdfDict | PdfValue[];

export interface IndirectObject {
  num: number;
  gen: number;
  value: PdfValue | PdfStream;
  start: number;
  end: number;
}

export function isStream(v: unknown): v is PdfStream {
  return typeof v === 'object' && v !== null && (v as PdfStream).kind === 'stream';
}

export function nameOf(v: PdfValue | undefined): string | null {
  return v instanceof PdfName ? v.name : null;
}

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);
const MAX_DEPTH = 64;
const MAX_ITEMS = 100_000;

export function isWhite(b: number | undefined): boolean {
  return b !== undefined && WS.has(b);
}

function isRegular(b: number | undefined): boolean {
  return b !== undefined && !WS.has(b) && !DELIM.has(b);
}

/** A cursor over the file. `limit` bounds every scan. */
export class Lexer {
  pos: number;
  constructor(
    readonly buf: Buffer,
    pos = 0,
    readonly limit = buf.length,
  ) {
    this.pos = pos;
  }

  skipWs(): void {
    const b = this.buf;
    while (this.pos < this.limit) {
      const c = b[this.pos]!;
      if (WS.has(c)) this.pos++;
      else if (c === 0x25) {
        // comment to end of line
        while (this.pos < this.limit && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      } else break;
    }
  }

  /** A regular-character run (keyword or number) without consuming it when `peek`. */
  word(peek = false): string {
    this.skipWs();
    let e = this.pos;
    while (e < this.limit && isRegular(this.buf[e])) e++;
    const w = this.buf.toString('latin1', this.pos, e);
    if (!peek) this.pos = e;
    return w;
  }

  expectWord(w: string): void {
    const got = this.word();
    if (got !== w) throw new PdfError(`expected "${w}" at ${this.pos}, found "${got.slice(0, 20)}"`);
  }

  value(depth = 0): PdfValue {
    if (depth > MAX_DEPTH) throw new PdfError('objects nested too deep');
    this.skipWs();
    if (this.pos >= this.limit) throw new PdfError('unexpected end of file');
    const b = this.buf;
    const c = b[this.pos]!;
    if (c === 0x2f) return this.name();
    if (c === 0x3c) {
      if (b[this.pos + 1] === 0x3c) return this.dict(depth);
      return this.hexString();
    }
    if (c === 0x28) return this.literalString();
    if (c === 0x5b) {
      this.pos++;
      const arr: PdfValue[] = [];
      for (;;) {
        this.skipWs();
        if (this.pos >= this.limit) throw new PdfError('unterminated array');
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return arr;
        }
        if (arr.length >= MAX_ITEMS) throw new PdfError('array too long');
        arr.push(this.value(depth + 1));
      }
    }
    const w = this.word();
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (w === 'null') return null;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) {
      const n = Number(w);
      // "num gen R" — look ahead without committing.
      if (/^\d+$/.test(w)) {
        const save = this.pos;
        const g = this.word();
        if (/^\d+$/.test(g) && this.word() === 'R') return new PdfRef(n, Number(g));
        this.pos = save;
      }
      return n;
    }
    throw new PdfError(`unexpected token "${w.slice(0, 20) || String.fromCharCode(c)}" at ${this.pos}`);
  }

  private name(): PdfName {
    this.pos++; // '/'
    const s = this.pos;
    while (this.pos < this.limit && isRegular(this.buf[this.pos])) this.pos++;
    const raw = this.buf.toString('latin1', s, this.pos);
    return new PdfName(raw.includes('#') ? raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw);
  }

  private dict(depth: number): PdfDict {
    const start = this.pos;
    this.pos += 2;
    const map = new Map<string, PdfValue>();
    for (;;) {
      this.skipWs();
      if (this.pos >= this.limit) throw new PdfError('unterminated dictionary');
      if (this.buf[this.pos] === 0x3e && this.buf[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return new PdfDict(map, start, this.pos);
      }
      if (this.buf[this.pos] !== 0x2f) throw new PdfError(`dictionary key expected at ${this.pos}`);
      if (map.size >= MAX_ITEMS) throw new PdfError('dictionary too large');
      const key = this.name().name;
      map.set(key, this.value(depth + 1));
    }
  }

  private hexString(): PdfString {
    const start = this.pos;
    const end = this.buf.indexOf(0x3e, this.pos + 1);
    if (end < 0 || end >= this.limit) throw new PdfError('unterminated hex string');
    this.pos = end + 1;
    return new PdfString(this.buf, start, this.pos, true);
  }

  private literalString(): PdfString {
    const start = this.pos;
    let depth = 0;
    const b = this.buf;
    while (this.pos < this.limit) {
      const c = b[this.pos++]!;
      if (c === 0x5c) this.pos++;
      else if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) return new PdfString(b, start, this.pos, false);
    }
    throw new PdfError('unterminated string');
  }
}

function unescapeLiteral(inner: Buffer): Buffer {
  if (!inner.includes(0x5c) && !inner.includes(0x0d)) return inner;
  const out: number[] = [];
  for (let i = 0; i < inner.length; i++) {
    let c = inner[i]!;
    if (c === 0x0d) {
      // EOL in a string is read as LF (§7.3.4.2)
      if (inner[i + 1] === 0x0a) i++;
      out.push(0x0a);
      continue;
    }
    if (c !== 0x5c) {
      out.push(c);
      continue;
    }
    c = inner[++i] ?? 0;
    const map: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };
    if (map[c] !== undefined) out.push(map[c]!);
    else if (c >= 0x30 && c <= 0x37) {
      let v = c - 0x30;
      for (let k = 0; k < 2 && (inner[i + 1] ?? 0) >= 0x30 && (inner[i + 1] ?? 0) <= 0x37; k++) v = v * 8 + (inner[++i]! - 0x30);
      out.push(v & 0xff);
    } else if (c === 0x0d) {
      if (inner[i + 1] === 0x0a) i++;
    } else if (c !== 0x0a) out.push(c);
  }
  return Buffer.from(out);
}

/**
 * Read "num gen obj … endobj" at `offset`. `lengthOf` resolves an indirect /Length; when it
 * cannot, the stream end is found by a bounded search for "endstream".
 */
export function parseIndirectAt(buf: Buffer, offset: number, lengthOf: (v: PdfValue | undefined) => number | null): IndirectObject {
  if (!Number.isInteger(offset) || offset < 0 || offset >= buf.length) throw new PdfError(`object offset ${offset} outside the file`);
  const lx = new Lexer(buf, offset);
  const num = Number(lx.word());
  const gen = Number(lx.word());
  if (!Number.isInteger(num) || !Number.isInteger(gen)) throw new PdfError(`no object at offset ${offset}`);
  lx.expectWord('obj');
  const value = lx.value();
  if (value instanceof PdfDict && lx.word(true) === 'stream') {
    lx.word();
    // The keyword is followed by CRLF or LF (§7.3.8.1); tolerate a lone CR.
    if (buf[lx.pos] === 0x0d) lx.pos++;
    if (buf[lx.pos] === 0x0a) lx.pos++;
    const dataStart = lx.pos;
    let len = lengthOf(value.get('Length'));
    if (len !== null && (len < 0 || dataStart + len > buf.length || !endstreamAt(buf, dataStart + len))) len = null;
    let dataEnd: number;
    if (len !== null) dataEnd = dataStart + len;
    else {
      const e = buf.indexOf('endstream', dataStart, 'latin1');
      if (e < 0) throw new PdfError('stream without endstream');
      dataEnd = e;
      if (buf[dataEnd - 1] === 0x0a) dataEnd--;
      if (buf[dataEnd - 1] === 0x0d) dataEnd--;
    }
    const after = new Lexer(buf, dataEnd);
    after.expectWord('endstream');
    const end = skipEndobj(after);
    return { num, gen, value: { kind: 'stream', dict: value, dataStart, dataEnd }, start: offset, end };
  }
  return { num, gen, value, start: offset, end: skipEndobj(lx) };
}

function endstreamAt(buf: Buffer, p: number): boolean {
  const lx = new Lexer(buf, p, Math.min(buf.length, p + 64));
  return lx.word() === 'endstream';
}

function skipEndobj(lx: Lexer): number {
  // Tolerate a missing endobj (common in damaged files): the value is complete anyway.
  const save = lx.pos;
  if (lx.word() !== 'endobj') lx.pos = save;
  return lx.pos;
}
