// Legacy Vietnamese 8-bit font encodings. Documents typed with .VnTime (TCVN3, "ABC") or VNI-Times
// fonts store Vietnamese letters as Latin-1 code points; a PDF or DOCX reader hands them to us as
// "Céng hoµ x· héi" (TCVN3) or "Coäng hoøa xaõ hoäi" (VNI). No maintained npm library converts
// them (checked: `vietnamese-unicode-toolkit` 0.0.1 is unmaintained), so the tables live here.
// Each table is written from the published code charts; the encoders exist so the corpus can
// produce legacy text and the tests can check decode(encode(x)) === x.

/** TCVN 5712:1993 VN3 (ABC): one byte per letter. Upper-case toned letters do not exist in VN3:
 *  documents used the .VnTimeH font, which draws the lower-case codes as capitals. */
const TCVN3_PAIRS: Array<[string, string]> = [
  ['µ', 'à'], ['¸', 'á'], ['¶', 'ả'], ['·', 'ã'], ['¹', 'ạ'],
  ['¨', 'ă'], ['»', 'ằ'], ['¾', 'ắ'], ['¼', 'ẳ'], ['½', 'ẵ'], ['Æ', 'ặ'],
  ['©', 'â'], ['Ç', 'ầ'], ['Ê', 'ấ'], ['È', 'ẩ'], ['É', 'ẫ'], ['Ë', 'ậ'],
  ['®', 'đ'],
  ['Ì', 'è'], ['Ð', 'é'], ['Î', 'ẻ'], ['Ï', 'ẽ'], ['Ñ', 'ẹ'],
  ['ª', 'ê'], ['Ò', 'ề'], ['Õ', 'ế'], ['Ó', 'ể'], ['Ô', 'ễ'], ['Ö', 'ệ'],
  ['×', 'ì'], ['Ý', 'í'], ['Ø', 'ỉ'], ['Ü', 'ĩ'], ['Þ', 'ị'],
  ['ß', 'ò'], ['ã', 'ó'], ['á', 'ỏ'], ['â', 'õ'], ['ä', 'ọ'],
  ['«', 'ô'], ['å', 'ồ'], ['è', 'ố'], ['æ', 'ổ'], ['ç', 'ỗ'], ['é', 'ộ'],
  ['¬', 'ơ'], ['ê', 'ờ'], ['í', 'ớ'], ['ë', 'ở'], ['ì', 'ỡ'], ['î', 'ợ'],
  ['ï', 'ù'], ['ó', 'ú'], ['ñ', 'ủ'], ['ò', 'ũ'], ['ô', 'ụ'],
  ['\u00ad', 'ư'], ['õ', 'ừ'], ['ø', 'ứ'], ['ö', 'ử'], ['÷', 'ữ'], ['ù', 'ự'],
  ['ú', 'ỳ'], ['ý', 'ý'], ['û', 'ỷ'], ['ü', 'ỹ'], ['þ', 'ỵ'],
  ['¡', 'Ă'], ['¢', 'Â'], ['§', 'Đ'], ['£', 'Ê'], ['¤', 'Ô'], ['¥', 'Ơ'], ['¦', 'Ư'],
];

const TCVN3_DECODE = new Map(TCVN3_PAIRS);
const TCVN3_ENCODE = new Map(TCVN3_PAIRS.map(([a, b]) => [b, a]));

export function decodeTcvn3(s: string): string {
  let out = '';
  for (const ch of s) out += TCVN3_DECODE.get(ch) ?? ch;
  return recoverVnTimeH(out);
}

/** Unicode -> TCVN3 as a .VnTime/.VnTimeH document stores it. A line in capitals is set in the H
 *  font, which draws the lower-case codes as capitals: its Vietnamese letters get lower-case codes
 *  (ASCII capitals stay as typed). In mixed-case lines Ă Â Ê Ô Ơ Ư Đ have codes of their own and a
 *  capital toned letter, which VN3 lacks, falls back to the lower-case code. */
export function encodeTcvn3(s: string): string {
  return s
    .normalize('NFC')
    .split('\n')
    .map((line) => {
      const hFont = !/\p{Ll}/u.test(line) && /[^\x00-\x7f]/.test(line);
      let out = '';
      for (const ch of line) {
        const lower = ch.toLowerCase();
        const direct = hFont && ch.charCodeAt(0) > 0x7f ? TCVN3_ENCODE.get(lower) : TCVN3_ENCODE.get(ch);
        if (direct !== undefined) out += direct;
        else if (ch !== lower && TCVN3_ENCODE.has(lower)) out += TCVN3_ENCODE.get(lower);
        else out += ch;
      }
      return out;
    })
    .join('\n');
}

