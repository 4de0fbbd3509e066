// Property-based fuzzing of the delivery-report field parsers: RFC 3464 field groups and
// per-recipient fields (src/mail/classify/dsn.ts), RFC 3463 status codes and SMTP replies
// (smtp-status.ts), and whole generated DSNs read back through classifyMessageSync.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyMessageSync } from '../../../src/mail/classify/index.js';
import { parseFieldGroups, recipientsFromGroups, typedValue } from '../../../src/mail/classify/dsn.js';
import { findEnhancedCode, findReplyCode, inferStatus, normalizeAction, refineGenericStatus } from '../../../src/mail/classify/smtp-status.js';
import type { RecipientAction } from '../../../src/mail/classify/types.js';
import { FUZZ_TIMEOUT, check, repeated, withinTime } from '../../helpers/fuzz.js';

const STATUS = /^[245]\.\d{1,3}\.\d{1,3}$/;
const ACTIONS: RecipientAction[] = ['failed', 'delayed', 'delivered', 'relayed', 'expanded'];
const SOURCES = ['report', 'reply-code', 'text', 'default'];

/** Any text, with the pieces bounces are made of mixed in so that the parsers' paths are reached. */
const bounceish = fc.array(
  fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'grapheme', maxLength: 10 }),
    fc.constantFrom('5.1.1', '4.2.2', '2.0.0', '550', '421', '250-', ' 5.7.1 ', '9.9.9', '5.1.1.1', '10.0.0.1', 'smtp;', 'user unknown', 'mailbox full', 'hộp thư đã đầy', 'không tồn tại', 'timed out', 'relay denied', '#', "'", '(', ';', ':'),
    fc.integer().map(String),
  ),
  { maxLength: 12 },
).map((a) => a.join(' '));

describe('status codes and replies (RFC 3463, RFC 5321)', () => {
  it('inferStatus always answers class.subject.detail with class 2, 4 or 5', { timeout: FUZZ_TIMEOUT }, () => {
    check(
      fc.property(fc.option(bounceish, { nil: null }), fc.option(bounceish, { nil: null }), fc.option(fc.constantFrom(...ACTIONS), { nil: null }), (given, text, action) => {
        const r = inferStatus(given, text, action);
        expect(r.status).toMatch(STATUS);
        expect(SOURCES).toContain(r.source);
      }),
      1000,
    );
  });

  it('a well-formed Status field is trusted as written, leading zeros dropped', { timeout: FUZZ_TIMEOUT }, () => {
    const digits = fc.stringMatching(/^\d{1,3}$/);
    check(
      fc.property(fc.constantFrom('2', '4', '5'), digits, digits, fc.constantFrom('', ' ', '\t'), fc.constantFrom('', ' (Recipient address rejected)', ' x'), bounceish, (k, s, d, pad, tail, text) => {
        const r = inferStatus(`${pad}${k}.${s}.${d}${tail}`, text);
        expect(r).toEqual({ status: `${k}.${Number(s)}.${Number(d)}`, source: 'report' });
      }),
      500,
    );
  });

  it('findEnhancedCode finds a code written in a sentence, and finds only well-formed codes', { timeout: FUZZ_TIMEOUT }, () => {
    const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz :<>@'.split('')), maxLength: 30 });
    const digits = fc.stringMatching(/^\d{1,3}$/);
    check(
      fc.property(word, fc.constantFrom('2', '4', '5'), digits, digits, word, bounceish, (before, k, s, d, after, noise) => {
        expect(findEnhancedCode(`${before} ${k}.${s}.${d} ${after}`)).toBe(`${k}.${Number(s)}.${Number(d)}`);
        const any = findEnhancedCode(noise);
        if (any !== null) expect(any).toMatch(STATUS);
        const reply = findReplyCode(noise);
        if (reply !== null) expect(reply).toMatch(/^[245][0-5]\d$/);
      }),
      500,
    );
  });

  it('normalizeAction reads any spelling of the five actions and nothing else', { timeout: FUZZ_TIMEOUT }, () => {
    check(
      fc.property(fc.constantFrom(...ACTIONS), fc.constantFrom('lower', 'upper', 'title'), fc.constantFrom('', ' ', '\t'), fc.constantFrom('', ' (permanent failure)', '; x', ' '), fc.string(), (a, c, pad, tail, junk) => {
        const spelt = c === 'upper' ? a.toUpperCase() : c === 'title' ? a[0]!.toUpperCase() + a.slice(1) : a;
        expect(normalizeAction(`${pad}${spelt}${tail}`)).toBe(a);
        const other = normalizeAction(junk);
        if (other !== null) expect(ACTIONS).toContain(other);
      }),
      500,
    );
  });
});

