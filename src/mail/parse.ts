// Low-level, never-throwing helpers for reading mail as it really arrives: raw 8-bit headers,
// missing or wrong charsets, Vietnamese legacy encodings, RFC 2047 encoded words, RFC 2231
// parameters and loosely formatted address lists. Everything here works on "binary strings"
// (one char per byte, latin1) or Buffers, so that no byte is lost before we decide how to decode
// it. Higher layers (src/mail/classify/mime-walk.ts) build the MIME tree on top of these.
import iconv from 'iconv-lite';
import { decodeIso2022Jp, isIso2022Jp } from './iso-2022-jp.js';

/** Charset used when a part declares none (or an unknown one) and its bytes are not valid UTF-8.
 * Windows-1258 is what Vietnamese Windows mail clients produced before UTF-8 won; unlike latin1
 * it maps the Vietnamese tone marks, and it never throws. */
export const FALLBACK_CHARSET = 'windows-1258';

// Labels seen in the wild that iconv-lite does not know under that name. TCVN3 (ABC) is
// TCVN 5712; VNI is a font trick over Windows-1252 bytes, so 1252 is the least-wrong reading.
const CHARSET_ALIASES: Record<string, string> = {
  tcvn3: 'tcvn',
  'tcvn-3': 'tcvn',
  abc: 'tcvn',
  vni: 'windows-1252',
  'x-viet-vni': 'windows-1252',
  'vni-windows': 'windows-1252',
  'x-user-defined': 'windows-1252',
  'unicode-1-1-utf-7': 'utf-7',
  ascii: 'us-ascii',
  'ansi_x3.4-1968': 'us-ascii',
  'ks_c_5601-1987': 'cp949',
  'iso-8859-8-i': 'iso-8859-8',
};

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

function isValidUtf8(buf: Buffer): boolean {
  try {
    utf8Strict.decode(buf);
    return true;
  } catch {
    return false;
  }
}

function isAscii(buf: Buffer): boolean {
  for (const b of buf) if (b > 0x7f) return false;
  return true;
}

