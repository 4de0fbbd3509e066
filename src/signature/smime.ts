// S/MIME (RFC 8551) signed messages from raw bytes. multipart/signed is verified over the exact
// bytes of the first body part, headers included, in canonical CRLF form; decoding it (as
// mailparser does) would change it. Opaque application/pkcs7-mime carries the content inside.
// Messages stored with bare LF are turned back to CRLF first.
import { parseSignedData } from './cms.js';
import type { Context } from './context.js';
import { blankSignature, overallOf, verdictVi, type FileReport, type SignatureReport } from './report.js';
import { applyError, validateSignature } from './validate.js';
import { failed } from './verdict.js';
import { splitUnquoted } from '../mail/parse.js';

const MAX_DEPTH = 8;
const CRLF = Buffer.from('\r\n');

/** Convert bare LF line ends to CRLF; returns the input itself when already canonical. */
export function toCrlf(buf: Buffer): Buffer {
  let bare = 0;
  for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) if (buf[i - 1] !== 0x0d) bare++;
  if (bare === 0) return buf;
  const out = Buffer.allocUnsafe(buf.length + bare);
  let o = 0;
  let s = 0;
  for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) {
    if (buf[i - 1] === 0x0d) continue;
    o += buf.copy(out, o, s, i);
    out[o++] = 0x0d;
    out[o++] = 0x0a;
    s = i + 1;
  }
  o += buf.copy(out, o, s);
  return out.subarray(0, o);
}

export interface MimeEntity {
  headers: Map<string, string>;
  contentType: { type: string; params: Map<string, string> };
  body: Buffer;
}

/** Split one entity into headers and body (CRLF form). */
export function parseEntity(raw: Buffer): MimeEntity {
  const sep = raw.indexOf('\r\n\r\n');
  let headerText: string;
  let body: Buffer;
  if (raw.subarray(0, 2).equals(CRLF)) {
    headerText = '';
    body = raw.subarray(2);
  } else if (sep < 0) {
    headerText = raw.toString('latin1');
    body = raw.subarray(raw.length);
  } else {
    headerText = raw.toString('latin1', 0, sep);
    body = raw.subarray(sep + 4);
  }
  const headers = new Map<string, string>();
  for (const line of headerText.replace(/\r\n(?=[ \t])/g, '').split('\r\n')) {
    const c = line.indexOf(':');
    if (c > 0) {
      const k = line.slice(0, c).trim().toLowerCase();
      if (!headers.has(k)) headers.set(k, line.slice(c + 1).trim());
    }
  }
  return { headers, contentType: parseContentType(headers.get('content-type') ?? 'text/plain'), body };
}

export function parseContentType(v: string): MimeEntity['contentType'] {
  const [typePart, ...rest] = splitUnquoted(v);
  const params = new Map<string, string>();
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    let val = p.slice(eq + 1).trim();
    if (val.startsWith('"') && val.endsWith('"') && val.length >= 2) val = val.slice(1, -1).replace(/\\(.)/g, '$1');
    params.set(p.slice(0, eq).trim().toLowerCase(), val);
  }
  return { type: (typePart ?? '').trim().toLowerCase(), params };
}


/** Body parts of a multipart body: exact byte views between delimiter lines (RFC 2046 5.1.1). */
export function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  if (!boundary || boundary.length > 200) throw failed('FORMAT_FAILURE', 'multipart without a usable boundary');
  const delim = Buffer.from(`--${boundary}`, 'latin1');
  const starts: { lineStart: number; afterLine: number; close: boolean }[] = [];
  let i = body.subarray(0, delim.length).equals(delim) ? 0 : -1;
  if (i < 0) {
    const j = body.indexOf(Buffer.concat([CRLF, delim]));
    i = j < 0 ? -1 : j + 2;
  }
  while (i >= 0) {
    const close = body[i + delim.length] === 0x2d && body[i + delim.length + 1] === 0x2d;
    const eol = body.indexOf(CRLF, i + delim.length);
    starts.push({ lineStart: i, afterLine: eol < 0 ? body.length : eol + 2, close });
    if (close) break;
    const j = body.indexOf(Buffer.concat([CRLF, delim]), i + delim.length);
    i = j < 0 ? -1 : j + 2;
  }
  const parts: Buffer[] = [];
  for (let k = 0; k + 1 < starts.length; k++) {
    // The CRLF before the next delimiter belongs to the delimiter, not to the part.
    parts.push(body.subarray(starts[k]!.afterLine, starts[k + 1]!.lineStart - 2));
  }
  if (!starts.at(-1)?.close) throw failed('FORMAT_FAILURE', 'multipart body without its closing delimiter (truncated?)');
  return parts;
}