describe('field groups (RFC 3464 2.1-2.3)', () => {
  it('never throws on arbitrary status bodies, and every recipient read is well-formed', { timeout: FUZZ_TIMEOUT }, () => {
    const line = fc.oneof(
      fc.constantFrom('', ' ', '  folded', 'Final-Recipient: rfc822; a@b.vn', 'Original-Recipient: rfc822;B@b.vn', 'Final-Recipient: utf-8; a\\x{110000}@b', 'Final-Recipient: utf-8; \\x{D800}\\x{1EA1}@b', 'Final-Recipient: rfc822;', 'Action: failed', 'Action: bogus', 'Status: 5.1.1', 'Status: 9.9.9', 'Diagnostic-Code: smtp; 550 user unknown', 'Remote-MTA: dns; mx.b.vn', 'Reporting-MTA: dns; a'),
      fc.string({ maxLength: 40 }).map((s) => `Final-Recipient: ${s}`),
      fc.string({ maxLength: 40 }).map((s) => `Diagnostic-Code: ${s}`),
      fc.string({ maxLength: 40 }),
    );
    check(
      fc.property(fc.array(line, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const groups = parseFieldGroups(lines.join(eol));
        for (const r of recipientsFromGroups(groups)) {
          expect(r.address).not.toBe('');
          expect(r.status).toMatch(STATUS);
          expect(ACTIONS).toContain(r.action);
        }
      }),
      500,
    );
  });

  it('typedValue never throws, whatever follows the address type', { timeout: FUZZ_TIMEOUT }, () => {
    const hex = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'.split('')), minLength: min, maxLength: max });
    const piece = fc.oneof(fc.string({ maxLength: 8 }), hex(1, 9).map((h) => `\\x{${h}}`), hex(2, 2).map((h) => `+${h}`));
    check(
      fc.property(fc.constantFrom('rfc822;', 'utf-8;', 'unknown;', ''), fc.array(piece, { maxLength: 8 }), (type, pieces) => {
        const v = typedValue(`${type}${pieces.join('')}`);
        if (v !== null) expect(typeof v).toBe('string');
      }),
      1000,
    );
  });

  it('stays linear on huge field bodies', () => {
    for (const body of [repeated('Final-Recipient: rfc822; a@b.vn\n', 300_000), repeated(' ', 300_000, 'Diagnostic-Code: smtp; 550', 'x'), repeated('\\x{', 300_000, 'Final-Recipient: utf-8; '), repeated('a: ', 300_000)]) {
      withinTime(body.length, () => recipientsFromGroups(parseFieldGroups(body)));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Whole reports, generated and read back.

const domain = fc.constantFrom('so.vn', 'longan.gov.vn', 'stc.longan.gov.vn', 'example.com', 'Mail.Example.ORG');
const localPart = fc.oneof(
  fc.emailAddress().map((a) => a.slice(0, a.lastIndexOf('@'))),
  fc.tuple(fc.constantFrom('vanthu', 'tiepnhan', 'so.tc', 'UBND'), fc.stringMatching(/^[a-z0-9]{1,6}$/)).map(([u, tag]) => `${u}+${tag}`),
);
const address = fc.tuple(localPart, domain).map(([l, d]) => `${l}@${d}`);
const unicodeAddress = fc.constantFrom('văn.thư@sở.vn', 'tiếp.nhận@ubnd.longan.vn', 'ĐẠI.DIỆN@bộ.vn');

interface RcptSpec {
  address: string;
  utf8: boolean;
  original: string | null;
  /** Original-Recipient after Final-Recipient, as Postfix writes it (RFC 3464 2.3 puts it first). */
  originalAfter: boolean;
  action: RecipientAction;
  status: [string, string, string] | null;
  diagnostic: { reply: string; code: [string, string, string] | null; text: string; fold: boolean } | null;
  remoteMta: string | null;
}
const triple = fc.tuple(fc.constantFrom('2', '4', '5'), fc.stringMatching(/^\d{1,3}$/), fc.stringMatching(/^\d{1,3}$/));
const rcpt: fc.Arbitrary<RcptSpec> = fc
  .record({
    address,
    unicode: fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: unicodeAddress, weight: 1 }),
    original: fc.option(address, { nil: null }),
    originalAfter: fc.boolean(),
    action: fc.constantFrom(...ACTIONS),
    status: fc.option(triple, { nil: null, freq: 4 }),
    diagnostic: fc.option(
      fc.record({ reply: fc.constantFrom('550', '552', '450', '421', '554', '250'), code: fc.option(triple, { nil: null }), text: fc.constantFrom('Recipient address rejected: User unknown', 'Mailbox full', 'Requested action not taken', 'OK'), fold: fc.boolean() }),
      { nil: null },
    ),
    remoteMta: fc.option(fc.constantFrom('mx.so.vn', 'mail.example.com'), { nil: null }),
  })
  // A report always says which status it is (Status is a required field); one written without it
  // must then carry a code in its diagnostic for the reading to be exact.
  .filter((r) => r.status !== null || r.diagnostic?.code != null)
  .map((r) => ({ address: r.unicode ?? r.address, utf8: r.unicode !== null, original: r.original, originalAfter: r.originalAfter, action: r.action, status: r.status, diagnostic: r.diagnostic, remoteMta: r.remoteMta }));

interface DsnSpec {
  recipients: RcptSpec[];
  global: boolean;
  eol: '\r\n' | '\n';
  nameCase: 'canonical' | 'lower' | 'upper';
  blankBetween: boolean;
  xtext: boolean;
  space: boolean;
  envelopeId: string | null;
  messageId: string;
}
const dsn: fc.Arbitrary<DsnSpec> = fc.record({
  recipients: fc.array(rcpt, { minLength: 1, maxLength: 5 }),
  global: fc.boolean(),
  eol: fc.constantFrom('\r\n' as const, '\n' as const),
  nameCase: fc.constantFrom('canonical' as const, 'lower' as const, 'upper' as const),
  blankBetween: fc.boolean(),
  xtext: fc.boolean(),
  space: fc.boolean(),
  envelopeId: fc.option(fc.stringMatching(/^[A-Za-z0-9]{4,12}$/), { nil: null }),
  messageId: fc.stringMatching(/^[a-z0-9.]{1,20}$/).map((s) => `<${s}@so.vn>`),
});

/** RFC 3461 4 xtext, as sendmail writes ORCPT ("+" and "=" encoded); plain otherwise (Postfix). */
const xtext = (a: string) => a.replace(/[+=]/g, (c) => `+${c.charCodeAt(0).toString(16).toUpperCase()}`);
const code = (t: [string, string, string]) => t.join('.');
const read = (t: [string, string, string]) => `${t[0]}.${Number(t[1])}.${Number(t[2])}`;

function renderDsn(d: DsnSpec): string {
  const e = d.eol;
  const n = (s: string) => (d.nameCase === 'lower' ? s.toLowerCase() : d.nameCase === 'upper' ? s.toUpperCase() : s);
  const sp = d.space ? ' ' : '';
  const addr = (a: string, utf8: boolean) => (utf8 ? `utf-8;${sp}${a}` : `rfc822;${sp}${d.xtext ? xtext(a) : a}`);
  const fields: string[] = [`${n('Reporting-MTA')}: dns;${sp}mail.so.vn`];
  if (d.envelopeId) fields.push(`${n('Original-Envelope-Id')}: ${d.envelopeId}`);
  fields.push(`${n('Arrival-Date')}: Tue, 3 Dec 2026 08:00:00 +0700`, '');
  d.recipients.forEach((r, i) => {
    if (i > 0 && d.blankBetween) fields.push('');
    const original = r.original ? [`${n('Original-Recipient')}: ${addr(r.original, false)}`] : [];
    const final = `${n('Final-Recipient')}: ${addr(r.address, r.utf8)}`;
    fields.push(...(r.originalAfter ? [final, ...original] : [...original, final]), `${n('Action')}: ${r.action}`);
    if (r.status) fields.push(`${n('Status')}: ${code(r.status)}`);
    if (r.remoteMta) fields.push(`${n('Remote-MTA')}: dns;${sp}${r.remoteMta}`);
    if (r.diagnostic) {
      const x = r.diagnostic;
      const first = `${x.reply}${x.code ? ` ${code(x.code)}` : ''}`;
      fields.push(`${n('Diagnostic-Code')}: smtp;${sp}${first}${x.fold ? `${e}    ` : ' '}${x.text}`);
    }
  });
  const type = d.global ? 'message/global-delivery-status' : 'message/delivery-status';
  return [
    'From: MAILER-DAEMON@mail.so.vn (Mail Delivery System)',
    'To: vanthu@so.vn',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="=_B"',
    '',
    '--=_B',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mail.so.vn.',
    '--=_B',
    `Content-Type: ${type}`,
    '',
    ...fields,
    '',
    '--=_B',
    'Content-Type: text/rfc822-headers',
    '',
    `Message-ID: ${d.messageId}`,
    'Subject: Công văn 12/UBND-VX',
    '--=_B--',
    '',
  ].join(e);
}

describe('generated delivery status notifications', () => {
  it('reads back every recipient: final recipient, original recipient, action, status', { timeout: FUZZ_TIMEOUT }, () => {
    check(
      fc.property(dsn, (d) => {
        // A raw UTF-8 address belongs in message/global-delivery-status (RFC 6533 3).
        const spec = { ...d, recipients: d.global ? d.recipients : d.recipients.map((r) => (r.utf8 ? { ...r, address: 'vanthu@so.vn', utf8: false } : r)) };
        // Written plain, "+2D" is both a sub-address and xtext for "-": the reader takes xtext.
        if (!d.xtext) fc.pre(!spec.recipients.some((r) => /\+[2-7][0-9A-F]/.test(`${r.address} ${r.original ?? ''}`)));
        const c = classifyMessageSync(Buffer.from(renderDsn(spec), 'utf8'));
        expect(c.kind).toBe('delivery-report');
        if (c.kind !== 'delivery-report') return;
        expect(c.format).toBe('rfc3464');
        expect(c.originalMessageId).toBe(spec.messageId);
        expect(c.originalEnvelopeId).toBe(spec.envelopeId);
        expect(c.reportingMta).toBe('mail.so.vn');
        expect(c.recipients.map((r) => [r.address, r.originalRecipient ?? null, r.action, r.status, r.statusSource, r.remoteMta ?? null])).toEqual(
          spec.recipients.map((r) => {
            const final = r.address.toLowerCase();
            const orig = r.original && r.original.toLowerCase() !== final ? r.original.toLowerCase() : null;
            if (!r.status) return [final, orig, r.action, read(r.diagnostic!.code!), 'reply-code', r.remoteMta];
            // A generic x.0.0 Status gives way to a more precise reading of the diagnostic of the
            // same class (smtp-status.ts refineGenericStatus); any other Status is kept as written.
            const x = r.diagnostic;
            const refined = refineGenericStatus({ status: read(r.status), source: 'report' }, x ? `${x.reply}${x.code ? ` ${code(x.code)}` : ''} ${x.text}` : null);
            return [final, orig, r.action, refined.status, refined.source, r.remoteMta];
          }),
        );
        c.recipients.forEach((r, i) => {
          const x = spec.recipients[i]!.diagnostic;
          expect(r.diagnostic).toBe(x ? `${x.reply}${x.code ? ` ${code(x.code)}` : ''} ${x.text}` : null);
        });
      }),
      300,
    );
  });
});

describe('non-standard bounce text', () => {
  it('a mailer daemon\'s notice of awkward repetitions is classified within the time bound', { timeout: FUZZ_TIMEOUT }, () => {
    const piece = fc.constantFrom('\n', '-', '\t\n', ' ', '<', '>', '@', 'a@b.vn', '<a@b.vn>: ', '550 ', '5.1.1 ', ':', 'said: ', '---', '--- Original message ---', '(', '"', '\r\n', 'x');
    check(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1_000, max: 60_000 }), fc.boolean(), (pieces, size, nullSender) => {
        const body = repeated(pieces.join(''), size, '', 'x');
        const raw = `From: MAILER-DAEMON@mx.so.vn\n${nullSender ? 'Return-Path: <>\n' : ''}Subject: Undelivered Mail Returned to Sender\n\n${body}`;
        const c = withinTime(raw.length, () => classifyMessageSync(Buffer.from(raw, 'latin1')));
        expect(c.errors.join('\n')).not.toMatch(/internal error/);
      }),
      25,
      100,
    );
  });
});
