// The counterexamples the fuzz tests found, kept as plain examples: each failed before its fix
// (the properties around them are in the other files of this folder).
import { describe, expect, it } from 'vitest';
import { collectErrors, parseMime, walkParts } from '../../../src/mail/classify/mime-walk.js';
import { decodeEncodedWords, htmlToText, parseAddressList, parseParams } from '../../../src/mail/parse.js';
import { parseFieldGroups, recipientsFromGroups, typedValue } from '../../../src/mail/classify/dsn.js';
import { classifyMessageSync } from '../../../src/mail/classify/index.js';
import { EDXML_NS, StatusXmlError, parseStatusXml } from '../../../src/mail/classify/status-xml.js';
import { parseEdxml } from '../../../src/extract/edxml.js';
import { extractFromText } from '../../../src/extract/from-text.js';
import { fromMailSubject } from '../../../src/extract/email.js';
import { parseDateText } from '../../../src/extract/fields/date.js';
import { topReceivedDate } from '../../../src/register/arrival.js';
import { repeated, withinTime } from '../../helpers/fuzz.js';

describe('MIME walker', () => {
  it('keeps the part limit for the siblings of one multipart (5,000 leaves gave 5,000 parts)', () => {
    const raw = 'Content-Type: multipart/mixed; boundary=z\n\n' + '--z\nContent-Type: text/plain\n\nx\n'.repeat(30) + '--z--\n';
    const root = parseMime(Buffer.from(raw), { maxParts: 10 });
    expect([...walkParts(root, true)]).toHaveLength(10);
    expect(collectErrors(root)).toEqual(['MIME part count limit (10) reached; 21 of 30 parts ignored']);
  });

  it('says so when an embedded message is left unread at a limit (it was dropped silently)', () => {
    const root = parseMime(Buffer.from('Content-Type: message/rfc822\n\nSubject: inner\n\nx'), { maxParts: 1 });
    expect(root.message).toBeNull();
    expect(collectErrors(root).join()).toMatch(/limit reached; the embedded message\/rfc822 was not read/);
  });

  it('reads a delimiter line with trailing white space, in linear time', () => {
    const root = parseMime(Buffer.from('Content-Type: multipart/mixed; boundary=b\n\n--b \t\nContent-Type: text/plain\n\nx\n--b--  \n'));
    expect(root.children.map((c) => c.body.toString())).toEqual(['x']);
    const hostile = repeated(' ', 200_000, 'Content-Type: multipart/mixed; boundary=b\n\n--b', 'x\n--b--\n');
    withinTime(hostile.length, () => parseMime(Buffer.from(hostile)));
  });
});

describe('header helpers (src/mail/parse.ts)', () => {
  it('removes comments in linear time, and still removes them', () => {
    expect(parseParams('text/plain (comment) ; charset=utf-8')).toEqual({ value: 'text/plain', params: { charset: 'utf-8' } });
    expect(parseAddressList('a@b.vn (Nguyễn A), c@d.vn')).toEqual([{ name: 'Nguyễn A', address: 'a@b.vn' }, { name: null, address: 'c@d.vn' }]);
    const parens = repeated('(', 200_000);
    withinTime(parens.length, () => parseParams(`text/plain ${parens}`));
    withinTime(parens.length, () => parseAddressList(`a@b.vn ${parens}`));
  });

  it('turns HTML into text in linear time, blocks and tags removed as before', () => {
    expect(htmlToText('<p>a</p><SCRIPT type="x">evil()</script ><style>x</style>b<head>h</head>c<a')).toBe('a\n b c<a');
    expect(htmlToText('<script>never closed<p>x</p>')).toBe('never closed x');
    for (const h of [repeated('<a', 200_000), repeated('<script', 200_000)]) withinTime(h.length, () => htmlToText(h));
  });

  it('decodes 20,000 adjacent encoded words in linear time', () => {
    const subject = repeated('=?utf-8?q?a?= ', 280_000);
    expect(withinTime(subject.length, () => decodeEncodedWords(subject)).trim()).toBe('a'.repeat(20_000));
  });
});

describe('DSN fields', () => {
  it('keeps a \\x{…} past U+10FFFF as written instead of throwing (the bounce became `other`)', () => {
    expect(typedValue('utf-8; a\\x{110000}@b.vn')).toBe('a\\x{110000}@b.vn');
    expect(typedValue('utf-8; \\x{1EA1}@b.vn')).toBe('ạ@b.vn');
    const raw = 'From: MAILER-DAEMON@b.vn\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\n\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; b.vn\n\nFinal-Recipient: utf-8; a\\x{110000}@b.vn\nAction: failed\nStatus: 5.1.1\n--B--\n';
    expect(classifyMessageSync(Buffer.from(raw))).toMatchObject({ kind: 'delivery-report', recipients: [{ action: 'failed', status: '5.1.1' }] });
  });

  it('decodes only RFC 3461 hexchars: a sub-address "+ab" stays, "+2B" is "+"', () => {
    expect(typedValue('rfc822; tin+ab@so.vn')).toBe('tin+ab@so.vn');
    expect(typedValue('rfc822; tin+2Bab@so.vn')).toBe('tin+ab@so.vn');
    expect(typedValue('vt+2D2024+2D000200')).toBe('vt-2024-000200');
  });

  it('gives each recipient its own Original-Recipient when the blank lines are missing', () => {
    const text = 'Final-Recipient: rfc822; a@so.vn\nAction: failed\nStatus: 5.1.1\nOriginal-Recipient: rfc822; alias@so.vn\nFinal-Recipient: rfc822; b@so.vn\nAction: delayed\nStatus: 4.2.2\n';
    expect(recipientsFromGroups(parseFieldGroups(text)).map((r) => [r.address, r.originalRecipient])).toEqual([
      ['a@so.vn', null],
      ['b@so.vn', 'alias@so.vn'],
    ]);
    // Postfix writes Original-Recipient right after Final-Recipient: the same recipient.
    const postfix = 'Final-Recipient: rfc822; a@so.vn\nOriginal-Recipient: rfc822;alias@so.vn\nAction: failed\nStatus: 5.1.1\n';
    expect(recipientsFromGroups(parseFieldGroups(postfix)).map((r) => [r.address, r.originalRecipient])).toEqual([['a@so.vn', 'alias@so.vn']]);
  });
});