/** Text set in the .VnTimeH font has lower-case Vietnamese codes among ASCII capitals (the font
 *  drew them as capitals): "TØNH" decodes to "TỉNH". Word by word: a word with no lower-case ASCII
 *  letter, a lower-case Vietnamese letter and at least two ASCII capitals is capitals; so is such a
 *  word with one ASCII capital next to a word in capitals ("ñY BAN" -> "ỦY BAN"). "Sè: 12/UBND"
 *  ("Số" in .VnTime) stays as it is. */
function recoverVnTimeH(s: string): string {
  return s
    .split('\n')
    .map((line) => {
      const parts = line.split(/(\s+)/);
      const words = parts.filter((_, i) => i % 2 === 0);
      const viet = (w: string) => !/[a-z]/.test(w) && /[^\x00-\x7f]/.test(w) && w !== w.toUpperCase();
      const caps = (w: string) => /^[A-Z]{2,}[,.;:]?$/.test(w);
      const strong = words.map((w) => viet(w) && (w.match(/[A-Z]/g) ?? []).length >= 2);
      const up = words.map((w, i) => strong[i] || (viet(w) && /[A-Z]/.test(w) && [i - 1, i + 1].some((j) => strong[j] || caps(words[j] ?? ''))));
      return parts.map((p, i) => (i % 2 === 0 && up[i / 2] ? p.toUpperCase() : p)).join('');
    })
    .join('\n');
}

// --- VNI Windows: a base letter followed by a mark character. ---
const TONES = ['\u0301', '\u0300', '\u0309', '\u0303', '\u0323']; // sắc huyền hỏi ngã nặng
const VNI_TONE = { lower: ['ù', 'ø', 'û', 'õ', 'ï'], upper: ['Ù', 'Ø', 'Û', 'Õ', 'Ï'] };
const VNI_CIRC = { lower: ['â', 'á', 'à', 'å', 'ã', 'ä'], upper: ['Â', 'Á', 'À', 'Å', 'Ã', 'Ä'] };
const VNI_BREVE = { lower: ['ê', 'é', 'è', 'ú', 'ü', 'ë'], upper: ['Ê', 'É', 'È', 'Ú', 'Ü', 'Ë'] };
const VNI_I = { lower: ['í', 'ì', 'æ', 'ó', 'ò'], upper: ['Í', 'Ì', 'Æ', 'Ó', 'Ò'] };

function vniOf(ch: string): string | null {
  if (ch === 'đ') return 'ñ';
  if (ch === 'Đ') return 'Ñ';
  const d = ch.normalize('NFD');
  const base = d[0]!;
  if (!/[aeiouyAEIOUY]/.test(base) || d.length === 1) return null;
  const upper = base === base.toUpperCase();
  const set = upper ? 'upper' : 'lower';
  const marks = d.slice(1);
  const toneIdx = TONES.findIndex((t) => marks.includes(t));
  const tone = toneIdx >= 0 ? VNI_TONE[set][toneIdx]! : '';
  if (marks.includes('\u031b')) return (base.toLowerCase() === 'o' ? (upper ? 'Ô' : 'ô') : upper ? 'Ö' : 'ö') + tone;
  if (marks.includes('\u0302')) return base + VNI_CIRC[set][toneIdx + 1]!;
  if (marks.includes('\u0306')) return base + VNI_BREVE[set][toneIdx + 1]!;
  if (toneIdx < 0) return null;
  if (base === 'i' || base === 'I') return VNI_I[set][toneIdx]!;
  if ((base === 'y' || base === 'Y') && toneIdx === 4) return upper ? 'Î' : 'î';
  return base + tone;
}

const VNI_ENCODE = new Map<string, string>();
const VNI_DECODE = new Map<string, string>();
{
  const letters = 'aăâeêioôơuưyAĂÂEÊIOÔƠUƯY';
  for (const l of letters) {
    for (const t of ['', ...TONES]) {
      const u = (l + t).normalize('NFC');
      const v = vniOf(u);
      if (v === null) continue;
      VNI_ENCODE.set(u, v);
      // Identity entries (í, ì, Í, Ì) need no decoding.
      if (v !== u) VNI_DECODE.set(v, u);
    }
  }
  VNI_ENCODE.set('đ', 'ñ').set('Đ', 'Ñ');
  VNI_DECODE.set('ñ', 'đ').set('Ñ', 'Đ');
}

export function encodeVni(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) out += VNI_ENCODE.get(ch) ?? ch;
  return out;
}

export function decodeVni(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; ) {
    const two = s.slice(i, i + 2);
    const d2 = two.length === 2 ? VNI_DECODE.get(two) : undefined;
    if (d2 !== undefined) {
      out += d2;
      i += 2;
      continue;
    }
    const one = s[i]!;
    out += VNI_DECODE.get(one) ?? one;
    i += 1;
  }
  return out;
}
