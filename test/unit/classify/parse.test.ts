import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeEncodedWords, decodeHeaderValue, decodeQuotedPrintable, normalizeMessageId, parseAddressList, parseParams } from '../../../src/mail/parse.js';

describe('robust parsing helpers', () => {
  it('decodes encoded words, joining UTF-8 sequences split across words', () => {
    // "Công văn" with the "ă" (C4 83) split between two B-words.
    const a = Buffer.from('Công v', 'utf8');
    const b = Buffer.from('ăn', 'utf8');
    const split = Buffer.concat([a, b.subarray(0, 1)]).toString('base64');
    const rest = b.subarray(1).toString('base64');
    expect(decodeEncodedWords(`=?UTF-8?B?${split}?= =?UTF-8?B?${rest}?=`)).toBe('Công văn');
    expect(decodeEncodedWords('=?utf-8?Q?V=C4=83n_th=C6=B0?= <a@b>')).toBe('Văn thư <a@b>');
    expect(decodeEncodedWords('=?x-unknown?Q?abc?=')).toBe('abc');
  });

  it('reads Windows-1258 (combining tone marks) into NFC Vietnamese', () => {
    const bytes = Buffer.from([0x56, 0xe3, 0xec, 0x6e, 0x67, 0x20, 0x6d, 0xe3, 0xf2, 0x74]); // "Vắng mặt"
    expect(decodeBytes(bytes, 'windows-1258').text).toBe('Vắng mặt');
    // Undeclared 8-bit that is not UTF-8 falls back to Windows-1258.
    expect(decodeBytes(bytes, null)).toMatchObject({ text: 'Vắng mặt', guessed: true });
    expect(decodeHeaderValue(bytes.toString('latin1'))).toBe('Vắng mặt');
  });

  it('never throws on unknown, lying or legacy charsets', () => {
    const tcvn = iconv.encode('Thông báo', 'tcvn');
    expect(decodeBytes(tcvn, 'TCVN3').text).toBe('Thông báo');
    expect(() => decodeBytes(tcvn, 'VNI-Windows')).not.toThrow();
    expect(() => decodeBytes(Buffer.from([0xff, 0xfe, 0x00]), 'utf-8')).not.toThrow();
    expect(() => decodeBytes(Buffer.from([0x81]), 'no-such-charset')).not.toThrow();
  });

  it('decodes RFC 2231 parameters and continuations', () => {
    const p = parseParams(`attachment; filename*0*=utf-8''C%C3%B4ng%20v; filename*1*=%C4%83n.pdf; size=10`);
    expect(p).toEqual({ value: 'attachment', params: { filename: 'Công văn.pdf', size: '10' } });
    expect(parseParams('multipart/mixed; boundary="a;b=c"').params.boundary).toBe('a;b=c');
    expect(parseParams('text/plain (comment); charset=utf-8').value).toBe('text/plain');
  });

  it('tolerates broken quoted-printable', () => {
    expect(decodeQuotedPrintable('a=ZZb=3D=\nc=').toString('latin1')).toBe('a=ZZb=c=');
  });

  it('parses loose address lists', () => {
    expect(parseAddressList('"Nguyễn, Văn A" <A@X.VN>, b@y.vn (Bee), undisclosed-recipients:;')).toEqual([
      { name: 'Nguyễn, Văn A', address: 'a@x.vn' },
      { name: 'Bee', address: 'b@y.vn' },
    ]);
    expect(parseAddressList('<>')).toEqual([{ name: null, address: '' }]);
  });

  it('normalises Message-IDs to the <…> form', () => {
    expect(normalizeMessageId('  <abc@x>  (comment)')).toBe('<abc@x>');
    expect(normalizeMessageId('abc@x')).toBe('<abc@x>');
    expect(normalizeMessageId('garbage')).toBeNull();
  });
});

describe('attachment names in RFC 2231 form', () => {
  it('keeps Vietnamese letters above U+00FF (ă, ơ, ư, đ) in a filename* parameter', async () => {
    const { parseMime } = await import('../../../src/mail/classify/mime-walk.js');
    const raw = Buffer.from(
      [
        'Content-Type: multipart/mixed; boundary=b',
        '',
        '--b',
        'Content-Type: application/pdf',
        "Content-Disposition: attachment; filename*=utf-8''C%C3%B4ng%20v%C4%83n%20%C4%91%C6%B0%E1%BB%A3c%20g%E1%BB%ADi.pdf",
        '',
        '%PDF-1.4',
        '--b--',
        '',
      ].join('\r\n'),
    );
    expect(parseMime(raw).children[0]!.filename).toBe('Công văn được gửi.pdf');
  });
});
