// Text layouts of a corpus document and the damage applied to them. "stacked" is what a reader of
// a DOCX table gives (left column, then right column); "flat" is what PDF text extraction gives
// (both columns on one line). Variants re-encode the text as real documents arrive.
import iconv from 'iconv-lite';
import type { CorpusDoc, Logical } from './generate.js';
import { stripMarks } from '../../../src/extract/text/fold.js';
import { encodeTcvn3, encodeVni } from '../../../src/extract/text/legacy.js';

export function bodyLines(L: Logical, repeat: number): string[] {
  const out: string[] = [];
  if (L.competence) out.push(L.competence);
  if (L.kinhGui) out.push(`Kính gửi: ${L.kinhGui.join(', ')}.`);
  out.push(...L.body);
  for (let k = 0; k < repeat; k++) {
    out.push(
      `${k + 1}. Tiếp tục thực hiện nghiêm các quy định về trao đổi, lưu trữ, xử lý văn bản điện tử; bảo đảm thời hạn xử lý văn bản đến và báo cáo kết quả theo định kỳ hằng tháng, hằng quý.`,
      'Các cơ quan, đơn vị chủ động phối hợp, kịp thời phản ánh khó khăn, vướng mắc để được hướng dẫn giải quyết.',
    );
  }
  return out;
}

/** Right header column aligned with the left: the motto on the first rows, the date (and what
 *  follows it, such as a stamp) from the row of "Số: …". */
export function alignHeader(L: Logical): Array<[string, string]> {
  const left = L.headerLeft;
  const s = left.findIndex((l) => /^S[ốo]\s*:/.test(l));
  const d = L.headerRight.findIndex((r) => /,\s*(ngày|ngay|\d)/.test(r));
  const before = d < 0 ? L.headerRight : L.headerRight.slice(0, d);
  const from = d < 0 ? [] : L.headerRight.slice(d);
  const dateRow = Math.max(s, 2);
  const right: string[] = new Array(Math.max(left.length, dateRow + from.length)).fill('');
  // Above the date row there is room for the motto and, when the number sits lower, the rule.
  before.slice(0, dateRow).forEach((r, i) => (right[i] = r));
  from.forEach((r, i) => (right[dateRow + i] = r));
  return right.map((r, i) => [left[i] ?? '', r]);
}

export function alignFooter(L: Logical): Array<[string, string]> {
  const n = Math.max(L.footerLeft.length, L.footerRight.length);
  const rows: Array<[string, string]> = [];
  for (let i = 0; i < n; i++) rows.push([L.footerLeft[i] ?? '', L.footerRight[i] ?? '']);
  return rows;
}

function layoutText(doc: CorpusDoc): string[] {
  const L = doc.logical;
  const out: string[] = [...(L.top ?? [])];
  if (doc.layout === 'flat') {
    for (const [a, b] of alignHeader(L)) out.push(`${a} ${b}`.trim());
  } else {
    out.push(...L.headerLeft, ...L.headerRight);
  }
  out.push('');
  if (L.title) out.push(L.title);
  out.push(...L.subject);
  out.push('');
  out.push(...bodyLines(L, doc.bodyRepeat));
  out.push('');
  if (doc.layout === 'flat') for (const [a, b] of alignFooter(L)) out.push(`${a} ${b}`.trim());
  else out.push(...L.footerLeft, ...L.footerRight);
  return out;
}

/** OCR damage: marks lost, "Số :" and " / " spacing, a word hyphenated across the subject lines. */
function ocr(lines: string[], seed: number): string[] {
  const out = lines.map((l) => stripMarks(l));
  for (let i = 0; i < out.length; i++) {
    out[i] = out[i]!.replace(/^So: (\d+)\//, seed % 2 ? 'So : $1 / ' : 'So: $1/').replace(/(\p{L}) (\p{L})/gu, (m, a: string, b: string) => (seed % 3 === 0 && a === 'a' ? `${a}  ${b}` : m));
  }
  // Hyphenate across a line break where the next line starts with a lower-case word.
  for (let i = 0; i + 1 < out.length; i++) {
    const next = out[i + 1]!;
    if (/^[a-z]{3,}\b/.test(next) && /[a-z]$/.test(out[i]!) && out[i]!.length > 20 && seed % 2 === 0) {
      out[i] = `${out[i]} ${next.slice(0, 2)}-`;
      out[i + 1] = next.slice(2);
      break;
    }
  }
  return out;
}

export function encode1258(text: string): Buffer {
  // windows-1258 has the base letters (â ê ô ơ ư ă đ) and combining tones, not the toned forms.
  const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
  let s = '';
  for (const ch of text.normalize('NFC')) {
    const d = ch.normalize('NFD');
    const tones = d.match(TONES)?.join('') ?? '';
    s += d.replace(TONES, '').normalize('NFC') + tones;
  }
  return iconv.encode(s, 'windows-1258');
}

/** Plain-text rendering (for .txt documents and as the source of DOCX/ODT/PDF lines). */
export function renderText(doc: CorpusDoc): { text: string; bytes: Buffer } {
  if (doc.raw) return { text: doc.raw, bytes: Buffer.from(doc.raw, 'utf8') };
  let lines = layoutText(doc);
  if (doc.variant === 'ocr') lines = ocr(lines, parseInt(doc.id, 10));
  const text = lines.join('\n') + '\n';
  switch (doc.variant) {
    case 'tcvn3':
      return { text: encodeTcvn3(text), bytes: Buffer.from(encodeTcvn3(text), 'latin1') };
    case 'vni':
      return { text: encodeVni(text), bytes: Buffer.from(encodeVni(text), 'latin1') };
    case 'cp1258':
      return { text, bytes: encode1258(text) };
    case 'nfd':
      return { text: text.normalize('NFD'), bytes: Buffer.from(text.normalize('NFD'), 'utf8') };
    default:
      return { text, bytes: Buffer.from(text, 'utf8') };
  }
}

/** Per-line transform for formats that carry lines (DOCX, ODT). */
export function encodeLine(doc: CorpusDoc, s: string): string {
  switch (doc.variant) {
    case 'tcvn3':
      return encodeTcvn3(s);
    case 'vni':
      return encodeVni(s);
    case 'nfd':
      return s.normalize('NFD');
    case 'ocr':
      return stripMarks(s);
    default:
      return s;
  }
}
