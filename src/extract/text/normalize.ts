// Text clean-up shared by every reader: Unicode NFC (Word and macOS produce NFD), legacy 8-bit
// encodings (TCVN3, VNI) detected line by line, invisible characters, dashes, and words broken by
// a hyphen at a line end. Pure functions; no I/O.
import { decodeTcvn3, decodeVni } from './legacy.js';
import { fold } from './fold.js';

// Syllables frequent in administrative text. A correctly decoded line contains many of them; a
// line decoded with the wrong table almost none. Exact (marked) forms, so "hóa" ≠ "hĩa".
const COMMON = new Set(
  (
    'của và các có được trong ngày tháng năm văn bản số tỉnh nhân dân ủy ban cộng hòa hoà xã hội chủ ' +
    'nghĩa việt nam độc lập tự do hạnh phúc quyết định về việc thông báo kế hoạch báo cáo công tờ ' +
    'trình chỉ thị nghị hướng dẫn giấy mời sở tài chính nội vụ giáo dục đào tạo y tế nơi nhận lưu như ' +
    'trên giám đốc phó chủ tịch tm kt tl căn cứ luật điều này theo đề cơ quan nhà nước thực hiện ' +
    'đơn vị phòng huyện thành phố trung tâm người ký tên ngành kính gửi tổ chức cán bộ quản lý ' +
    'thời gian địa điểm năm học nông nghiệp phát triển môi trường giao thông vận tải xây dựng ' +
    'đầu tư khoa học công nghệ truyền lao động thương binh những một với cho đến từ tại là để ' +
    'không này đã sẽ đang trên dưới hiện hành quy chế tiếp xử lý điện tử gửi phối hợp trách nhiệm ' +
    'kinh phí ngân sách tăng cường phòng chống dịch bệnh tình hình kết quả triển khai nhiệm vụ'
  ).split(/\s+/),
);

const VIET_LETTER = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/giu;
// Latin-1 characters that never occur in Unicode Vietnamese (they do in TCVN3/VNI output).
// The no-break space and the soft hyphen are left out: Unicode text has them too (and U+00AD is
// "ư" in TCVN3, which the dictionary and vowel checks then decide).
const FOREIGN = /[\u0080-\u009f\u00a1-\u00ac\u00ae-\u00bf\u00c4-\u00c7\u00cb\u00ce\u00cf\u00d1\u00d6-\u00d8\u00db\u00dc\u00de\u00df\u00e4-\u00e7\u00eb\u00ee\u00ef\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe\u00ff]/g;
const TONED = /[àáạảãầấậẩẫằắặẳẵèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]/giu;

// Vowel groups a Vietnamese syllable can have, marks folded away (ươ -> uo, ưu -> uu). A table
// that decodes wrongly produces groups such as "ou" ("Ngoùc") or "uu" from "uừ".
const VOWEL_GROUPS = new Set(
  'a e i o u y ai ao au ay eo eu ia ie iu oa oe oi ua ue ui uo uu uy ye ieu yeu oai oay oao oeo uai uay uoi uou uya uye uyu uou ueu'.split(' '),
);

function score(line: string): number {
  let s = 0;
  for (const w of line.toLowerCase().split(/[^\p{L}]+/u)) {
    if (!w) continue;
    if (COMMON.has(w)) s += 3;
    const groups = fold(w).replace(/^(qu|gi)(?=[aeiouy])/, '').match(/[aeiouy]+/g) ?? [];
    if (groups.some((g) => !VOWEL_GROUPS.has(g))) s -= 2;
    // A Vietnamese syllable carries at most one tone mark; two means a wrong table.
    if ((w.match(TONED) ?? []).length > 1) s -= 3;
  }
  s += (line.match(VIET_LETTER) ?? []).length * 0.2;
  s -= (line.match(FOREIGN) ?? []).length * 4;
  return s;
}

/** How Vietnamese a text looks (common syllables, marks; minus foreign Latin-1). */
export function vietScore(text: string): number {
  return text.split('\n').reduce((acc, l) => acc + score(l), 0);
}

