// Proof of origin for dispatch by email (src/dispatch/origin.ts): organizational domains and
// relaxed alignment (RFC 7489 §3), the Authentication-Results grammar (RFC 8601 §2.2, the examples
// of its Appendix B), and the decision — the forged-From attack, forged results, DMARC, and what
// happens when nothing is configured; and the notice's text (src/dispatch/origin-notice.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aligned,
  decideOrigin,
  domainPart,
  fromAddresses,
  organizationalDomain,
  originInput,
  parseAuthResults,
  stripComments,
  type OriginInput,
} from '../../../src/dispatch/origin.js';
import { parseMime } from '../../../src/mail/classify/mime-walk.js';
import { envelopeSenderText, originNoticeText } from '../../../src/dispatch/origin-notice.js';

describe('organizational domain and alignment', () => {
  it('takes the last two labels, or three under a known two-level public suffix', () => {
    expect(organizationalDomain('stttt.longan.test')).toBe('longan.test');
    expect(organizationalDomain('longan.test')).toBe('longan.test');
    expect(organizationalDomain('mx1.mail.example.com')).toBe('example.com');
    expect(organizationalDomain('a.b.example.co.uk')).toBe('example.co.uk');
    expect(organizationalDomain('Mail.Example.COM.')).toBe('example.com');
  });

  it('treats every second level of .vn as a public suffix (provincial ones included)', () => {
    expect(organizationalDomain('stttt.longan.gov.vn')).toBe('longan.gov.vn');
    expect(organizationalDomain('longan.gov.vn')).toBe('longan.gov.vn');
    expect(organizationalDomain('gov.vn')).toBe('gov.vn');
    expect(organizationalDomain('x.y.edu.vn')).toBe('y.edu.vn');
    // hanoi.vn is delegated by VNNIC like gov.vn: two registrants below it are two organizations.
    expect(organizationalDomain('congty.hanoi.vn')).toBe('congty.hanoi.vn');
    expect(aligned('congty.hanoi.vn', 'khac.hanoi.vn')).toBe(false);
    // The price of not carrying the Public Suffix List: stricter than DMARC here.
    expect(organizationalDomain('vnpt.vn')).toBe('vnpt.vn');
    expect(aligned('mail.vnpt.vn', 'vnpt.vn')).toBe(false);
  });

  it('relaxed alignment: same organizational domain, any subdomain', () => {
    expect(aligned('stttt.longan.test', 'sotc.longan.test')).toBe(true);
    expect(aligned('bounce.stttt.longan.gov.vn', 'longan.gov.vn')).toBe(true);
    expect(aligned('longan.gov.vn', 'danang.gov.vn')).toBe(false);
    expect(aligned('longan.test', 'attacker.example')).toBe(false);
    expect(aligned('longan.test', 'evillongan.test')).toBe(false);
    expect(aligned('', '')).toBe(false);
  });

  it('reads the domain of addresses and property values', () => {
    expect(domainPart('VanThu@UBND.LongAn.test')).toBe('ubnd.longan.test');
    expect(domainPart('@longan.gov.vn')).toBe('longan.gov.vn');
    expect(domainPart('<a@b.example.>')).toBe('b.example');
    expect(domainPart('longan.gov.vn')).toBe('longan.gov.vn');
    expect(domainPart('"a@b"@x.example')).toBe('x.example');
  });

  it('lists every mailbox of every From field', () => {
    expect(fromAddresses(['Văn thư <VanThu@UBND.longan.test>'])).toEqual(['vanthu@ubnd.longan.test']);
    expect(fromAddresses(['"A, B" <a@x.test>, b@y.test'])).toEqual(['a@x.test', 'b@y.test']);
    expect(fromAddresses(['a@x.test', 'b@y.test'])).toHaveLength(2);
    expect(fromAddresses(['undisclosed-recipients:;'])).toEqual([]);
  });
});

