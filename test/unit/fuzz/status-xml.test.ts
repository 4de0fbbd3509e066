// Property-based fuzzing of the XML the project reads with its own schema: the edXML-style Status
// of an acknowledgement (src/mail/classify/status-xml.ts) and the edXML MessageHeader of a
// document (src/extract/edxml.ts). A Status written the ways another edXML implementation may
// write it (prefixes, CDATA, character references, other element order, extra elements) reads the
// same; anything else is refused with StatusXmlError, never another exception, in bounded time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EDXML_NS, STATUS_MAX_BYTES, StatusXmlError, buildStatusXml, normalizeStatus, parseStatusXml, safeParseStatusXml, type VanThuStatus } from '../../../src/mail/classify/status-xml.js';
import { buildEdxml, parseEdxml, parseEdxmlEnvelope } from '../../../src/extract/edxml.js';
import { emptyMetadata, type DocumentMetadata } from '../../../src/extract/types.js';
import { dateProblem } from '../../../src/calendar/civil-date.js';
import { FUZZ_TIMEOUT, check, repeated, withinTime } from '../../helpers/fuzz.js';
import { civilDate, code, iso } from './header-doc.js';

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('Sở Tài chính tỉnh Long An', 'a & b < c > d "e" \'f\'', ']]>', '&amp;', '<![CDATA[x]]>', 'line\nbreak', '  padded  ', 'Đ', 'x\u0000y', '\uFFFE'),
);
const required = text.filter((s) => normalizeStatus({ ...base, from: { organId: s } }).from.organId !== '');
const optional = fc.option(text, { nil: null });
const base: VanThuStatus = {
  responseFor: { organId: '000.00.00.H41', code: '12/UBND-VX', promulgationDate: null, documentId: null },
  from: { organId: '000.00.01.H41' },
  statusCode: '03',
  description: null,
  timestamp: '2026-12-03T08:00:00+07:00',
  arrivalNumber: null,
  receiptTime: null,
  originalMessageId: null,
};
const status: fc.Arbitrary<VanThuStatus> = fc.record({
  responseFor: fc.record({ organId: required, code: required, promulgationDate: optional, documentId: optional }),
  from: fc.record({ organId: required, organName: optional, email: optional }),
  statusCode: fc.constantFrom('01', '02', '03', '04', '05', '06', '13', '15', '16', '42'),
  description: optional,
  timestamp: required,
  arrivalNumber: optional,
  receiptTime: optional,
  originalMessageId: optional,
});

type Escape = 'entities' | 'cdata' | 'numeric' | 'minimal';
interface XmlStyle {
  prefix: '' | 'edXML:' | 'ns0:';
  escape: Escape;
  indent: '' | '\n  ' | '\r\n\t';
  declaration: boolean;
  bom: boolean;
  shuffle: number[];
  extras: boolean;
  comments: boolean;
}
const xmlStyle: fc.Arbitrary<XmlStyle> = fc.record({
  prefix: fc.constantFrom('' as const, 'edXML:' as const, 'ns0:' as const),
  escape: fc.constantFrom('entities' as const, 'cdata' as const, 'numeric' as const, 'minimal' as const),
  indent: fc.constantFrom('' as const, '\n  ' as const, '\r\n\t' as const),
  declaration: fc.boolean(),
  bom: fc.boolean(),
  shuffle: fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7], { minLength: 8, maxLength: 8 }),
  extras: fc.boolean(),
  comments: fc.boolean(),
});

