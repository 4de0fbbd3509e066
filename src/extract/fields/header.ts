// The header block (Decree 30, Appendix I): issuing organ top left, national motto top right,
// "Số: …" under the organ, "<Place>, ngày …" on the right. Text extraction either stacks the two
// columns (DOCX tables, HTML) or flattens them onto shared lines (PDF), so the organ is whatever
// upper-case text is left around the motto once the motto, rules, the code and the date are cut.
import type { Line } from './lines.js';
import { CODE_LABEL, CODE_LABEL_AT_START, MOTTO1, MOTTO2, MOTTO_LIKE, RULE, cut, isBlank, isRule, ranges } from './lines.js';
import { fold, upperRatio, hasLetters, squash, stripMarks } from '../text/fold.js';

export interface HeaderInfo {
  /** Line of "CỘNG HÒA XÃ HỘI…", or -1 when the motto is missing. */
  mottoLine: number;
  /** First line that belongs to the header (organ or motto). */
  start: number;
  organ: string | null;
  parent: string | null;
  organLines: number[];
  evidence: string;
  confidence: number;
}

const PLACE_LEVEL = /^(tinh|thanh pho|tp\.?|huyen|quan|thi xa|thi tran|xa|phuong)\b/;
const BARE_ORGAN = /^(uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)$/;
// Words that open the name of a body under a parent ("UBND TỈNH X" / "SỞ Y").
const ORGAN_HEAD = /^(so|phong|ban|van phong|trung tam|cuc|chi cuc|vu|tong cuc|truong|benh vien|thanh tra|bo|vien|uy ban|ubnd|hoi dong|dai|bao hiem|kho bac|cong an|bo chi huy|doan|lien doan|hoi|chi nhanh|kiem lam|quy|cang vu|ban quan ly|nha|thu vien|bao tang|tap chi|bao)\b/;
// The same words with their marks: folded, some are also syllables of a name ("QUỸ" a fund,
// "QUÝ" in "LÊ QUÝ ĐÔN"; "VỤ" and "VŨ"; "TRƯỜNG" and "TRƯỞNG"), so a line whose first word
// carries marks must match them with its marks.
const MARKED_HEAD = /^(SỞ|PHÒNG|BAN|VĂN PHÒNG|TRUNG TÂM|CỤC|CHI CỤC|VỤ|TỔNG CỤC|TRƯỜNG|BỆNH VIỆN|THANH TRA|BỘ|VIỆN|ỦY BAN|UỶ BAN|HỘI ĐỒNG|ĐÀI|ĐẠI|BẢO HIỂM|KHO BẠC|CÔNG AN|BỘ CHỈ HUY|ĐOÀN|LIÊN ĐOÀN|HỘI|CHI NHÁNH|KIỂM LÂM|QUỸ|CẢNG VỤ|BAN QUẢN LÝ|NHÀ|THƯ VIỆN|BẢO TÀNG|TẠP CHÍ|BÁO)(?![\p{L}\p{M}])/u;
const STAMP = /^(hoa toc|thuong khan|khan|tuyet mat|toi mat|mat)$/;
// A printed line that ends in one of these continues on the next ("SỞ THÔNG TIN VÀ" / "TRUYỀN
// THÔNG"); folded.
const CONTINUES = /(\bva|\bcua|\bthuoc|\bve|[-,&])$/;
/** Lines of the organ block: a parent and an organ may each wrap over two or three lines of a
 *  narrow column, so up to three of each. */
const MAX_FRAGMENTS = 6;

/** Group the organ block's printed lines into names, top to bottom ("BỘ THÔNG TIN VÀ" / "TRUYỀN
 *  THÔNG" / "CỤC BÁO CHÍ" -> two names). A line starts a new name when it opens with the word of a
 *  body under a parent ("SỞ", "CỤC", "PHÒNG"…) and the line above does not run on into it; a line
 *  naming a place level ("TỈNH LONG AN") completes a bare "ỦY BAN NHÂN DÂN" above it. */
function opensBody(t: string, f: string): boolean {
  if (!ORGAN_HEAD.test(f) || PLACE_LEVEL.test(f)) return false;
  const first = t.trim().split(/\s+/)[0] ?? '';
  // Without marks (an OCR text, an abbreviation such as UBND) the folded word decides.
  return stripMarks(first) === first || MARKED_HEAD.test(t.trim().normalize('NFC').toUpperCase());
}

