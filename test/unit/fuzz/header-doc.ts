// Generated headers of official documents (Decree 30/2020, Appendix I), written the ways text
// extraction delivers them: columns stacked (DOCX, HTML) or flattened onto shared lines (PDF),
// with or without marks (OCR), in NFC or NFD (Word on macOS), with typographic dashes.
import fc from 'fast-check';
import { stripMarks } from '../../../src/extract/text/fold.js';

const LETTERS = 'ABCDEGHIKLMNOPQRSTUVXYĐ'.split('');
/** A group of a notation: "UBND", "QĐ", "TTr", "SNN&PTNT". */
const group = fc.oneof(
  { arbitrary: fc.string({ unit: fc.constantFrom(...LETTERS), minLength: 1, maxLength: 6 }), weight: 4 },
  { arbitrary: fc.constantFrom('UBND', 'QĐ', 'TTr', 'KH', 'CV', 'STC', 'NS', 'HĐND', 'SNN&PTNT', 'VP', 'BTTTT', 'NĐ', 'CP', 'TB', 'BC'), weight: 3 },
);

export interface Code {
  /** The digits as written ("05", "125", "007"). */
  digits: string;
  /** The notation as written, marks included ("2024/QĐ-UBND"). */
  notation: string;
}
/** "125/STC-NS", "12/2024/QĐ-UBND", "05/NQ/HĐND". */
export const code: fc.Arbitrary<Code> = fc.record({
  digits: fc.oneof(fc.integer({ min: 1, max: 999_999 }).map(String), fc.integer({ min: 1, max: 99 }).map((n) => String(n).padStart(3, '0'))),
  year: fc.option(fc.integer({ min: 1990, max: 2099 }), { nil: null }),
  groups: fc.array(group, { minLength: 1, maxLength: 3 }),
  slash: fc.boolean(),
}).map(({ digits, year, groups, slash }) => ({
  digits,
  notation: (year ? `${year}/` : '') + groups.map((g, i) => (i === 0 ? g : `${slash && i === 1 ? '/' : '-'}${g}`)).join(''),
}));

