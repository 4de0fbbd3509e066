// Diacritics restored on the printed words of a header and a signature block. At 200 dpi a bold
// capital's small marks are a few pixels: tesseract reads "TỈNH" as "TÍNH", "SỞ" as "SƠ",
// "GIÁM ĐỐC" as "GIAM ĐỌC". These lines are written in a closed vocabulary (Decree 30 App. I: the
// organ's name, the issuing authority, the signer's position), so a capitalised word whose letters
// without marks are those of exactly one word of that vocabulary is given that word's marks. Only
// lines in capitals are touched (the body's words, names and places are left as read).
import { fold } from '../text/fold.js';

const WORDS = `ỦY BAN NHÂN DÂN TỈNH HUYỆN THỊ XÃ THÀNH PHỐ PHƯỜNG SỞ PHÒNG CHI CỤC TỔNG BỘ TRUNG TÂM
VĂN HỘI ĐỒNG ĐẢNG ĐOÀN MẶT TRẬN TỔ QUỐC CÔNG AN QUÂN SỰ CHỈ HUY TRƯỞNG THANH TRA KIỂM TOÁN
NỘI VỤ TÀI CHÍNH KẾ HOẠCH ĐẦU TƯ GIÁO DỤC ĐÀO TẠO Y TẾ NÔNG NGHIỆP PHÁT TRIỂN THÔN NGUYÊN MÔI
TRƯỜNG GIAO VẬN TẢI THÔNG TIN TRUYỀN XÂY DỰNG TƯ PHÁP LAO ĐỘNG THƯƠNG BINH HÓA THỂ THAO DU LỊCH
KHOA HỌC NGHỆ NGOẠI NGÂN SÁCH KHO BẠC NƯỚC THUẾ HẢI QUAN DÂN TỘC TÔN GIÁO
GIÁM ĐỐC PHÓ CHỦ TỊCH CHÁNH TRƯỞNG BÍ THƯ CỤC VIỆN KHU VỰC ĐIỀU HÀNH QUẢN LÝ
QUYẾT ĐỊNH THÔNG BÁO CÁO TỜ TRÌNH CÔNG CHỈ THỊ GIẤY MỜI`;

/** Phrases whose words alone are ambiguous without their marks ("PHO": PHÓ or PHỐ; "TRUONG":
 *  TRƯỜNG or TRƯỞNG; "CONG": CÔNG or CỘNG): matched first, on their words' folded forms. */
const PHRASES = `THÀNH PHỐ|PHÓ GIÁM ĐỐC|PHÓ CHỦ TỊCH|PHÓ CHÁNH|PHÓ TRƯỞNG|PHÓ CHỈ HUY|TRƯỞNG PHÒNG|TRƯỞNG BAN|
CHỈ HUY TRƯỞNG|CỤC TRƯỞNG|VIỆN TRƯỞNG|MÔI TRƯỜNG|CỘNG HÒA|CÔNG AN|CÔNG THƯƠNG|VĂN HÓA|VẬN TẢI|
TÀI CHÍNH|TÀI NGUYÊN|BẢO HIỂM|THÔNG BÁO|BÁO CÁO|HƯỚNG DẪN|NHÂN DÂN|KT. GIÁM ĐỐC|TỜ TRÌNH`
  .split('|')
  .map((p) => p.trim().split(/\s+/));

/** Folded form → the word with its marks, only where one word folds to it. */
const BY_FOLD: Map<string, string> = (() => {
  const seen = new Map<string, string | null>();
  for (const w of WORDS.split(/\s+/).filter(Boolean)) {
    const k = fold(w);
    const had = seen.get(k);
    seen.set(k, had === undefined || had === w ? w : null);
  }
  return new Map([...seen].filter((e): e is [string, string] => e[1] !== null));
})();

const upper = (s: string): boolean => s === s.toUpperCase() && s !== s.toLowerCase();

/** The line with its capitalised vocabulary words given their marks (lines mostly in capitals). */
export function restoreMarks(line: string): string {
  const letters = [...line].filter((c) => c.toLowerCase() !== c.toUpperCase());
  if (letters.length < 2 || letters.filter(upper).length < letters.length * 0.8) return line;
  const parts = line.split(/(\s+)/);
  const words = parts.filter((_, i) => i % 2 === 0);
  const fixed: Array<string | null> = words.map(() => null);
  for (const phrase of PHRASES) {
    const keys = phrase.map(fold);
    for (let i = 0; i + keys.length <= words.length; i++) {
      if (keys.every((k, j) => upper(words[i + j]!) && fold(words[i + j]!) === k)) keys.forEach((_, j) => (fixed[i + j] ??= phrase[j]!));
    }
  }
  const out = words.map((w, i) => fixed[i] ?? (upper(w) && /^\p{L}+$/u.test(w) ? (BY_FOLD.get(fold(w)) ?? w) : w));
  return parts.map((p, i) => (i % 2 === 0 ? out[i / 2]! : p)).join('');
}

/** "V/v" (về việc) opening a subject, as OCR misreads its slash: "VỊv", "V/V", "Vlv", "V|v". */
export function repairSubjectMark(line: string): string {
  return line.replace(/^V\s?[/|lIỊịíÌ1\\]\s?[vV](?=\s)/u, 'V/v');
}
