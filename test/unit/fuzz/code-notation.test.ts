// Property-based fuzzing of the document number and notation parser ("Số và ký hiệu",
// src/extract/fields/code.ts) and of the subject reader (fromMailSubject, src/extract/email.ts):
// generated codes written the ways documents and mail subjects write them are read back exactly;
// arbitrary text never throws and never yields a malformed code.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalNumber, findCode, parseCodeString } from '../../../src/extract/fields/code.js';
import { toLines } from '../../../src/extract/fields/lines.js';
import { extractFromText } from '../../../src/extract/from-text.js';
import { fromMailSubject } from '../../../src/extract/email.js';
import { stripMarks } from '../../../src/extract/text/fold.js';
import { FUZZ_TIMEOUT, check, repeated, withinTime } from '../../helpers/fuzz.js';
import { asWritten, civilDate, code, iso, codeStyle, dateStyle, layout, place, writeCode, writeDate, writeHeader } from './header-doc.js';

describe('number and notation: round trip', () => {
  it('canonicalNumber is the Decree 30 form: Arabic, zero-padded below 10, leading zeros dropped', () => {
    check(
      fc.property(fc.integer({ min: 1, max: 999_999 }), fc.nat(4), (n, zeros) => {
        expect(canonicalNumber('0'.repeat(zeros) + n)).toBe(n < 10 ? `0${n}` : String(n));
      }),
      500,
    );
  });

  it('parseCodeString reads "N / notation" with any spacing', () => {
    check(
      fc.property(code, fc.constantFrom('', ' ', '  '), fc.constantFrom('', ' '), (c, gap, inner) => {
        const written = `${gap}${c.digits}${gap}/${gap}${c.notation.replace(/[-/]/g, (s) => `${inner}${s}${inner}`)}${gap}`;
        expect(parseCodeString(written)).toEqual({ number: canonicalNumber(c.digits), notation: c.notation });
      }),
      500,
    );
  });

  it('a document header gives back its number and notation, however the code line is written', { timeout: FUZZ_TIMEOUT }, () => {
    check(
      fc.property(code, codeStyle, civilDate, dateStyle, place, layout, (c, cs, d, ds, p, l) => {
        const md = extractFromText(writeHeader(writeCode(c, cs), `${p}, ${writeDate(d, ds)}`, l));
        const notation = asWritten(c.notation, l);
        if (l.flattened && cs.wrapAt !== null && md.codeNotation !== notation) {
          // A notation cut at the end of the left column, with the right column flattened after
          // it, cannot be put together again; but no word of the right column may be read into it.
          if (md.codeNotation !== null) expect(notation.startsWith(md.codeNotation)).toBe(true);
          return;
        }
        expect({ number: md.codeNumber, notation: md.codeNotation }).toEqual({ number: canonicalNumber(c.digits), notation });
      }),
      200,
      5,
    );
  });

  it('a mail subject gives back the code and the date, in either order', { timeout: FUZZ_TIMEOUT }, () => {
    const words = fc.tuple(fc.constantFrom('Công văn', 'Quyết định', 'Gửi văn bản', 'Văn bản'), fc.constantFrom('số ', 'Số: ', ''), fc.boolean(), fc.constantFrom('V/v tăng cường công tác phòng chống dịch', 'về việc báo cáo', ''));
    check(
      fc.property(code, civilDate, fc.boolean(), words, (c, d, pad, [head, label, dateFirst, tail]) => {
        const date = `${String(d.d).padStart(pad ? 2 : 1, '0')}/${String(d.m).padStart(pad ? 2 : 1, '0')}/${d.y}`;
        const codeText = `${label}${c.digits}/${c.notation}`;
        const s = dateFirst ? `${head} ngày ${date} ${codeText} ${tail}` : `${head} ${codeText} ngày ${date} ${tail}`;
        const md = fromMailSubject(s);
        expect([md.codeNumber, md.codeNotation, md.issuedDate]).toEqual([canonicalNumber(c.digits), c.notation, iso(d)]);
      }),
      300,
    );
  });
});

describe('number and notation: totality and invariants', () => {
  const wellFormed = (number: string | null, notation: string | null) => {
    if (number !== null) expect(number).toMatch(/^(0\d|[1-9]\d{1,5})$/);
    if (notation !== null) {
      expect(notation).toMatch(/\p{L}/u);
      expect(notation).not.toMatch(/\s/);
    }
  };
  const noise = fc.array(
    fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom('Số:', 'So', 'số', '12', '/', '-', ' / ', '\n', 'QĐ', 'UBND', '2024', '…', '.', '&', ',', 'ngày', 'Số: /TTr-STTTT', 'Số 0/'), code.map((c) => `${c.digits}/${c.notation}`)),
    { maxLength: 30 },
  ).map((a) => a.join(''));

  it('never throws on arbitrary text and only gives codes of the right form', { timeout: FUZZ_TIMEOUT }, () => {
    check(
      fc.property(noise, (t) => {
        const lines = toLines(t.normalize('NFC'));
        const hit = findCode(lines, 0, lines.length);
        if (hit) wellFormed(hit.number, hit.notation);
        const parsed = parseCodeString(t);
        if (parsed) wellFormed(parsed.number, parsed.notation);
        const md = extractFromText(t);
        wellFormed(md.codeNumber, md.codeNotation);
        const sub = fromMailSubject(t);
        if (sub.codeNumber !== null) expect(sub.codeNumber).toMatch(/^(0\d|[1-9]\d{1,5})$/);
      }),
      300,
    );
  });

  it('stays within time on long and repetitive text', { timeout: FUZZ_TIMEOUT }, () => {
    for (const t of [repeated('Số: 1/', 200_000), repeated('1 / ', 200_000, 'Số: '), repeated('A-', 200_000, 'Số: 12/'), repeated(' ', 200_000, 'Số:', '12/QĐ'), repeated('Số: 12/QĐ-\n', 200_000)]) {
      withinTime(t.length, () => extractFromText(t), 10);
      withinTime(t.length, () => fromMailSubject(t.slice(0, 2000)));
    }
  });

  it('a notation without marks is the marked one with its marks stripped', () => {
    check(
      fc.property(code, (c) => {
        expect(parseCodeString(`${c.digits}/${stripMarks(c.notation)}`)?.notation).toBe(stripMarks(c.notation));
      }),
      200,
    );
  });
});