/** Normalise a charset label to one iconv-lite knows, or null when we have no idea. */
export function resolveCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  let l = label.trim().replace(/^["']|["']$/g, '').toLowerCase();
  // RFC 2231 language suffix ("utf-8*vi") and stray parameters.
  l = l.split('*')[0]?.trim() ?? '';
  if (!l) return null;
  l = CHARSET_ALIASES[l] ?? l;
  return iconv.encodingExists(l) ? l : null;
}

export interface DecodedText {
  text: string;
  /** The charset actually used. */
  charset: string;
  /** True when the declared charset was missing, unknown or evidently wrong. */
  guessed: boolean;
}

/**
 * Decode bytes to text. A declared charset is trusted unless it is US-ASCII/absent and the bytes
 * are not ASCII (then UTF-8 if valid, else the Vietnamese fallback). Output is NFC, because
 * Windows-1258 spells Vietnamese with combining tone marks and comparisons need one form.
 */
export function decodeBytes(buf: Buffer, declared?: string | null): DecodedText {
  // 7-bit but not ASCII text: iconv-lite cannot read it, so it has its own decoder.
  if (isIso2022Jp(declared)) return { text: decodeIso2022Jp(buf).normalize('NFC'), charset: 'iso-2022-jp', guessed: false };
  const resolved = resolveCharset(declared);
  if (isAscii(buf)) return { text: buf.toString('latin1'), charset: resolved ?? 'us-ascii', guessed: false };
  const asciiLike = !resolved || resolved === 'us-ascii';
  if (asciiLike || resolved === 'utf-8' || resolved === 'utf8') {
    if (isValidUtf8(buf)) return { text: buf.toString('utf8').normalize('NFC'), charset: 'utf-8', guessed: asciiLike };
    // Declared UTF-8 but is not: a legacy client lying about its charset. Guess rather than show
    // replacement characters everywhere.
    return { text: safeDecode(buf, FALLBACK_CHARSET).normalize('NFC'), charset: FALLBACK_CHARSET, guessed: true };
  }
  return { text: safeDecode(buf, resolved).normalize('NFC'), charset: resolved, guessed: false };
}

function safeDecode(buf: Buffer, charset: string): string {
  try {
    return iconv.decode(buf, charset);
  } catch {
    return buf.toString('latin1');
  }
}

/** Binary string (latin1, one char per byte) → Buffer, and back. */
export const toBuffer = (binary: string): Buffer => Buffer.from(binary, 'latin1');
export const toBinary = (buf: Buffer): string => buf.toString('latin1');

/**
 * The header block of a raw message as a binary string with folded lines unfolded: everything
 * before the first blank line, or the first 64 KiB when there is none. For quick looks at one
 * header without a MIME parse.
 */
export function headerBlock(raw: Buffer): string {
  const end = raw.indexOf('\r\n\r\n');
  return toBinary(raw.subarray(0, end >= 0 ? end : Math.min(raw.length, 64 * 1024))).replace(/\r?\n[ \t]+/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// Quoted-printable and base64, tolerant of the damage real mail has (bad padding, stray chars).

export function decodeQuotedPrintable(binary: string): Buffer {
  // Soft line breaks first ("=\r\n" or "=\n", also with trailing whitespace before the break).
  const s = binary.replace(/=[ \t]*\r?\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3d /* = */ && i + 2 < s.length && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(c & 0xff);
    }
  }
  return Buffer.from(out);
}

export function decodeBase64(binary: string): Buffer {
  // Node's decoder already skips whitespace; drop everything else that is not base64 too, and
  // stop at a second padding run (concatenated encodings are rare and not worth guessing).
  // The test is a scan without allocation; the usual, clean attachment skips the copy.
  return Buffer.from(/[^A-Za-z0-9+/=_\r\n\t -]/.test(binary) ? binary.replace(/[^A-Za-z0-9+/=_-]/g, '') : binary, 'base64');
}

// ---------------------------------------------------------------------------------------------
// RFC 2047 encoded words.

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/** Decode `=?charset?B|Q?…?=` words; whitespace between adjacent encoded words is dropped. */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  // Join adjacent encoded words that share a charset before decoding, so multi-byte sequences
  // split across words (common with UTF-8 Vietnamese subjects) decode correctly.
  const collapsed = value.replace(/(\?=)\s+(=\?)/g, '$1$2');
  const words: { start: number; end: number; charset: string; bytes: Buffer }[] = [];
  for (const m of collapsed.matchAll(ENCODED_WORD)) {
    const [whole, cs = '', enc = 'Q', data = ''] = m;
    const charset = cs.split('*')[0] ?? cs;
    const bytes = enc.toUpperCase() === 'B' ? decodeBase64(data) : decodeQuotedPrintable(data.replace(/_/g, ' '));
    words.push({ start: m.index ?? 0, end: (m.index ?? 0) + whole.length, charset, bytes });
  }
  let out = '';
  let pos = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    out += collapsed.slice(pos, w.start);
    // Concatenated once: growing one Buffer word by word copied the run over and over (quadratic
    // on a Subject of 20,000 adjacent words; found by fuzzing).
    const run = [w.bytes];
    let j = i;
    while (j + 1 < words.length && words[j + 1]!.start === words[j]!.end && words[j + 1]!.charset.toLowerCase() === w.charset.toLowerCase()) {
      j++;
      run.push(words[j]!.bytes);
    }
    out += decodeBytes(run.length === 1 ? w.bytes : Buffer.concat(run), w.charset).text;
    pos = words[j]!.end;
    i = j;
  }
  return (out + collapsed.slice(pos)).normalize('NFC');
}

/** Decode a raw header value (binary string): 8-bit bytes first, then RFC 2047 words. */
export function decodeHeaderValue(binary: string, fallbackCharset?: string | null): string {
  // A value parseParams already decoded (RFC 2231 `filename*=utf-8''C%C3%B4ng%20v%C4%83n`) holds
  // characters above U+00FF, which no binary string can: taking it for bytes again turned "ă"
  // (U+0103) into a control character.
  if (/[^\x00-\xff]/.test(binary)) return decodeEncodedWords(binary);
  const buf = toBuffer(binary);
  const text = isAscii(buf) ? binary : decodeBytes(buf, fallbackCharset ?? null).text;
  return decodeEncodedWords(text);
}

// ---------------------------------------------------------------------------------------------
// Header blocks.

export interface RawHeader {
  /** Field name as written. */
  name: string;
  /** Lower-case field name, for lookups. */
  key: string;
  /** Unfolded value, still a binary string (undecoded). */
  raw: string;
}

