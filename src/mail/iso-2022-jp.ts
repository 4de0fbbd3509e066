// ISO-2022-JP (RFC 1468), the 7-bit charset Japanese mobile carriers and most Japanese mail
// clients still send. iconv-lite has no decoder for it, and because every byte is ASCII the text
// would otherwise pass through with its escape sequences and no Japanese at all. The designations
// map onto EUC-JP byte for byte (JIS X 0208 rows + 0x80, half-width katakana behind SS2, JIS X 0212
// behind SS3), so the text is rewritten as EUC-JP and decoded by iconv-lite.
import iconv from 'iconv-lite';

const ESC = 0x1b;

/** Charset labels that mean ISO-2022-JP or one of its supersets (RFC 1468, RFC 2237, CP50220…). */
export function isIso2022Jp(label: string | null | undefined): boolean {
  return !!label && /^(?:iso-2022-jp(?:-[123]|-ext)?|csiso2022jp|cp5022[012])$/i.test(label.trim().replace(/^["']|["']$/g, ''));
}

type Mode = 'ascii' | 'jis0208' | 'kana' | 'jis0212';

// ESC + these: ASCII, JIS X 0201 Roman (read as ASCII), half-width katakana, JIS X 0208 (1978 and
// 1983), JIS X 0212, and JIS X 0213 planes read as their JIS X 0208 subset.
const DESIGNATIONS: [string, Mode][] = [
  ['(B', 'ascii'],
  ['(J', 'ascii'],
  ['(I', 'kana'],
  ['$@', 'jis0208'],
  ['$B', 'jis0208'],
  ['$(D', 'jis0212'],
  ['$(Q', 'jis0208'],
  ['$(O', 'jis0208'],
];

export function decodeIso2022Jp(buf: Buffer): string {
  const out: number[] = [];
  let mode: Mode = 'ascii';
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b === ESC) {
      const seq = buf.subarray(i + 1, i + 4).toString('latin1');
      const designation = DESIGNATIONS.find(([prefix]) => seq.startsWith(prefix));
      if (designation) {
        mode = designation[1];
        i += designation[0].length;
      } else out.push(b);
      continue;
    }
    // Line ends return to ASCII (RFC 1468 requires it; sloppy senders rely on it).
    if (b === 0x0a || b === 0x0d) mode = 'ascii';
    if (mode === 'ascii' || b < 0x21 || b > 0x7e) out.push(b);
    else if (mode === 'kana') out.push(0x8e, b | 0x80);
    else {
      const b2 = buf[i + 1];
      if (b2 === undefined || b2 < 0x21 || b2 > 0x7e) {
        out.push(b);
        continue;
      }
      if (mode === 'jis0212') out.push(0x8f);
      out.push(b | 0x80, b2 | 0x80);
      i++;
    }
  }
  return iconv.decode(Buffer.from(out), 'euc-jp');
}
