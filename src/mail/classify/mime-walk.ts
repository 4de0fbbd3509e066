// Our own MIME structure walker over the raw bytes. Why not mailparser: on a Postfix DSN,
// simpleParser appends the message/delivery-status fields to `text` and returns
// text/rfc822-headers as an attachment, it does not tell us which part a text came from, and it
// turns a raw Windows-1258 subject into U+FFFD (checked against the corpus). Classification needs the exact tree:
// which parts sit at the top level, which are inside an embedded message/rfc822, each part's
// declared type and parameters. This walker never throws: every oddity becomes an entry in
// `errors` and the best reading we can make of the bytes.
import {
  decodeBase64,
  decodeBytes,
  decodeHeaderValue,
  decodeQuotedPrintable,
  htmlToText,
  isHeaderLine,
  parseHeaderLines,
  parseParams,
  toBinary,
  toBuffer,
  type RawHeader,
} from '../parse.js';

export interface MimePart {
  /** Position in the tree: '' for the root, '1', '1.2'; an embedded message's root is 'N.m'. */
  path: string;
  headers: RawHeader[];
  /** Lower-case `type/subtype`; text/plain when missing or unparseable (RFC 2045 default). */
  contentType: string;
  params: Record<string, string>;
  disposition: string | null;
  filename: string | null;
  /** The transfer-decoded content; empty for multiparts. */
  body: Buffer;
  children: MimePart[];
  /** The message inside message/rfc822, message/global, text/rfc822-headers (headers only). */
  message: MimePart | null;
  errors: string[];
}

export interface WalkLimits {
  maxDepth: number;
  maxParts: number;
}

const DEFAULT_LIMITS: WalkLimits = { maxDepth: 24, maxParts: 2000 };

const EMBEDDED_MESSAGE = new Set(['message/rfc822', 'message/global', 'message/news']);
const EMBEDDED_HEADERS = new Set(['text/rfc822-headers', 'message/global-headers']);

/** Parse raw message bytes into a MIME tree. Never throws. */
export function parseMime(raw: Buffer, limits: Partial<WalkLimits> = {}): MimePart {
  const state = { parts: 0, limits: { ...DEFAULT_LIMITS, ...limits } };
  return parseEntity(toBinary(raw), '', 0, 'text/plain', state, true);
}

interface WalkState {
  parts: number;
  limits: WalkLimits;
}

/** Split an entity into header lines and body, tolerating LF/CRLF, an mbox "From " line and a
 * missing blank line between header and body. */
function splitEntity(bin: string, isMessage: boolean): { lines: string[]; body: string; errors: string[] } {
  const errors: string[] = [];
  const lines: string[] = [];
  let pos = 0;
  let first = true;
  while (pos < bin.length) {
    const nl = bin.indexOf('\n', pos);
    const end = nl < 0 ? bin.length : nl;
    const line = bin.slice(pos, end).replace(/\r$/, '');
    const next = nl < 0 ? bin.length : nl + 1;
    if (line === '') return { lines, body: bin.slice(next), errors };
    if (first && isMessage && line.startsWith('From ')) {
      pos = next; // mbox separator line from an export: not a header, not an error
      first = false;
      continue;
    }
    if (!isHeaderLine(line)) {
      if (lines.length > 0 || isMessage) errors.push('header block not ended by a blank line; the body is taken to start at the first non-header line');
      return { lines, body: bin.slice(pos), errors };
    }
    lines.push(line);
    first = false;
    pos = next;
  }
  return { lines, body: '', errors };
}

function headerRaw(headers: RawHeader[], key: string): string | null {
  return headers.find((h) => h.key === key)?.raw ?? null;
}

