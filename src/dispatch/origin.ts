// Is a dispatch request's origin proven? Pure: the caller reads the headers, this decides. A
// `From:` header is whatever the sender typed (RFC 5322 puts no check on it), so "From is one of
// the agency's domains" proves nothing; mail systems prove origin in two ways, and both must hold:
//
//  1. The envelope sender is aligned with From. The final delivery records the SMTP MAIL FROM as
//     `Return-Path:` at the top of the message (RFC 5321 §4.4; Dovecot LMTP does it, checked on
//     the sandbox). Its domain must share From's organizational domain: relaxed alignment as DMARC
//     defines it (RFC 7489 §3.1). A null reverse-path `<>` belongs to a mail system, not a person.
//  2. An Authentication-Results field (RFC 8601) written by a mail server we trust — one whose
//     authserv-id the agency or the deployment lists — says the message authenticated for From's
//     domain: dkim=pass with header.d aligned, spf=pass with smtp.mailfrom aligned, dmarc=pass
//     with header.from aligned (DMARC pass means exactly "aligned DKIM or SPF pass", RFC 7489
//     §4.2), or auth=pass with an smtp.auth address aligned (SMTP AUTH by an account of that
//     domain, RFC 8601 §2.7.4: a clerk submitting through the province's own server is checked by
//     neither DKIM nor SPF). A dmarc= result other than pass or none refuses, whatever else passed.
//
// Only the topmost field carrying a trusted authserv-id counts. Anyone can write an
// Authentication-Results field into his message; RFC 8601 §5 requires the border MTA to remove
// (or rename) incoming fields that carry its own authserv-id, and adds its own above the message's
// headers, so a forged field with a trusted id, if the MTA let it through, is lower down.
//
// With no trusted authserv-id configured at all, part 2 cannot be applied: the request is refused
// (AUTHSERV_NOT_CONFIGURED) — an envelope sender alone is as easy to forge as From.
import { parseAddressList, splitUnquoted } from '../mail/parse.js';
import { headerAll, type MimePart } from '../mail/classify/mime-walk.js';
import { returnPathOf } from '../mail/classify/loop.js';

export type OriginCode =
  | 'FROM_NOT_SINGLE'
  | 'NO_ENVELOPE_SENDER'
  | 'NULL_ENVELOPE_SENDER'
  | 'ENVELOPE_MISALIGNED'
  | 'AUTHSERV_NOT_CONFIGURED'
  | 'NO_TRUSTED_AUTH_RESULTS'
  | 'AUTH_RESULTS_UNREADABLE'
  | 'DKIM_SPF_NOT_ALIGNED'
  | 'DMARC_FAIL';

export interface OriginReason {
  code: OriginCode;
  /** For the clerk (Vietnamese). */
  vi: string;
  /** For logs (English). */
  en: string;
}

export interface OriginDecision {
  proven: boolean;
  /** Why not proven; empty when proven. */
  reasons: OriginReason[];
  /** What proved it, e.g. "dkim=pass header.d=longan.gov.vn (mx.longan.gov.vn)"; null when not proven. */
  evidence: string | null;
}

export interface OriginInput {
  /** Every mailbox of every From field, as written (the decision needs exactly one). */
  from: string[];
  /** The topmost Return-Path: '' for `<>`, null when absent (classification's `returnPath`). */
  returnPath: string | null;
  /** Values of every Authentication-Results field, topmost first. */
  authResults: string[];
  /** authserv-ids whose results are trusted: the agency's and the deployment's. */
  trustedAuthservIds: string[];
}

// ---------------------------------------------------------------------------------------------
// Organizational domain and alignment (RFC 7489 §3.1, §3.2)

/**
 * Second-level labels that are public suffixes (registries hand out names below them). DMARC
 * uses the Public Suffix List; we carry no copy of it, so this is an approximation: the common
 * generic second levels of .vn and a few frequent foreign ones. Under .vn every second-level
 * label is treated as a public suffix (VNNIC also delegates 63 provincial ones such as hanoi.vn),
 * so a.b.vn's organization is a.b.vn — a stricter reading that can refuse a legitimate request
 * (mail.vnpt.vn is not aligned with vnpt.vn) but never accepts two organizations as one.
 */