const UNICODE_VIET = /[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]/;

export type TextEncoding = 'unicode' | 'tcvn3' | 'vni' | 'mixed';

/** Decide per line between Unicode, TCVN3 and VNI and convert. Lines that only hold ASCII or
 *  proper Unicode Vietnamese are returned unchanged (ties favour Unicode). */
export function decodeLegacyText(text: string): { text: string; encoding: TextEncoding } {
  if (!/[\u0080-\u00ff]/.test(text)) return { text, encoding: 'unicode' };
  const decoders: Array<[TextEncoding, (s: string) => string]> = [
    ['unicode', (s) => s],
    ['tcvn3', decodeTcvn3],
    ['vni', decodeVni],
  ];
  const lines = text.split('\n');
  // A line holding a Vietnamese letter beyond Latin-1 (ă đ ĩ ũ ơ ư ạ…ỹ) is Unicode already: TCVN3
  // and VNI text reaches us as Latin-1 code points only. Without this, "TRƯỜNG THPT LÊ QUÝ ĐÔN"
  // read as VNI became "ĐƠN" ("đơn" is a common syllable, so the VNI reading scored higher).
  const isLegacyCandidate = (l: string) => /[\u0080-\u00ff]/.test(l) && !UNICODE_VIET.test(l);
  const legacyLines = lines.filter(isLegacyCandidate);
  // A document is typed in one font family: the encoding that reads best over all its lines is
  // preferred for lines that read equally well either way ("Vuõ Haûi Nam" is a name in VNI and
  // looks no worse in TCVN3).
  const totals = decoders.map(([, dec]) => legacyLines.reduce((a, l) => a + score(dec(l)), 0));
  let preferred = 0;
  for (let k = 1; k < decoders.length; k++) if (totals[k]! > totals[preferred]! + 1) preferred = k;
  const used = new Set<TextEncoding>();
  const out = lines.map((line) => {
    if (!isLegacyCandidate(line)) return line;
    let best = 0;
    let bestScore = -Infinity;
    decoders.forEach(([, dec], k) => {
      // Ties go to the document's encoding, then to Unicode.
      const sc = score(dec(line)) + (k === preferred ? 2 : 0) + (k === 0 ? 0.5 : 0);
      if (sc > bestScore) {
        best = k;
        bestScore = sc;
      }
    });
    used.add(decoders[best]![0]);
    return decoders[best]![1](line);
  });
  const legacy = [...used].filter((e) => e !== 'unicode');
  const encoding: TextEncoding = legacy.length === 0 ? 'unicode' : legacy.length === 1 ? legacy[0]! : 'mixed';
  return { text: out.join('\n'), encoding };
}

/** Full normalisation of extracted text. Order matters: legacy decoding must run before the soft
 *  hyphen is removed, because U+00AD is "ư" in TCVN3. */
export function normalizeText(raw: string): { text: string; encoding: TextEncoding } {
  let t = raw.replace(/\r\n?/g, '\n').replace(/\f/g, '\n');
  t = t.normalize('NFC');
  const decoded = decodeLegacyText(t);
  t = decoded.text.normalize('NFC');
  t = t
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\u00a0\u2000-\u200a\u202f\u3000\t]/g, ' ')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2018\u2019]/g, "'");
  t = t
    .split('\n')
    .map((l) => l.replace(/ +$/g, ''))
    .join('\n');
  t = joinHyphenated(t);
  return { text: t, encoding: decoded.encoding };
}

/** "trao đổi thông tin điện tử và lưu trữ hồ sơ công vi-\nệc" → one word. Only when the hyphen
 *  touches a letter and the next line starts with a lower-case letter: list dashes ("- Như trên")
 *  and code groups broken before a capital ("KTVBQPPL-\nBộ") stay as they are. */
export function joinHyphenated(t: string): string {
  return t.replace(/(\p{Ll})-\n(\p{Ll})/gu, '$1$2');
}
