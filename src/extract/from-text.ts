// Metadata from plain text: the pure core that every format ends in. Finds the header (organ,
// motto), then the number, the date and place, the title and subject, the stamps, and the foot
// (recipients, signer). Each value carries the text it was read from and a confidence.
import type { DocumentMetadata, FieldEvidence } from './types.js';
import { emptyMetadata } from './types.js';
import { normalizeText } from './text/normalize.js';
import { boundText } from './text/bound.js';
import { fold } from './text/fold.js';
import { MOTTO1, MOTTO2, cut, ranges, toLines, type Line } from './fields/lines.js';
import { findHeader } from './fields/header.js';
import { findCode } from './fields/code.js';
import { findDate, findPlaceOnly } from './fields/date.js';
import { SALUTATION, collectSubject, findTitle, findVv, typeFromNotation } from './fields/title.js';
import { findSecrecy, findUrgency } from './fields/marks.js';
import { findFooter } from './fields/footer.js';

function ev(text: string, confidence: number): FieldEvidence {
  return { text: text.length > 300 ? text.slice(0, 297) + '…' : text, confidence: Math.round(confidence * 100) / 100, source: 'text' };
}

export function extractFromText(raw: string): DocumentMetadata {
  const md = emptyMetadata();
  // A bounded window (text/bound.ts): the header and foot are at the ends, and the recognisers
  // must not cost more on a 300-page text than on a long decision.
  const { text } = normalizeText(boundText(raw));
  const lines = toLines(text);
  if (!lines.some((l) => l.text.trim())) return md;

  const header = findHeader(lines);
  if (header.organ) {
    md.organName = header.organ;
    md.evidence.organName = ev(header.evidence, header.confidence);
    if (header.parent) {
      md.parentOrganName = header.parent;
      md.evidence.parentOrganName = ev(header.evidence, header.confidence - 0.1);
    }
  }
  const hStart = header.organ ? header.start : Math.max(0, header.mottoLine);
  // The header block is short; searching further would meet references in the body
  // ("Căn cứ Nghị định số 64/2007/NĐ-CP ngày 10/4/2007").
  const hEnd = header.mottoLine >= 0 ? header.mottoLine + 14 : hStart + 30;

  const code = findCode(lines, hStart, hEnd);
  if (code) {
    md.codeRaw = code.raw;
    md.codeNumber = code.number;
    md.codeNotation = code.notation;
    md.evidence.codeNumber = ev(code.evidence, code.confidence);
    md.evidence.codeNotation = ev(code.evidence, code.confidence);
  }

  const found = findDate(lines, hStart, hEnd);
  if (found) {
    md.issuedDate = found.iso;
    md.evidence.issuedDate = ev(found.evidence, found.confidence);
  }
  // A draft's promulgation line may leave the day blank ("Long An, ngày    tháng 3 năm 2024"):
  // the place is still read, the date stays null.
  const placeOnly = found ? null : findPlaceOnly(lines, hStart, hEnd);
  const date = found ?? (placeOnly && { ...placeOnly, confidence: 0.8 });
  if (date?.place) {
    md.place = date.place;
    md.evidence.place = ev(date.evidence, date.confidence - 0.05);
  }

  const afterHead = Math.max(code?.line ?? -1, date?.line ?? -1, header.mottoLine, ...header.organLines) + 1;
  const title = findTitle(lines, afterHead, afterHead + 10);
  const vv = findVv(lines, Math.max(code?.line ?? hStart, hStart), (title?.line ?? afterHead + 8) + 1);
  // A subject line's own text: a flattened header puts the right column (motto, "<Place>, ngày …")
  // on the same line as the left column's "V/v …".
  const textOf = (l: Line): string => {
    const end = date && l.index === date.line ? date.tailStart : l.text.length;
    const f = l.fold.slice(0, end);
    return cut(l.text.slice(0, end), [...ranges(MOTTO1, f), ...ranges(MOTTO2, f)]);
  };
  const subjectOpts = { organFold: md.organName ? fold(md.organName) : null, textOf };
  const subjectLines = new Set<number>();
  const s = title ? collectSubject(lines, title.line + 1, title.rest || null, subjectOpts) : vv >= 0 ? collectSubject(lines, vv, null, subjectOpts) : null;
  if (title) {
    md.typeName = title.name;
    md.evidence.typeName = ev(title.evidence, title.confidence);
  }
  if (s) {
    md.subject = s.text;
    md.evidence.subject = ev(s.text, 0.85);
    s.lines.forEach((n) => subjectLines.add(n));
  }
  if (!md.typeName && vv >= 0) {
    // A "V/v" line is the layout of a công văn, whose notation has no type part: its first group
    // is the organ's ("1234/CT-TTHT" is Cục Thuế's, not a Chỉ thị).
    md.typeName = 'Công văn';
    md.evidence.typeName = ev(lines[vv]!.text.trim(), 0.9);
  } else if (!md.typeName && md.codeNotation) {
    const t = typeFromNotation(md.codeNotation);
    if (t) {
      md.typeName = t.name;
      md.evidence.typeName = ev(`${md.codeRaw} (${t.group})`, t.confidence);
    }
  }

  // Stamps sit in the header: near the number, above the title, or for a công văn under its
  // "V/v" block and above "Kính gửi". A "MẬT" line further down is body text (a list, a table).
  const kinhGui = lines.findIndex((l, i) => i >= afterHead && SALUTATION.test(l.fold.trim()));
  const markTo = title ? title.line : Math.min(kinhGui >= 0 ? kinhGui : Infinity, Math.max(afterHead, ...[...subjectLines].map((n) => n + 1)) + 3);
  const skip = new Set<number>([...header.organLines, ...subjectLines]);
  const urgency = findUrgency(lines, 0, markTo, skip);
  if (urgency) {
    md.urgency = urgency.value;
    md.evidence.urgency = ev(urgency.evidence, urgency.confidence);
  }
  const secrecy = findSecrecy(lines, 0, markTo, skip);
  if (secrecy) {
    md.secrecy = secrecy.value;
    md.evidence.secrecy = ev(secrecy.evidence, secrecy.confidence);
  }

  const footer = findFooter(lines, Math.max(afterHead, ...subjectLines) + 1);
  if (footer.recipients) {
    md.recipients = footer.recipients;
    md.evidence.recipients = ev(footer.recipientsEvidence, 0.85);
  }
  if (footer.signer) {
    md.signer = footer.signer;
    md.evidence.signer = ev(footer.signerEvidence, footer.signerConfidence);
  }
  return md;
}