describe('non-standard bounce text', () => {
  it('classifies 100 KB of newlines, dashes or tab-newlines from a mailer daemon in linear time (67, 80 and 23 s before)', () => {
    for (const body of [repeated('\n', 100_000, '', 'x'), repeated('-', 100_000, '', 'x'), repeated('\t\n', 100_000, '', 'x')]) {
      const raw = `From: MAILER-DAEMON@mx.so.vn\nReturn-Path: <>\nSubject: Undelivered Mail Returned to Sender\n\n${body}`;
      expect(withinTime(raw.length, () => classifyMessageSync(Buffer.from(raw))).kind).toBe('delivery-report');
    }
  });
});

describe('number, notation, dates', () => {
  const header = (codeLine: string) => `ỦY BAN NHÂN DÂN                         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH LONG AN                            Độc lập - Tự do - Hạnh phúc\n${codeLine}\n\nQUYẾT ĐỊNH\nVề việc ban hành Quy chế\n`;

  it('reads no word of the right column into a notation cut at the end of the left column', () => {
    const md = extractFromText(header('Số: 12/2024/QĐ-                          Long An, ngày 5 tháng 3 năm 2024\nUBND'));
    expect(md.codeNotation).not.toMatch(/Long/);
    expect(md).toMatchObject({ issuedDate: '2024-03-05', place: 'Long An' });
  });

  it('does not take the last group of a spaced notation for the place', () => {
    expect(extractFromText(header('Số: 05/QĐ - STC                         Long An, ngày 1 tháng 1 năm 2024'))).toMatchObject({ codeNumber: '05', codeNotation: 'QĐ-STC', place: 'Long An' });
  });

  it('reads the code of a subject that gives the date first', () => {
    expect(fromMailSubject('Văn bản ngày 5/3/2024 số 12/UBND-VX')).toMatchObject({ codeNumber: '12', codeNotation: 'UBND-VX', issuedDate: '2024-03-05' });
  });

  it('reads a date in words with its marks without a folded copy (an edXML PromulgationDate)', () => {
    expect(parseDateText('ngày 8 tháng 8 năm 2013')).toBe('2013-08-08');
    expect(parseDateText('Ngày 8 tháng 8 năm 2013'.normalize('NFD'))).toBe('2013-08-08');
    const xml = `<edXML xmlns="${EDXML_NS}"><MessageHeader><Code><CodeNumber>12</CodeNumber><CodeNotation>UBND-VX</CodeNotation></Code><PromulgationInfo><PromulgationDate>ngày 8 tháng 8 năm 2013</PromulgationDate></PromulgationInfo></MessageHeader></edXML>`;
    expect(parseEdxml(xml)?.issuedDate).toBe('2013-08-08');
  });

  it('gives no arrival time for a day the month does not have (V8 rolled 31 Feb over to 3 March)', () => {
    const rec = (d: string) => Buffer.from(`Received: from a by b; ${d}\r\n\r\nx`);
    expect(topReceivedDate(rec('Tue, 31 Feb 2026 08:00:00 +0700'))).toBeNull();
    expect(topReceivedDate(rec('Thu, 29 Feb 2024 08:00:00 +0700 (ICT)'))?.toISOString()).toBe('2024-02-29T01:00:00.000Z');
    const parens = repeated('(', 200_000, 'Received: x; ');
    withinTime(parens.length, () => topReceivedDate(Buffer.from(`${parens}\r\n\r\nx`)));
  });
});

describe('XML', () => {
  const status = (description: string) =>
    `<Status xmlns="${EDXML_NS}"><ResponseFor><OrganId>H41</OrganId><Code>12/UBND-VX</Code></ResponseFor><From><OrganId>H41.02</OrganId><OrganName>S&#7903; T&#224;i ch&#237;nh</OrganName></From><StatusCode>03</StatusCode><Description>${description}</Description><Timestamp>2026-12-03T08:00:00+07:00</Timestamp></Status>`;

  it('decodes numeric character references in a Status and in edXML (XML 1.0 4.1)', () => {
    expect(parseStatusXml(status('&#x110;&#xE3; v&#xE0;o s&#x1ED5;')).from.organName).toBe('Sở Tài chính');
    expect(parseStatusXml(status('&#x110;&#xE3; v&#xE0;o s&#x1ED5;')).description).toBe('Đã vào sổ');
    expect(parseStatusXml(status('&amp;#224;')).description).toBe('&#224;');
    const xml = `<edXML xmlns="${EDXML_NS}"><MessageHeader><From><OrganName>S&#7903; T&#224;i ch&#237;nh</OrganName></From></MessageHeader></edXML>`;
    expect(parseEdxml(xml)?.organName).toBe('Sở Tài chính');
  });

  it('refuses a Status larger than one can be before parsing it', () => {
    const big = status('x'.repeat(70_000));
    expect(() => parseStatusXml(big)).toThrow(StatusXmlError);
    expect(() => parseStatusXml(big)).toThrow(/larger than the 65536 bytes/);
  });
});
