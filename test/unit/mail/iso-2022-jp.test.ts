// ISO-2022-JP (RFC 1468): Japanese carriers' bounces and Japanese auto-replies arrive in it, and
// iconv-lite cannot read it. Expected strings are written out by hand from the JIS X 0208 table.
import { describe, expect, it } from 'vitest';
import { decodeIso2022Jp, isIso2022Jp } from '../../../src/mail/iso-2022-jp.js';
import { decodeBytes, decodeHeaderValue } from '../../../src/mail/parse.js';

const ESC = '\x1b';
const jis = (s: string) => Buffer.from(s, 'latin1');

describe('ISO-2022-JP', () => {
  it('reads JIS X 0208 runs between ASCII', () => {
    // 配信 = 0x475B 0x3F2E, エラー = 0x2553 0x2569 0x213C
    expect(decodeIso2022Jp(jis(`Mail ${ESC}$BG[?.%(%i!<${ESC}(B ok`))).toBe('Mail 配信エラー ok');
  });

  it('reads half-width katakana and returns to ASCII at a line end', () => {
    // ｱ = 0x31 under ESC ( I; the line end drops the designation even without ESC ( B.
    expect(decodeIso2022Jp(jis(`${ESC}(I1\nabc`))).toBe('ｱ\nabc');
  });

  it('keeps bytes it cannot pair and unknown escapes instead of throwing', () => {
    expect(() => decodeIso2022Jp(jis(`${ESC}$B%`))).not.toThrow();
    expect(decodeIso2022Jp(jis(`${ESC}Zx`))).toContain('x');
  });

  it('is used for declared charsets and for RFC 2047 words', () => {
    expect(isIso2022Jp('ISO-2022-JP')).toBe(true);
    expect(isIso2022Jp('"iso-2022-jp-2"')).toBe(true);
    expect(isIso2022Jp('euc-jp')).toBe(false);
    expect(decodeBytes(jis(`${ESC}$BG[?.${ESC}(B`), 'iso-2022-jp')).toMatchObject({ text: '配信', charset: 'iso-2022-jp' });
    const word = `=?ISO-2022-JP?B?${jis(`${ESC}$BG[?.${ESC}(B`).toString('base64')}?=`;
    expect(decodeHeaderValue(word)).toBe('配信');
  });
});