const TWO_LEVEL_SUFFIXES = new Set([
  'gov.vn', 'com.vn', 'edu.vn', 'org.vn', 'net.vn', 'ac.vn', 'int.vn', 'biz.vn', 'info.vn', 'name.vn', 'pro.vn', 'health.vn',
  'co.uk', 'ac.uk', 'gov.uk', 'org.uk', 'com.au', 'gov.au', 'edu.au', 'co.jp', 'ne.jp', 'or.jp', 'go.jp', 'ac.jp',
  'com.cn', 'gov.cn', 'edu.cn', 'co.kr', 'go.kr', 'com.sg', 'gov.sg', 'co.th', 'go.th', 'com.br', 'co.in', 'gov.in',
]);

/** A domain as compared: lower case, no trailing dot, no surrounding angle brackets or spaces. */
export function normalizeDomain(d: string): string {
  return d.trim().replace(/^<|>$/g, '').replace(/\.+$/, '').toLowerCase();
}

/** The domain of an address or of a `[local-part]@domain` property value; a bare domain as is. */
export function domainPart(v: string): string {
  const s = v.trim().replace(/^<|>$/g, '');
  return normalizeDomain(s.includes('@') ? s.slice(s.lastIndexOf('@') + 1) : s);
}

/** The organizational domain (RFC 7489 §3.2), approximated as described at TWO_LEVEL_SUFFIXES. */
export function organizationalDomain(domain: string): string {
  const labels = normalizeDomain(domain).split('.').filter(Boolean);
  if (labels.length <= 2) return labels.join('.');
  const lastTwo = labels.slice(-2).join('.');
  const keep = TWO_LEVEL_SUFFIXES.has(lastTwo) || labels[labels.length - 1] === 'vn' ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** Relaxed alignment: same organizational domain (RFC 7489 §3.1.1, §3.1.2). */
export function aligned(a: string, b: string): boolean {
  const x = organizationalDomain(a);
  return x !== '' && x === organizationalDomain(b);
}

// ---------------------------------------------------------------------------------------------
// Authentication-Results (RFC 8601 §2.2)

export interface AuthResult {
  /** Lower case, e.g. 'dkim', 'spf', 'dmarc', 'auth'. */
  method: string;
  /** Lower case, e.g. 'pass', 'fail', 'none'. */
  result: string;
  reason: string | null;
  /** `ptype.property` (lower case) → value, unquoted: `header.d`, `smtp.mailfrom`, `header.from`… */
  props: Record<string, string>;
}

export interface AuthResults {
  authservId: string;
  /** Results; empty for `; none` and for a field whose version we do not know. */
  results: AuthResult[];
  /** A version other than 1: RFC 8601 §2.2 says such a field is not to be interpreted. */
  unknownVersion: boolean;
  /** resinfo clauses that did not follow the grammar (left out of `results`). */
  unreadable: number;
}

/** The value with RFC 5322 comments (nested, with quoted-pairs) replaced by a space; quoted strings kept. */
export function stripComments(v: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < v.length; i++) {
    const ch = v[i]!;
    if (ch === '\\' && (quoted || depth > 0)) {
      if (depth === 0) out += ch + (v[i + 1] ?? '');
      i++;
    } else if (depth === 0 && ch === '"') {
      quoted = !quoted;
      out += ch;
    } else if (!quoted && ch === '(') {
      if (depth === 0) out += ' ';
      depth++;
    } else if (!quoted && depth > 0 && ch === ')') depth--;
    else if (depth === 0) out += ch;
  }
  return out;
}


/** A quoted string's content (quoted-pairs undone), keeping an `@domain` that follows it. */
function unquote(s: string): string {
  const m = /^"((?:[^"\\]|\\.)*)"(.*)$/s.exec(s);
  return m ? m[1]!.replace(/\\(.)/g, '$1') + m[2]! : s;
}

