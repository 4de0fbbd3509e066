// Document types and their notation abbreviations (Decree 30/2020, Appendix III), plus the legal
// types issued by ministries and the Government that agencies also forward (Nghị định, Thông tư).
// A công văn has no abbreviation: its notation starts with the organ ("12/UBND-VX").
import { fold } from '../text/fold.js';

export const DOC_TYPES: Array<{ name: string; abbr: string | null }> = [
  { name: 'Nghị quyết', abbr: 'NQ' },
  { name: 'Nghị định', abbr: 'NĐ' },
  { name: 'Quyết định', abbr: 'QĐ' },
  { name: 'Chỉ thị', abbr: 'CT' },
  { name: 'Quy chế', abbr: 'QC' },
  { name: 'Quy định', abbr: 'QyĐ' },
  { name: 'Thông cáo', abbr: 'TC' },
  { name: 'Thông báo', abbr: 'TB' },
  { name: 'Thông tư liên tịch', abbr: 'TTLT' },
  { name: 'Thông tư', abbr: 'TT' },
  { name: 'Hướng dẫn', abbr: 'HD' },
  { name: 'Chương trình', abbr: 'CTr' },
  { name: 'Kế hoạch', abbr: 'KH' },
  { name: 'Phương án', abbr: 'PA' },
  { name: 'Đề án', abbr: 'ĐA' },
  { name: 'Dự án', abbr: 'DA' },
  { name: 'Báo cáo', abbr: 'BC' },
  { name: 'Biên bản', abbr: 'BB' },
  { name: 'Tờ trình', abbr: 'TTr' },
  { name: 'Hợp đồng', abbr: 'HĐ' },
  { name: 'Công điện', abbr: 'CĐ' },
  { name: 'Bản ghi nhớ', abbr: 'BGN' },
  { name: 'Bản thỏa thuận', abbr: 'BTT' },
  { name: 'Giấy ủy quyền', abbr: 'GUQ' },
  { name: 'Giấy mời', abbr: 'GM' },
  { name: 'Giấy giới thiệu', abbr: 'GGT' },
  { name: 'Giấy nghỉ phép', abbr: 'GNP' },
  { name: 'Phiếu gửi', abbr: 'PG' },
  { name: 'Phiếu chuyển', abbr: 'PC' },
  { name: 'Phiếu báo', abbr: 'PB' },
  { name: 'Bản sao y', abbr: 'SY' },
  { name: 'Bản trích sao', abbr: 'TrS' },
  { name: 'Bản sao lục', abbr: 'SL' },
  { name: 'Công văn', abbr: null },
];

/** Folded title -> canonical name, longest first so "THÔNG TƯ LIÊN TỊCH" beats "THÔNG TƯ". */
export const TITLES: Array<{ fold: string; name: string }> = DOC_TYPES.map((t) => ({
  fold: fold(t.name),
  name: t.name,
})).sort((a, b) => b.fold.length - a.fold.length);

/** Canonical type for a notation group: exact spelling first, then folded (OCR turns Đ into D).
 *  Folded collisions (HD: Hướng dẫn / Hợp đồng; DA: Dự án / Đề án) resolve to the spelling
 *  without Đ, which is what an exact match of the OCR text would give. */
export function typeFromAbbreviation(group: string): { name: string; exact: boolean } | null {
  const exact = DOC_TYPES.find((t) => t.abbr === group);
  if (exact) return { name: exact.name, exact: true };
  const g = fold(group);
  const loose = DOC_TYPES.filter((t) => t.abbr && fold(t.abbr) === g);
  const pick = loose.find((t) => !/Đ/.test(t.abbr!)) ?? loose[0];
  return pick ? { name: pick.name, exact: false } : null;
}