function escape(v: string, how: Escape): string {
  switch (how) {
    case 'entities':
      return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
    case 'minimal':
      return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/]]>/g, ']]&gt;');
    case 'numeric':
      return [...v].map((c) => (/[A-Za-z0-9 ]/.test(c) ? c : `&#x${c.codePointAt(0)!.toString(16).toUpperCase()};`)).join('');
    case 'cdata':
      return v === '' ? '' : `<![CDATA[${v.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
  }
}

/** A Status as another implementation may write it (the value the reader must give is normalizeStatus). */
function writeStatus(raw: VanThuStatus, s: XmlStyle): string {
  const st = normalizeStatus(raw);
  const p = s.prefix;
  const i = s.indent;
  const el = (name: string, v: string | null | undefined) => (v === null || v === undefined ? '' : `${i}<${p}${name}>${escape(v, s.escape)}</${p}${name}>`);
  const children = [
    `${i}<${p}ResponseFor>${el('OrganId', st.responseFor.organId)}${el('Code', st.responseFor.code)}${el('PromulgationDate', st.responseFor.promulgationDate)}${el('DocumentId', st.responseFor.documentId)}</${p}ResponseFor>`,
    `${i}<${p}From>${el('OrganId', st.from.organId)}${el('OrganName', st.from.organName)}${el('Email', st.from.email)}${s.extras ? `<${p}StaffInfo><${p}Staff>Nguyễn Văn A</${p}Staff></${p}StaffInfo>` : ''}</${p}From>`,
    el('StatusCode', st.statusCode),
    el('Description', st.description),
    el('Timestamp', st.timestamp),
    el('ArrivalNumber', st.arrivalNumber),
    el('ReceiptTime', st.receiptTime),
    el('OriginalMessageId', st.originalMessageId),
  ];
  const ordered = s.shuffle.map((k) => children[k]!);
  const ns = p ? `xmlns:${p.slice(0, -1)}="${EDXML_NS}"` : `xmlns="${EDXML_NS}"`;
  return (
    (s.bom ? '\uFEFF' : '') +
    (s.declaration ? '<?xml version="1.0" encoding="UTF-8"?>\n' : '') +
    (s.comments ? '<!-- written by another edXML implementation -->\n' : '') +
    `<${p}Status ${ns}>${ordered.join(s.comments ? '<!-- c -->' : '')}${s.extras ? `${i}<${p}Extension><${p}Any>1</${p}Any></${p}Extension>` : ''}${i}</${p}Status>`
  );
}

/** parseStatusXml returns a status or throws StatusXmlError; nothing else. */
function parseOrRefuse(xml: string | Buffer): VanThuStatus | null {
  try {
    const st = parseStatusXml(xml);
    expect(st.statusCode).toMatch(/^\d{2}$/);
    return st;
  } catch (err) {
    expect(err).toBeInstanceOf(StatusXmlError);
    return null;
  } finally {
    const safe = safeParseStatusXml(xml);
    expect(typeof safe.ok).toBe('boolean');
  }
}

describe('Status XML: round trip', () => {
  it('reads a Status however a peer writes it: prefixes, escaping, order, extra elements, comments, BOM', { timeout: FUZZ_TIMEOUT }, () => {
    check(
      fc.property(status, xmlStyle, (st, s) => {
        expect(parseStatusXml(writeStatus(st, s))).toEqual(normalizeStatus(st));
        expect(parseStatusXml(Buffer.from(writeStatus(st, s), 'utf8'))).toEqual(normalizeStatus(st));
      }),
      100,
      2,
    );
  });

  it('reading is idempotent: what is read, written again, reads the same', { timeout: FUZZ_TIMEOUT }, () => {
    check(
      fc.property(status, xmlStyle, (st, s) => {
        const once = parseStatusXml(writeStatus(st, s));
        expect(parseStatusXml(buildStatusXml(once))).toEqual(once);
      }),
      60,
      2,
    );
  });
});

describe('Status XML: totality', () => {
  const valid = buildStatusXml({ ...base, description: 'Đã vào sổ', arrivalNumber: '125' });

  it('arbitrary text is a Status or a StatusXmlError', { timeout: FUZZ_TIMEOUT }, () => {
    check(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 100 }).map((t) => `<Status xmlns="${EDXML_NS}">${t}</Status>`)), (t) => {
        parseOrRefuse(t);
      }),
      500,
    );
  });

  it('a damaged Status (cut, bytes changed, pieces inserted) is a Status or a StatusXmlError', { timeout: FUZZ_TIMEOUT }, () => {
    const piece = fc.constantFrom('<', '>', '&', '&#0;', '&#x110000;', '&unknown;', '<![CDATA[', ']]>', '<!DOCTYPE x [<!ENTITY a "b">]>', '</Status>', '<Status>', '<StatusCode>1</StatusCode>', '<__proto__>x</__proto__>', '<constructor/>', '\u0000', '"', "'", '=', '<?xml version="1.0"?>');
    check(
      fc.property(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.oneof(piece, fc.string({ maxLength: 5 }))), { maxLength: 6 }), (cut, edits) => {
        let t = valid.slice(0, cut % (valid.length + 1));
        for (const [at, s] of edits) {
          const k = t.length ? at % t.length : 0;
          t = t.slice(0, k) + s + t.slice(k + 1);
        }
        parseOrRefuse(t);
      }),
      500,
    );
  });

  it('hostile documents (deep nesting, entity expansion, huge text) are refused or read within time', () => {
    const hostile = [
      repeated('<a>', 200_000, `<Status xmlns="${EDXML_NS}">`),
      repeated('<a>', 200_000, `<Status xmlns="${EDXML_NS}">`, repeated('</a>', 200_000) + '</Status>'),
      `<?xml version="1.0"?><!DOCTYPE Status [<!ENTITY a "${'x'.repeat(1000)}"><!ENTITY b "${'&a;'.repeat(1000)}"><!ENTITY c "${'&b;'.repeat(1000)}">]><Status xmlns="${EDXML_NS}"><Description>&c;</Description></Status>`,
      valid.replace('Đã vào sổ', 'x'.repeat(500_000)),
      valid.replace('<Description>', repeated('<Description>', 100_000)),
      repeated('<!--', 200_000),
      repeated('&', 200_000, `<Status xmlns="${EDXML_NS}"><Description>`),
    ];
    for (const t of hostile) withinTime(t.length, () => parseOrRefuse(t), 8);
    // Anything larger than a Status can be is refused before parsing.
    for (const t of hostile.filter((h) => h.length > STATUS_MAX_BYTES)) expect(() => parseStatusXml(t)).toThrow(/larger than/);
  });
});

// ---------------------------------------------------------------------------------------------
// edXML MessageHeader.

const metadata: fc.Arbitrary<DocumentMetadata> = fc
  .record({
    code,
    date: fc.option(civilDate, { nil: null }),
    place: fc.option(fc.constantFrom('Long An', 'Hà Nội', 'A & B <C>'), { nil: null }),
    subject: fc.option(text.filter((s) => s.trim() !== '' && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(s)), { nil: null }),
    urgency: fc.constantFrom(null, 'Khẩn' as const, 'Thượng khẩn' as const, 'Hỏa tốc' as const),
    pages: fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }),
  })
  .map(({ code: c, date, place, subject, urgency, pages }) => ({
    ...emptyMetadata(),
    organName: 'SỞ TÀI CHÍNH',
    codeNumber: c.digits.replace(/^0+(?=\d)/, '').padStart(2, '0'),
    codeNotation: c.notation,
    issuedDate: date ? iso(date) : null,
    place,
    subject: subject?.trim() ?? null,
    urgency,
    pageCount: pages,
  }));

describe('edXML MessageHeader', () => {
  it('reads back what buildEdxml wrote: number, notation, date, place, subject, urgency, pages', { timeout: FUZZ_TIMEOUT }, () => {
    check(
      fc.property(metadata, fc.constantFrom('000.00.00.H41', 'H41.01'), fc.boolean(), (md, organId, ascii) => {
        const utf8 = buildEdxml(md, { organId, to: [{ organId: 'H41.02', organName: 'UBND huyện Bến Lức' }] });
        // As a serializer that writes ASCII has it: every other character as a reference.
        const xml = ascii ? utf8.replace(/[^\x00-\x7f]/gu, (c) => `&#${c.codePointAt(0)};`) : utf8;
        const back = parseEdxml(xml);
        expect(back && [back.codeNumber, back.codeNotation, back.issuedDate, back.place, back.subject, back.urgency, back.pageCount]).toEqual([md.codeNumber, md.codeNotation, md.issuedDate, md.place, md.subject, md.urgency, md.pageCount]);
        const env = parseEdxmlEnvelope(xml);
        expect(env.fromOrganId).toBe(organId);
        expect(env.receivers).toEqual([{ organId: 'H41.02', organName: 'UBND huyện Bến Lức' }]);
        if (md.issuedDate) expect(env.documentId).toBe(`${organId},${md.issuedDate.replace(/-/g, '/')},${md.codeNumber}/${md.codeNotation}`);
      }),
      150,
      2,
    );
  });

  it('never throws on damaged envelopes, and any date it reads is a real date', { timeout: FUZZ_TIMEOUT }, () => {
    const valid = buildEdxml({ ...emptyMetadata(), codeNumber: '12', codeNotation: 'UBND-VX', issuedDate: '2024-03-05', place: 'Long An', subject: 'Về việc' }, { organId: 'H41' });
    const piece = fc.constantFrom('<', '>', '&', '<edXML:To>', '</edXML:To>', '<edXML:PromulgationDate>31/02/2024</edXML:PromulgationDate>', '<edXML:PromulgationDate>ngày 30 tháng 2 năm 2024</edXML:PromulgationDate>', '<edXML:Place/>', '<__proto__>x</__proto__>', '<edXML:Code><edXML:Code>', 'MessageHeader');
    check(
      fc.property(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.oneof(piece, fc.string({ maxLength: 5 }))), { maxLength: 6 }), (cut, edits) => {
        let t = valid.slice(0, cut % (valid.length + 1));
        for (const [at, s] of edits) {
          const k = t.length ? at % t.length : 0;
          t = t.slice(0, k) + s + t.slice(k);
        }
        const md = parseEdxml(t);
        if (md?.issuedDate) expect(dateProblem(md.issuedDate)).toBeNull();
        const env = parseEdxmlEnvelope(t);
        if (env.dueDate) expect(dateProblem(env.dueDate)).toBeNull();
      }),
      400,
    );
  });
});