const KEYWORD = '[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?';
const QUOTED = '"(?:[^"\\\\]|\\\\.)*"';
const METHODSPEC = new RegExp(`^\\s*(${KEYWORD})\\s*(?:/\\s*\\d+\\s*)?=\\s*(${KEYWORD})`);
// reasonspec (`reason=value`) or propspec (`ptype.property=pvalue`, pvalue may be
// `"quoted local part"@domain`).
const SPEC = new RegExp(`^\\s+(${KEYWORD})\\s*(?:\\.\\s*(${KEYWORD})\\s*)?=\\s*((?:${QUOTED})(?:@[^\\s";]+)?|[^\\s";]+)`);

function parseResinfo(clause: string): AuthResult | null {
  const m = METHODSPEC.exec(clause);
  if (!m) return null;
  const r: AuthResult = { method: m[1]!.toLowerCase(), result: m[2]!.toLowerCase(), reason: null, props: {} };
  let rest = clause.slice(m[0].length);
  while (rest.trim() !== '') {
    const p = SPEC.exec(rest);
    if (!p) return null;
    const value = unquote(p[3]!);
    if (p[2]) r.props[`${p[1]!.toLowerCase()}.${p[2].toLowerCase()}`] = value;
    else if (p[1]!.toLowerCase() === 'reason') r.reason = value;
    else return null;
    rest = rest.slice(p[0].length);
  }
  return r;
}