export function splitNames(texts: string[]): string[] {
  const names: string[][] = [];
  for (const t of texts) {
    const f = fold(t);
    const cur = names[names.length - 1];
    const prev = cur ? fold(cur[cur.length - 1]!) : '';
    if (!cur || (opensBody(t, f) && !CONTINUES.test(prev) && !(cur.length === 1 && BARE_ORGAN.test(prev) && PLACE_LEVEL.test(f)))) names.push([t]);
    else cur.push(t);
  }
  return names.map((n) => n.join(' '));
}

/** What is left of a header line once the right column, rules and the code are removed. */
function organPart(l: Line): string {
  const f = l.fold;
  const drop: Array<[number, number]> = [...ranges(MOTTO1, f), ...ranges(MOTTO2, f), ...ranges(RULE, f)];
  const code = CODE_LABEL.exec(f);
  if (code) drop.push([code.index, f.length]);
  const date = /[\p{L} .]*,\s*(ngay\b|\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4})/u.exec(f);
  if (date) drop.push([date.index, f.length]);
  return cut(l.text, drop);
}

function looksLikeOrganFragment(s: string): boolean {
  if (!hasLetters(s) || s.length > 90) return false;
  const f = fold(s);
  if (STAMP.test(f)) return false;
  // The national motto is never the organ, however damaged (a misread word, lost marks).
  if (MOTTO1.test(f) || MOTTO2.test(f) || MOTTO_LIKE.test(f)) return false;
  return upperRatio(s) >= 0.8;
}

export function findHeader(lines: Line[]): HeaderInfo {
  const mottoLine = lines.findIndex((l) => MOTTO1.test(l.fold));
  const none: HeaderInfo = { mottoLine, start: Math.max(0, mottoLine), organ: null, parent: null, organLines: [], evidence: '', confidence: 0 };
  // Without the motto, assume the organ opens the document (first upper-case lines).
  const anchor = mottoLine >= 0 ? mottoLine : lines.findIndex((l) => !isBlank(l));
  if (anchor < 0) return none;

  const frags: Array<{ line: number; text: string }> = [];
  // Lines above the anchor, walking up through blank lines and rules until text that is not an
  // organ fragment (a web page's caption, a previous paragraph).
  if (mottoLine >= 0) {
    // In a stacked layout the left column ends with "Số: …", stamps and a công văn's "V/v …"; the
    // organ is above the number, so start there when the number sits between it and the motto.
    let top = anchor - 1;
    for (let i = anchor - 1; i >= 0 && i >= anchor - 10; i--) {
      if (CODE_LABEL_AT_START.test(lines[i]!.fold)) {
        top = i - 1;
        break;
      }
    }
    for (let i = top, seen = 0; i >= 0 && i >= top - 8; i--) {
      const l = lines[i]!;
      if (isBlank(l) || isRule(l)) {
        if (seen > 0 && isBlank(l)) break;
        continue;
      }
      const part = organPart(l);
      if (!part) continue;
      if (!looksLikeOrganFragment(part)) break;
      frags.unshift({ line: i, text: part });
      if (++seen >= MAX_FRAGMENTS) break;
    }
  }
  // The anchor line and the lines below it, until "Số", the date, or the title.
  let below = false;
  for (let i = anchor; i < Math.min(lines.length, anchor + MAX_FRAGMENTS + 3); i++) {
    const l = lines[i]!;
    if (isBlank(l) || isRule(l)) {
      if (below) break;
      continue;
    }
    const hasMotto = MOTTO1.test(l.fold) || MOTTO2.test(l.fold) || MOTTO_LIKE.test(l.fold);
    const part = organPart(l);
    if (part && looksLikeOrganFragment(part)) {
      frags.push({ line: i, text: part });
      below = true;
    } else if (!hasMotto) break;
    if (CODE_LABEL.test(l.fold) || frags.length >= MAX_FRAGMENTS) break;
  }
  if (!frags.length) return none;

  const texts = frags.map((f) => squash(f.text));
  const names = splitNames(texts);
  const organ = names[names.length - 1]!;
  const parent = names.length > 1 ? names[names.length - 2]! : null;
  return {
    mottoLine,
    start: Math.min(frags[0]!.line, anchor),
    organ,
    parent,
    organLines: frags.map((f) => f.line),
    evidence: frags.map((f) => lines[f.line]!.text.trim()).join(' | '),
    confidence: mottoLine >= 0 ? 0.9 : 0.6,
  };
}