const FIELD_LINE = /^([!-9;-~]+)[ \t]*:(.*)$/s;

/**
 * Parse a header block (binary string, lines separated by CRLF or LF). Lines that are neither a
 * field nor a continuation are reported and skipped; the caller decides where the block ends.
 */
export function parseHeaderLines(lines: string[]): { headers: RawHeader[]; errors: string[] } {
  const headers: RawHeader[] = [];
  const errors: string[] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      const last = headers[headers.length - 1]!;
      last.raw += ' ' + line.trim();
      continue;
    }
    const m = FIELD_LINE.exec(line);
    if (m) headers.push({ name: m[1]!, key: m[1]!.toLowerCase(), raw: m[2]!.trim() });
    else if (line.trim()) errors.push(`ignored a header line that is not a field: ${JSON.stringify(line.slice(0, 60))}`);
  }
  return { headers, errors };
}

/** Is this line plausibly part of a header block (a field or a folded continuation)? */
export function isHeaderLine(line: string): boolean {
  return FIELD_LINE.test(line) || /^[ \t]+\S/.test(line);
}

/**
 * Remove RFC 5322 comments "(…)" (not nested) in one pass. A regex such as /\(.*?\)/g retries
 * from every "(" that has no ")" after it, so a header of unclosed parentheses cost time quadratic
 * in its length (80,000 of them: 3.3 s in a Content-Type, 15 s in an address; found by fuzzing).
 */
export function stripComments(s: string): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const open = s.indexOf('(', pos);
    const close = open < 0 ? -1 : s.indexOf(')', open + 1);
    if (close < 0) break;
    out += s.slice(pos, open);
    pos = close + 1;
  }
  return out + s.slice(pos);
}

// ---------------------------------------------------------------------------------------------
// Structured values: Content-Type style parameters (with RFC 2231 continuations and charsets).

export interface ParsedValue {
  value: string;
  params: Record<string, string>;
}