describe('Authentication-Results grammar (RFC 8601)', () => {
  it('B.2: no results', () => {
    expect(parseAuthResults('example.org 1; none')).toEqual({ authservId: 'example.org', results: [], unknownVersion: false, unreadable: 0 });
  });

  it('B.3 / B.4: SPF, and SMTP AUTH with a comment', () => {
    const a = parseAuthResults('example.com; auth=pass (cram-md5) smtp.auth=sender@example.net; spf=pass smtp.mailfrom=example.net')!;
    expect(a.authservId).toBe('example.com');
    expect(a.results).toEqual([
      { method: 'auth', result: 'pass', reason: null, props: { 'smtp.auth': 'sender@example.net' } },
      { method: 'spf', result: 'pass', reason: null, props: { 'smtp.mailfrom': 'example.net' } },
    ]);
  });

  it('B.6: two DKIM signatures, one good and one bad', () => {
    const a = parseAuthResults('example.com;\r\n dkim=pass (good signature) header.d=mail-router.example.net;\r\n dkim=fail (bad signature) header.d=newyork.example.com')!;
    expect(a.results.map((r) => [r.method, r.result, r.props['header.d']])).toEqual([
      ['dkim', 'pass', 'mail-router.example.net'],
      ['dkim', 'fail', 'newyork.example.com'],
    ]);
  });

  it('comments may hold ";", "=", quotes and nested parentheses; quoted values may hold ";"', () => {
    const a = parseAuthResults(
      'mx.longan.gov.vn (Postfix; "relay" (inner; x=y)); dkim=pass (1024-bit key; unprotected) header.d=longan.gov.vn header.i=@longan.gov.vn header.b="Ab/+1=;x" header.s=mail; spf=pass (mx.longan.gov.vn: domain of vanthu@longan.gov.vn designates 10.0.0.5 as permitted sender) smtp.mailfrom=vanthu@longan.gov.vn',
    )!;
    expect(a.authservId).toBe('mx.longan.gov.vn');
    expect(a.unreadable).toBe(0);
    expect(a.results).toHaveLength(2);
    expect(a.results[0]!.props).toEqual({ 'header.d': 'longan.gov.vn', 'header.i': '@longan.gov.vn', 'header.b': 'Ab/+1=;x', 'header.s': 'mail' });
    expect(a.results[1]!.props['smtp.mailfrom']).toBe('vanthu@longan.gov.vn');
  });

  it('reads reason=, method versions, a quoted authserv-id, a quoted local part, and any case', () => {
    const a = parseAuthResults('"mx.example.org" 1; DKIM/1 = PASS reason="good sig" Header.D=Example.ORG; spf=pass smtp.mailfrom="john doe"@example.org')!;
    expect(a.authservId).toBe('mx.example.org');
    expect(a.results[0]).toEqual({ method: 'dkim', result: 'pass', reason: 'good sig', props: { 'header.d': 'Example.ORG' } });
    expect(a.results[1]!.props['smtp.mailfrom']).toBe('john doe@example.org');
  });

  it('a version other than 1 is not interpreted; a clause off the grammar is counted, not read', () => {
    const v2 = parseAuthResults('mx.example.org 2; dkim=pass header.d=example.org')!;
    expect(v2.unknownVersion).toBe(true);
    expect(v2.results).toEqual([]);
    const bad = parseAuthResults('mx.example.org; dkim=pass header.d; spf=pass smtp.mailfrom=example.org; =pass')!;
    expect(bad.unreadable).toBe(2);
    expect(bad.results.map((r) => r.method)).toEqual(['spf']);
  });

  it('no authserv-id, no field', () => {
    expect(parseAuthResults('; spf=pass smtp.mailfrom=example.org')).toBeNull();
    expect(parseAuthResults('')).toBeNull();
    expect(parseAuthResults('two words; spf=pass')).toBeNull();
  });

  it('strips comments but keeps quoted strings and their escapes', () => {
    expect(stripComments('a (b (c) d) e')).toBe('a   e');
    expect(stripComments('"(not a comment)" x')).toBe('"(not a comment)" x');
    expect(stripComments('a (esc \\) still comment) b')).toBe('a   b');
    expect(stripComments('"q \\" (x)" y')).toBe('"q \\" (x)" y');
  });

  it('never throws, whatever the value', () => {
    const piece = fc.oneof(fc.string(), fc.constantFrom(';', '(', ')', '"', '\\', '=', '.', ' ', 'dkim=pass', 'header.d=', '@', '/1'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const v = parts.join('');
        const r = parseAuthResults(v);
        expect(r === null || typeof r.authservId === 'string').toBe(true);
        expect(() => decideOrigin({ ...GOOD, authResults: [v] })).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});

const MTA = 'mx.longan.test';
const GOOD: OriginInput = {
  from: ['vanthu@ubnd.longan.test'],
  returnPath: 'vanthu@ubnd.longan.test',
  authResults: [`${MTA}; spf=pass smtp.mailfrom=vanthu@ubnd.longan.test; dkim=pass header.d=ubnd.longan.test`],
  trustedAuthservIds: [MTA],
};
const codes = (i: Partial<OriginInput>) => decideOrigin({ ...GOOD, ...i }).reasons.map((r) => r.code);

describe('decideOrigin', () => {
  it('proves a request authenticated by a trusted server, envelope aligned', () => {
    const d = decideOrigin(GOOD);
    expect(d).toEqual({ proven: true, reasons: [], evidence: `spf=pass smtp.mailfrom=vanthu@ubnd.longan.test (${MTA})` });
  });

  it('refuses the forged From with an outside envelope sender and no results (the attack)', () => {
    const d = decideOrigin({ ...GOOD, returnPath: 'evil@attacker.example', authResults: [] });
    expect(d.proven).toBe(false);
    expect(d.evidence).toBeNull();
    expect(d.reasons.map((r) => r.code)).toEqual(['ENVELOPE_MISALIGNED', 'NO_TRUSTED_AUTH_RESULTS']);
    expect(d.reasons[0]!.vi).toContain('evil@attacker.example');
    expect(d.reasons[0]!.en).toMatch(/attacker\.example.*longan\.test/);
  });

  it('refuses a forged From even when the attacker also forges the envelope, if no trusted server vouches', () => {
    expect(codes({ authResults: [] })).toEqual(['NO_TRUSTED_AUTH_RESULTS']);
  });

  it('ignores results claimed by an authserv-id it does not trust', () => {
    const forged = 'evil.example; dkim=pass header.d=ubnd.longan.test; spf=pass smtp.mailfrom=ubnd.longan.test; dmarc=pass header.from=ubnd.longan.test';
    expect(codes({ authResults: [forged] })).toEqual(['NO_TRUSTED_AUTH_RESULTS']);
    // An untrusted field above a trusted failure changes nothing either.
    expect(codes({ authResults: [forged, `${MTA}; spf=fail smtp.mailfrom=attacker.example; dkim=none`] })).toEqual(['DKIM_SPF_NOT_ALIGNED']);
  });

  it('uses the topmost trusted field: a forged one carrying the trusted id lower down does not count', () => {
    const real = `${MTA}; spf=fail smtp.mailfrom=attacker.example; dkim=none`;
    const forgedBelow = `${MTA}; spf=pass smtp.mailfrom=ubnd.longan.test; dkim=pass header.d=ubnd.longan.test`;
    expect(codes({ authResults: [real, forgedBelow] })).toEqual(['DKIM_SPF_NOT_ALIGNED']);
    // …and a forged failure below a real pass does not spoil it.
    expect(decideOrigin({ ...GOOD, authResults: [GOOD.authResults[0]!, `${MTA}; dmarc=fail`] }).proven).toBe(true);
  });

  it('matches the authserv-id without regard to case, but exactly', () => {
    expect(decideOrigin({ ...GOOD, trustedAuthservIds: ['MX.LongAn.Test'] }).proven).toBe(true);
    expect(codes({ authResults: [GOOD.authResults[0]!.replace(MTA, `${MTA}.evil.example`)] })).toEqual(['NO_TRUSTED_AUTH_RESULTS']);
    expect(codes({ authResults: [GOOD.authResults[0]!.replace(MTA, `x${MTA}`)] })).toEqual(['NO_TRUSTED_AUTH_RESULTS']);
  });

  it('requires a Return-Path, not the null one, aligned with From', () => {
    expect(codes({ returnPath: null })).toEqual(['NO_ENVELOPE_SENDER']);
    expect(codes({ returnPath: '' })).toEqual(['NULL_ENVELOPE_SENDER']);
    expect(codes({ returnPath: 'vanthu@ubnd.longan.test.attacker.example' })).toEqual(['ENVELOPE_MISALIGNED']);
    // Relaxed: another host of the same organization is aligned (RFC 7489 §3.1).
    expect(decideOrigin({ ...GOOD, returnPath: 'bounce@mail.longan.test' }).proven).toBe(true);
  });

  it('DKIM pass counts only when header.d (or header.i) is aligned with From', () => {
    const ar = (s: string) => ({ authResults: [`${MTA}; ${s}`] });
    expect(decideOrigin({ ...GOOD, ...ar('spf=fail smtp.mailfrom=x.example; dkim=pass header.d=longan.test') }).evidence).toBe(`dkim=pass header.d=longan.test (${MTA})`);
    expect(decideOrigin({ ...GOOD, ...ar('dkim=pass header.i=@ubnd.longan.test') }).proven).toBe(true);
    expect(codes(ar('dkim=pass header.d=attacker.example'))).toEqual(['DKIM_SPF_NOT_ALIGNED']);
    expect(codes(ar('dkim=fail header.d=ubnd.longan.test'))).toEqual(['DKIM_SPF_NOT_ALIGNED']);
    expect(codes(ar('dkim=neutral header.d=ubnd.longan.test; dkim=pass header.d=attacker.example'))).toEqual(['DKIM_SPF_NOT_ALIGNED']);
    expect(decideOrigin({ ...GOOD, ...ar('dkim=pass header.d=attacker.example; dkim=pass header.d=ubnd.longan.test') }).proven).toBe(true);
  });

  it('SPF pass counts only when smtp.mailfrom is aligned with From', () => {
    const ar = (s: string) => ({ authResults: [`${MTA}; ${s}`] });
    expect(decideOrigin({ ...GOOD, ...ar('spf=pass smtp.mailfrom=ubnd.longan.test') }).proven).toBe(true);
    expect(codes(ar('spf=pass smtp.mailfrom=evil@attacker.example'))).toEqual(['DKIM_SPF_NOT_ALIGNED']);
    expect(codes(ar('spf=softfail smtp.mailfrom=ubnd.longan.test'))).toEqual(['DKIM_SPF_NOT_ALIGNED']);
    expect(codes(ar('spf=pass smtp.helo=ubnd.longan.test'))).toEqual(['DKIM_SPF_NOT_ALIGNED']);
  });

  it('a dmarc result must be pass (or none: no policy published); fail refuses even when SPF passed', () => {
    const ar = (s: string) => ({ authResults: [`${MTA}; ${s}`] });
    expect(codes(ar('spf=pass smtp.mailfrom=ubnd.longan.test; dmarc=fail (p=reject) header.from=ubnd.longan.test'))).toEqual(['DMARC_FAIL']);
    expect(codes(ar('dkim=pass header.d=longan.test; dmarc=temperror header.from=ubnd.longan.test'))).toEqual(['DMARC_FAIL']);
    expect(codes(ar('dmarc=permerror header.from=ubnd.longan.test; spf=pass smtp.mailfrom=ubnd.longan.test'))).toEqual(['DMARC_FAIL']);
    expect(decideOrigin({ ...GOOD, ...ar('spf=pass smtp.mailfrom=ubnd.longan.test; dmarc=none header.from=ubnd.longan.test') }).proven).toBe(true);
    expect(decideOrigin({ ...GOOD, ...ar('dmarc=fail header.from=ubnd.longan.test') }).reasons[0]!.vi).toMatch(/DMARC/);
  });

  it('dmarc=pass for the From domain is itself proof (DMARC pass = aligned DKIM or SPF pass)', () => {
    const ar = (s: string) => ({ authResults: [`${MTA}; ${s}`] });
    expect(decideOrigin({ ...GOOD, ...ar('dmarc=pass (p=none dis=none) header.from=ubnd.longan.test') }).evidence).toMatch(/^dmarc=pass/);
    expect(codes(ar('dmarc=pass header.from=attacker.example'))).toEqual(['DKIM_SPF_NOT_ALIGNED']);
  });

  it('SMTP AUTH by an address of the From domain is proof; a bare user name is not', () => {
    const ar = (s: string) => ({ authResults: [`${MTA}; ${s}`] });
    expect(decideOrigin({ ...GOOD, ...ar('auth=pass smtp.auth=vanthu@ubnd.longan.test') }).proven).toBe(true);
    expect(codes(ar('auth=pass smtp.auth=vanthu'))).toEqual(['DKIM_SPF_NOT_ALIGNED']);
    expect(codes(ar('auth=pass smtp.auth=x@attacker.example'))).toEqual(['DKIM_SPF_NOT_ALIGNED']);
    expect(codes(ar('auth=fail smtp.auth=vanthu@ubnd.longan.test'))).toEqual(['DKIM_SPF_NOT_ALIGNED']);
  });

  it('a trusted field with no results, unreadable clauses, or an unknown version proves nothing', () => {
    expect(codes({ authResults: [`${MTA} 1; none`] })).toEqual(['DKIM_SPF_NOT_ALIGNED']);
    expect(codes({ authResults: [`${MTA}; dkim=pass header.d`] })).toEqual(['DKIM_SPF_NOT_ALIGNED']);
    expect(decideOrigin({ ...GOOD, authResults: [`${MTA}; dkim=pass header.d`] }).reasons[0]!.en).toMatch(/1 unreadable clause/);
    // An unknown version is the topmost trusted field all the same: no falling through to a lower one.
    expect(codes({ authResults: [`${MTA} 2; spf=pass smtp.mailfrom=ubnd.longan.test`, GOOD.authResults[0]!] })).toEqual(['AUTH_RESULTS_UNREADABLE']);
  });

  it('without any trusted authserv-id configured, refuses as unverified — whatever the message claims', () => {
    const d = decideOrigin({ ...GOOD, trustedAuthservIds: [] });
    expect(d.proven).toBe(false);
    expect(d.reasons.map((r) => r.code)).toEqual(['AUTHSERV_NOT_CONFIGURED']);
    expect(d.reasons[0]!.en).toMatch(/^Origin unverified: no trusted Authentication-Results configured/);
    expect(codes({ trustedAuthservIds: ['  '] })).toEqual(['AUTHSERV_NOT_CONFIGURED']);
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 4 }), fc.option(fc.emailAddress(), { nil: null }), (ars, rp) => {
        expect(decideOrigin({ ...GOOD, returnPath: rp, authResults: ars, trustedAuthservIds: [] }).proven).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('needs exactly one From address', () => {
    expect(codes({ from: ['vanthu@ubnd.longan.test', 'evil@attacker.example'] })).toEqual(['FROM_NOT_SINGLE']);
    expect(codes({ from: [] })).toEqual(['FROM_NOT_SINGLE']);
  });

  it('a realistic .gov.vn deployment: the province server signs for longan.gov.vn', () => {
    const gov: OriginInput = {
      from: ['vanthu@stttt.longan.gov.vn'],
      returnPath: 'vanthu@stttt.longan.gov.vn',
      authResults: ['mx.longan.gov.vn; dkim=pass header.d=longan.gov.vn header.s=mail; dmarc=pass header.from=stttt.longan.gov.vn'],
      trustedAuthservIds: ['mx.longan.gov.vn'],
    };
    expect(decideOrigin(gov).proven).toBe(true);
    const other = { ...gov, authResults: ['mx.longan.gov.vn; dkim=pass header.d=danang.gov.vn; dmarc=none'] };
    expect(decideOrigin(other).reasons.map((r) => r.code)).toEqual(['DKIM_SPF_NOT_ALIGNED']);
  });

  it('every reason has a code, Vietnamese for the clerk and English for the log', () => {
    const all = [
      ...decideOrigin({ from: [], returnPath: null, authResults: [], trustedAuthservIds: [] }).reasons,
      ...decideOrigin({ ...GOOD, returnPath: '', authResults: [`${MTA}; dmarc=fail`] }).reasons,
      ...decideOrigin({ ...GOOD, returnPath: 'x@y.example', authResults: [`${MTA} 3; none`] }).reasons,
      ...decideOrigin({ ...GOOD, authResults: [`${MTA}; none`] }).reasons,
      ...decideOrigin({ ...GOOD, authResults: [] }).reasons,
    ];
    expect(new Set(all.map((r) => r.code)).size).toBe(9);
    for (const r of all) {
      expect(r.vi.length).toBeGreaterThan(10);
      expect(r.en.length).toBeGreaterThan(10);
      expect(r.vi).not.toBe(r.en);
    }
  });
});

describe('originInput (from a delivered message)', () => {
  const raw = (top: string[]) =>
    Buffer.from(
      [
        ...top,
        'Authentication-Results: evil.example; dkim=pass header.d=ubnd.longan.test',
        'Return-Path: <vanthu@ubnd.longan.test>',
        'From: =?UTF-8?B?VsSDbiB0aMawIFVCTkQ=?= <vanthu@ubnd.longan.test>',
        'To: dispatch@ubnd.longan.test',
        'Subject: x',
        '',
        'body',
        '',
      ].join('\r\n'),
    );

  it('reads the topmost Return-Path (the one the final delivery added), every From and every A-R field in order', () => {
    const i = originInput(parseMime(raw(['Return-Path: <evil@attacker.example>', `Authentication-Results: ${MTA}; spf=fail smtp.mailfrom=attacker.example`])), [MTA]);
    expect(i.returnPath).toBe('evil@attacker.example');
    expect(i.from).toEqual(['vanthu@ubnd.longan.test']);
    expect(i.authResults).toHaveLength(2);
    expect(i.authResults[0]).toMatch(/^mx\.longan\.test/);
    expect(decideOrigin(i).reasons.map((r) => r.code)).toEqual(['ENVELOPE_MISALIGNED', 'DKIM_SPF_NOT_ALIGNED']);
  });

  it('a null Return-Path at the top is read as such', () => {
    const i = originInput(parseMime(raw(['Return-Path: <>'])), [MTA]);
    expect(i.returnPath).toBe('');
    expect(decideOrigin(i).reasons.map((r) => r.code)).toEqual(['NULL_ENVELOPE_SENDER', 'NO_TRUSTED_AUTH_RESULTS']);
  });
});

describe('the notice to the owner of the From address', () => {
  const notice = {
    agencyName: 'Sở Thông tin và Truyền thông tỉnh Long An',
    dispatchAddress: 'dispatch@stttt.longan.test',
    from: 'vanthu@stttt.longan.test',
    envelopeSender: 'evil@attacker.example',
    subject: 'Gửi công văn\r\nBcc: victim@x.example',
    messageId: '<forged@attacker.example>',
    receivedAt: new Date('2026-03-02T02:10:00Z'),
    reasons: decideOrigin({ ...GOOD, returnPath: 'evil@attacker.example', authResults: [] }).reasons,
  };

  it('says in Vietnamese who asked, in whose name, that nothing was done, and why', () => {
    const { subject, text } = originNoticeText(notice);
    expect(subject).toBe('Cảnh báo: yêu cầu gửi văn bản nhân danh vanthu@stttt.longan.test không được thực hiện');
    expect(text).toContain('nhân danh địa chỉ vanthu@stttt.longan.test, gửi tới dispatch@stttt.longan.test lúc 2026-03-02 09:10:00 (giờ Việt Nam)');
    expect(text).toContain('Thư thực tế được gửi từ: evil@attacker.example.');
    expect(text).toContain('không được đăng ký vào sổ văn bản đi và không được gửi');
    for (const r of notice.reasons) expect(text).toContain(`  - ${r.vi}`);
    expect(text).toMatch(/English: .*ENVELOPE_MISALIGNED, NO_TRUSTED_AUTH_RESULTS\.$/);
  });

  it('quotes what the stranger wrote on one line, and names a missing or null envelope sender', () => {
    const { text } = originNoticeText(notice);
    expect(text).toContain('Tiêu đề thư yêu cầu: Gửi công văn Bcc: victim@x.example');
    expect(text).not.toMatch(/^Bcc:/m);
    expect(envelopeSenderText(null)).toMatch(/không rõ/);
    expect(envelopeSenderText('')).toMatch(/^<>/);
  });
});