function parseEntity(bin: string, path: string, depth: number, defaultType: string, state: WalkState, isMessage: boolean): MimePart {
  state.parts++;
  const split = splitEntity(bin, isMessage);
  const { headers, errors: hErrors } = parseHeaderLines(split.lines);
  const errors = [...split.errors, ...hErrors];

  const ctRaw = headerRaw(headers, 'content-type');
  const ct = parseParams(ctRaw ?? '');
  let contentType = ct.value.toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(contentType)) {
    if (ctRaw) errors.push(`unparseable Content-Type ${JSON.stringify(ctRaw.slice(0, 80))}; treated as ${defaultType}`);
    contentType = defaultType;
  }
  const disp = parseParams(headerRaw(headers, 'content-disposition') ?? '');
  const charsetForHeaders = ct.params.charset ?? null;
  const filenameRaw = disp.params.filename ?? ct.params.name ?? null;
  const part: MimePart = {
    path,
    headers,
    contentType,
    params: ct.params,
    disposition: disp.value ? disp.value.toLowerCase() : null,
    filename: filenameRaw ? decodeHeaderValue(filenameRaw, charsetForHeaders) : null,
    body: Buffer.alloc(0),
    children: [],
    message: null,
    errors,
  };

  const cte = (headerRaw(headers, 'content-transfer-encoding') ?? '').trim().toLowerCase();
  const tooDeep = depth >= state.limits.maxDepth || state.parts >= state.limits.maxParts;

  if (contentType.startsWith('multipart/')) {
    const boundary = ct.params.boundary;
    if (tooDeep) {
      errors.push('MIME nesting or part count limit reached; deeper parts ignored');
    } else if (!boundary) {
      errors.push(`${contentType} without a boundary parameter; body read as text`);
      part.contentType = 'text/plain';
      part.body = toBuffer(split.body);
    } else {
      const childDefault = contentType === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
      const { parts, errors: mErrors } = splitMultipart(split.body, boundary);
      errors.push(...mErrors);
      if (parts.length === 0) {
        // No delimiter at all: keep the body readable as text rather than losing it.
        part.body = toBuffer(split.body);
      }
      for (let i = 0; i < parts.length; i++) {
        // The part count limit holds for siblings too: checked only before descending, a flat
        // multipart of 5,000 leaves gave 5,000 parts under a limit of 2,000 (found by fuzzing).
        if (state.parts >= state.limits.maxParts) {
          errors.push(`MIME part count limit (${state.limits.maxParts}) reached; ${parts.length - i} of ${parts.length} parts ignored`);
          break;
        }
        const childPath = path ? `${path}.${i + 1}` : `${i + 1}`;
        part.children.push(parseEntity(parts[i]!, childPath, depth + 1, childDefault, state, false));
      }
    }
    return part;
  }

  part.body = decodeTransfer(split.body, cte, errors);
  if (EMBEDDED_MESSAGE.has(contentType) || EMBEDDED_HEADERS.has(contentType)) {
    if (part.body.length === 0) errors.push(`empty ${contentType} part`);
    // Said in words like a multipart's: an embedded message left unread must not pass silently.
    else if (tooDeep) errors.push(`MIME nesting or part count limit reached; the embedded ${contentType} was not read`);
    else part.message = parseEntity(toBinary(part.body), path ? `${path}.m` : 'm', depth + 1, 'text/plain', state, true);
  }
  return part;
}

function decodeTransfer(body: string, cte: string, errors: string[]): Buffer {
  switch (cte) {
    case '':
    case '7bit':
    case '8bit':
    case 'binary':
      return toBuffer(body);
    case 'base64':
      return decodeBase64(body);
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      errors.push(`unknown Content-Transfer-Encoding ${JSON.stringify(cte)}; content kept as is`);
      return toBuffer(body);
  }
}