/** Split on `sep` outside quoted strings (a quoted-pair `\\"` does not end the quotes). */
export function splitUnquoted(v: string, sep = ';'): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < v.length; i++) {
    const ch = v[i]!;
    if (ch === '\\' && quoted) {
      cur += ch + (v[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Parse `value; a=b; c="d;e"; f*=utf-8''x%20y; g*0=..; g*1=..` without throwing. */
export function parseParams(input: string): ParsedValue {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (ch === '"' && input[i - 1] !== '\\') quoted = !quoted;
    if (ch === ';' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  const value = stripComments((parts.shift() ?? '').trim()).trim();
  const simple: Record<string, string> = {};
  const continued: Record<string, { idx: number; text: string; encoded: boolean }[]> = {};
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    let key = p.slice(0, eq).trim().toLowerCase();
    let val = p.slice(eq + 1).trim();
    if (val.startsWith('"')) val = val.replace(/^"|"$/g, '').replace(/\\(.)/g, '$1');
    const m = /^([^*]+)\*(\d+)?(\*)?$/.exec(key);
    if (m) {
      key = m[1]!;
      const list = (continued[key] ??= []);
      list.push({ idx: m[2] ? Number(m[2]) : 0, text: val, encoded: m[3] === '*' || (!m[2] && p.slice(0, eq).trim().endsWith('*')) });
    } else simple[key] = val;
  }
  for (const [key, list] of Object.entries(continued)) {
    list.sort((a, b) => a.idx - b.idx);
    let charset: string | null = null;
    const bytes: Buffer[] = [];
    for (const seg of list) {
      let text = seg.text;
      if (seg.encoded) {
        if (seg.idx === 0) {
          const m = /^([^']*)'[^']*'(.*)$/.exec(text);
          if (m) {
            charset = m[1] || null;
            text = m[2]!;
          }
        }
        bytes.push(toBuffer(text.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))));
      } else bytes.push(toBuffer(text));
    }
    simple[key] = decodeBytes(Buffer.concat(bytes), charset).text;
  }
  for (const k of Object.keys(simple)) simple[k] = decodeEncodedWords(simple[k]!);
  return { value, params: simple };
}

// ---------------------------------------------------------------------------------------------
// Addresses and identifiers.

export interface Address {
  name: string | null;
  /** Lower-cased addr-spec, or '' for the null reverse-path `<>`. */
  address: string;
}

/** Split an address list on commas outside quotes, angle brackets and comments. */
export function parseAddressList(value: string | null | undefined): Address[] {
  if (!value) return [];
  const out: Address[] = [];
  let cur = '';
  let depth = 0;
  let quoted = false;
  let angle = false;
  const flush = () => {
    const a = parseOneAddress(cur);
    if (a) out.push(a);
    cur = '';
  };
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '"' && value[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth = Math.max(0, depth - 1);
    else if (!quoted && ch === '<') angle = true;
    else if (!quoted && ch === '>') angle = false;
    if ((ch === ',' || ch === ';') && !quoted && depth === 0 && !angle) flush();
    else cur += ch;
  }
  flush();
  return out;
}

function parseOneAddress(text: string): Address | null {
  const t = text.trim();
  if (!t) return null;
  const angle = /<([^<>]*)>/.exec(t);
  if (angle) {
    const name = t.slice(0, angle.index).replace(/^"|"$/g, '').trim().replace(/^"|"$/g, '') || null;
    return { name, address: cleanAddr(angle[1]!) };
  }
  // The first comment, found without a regex for the same reason as in stripComments.
  const open = t.indexOf('(');
  const close = open < 0 ? -1 : t.indexOf(')', open + 1);
  const comment = close < 0 ? null : t.slice(open + 1, close);
  const bare = stripComments(t).trim();
  // Group syntax "undisclosed-recipients:;" and other non-addresses are skipped.
  if (!bare.includes('@')) return null;
  return { name: comment?.trim() || null, address: cleanAddr(bare.split(/\s+/).find((w) => w.includes('@')) ?? bare) };
}

function cleanAddr(a: string): string {
  return a
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^"(.*)"(@.*)$/, '$1$2')
    .replace(/[.,;:]+$/, '')
    .toLowerCase();
}

/** First `<…>` in a Message-ID-like header, angle brackets kept; a bare token gets wrapped. */
export function normalizeMessageId(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /<([^<>\s]+)>/.exec(value);
  if (m) return `<${m[1]}>`;
  const bare = value.trim().split(/\s+/)[0];
  return bare && bare.includes('@') ? `<${bare.replace(/^<|>$/g, '')}>` : null;
}

// ---------------------------------------------------------------------------------------------
// Text helpers.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** A crude but safe HTML → text: enough to run bounce and auto-reply patterns over HTML-only mail. */
export function htmlToText(html: string): string {
  const text = dropBlocks(html).replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d|table)>/gi, '\n');
  // A "<" after the last ">" opens no tag; /<[^>]*>/g would scan to the end from each of them
  // (quadratic on "<a<a<a…": 80,000 characters took 2.8 s; found by fuzzing).
  const lastClose = text.lastIndexOf('>') + 1;
  return (text.slice(0, lastClose).replace(/<[^>]*>/g, ' ') + text.slice(lastClose))
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (whole, ent: string) => {
      if (ent[0] === '#') {
        const code = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[ent.toLowerCase()] ?? whole;
    })
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\n\s*\n\s*\n+/g, '\n\n')
    .trim();
}

/**
 * Remove <script>, <style> and <head> blocks. One forward search per block: the regex
 * /<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi scanned to the end of the text from every opening
 * tag that is never closed (quadratic: 200,000 characters of "<script" took 8 s; found by
 * fuzzing). Once a name has no closing tag after some point, no later opening of it can close.
 */
function dropBlocks(html: string): string {
  const open = /<(script|style|head)\b/gi;
  const unclosed = new Set<string>();
  let out = '';
  let pos = 0;
  for (let m = open.exec(html); m && unclosed.size < 3; m = open.exec(html)) {
    const name = m[1]!.toLowerCase();
    if (unclosed.has(name)) continue;
    const close = new RegExp(`<\\/${name}\\s*>`, 'gi');
    close.lastIndex = open.lastIndex;
    if (!close.exec(html)) {
      unclosed.add(name);
      continue;
    }
    out += html.slice(pos, m.index) + ' ';
    pos = open.lastIndex = close.lastIndex;
  }
  return out + html.slice(pos);
}

/** Lower-case, strip Vietnamese diacritics (đ → d): pattern matching that survives bad encodings. */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}