function decodeBody(e: MimeEntity): Buffer {
  const cte = (e.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (cte === 'base64') {
    const text = e.body.toString('latin1').replace(/[\s]+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw failed('FORMAT_FAILURE', 'the signature part is not valid base64');
    return Buffer.from(text, 'base64');
  }
  return e.body;
}

const isSigType = (t: string) => t === 'application/pkcs7-signature' || t === 'application/x-pkcs7-signature';
const isMimeType = (t: string) => t === 'application/pkcs7-mime' || t === 'application/x-pkcs7-mime';

export function looksLikeEmail(buf: Buffer): boolean {
  const head = buf.subarray(0, 4096).toString('latin1');
  return /^(?:[!-9;-~]+:[^\n]*\n(?:[ \t][^\n]*\n)*)+/.test(head) && /^(content-type|mime-version|from|received|subject|date|to):/im.test(head);
}

export function verifySmimeBuffer(raw: Buffer, ctx: Context, file: string | null = null): FileReport {
  const signatures: SignatureReport[] = [];
  let problem: string | null = null;
  try {
    walk(parseEntity(toCrlf(raw)), 0, ctx, signatures);
  } catch (e) {
    problem = (e as Error).message;
  }
  if (problem && signatures.length === 0) {
    const r = blankSignature(0, 'smime-detached');
    applyError(r, failed('FORMAT_FAILURE', problem));
    r.verdictVi = verdictVi(r);
    signatures.push(r);
  }
  return { file, format: 'smime', size: raw.length, signatures, overall: overallOf(signatures, 'the message is not S/MIME signed') };
}

function walk(entity: MimeEntity, depth: number, ctx: Context, out: SignatureReport[]): void {
  if (depth > MAX_DEPTH) return;
  const { type, params } = entity.contentType;
  if (type === 'multipart/signed') {
    const parts = splitMultipart(entity.body, params.get('boundary') ?? '');
    const signed = parts[0];
    const sigPart = parts[1] ? parseEntity(parts[1]) : null;
    if (!signed || !sigPart || !isSigType(sigPart.contentType.type)) {
      const r = blankSignature(out.length, 'smime-detached');
      applyError(r, failed('FORMAT_FAILURE', 'multipart/signed without an application/pkcs7-signature part'));
      r.verdictVi = verdictVi(r);
      out.push(r);
      return;
    }
    verifyCms(() => decodeBody(sigPart), [signed], 'smime-detached', ctx, out);
    walkNested(signed, depth, ctx, out);
  } else if (isMimeType(type)) {
    const smimeType = (params.get('smime-type') ?? 'signed-data').toLowerCase();
    if (smimeType !== 'signed-data') return; // enveloped (encrypted) data: nothing to verify here
    const inner = verifyCms(() => decodeBody(entity), null, 'smime-opaque', ctx, out);
    if (inner) walkNested(toCrlf(inner), depth, ctx, out);
  } else if (type.startsWith('multipart/')) {
    for (const p of splitMultipart(entity.body, params.get('boundary') ?? '')) walk(parseEntity(p), depth + 1, ctx, out);
  } else if (type === 'message/rfc822') {
    walk(parseEntity(entity.body), depth + 1, ctx, out);
  }
}

/** Signatures nested in signed content; a malformed inner structure is not the outer's fault. */
function walkNested(raw: Buffer, depth: number, ctx: Context, out: SignatureReport[]): void {
  try {
    walk(parseEntity(raw), depth + 1, ctx, out);
  } catch {
    // the outer signature already reports on these bytes
  }
}

/** Verify every SignerInfo; returns the encapsulated content (opaque form) when readable. */
function verifyCms(
  blob: () => Buffer,
  detached: Buffer[] | null,
  type: SignatureReport['type'],
  ctx: Context,
  out: SignatureReport[],
): Buffer | null {
  const first = blankSignature(out.length, type);
  try {
    const sd = parseSignedData(blob());
    const content = detached ?? (sd.eContent ? [sd.eContent] : null);
    if (!content) throw failed('FORMAT_FAILURE', 'opaque S/MIME signature without content');
    if (detached && sd.eContent) throw failed('FORMAT_FAILURE', 'detached S/MIME signature carries content');
    if (sd.signerInfos.length === 0) throw failed('FORMAT_FAILURE', 'the CMS signature has no SignerInfo');
    sd.signerInfos.forEach((si, k) => {
      const r = k === 0 ? first : blankSignature(out.length, type);
      validateSignature({ sd, si, content }, ctx, r);
      r.verdictVi = verdictVi(r);
      out.push(r);
    });
    return sd.eContent;
  } catch (e) {
    applyError(first, e);
    first.verdictVi = verdictVi(first);
    out.push(first);
    return null;
  }
}
