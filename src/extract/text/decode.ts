// Bytes of a plain-text document to a string: UTF-8 when the bytes are valid UTF-8; otherwise a
// Vietnamese 8-bit code page. windows-1258 (combining tone marks, via iconv-lite) and TCVN3 bytes
// read as Latin-1 (converted later by normalizeText) are both tried and the more Vietnamese-looking
// reading wins.
import iconv from 'iconv-lite';
import { decodeLegacyText, vietScore } from './normalize.js';

export function decodeTextBytes(buf: Uint8Array, charset?: string): string {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (charset && !/^(utf-?8|us-ascii|ascii)$/i.test(charset) && iconv.encodingExists(charset)) {
    return iconv.decode(b, charset).normalize('NFC');
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString('utf16le');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    const cp1258 = iconv.decode(b, 'windows-1258').normalize('NFC');
    const legacy = decodeLegacyText(b.toString('latin1')).text;
    return vietScore(cp1258) >= vietScore(legacy) ? cp1258 : legacy;
  }
}