/** One Authentication-Results value; null when not even an authserv-id can be read. Never throws. */
export function parseAuthResults(value: string): AuthResults | null {
  const clauses = splitUnquoted(stripComments(value));
  const head = /^\s*("(?:[^"\\]|\\.)*"|[^\s";]+)(?:\s+(\d+))?\s*$/.exec(clauses[0] ?? '');
  if (!head) return null;
  const out: AuthResults = { authservId: unquote(head[1]!), results: [], unknownVersion: !!head[2] && Number(head[2]) !== 1, unreadable: 0 };
  if (out.unknownVersion) return out;
  const rest = clauses.slice(1);
  if (rest.length === 1 && rest[0]!.trim().toLowerCase() === 'none') return out;
  for (const c of rest) {
    if (c.trim() === '') continue;
    const r = parseResinfo(c);
    if (r) out.results.push(r);
    else out.unreadable++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The decision

/** The From addresses of the From field values (every mailbox, lower case). */
export function fromAddresses(fromFields: string[]): string[] {
  return fromFields.flatMap((v) => parseAddressList(v).map((a) => a.address)).filter(Boolean);
}

/** What the decision reads from a parsed message (still pure: the headers of the MIME tree). */
export function originInput(root: MimePart, trustedAuthservIds: string[]): OriginInput {
  return {
    from: fromAddresses(headerAll(root, 'from')),
    returnPath: returnPathOf(root),
    authResults: headerAll(root, 'authentication-results'),
    trustedAuthservIds,
  };
}

/** Which property of a passing result names the identity that must align with From. */
const IDENTITY: Record<string, string[]> = {
  dkim: ['header.d', 'header.i'],
  spf: ['smtp.mailfrom'],
  dmarc: ['header.from'],
  auth: ['smtp.auth'],
};

function proofIn(ar: AuthResults, fromDomain: string): string | null {
  for (const r of ar.results) {
    if (r.result !== 'pass') continue;
    for (const prop of IDENTITY[r.method] ?? []) {
      const v = r.props[prop];
      // smtp.auth may be a bare user name: that names no domain, so it proves nothing here.
      if (!v || (r.method === 'auth' && !v.includes('@'))) continue;
      if (aligned(domainPart(v), fromDomain)) return `${r.method}=pass ${prop}=${v} (${ar.authservId})`;
    }
  }
  return null;
}

export function decideOrigin(i: OriginInput): OriginDecision {
  const reasons: OriginReason[] = [];
  const from = i.from.length === 1 ? i.from[0]! : null;
  if (!from) {
    // RFC 7489 §6.6.1: a message with several (or no) authors has no single domain to align with.
    reasons.push({
      code: 'FROM_NOT_SINGLE',
      vi: 'Thư không ghi đúng một địa chỉ người gửi (From).',
      en: `The message has ${i.from.length} From addresses; exactly one is required (RFC 7489 §6.6.1).`,
    });
  }
  const fromDomain = from ? domainPart(from) : '';

  if (i.returnPath === null) {
    reasons.push({
      code: 'NO_ENVELOPE_SENDER',
      vi: 'Thư không có địa chỉ gửi thực tế (Return-Path) do máy chủ nhận thư ghi lại, nên không xác minh được người gửi.',
      en: 'No Return-Path: the envelope sender recorded at delivery (RFC 5321 §4.4) is missing.',
    });
  } else if (i.returnPath === '') {
    reasons.push({
      code: 'NULL_ENVELOPE_SENDER',
      vi: 'Địa chỉ gửi thực tế của thư là rỗng (<>): đây là thư tự động của hệ thống thư, không phải yêu cầu của một người.',
      en: 'Null envelope sender <>: a mail system\u2019s message, not a person\u2019s request.',
    });
  } else if (from && !aligned(domainPart(i.returnPath), fromDomain)) {
    reasons.push({
      code: 'ENVELOPE_MISALIGNED',
      vi: `Thư thực tế được gửi từ địa chỉ ${i.returnPath}, không thuộc tên miền của người gửi ghi trên thư (${from}).`,
      en: `Envelope sender ${i.returnPath} is not aligned with From ${from} (organizational domains ${organizationalDomain(domainPart(i.returnPath)) || '(none)'} and ${organizationalDomain(fromDomain)}, RFC 7489 §3.1).`,
    });
  }

  const trusted = new Set(i.trustedAuthservIds.map((x) => x.trim().toLowerCase()).filter(Boolean));
  let evidence: string | null = null;
  if (trusted.size === 0) {
    reasons.push({
      code: 'AUTHSERV_NOT_CONFIGURED',
      vi: 'Hệ thống chưa được cấu hình máy chủ thư tin cậy (authserv-id) để xác thực người gửi, nên không xác minh được yêu cầu.',
      en: 'Origin unverified: no trusted Authentication-Results configured (dispatch.authservIds or the agency\u2019s authservIds).',
    });
  } else {
    // Topmost trusted field only (RFC 8601 §5, see the head of this file).
    const top = i.authResults.map(parseAuthResults).find((ar) => ar && trusted.has(ar.authservId.toLowerCase())) ?? null;
    if (!top) {
      reasons.push({
        code: 'NO_TRUSTED_AUTH_RESULTS',
        vi: 'Thư không có kết quả xác thực (Authentication-Results) của máy chủ thư tin cậy.',
        en: `No Authentication-Results field from a trusted authserv-id (${[...trusted].join(', ')}).`,
      });
    } else if (top.unknownVersion) {
      reasons.push({
        code: 'AUTH_RESULTS_UNREADABLE',
        vi: `Không đọc được kết quả xác thực của máy chủ thư ${top.authservId}.`,
        en: `The topmost Authentication-Results of ${top.authservId} has a version other than 1 (RFC 8601 §2.2).`,
      });
    } else if (from) {
      const dmarcBad = top.results.filter((r) => r.method === 'dmarc' && r.result !== 'pass' && r.result !== 'none');
      if (dmarcBad.length) {
        reasons.push({
          code: 'DMARC_FAIL',
          vi: `Thư không qua kiểm tra DMARC của tên miền ${fromDomain}: địa chỉ người gửi có thể đã bị giả mạo.`,
          en: `dmarc=${dmarcBad.map((r) => r.result).join(',')} in the Authentication-Results of ${top.authservId}.`,
        });
      } else {
        evidence = proofIn(top, fromDomain);
        if (!evidence) {
          reasons.push({
            code: 'DKIM_SPF_NOT_ALIGNED',
            vi: `Máy chủ thư tin cậy không xác nhận được thư do tên miền ${fromDomain} gửi (không có chữ ký DKIM hoặc kiểm tra SPF hợp lệ).`,
            en: `No dkim=pass (header.d), spf=pass (smtp.mailfrom), dmarc=pass (header.from) or auth=pass (smtp.auth) aligned with ${fromDomain} in the Authentication-Results of ${top.authservId}${top.unreadable ? ` (${top.unreadable} unreadable clause(s) ignored)` : ''}.`,
          });
        }
      }
    }
  }
  const proven = reasons.length === 0;
  return { proven, reasons, evidence: proven ? evidence : null };
}
