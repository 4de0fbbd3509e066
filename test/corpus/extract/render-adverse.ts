// The 'adverse' PDF template: a corpus document drawn by position (render-cells.ts) in a content
// stream whose order is not the reading order, as some producers write it — the header's right
// cell before the left, or every line top to bottom across both cells (a printer driver), and the
// secrecy and urgency marks drawn last, in boxes, after everything else. The header's left
// column is a third of the text width (organ names and the V/v subject wrap by width) or 42 % of
// it with the motto in 11 pt (a long place pushes the date's year onto a second line). Text
// extraction in drawing order gets these wrong; only the positions give the reading order.
import { PAGE, body, drawPdf, foot, header, measurer, ordered, type Drawn, type Measure, type Para } from './render-cells.js';
import type { CorpusDoc } from './generate.js';
import { MARK, RULE, pick } from './render-office.js';
import { bodyLines } from './render-text.js';

let measure: Promise<Measure> | null = null;

function leftParas(doc: CorpusDoc): Para[] {
  const parent = doc.label.parentOrganName ?? '';
  const lines = doc.logical.headerLeft.filter((l) => !RULE.test(l));
  const no = lines.findIndex((l) => /^S[ốo]\s*:/.test(l));
  const out: Para[] = [];
  let subject: string[] = [];
  lines.forEach((l, k) => {
    if (MARK.test(l)) out.push({ text: l, face: 'bold', size: 14, before: 6 });
    else if (no >= 0 && k > no) subject.push(l);
    else if (k === no) out.push({ text: l, size: 13, before: 4 });
    else out.push({ text: l, face: parent && parent.includes(l) ? 'regular' : 'bold', size: 13 });
    // The V/v subject is one paragraph the cell wraps.
    if (subject.length && (k === lines.length - 1 || MARK.test(lines[k + 1] ?? ''))) {
      out.push({ text: subject.join(' '), size: 12, before: 2 });
      subject = [];
    }
  });
  return out;
}

function rightParas(doc: CorpusDoc, narrow: boolean): Para[] {
  return doc.logical.headerRight
    .filter((l) => !RULE.test(l))
    .map((l, k): Para => {
      if (MARK.test(l)) return { text: l, face: 'bold', size: 14, before: 6 };
      if (k === 0) return { text: l, face: 'bold', size: narrow ? 11 : 12 };
      if (/^Độc lập/.test(l)) return { text: l, face: 'bold', size: 13 };
      return { text: l, face: 'italic', size: 14, before: 8 };
    });
}

export async function renderAdverse(doc: CorpusDoc): Promise<{ bytes: Uint8Array; pages: number }> {
  const m = await (measure ??= measurer());
  const L = doc.logical;
  const share = pick(doc.id, 2) === 0 ? 1 / 3 : 0.42;
  let top = 790;
  const stamps: Drawn[] = (L.top ?? []).map((t) => {
    const s = { text: t, x: PAGE.left + 6, y: top, face: 'bold' as const, size: 13, cell: 'stamp' };
    top -= 24;
    return s;
  });
  const h = header(m, leftParas(doc), rightParas(doc, share > 0.4), top, share);
  const paras: Para[] = [];
  if (L.title) paras.push({ text: L.title, face: 'bold', size: 14, before: 18 });
  for (const s of L.subject) paras.push({ text: s, face: 'bold', size: 14 });
  for (const t of bodyLines(L, doc.bodyRepeat)) paras.push({ text: t, size: 13, align: t === L.competence ? 'center' : 'left', before: paras.length ? 6 : 18 });
  const main = body(m, paras, h.bottom);
  const sign: Para[] = [];
  let room = 0;
  for (const t of L.footerRight) {
    if (!t) room += 14;
    else {
      sign.push({ text: t, face: t.startsWith('(') ? 'italic' : 'bold', size: 13, before: room });
      room = 0;
    }
  }
  const recipients = L.footerLeft.map((t, k): Para => ({ text: t, face: k === 0 ? 'boldItalic' : 'regular', size: k === 0 ? 12 : 11, align: 'left' }));
  const f = foot(m, recipients, sign, main.bottom - 16);
  const last = Math.min(...[...f.left, ...f.right].map((l) => l.y));
  if (last < 40) throw new Error(`corpus: ${doc.id} does not fit one page in the 'adverse' template`);
  // Right cell first, or line by line across the cells, by document; the marks always last.
  const order = pick(doc.id, 4) < 2 ? 'right-first' : 'lines';
  const all = ordered([[h.left, h.right], [main.lines], [f.left, f.right]], order);
  const isMark = (l: Drawn) => MARK.test(l.text);
  const lines = [...all.filter((l) => !isMark(l)), ...all.filter(isMark), ...stamps];
  const boxes = [...all.filter(isMark), ...stamps].map((l): [number, number, number, number] => [l.x - 5, l.y - 4, m(l.text, l.face, l.size) + 10, l.size + 6]);
  return { bytes: await drawPdf({ lines, boxes, rules: [[h.cut / 2 + PAGE.left / 2 - 25, h.cut / 2 + PAGE.left / 2 + 25, h.bottom + 4]] }), pages: 1 };
}