export interface CivilDate {
  y: number;
  m: number;
  d: number;
}
// 1945 (isoDate's first year) to 2099 (numeric dates are read with a 19xx or 20xx year).
export const civilDate: fc.Arbitrary<CivilDate> = fc.date({ min: new Date(Date.UTC(1945, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true }).map((t) => ({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() }));
export const iso = (c: CivilDate): string => `${c.y}-${String(c.m).padStart(2, '0')}-${String(c.d).padStart(2, '0')}`;

const pad2 = (n: number, pad: boolean) => (pad ? String(n).padStart(2, '0') : String(n));

export interface DateStyle {
  form: 'words' | 'numeric';
  pad: boolean;
  caps: boolean;
  sep: '/' | '-' | '.';
  spaces: ' ' | '  ' | ' \u00a0';
  commas: boolean;
}
export const dateStyle: fc.Arbitrary<DateStyle> = fc.record({
  form: fc.constantFrom('words' as const, 'numeric' as const),
  pad: fc.boolean(),
  caps: fc.boolean(),
  sep: fc.constantFrom('/' as const, '-' as const, '.' as const),
  spaces: fc.constantFrom(' ' as const, '  ' as const, ' \u00a0' as const),
  commas: fc.boolean(),
});
/** "ngày 05 tháng 3 năm 2024", "Ngày 5, tháng 3, năm 2024", "05/3/2024", "5.3.2024". */
export function writeDate(c: CivilDate, s: DateStyle): string {
  if (s.form === 'numeric') return `${pad2(c.d, s.pad)}${s.sep}${pad2(c.m, s.pad)}${s.sep}${c.y}`;
  const w = s.spaces;
  const comma = s.commas ? ',' : '';
  return `${s.caps ? 'Ngày' : 'ngày'}${w}${pad2(c.d, s.pad)}${comma}${w}tháng${w}${pad2(c.m, s.pad)}${comma}${w}năm${w}${c.y}`;
}

export const place = fc.constantFrom('Long An', 'Hà Nội', 'Tân An', 'Đà Nẵng', 'Thành phố Hồ Chí Minh', 'TP. Hồ Chí Minh', 'Thị xã Kiến Tường', 'Cần Thơ', 'Bến Lức');

export interface CodeStyle {
  label: 'Số:' | 'Số' | 'SỐ:' | 'Số.' | 'Số :';
  gapAfterLabel: '' | ' ' | '   ';
  aroundSlash: '' | ' ';
  aroundSeparators: '' | ' ';
  dash: '-' | '\u2013' | '\u2011';
  /** Break the line after this separator of the notation (cut at a line end), if any. */
  wrapAt: number | null;
}
export const codeStyle: fc.Arbitrary<CodeStyle> = fc
  .record({
    label: fc.constantFrom('Số:' as const, 'Số' as const, 'SỐ:' as const, 'Số.' as const, 'Số :' as const),
    gapAfterLabel: fc.constantFrom('' as const, ' ' as const, '   ' as const),
    aroundSlash: fc.constantFrom('' as const, ' ' as const),
    aroundSeparators: fc.constantFrom('' as const, ' ' as const),
    dash: fc.constantFrom('-' as const, '\u2013' as const, '\u2011' as const),
    wrapAt: fc.option(fc.nat(3), { nil: null }),
  })
  // "Số12/…" without a colon or a space is not how anyone writes it.
  .map((s) => (s.label === 'Số' && s.gapAfterLabel === '' ? { ...s, gapAfterLabel: ' ' as const } : s));

/** "Số: 12/2024/QĐ-UBND" as written, possibly over two lines (the second line's text after "\n"). */
export function writeCode(c: Code, s: CodeStyle): string {
  let n = 0;
  const notation = c.notation.replace(/[-/]/g, (sep) => {
    const out = `${s.aroundSeparators}${sep === '-' ? s.dash : sep}${s.wrapAt === n ? '\n' : s.aroundSeparators}`;
    n++;
    return out;
  });
  return `${s.label}${s.gapAfterLabel}${c.digits}${s.aroundSlash}/${s.aroundSlash}${notation}`;
}

export interface Layout {
  flattened: boolean;
  marks: 'marked' | 'unmarked';
  form: 'NFC' | 'NFD';
}
export const layout: fc.Arbitrary<Layout> = fc.record({ flattened: fc.boolean(), marks: fc.constantFrom('marked' as const, 'unmarked' as const), form: fc.constantFrom('NFC' as const, 'NFD' as const) });

/** A decision's header and first lines with this code line and promulgation line. */
export function writeHeader(codeLine: string, dateLine: string, l: Layout): string {
  const [code1, code2 = ''] = codeLine.split('\n');
  const pad = (s: string) => s + ' '.repeat(Math.max(4, 40 - s.length));
  const lines = l.flattened
    ? [
        `${pad('ỦY BAN NHÂN DÂN')}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`,
        `${pad('TỈNH LONG AN')}Độc lập - Tự do - Hạnh phúc`,
        `${pad(code1!)}${dateLine}`,
        ...(code2 ? [code2] : []),
      ]
    : ['ỦY BAN NHÂN DÂN', 'TỈNH LONG AN', code1!, ...(code2 ? [code2] : []), 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', dateLine];
  const text = [...lines, '', 'QUYẾT ĐỊNH', 'Về việc ban hành Quy chế phối hợp', '', 'ỦY BAN NHÂN DÂN TỈNH LONG AN', ''].join('\n');
  const t = l.marks === 'unmarked' ? stripMarks(text) : text;
  return t.normalize(l.form);
}

/** What a reader should give back for text written with or without marks: NFC, and without marks
 *  when the document had none. */
export const asWritten = (s: string, l: Layout): string => (l.marks === 'unmarked' ? stripMarks(s) : s).normalize('NFC');