/** Split a multipart body on its boundary. Returns the raw part entities (binary strings). */
function splitMultipart(body: string, boundary: string): { parts: string[]; errors: string[] } {
  const errors: string[] = [];
  const delim = '--' + boundary;
  const parts: string[] = [];
  let start = -1; // start offset of the current part's content
  let closed = false;
  // Jump from one line that starts with the delimiter to the next with indexOf rather than
  // walking every line: a 200 KB base64 attachment is thousands of lines.
  for (let pos = nextDelimiterLine(body, delim, 0); pos >= 0; ) {
    const nl = body.indexOf('\n', pos);
    const end = nl < 0 ? body.length : nl;
    // trimEnd, not /\s+$/: that regex retries from every white-space character of a run that
    // does not reach the line's end, quadratic on "--b" + 40,000 spaces + "x" (1.8 s; found by fuzzing).
    const rest = body.slice(pos + delim.length, end).trimEnd();
    if (rest === '' || rest === '--') {
      if (start >= 0) {
        // The line break before the delimiter belongs to the delimiter (RFC 2046 5.1.1).
        let stop = pos;
        if (stop > start && body[stop - 1] === '\n') stop--;
        if (stop > start && body[stop - 1] === '\r') stop--;
        parts.push(body.slice(start, Math.max(start, stop)));
      }
      if (rest === '--') {
        closed = true;
        break;
      }
      start = nl < 0 ? body.length : nl + 1;
    }
    if (nl < 0) break;
    pos = nextDelimiterLine(body, delim, nl + 1);
  }
  if (start < 0) errors.push(`multipart boundary ${JSON.stringify(boundary)} never occurs in the body`);
  else if (!closed) {
    errors.push(`multipart boundary ${JSON.stringify(boundary)} is never closed; the last part runs to the end`);
    parts.push(body.slice(start));
  }
  return { parts, errors };
}

/** Offset of the next line (at or after `from`, itself a line start) that begins with `delim`. */
function nextDelimiterLine(body: string, delim: string, from: number): number {
  if (body.startsWith(delim, from)) return from;
  const i = body.indexOf('\n' + delim, from);
  return i < 0 ? -1 : i + 1;
}

// ---------------------------------------------------------------------------------------------
// Reading the tree.

/** First value of a header, decoded (8-bit bytes in the part's charset, then RFC 2047). */
export function header(part: MimePart, name: string): string | null {
  const raw = headerRaw(part.headers, name.toLowerCase());
  return raw === null ? null : decodeHeaderValue(raw, part.params.charset ?? null);
}

/** All values of a header, decoded, in order of appearance. */
export function headerAll(part: MimePart, name: string): string[] {
  const key = name.toLowerCase();
  return part.headers.filter((h) => h.key === key).map((h) => decodeHeaderValue(h.raw, part.params.charset ?? null));
}

/**
 * Every part in document order. By default does not enter embedded messages: a bounced copy of
 * one of our documents must not make the bounce look like a document, nor an embedded ack like
 * an ack.
 */
export function* walkParts(root: MimePart, intoMessages = false): Generator<MimePart> {
  yield root;
  for (const c of root.children) yield* walkParts(c, intoMessages);
  if (intoMessages && root.message) yield* walkParts(root.message, true);
}

/** Top-level parts (not inside embedded messages) with this content type. */
export function findParts(root: MimePart, ...types: string[]): MimePart[] {
  const want = new Set(types);
  return [...walkParts(root)].filter((p) => want.has(p.contentType));
}

/** Decoded text of a leaf part (HTML converted to text). */
export function partText(part: MimePart): string {
  const text = decodeBytes(part.body, part.params.charset ?? null).text;
  return part.contentType === 'text/html' ? htmlToText(text) : text;
}

export function isAttachment(part: MimePart): boolean {
  return part.disposition === 'attachment' || (part.filename !== null && part.children.length === 0);
}

/**
 * The readable body of the message itself: its inline text/plain parts, or its HTML as text when
 * there is no plain text. Embedded messages and attachments are not included.
 */
export function messageText(root: MimePart): string {
  const plain: string[] = [];
  const html: string[] = [];
  for (const p of walkParts(root)) {
    if (p.children.length > 0 || isAttachment(p)) continue;
    if (p.contentType === 'text/plain') plain.push(partText(p));
    else if (p.contentType === 'text/html') html.push(partText(p));
  }
  return (plain.length > 0 ? plain : html).join('\n');
}

/** Every error found anywhere in the tree, prefixed with the part path. */
export function collectErrors(root: MimePart): string[] {
  const out: string[] = [];
  for (const p of walkParts(root, true)) for (const e of p.errors) out.push(p.path ? `part ${p.path}: ${e}` : e);
  return out;
}
