import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildStatusXml, EDXML_NS, normalizeStatus, parseStatusXml, safeParseStatusXml, StatusXmlError, type VanThuStatus } from '../../../src/mail/classify/status-xml.js';

const sample: VanThuStatus = {
  responseFor: { organId: '000.00.21.H39', code: '61/STTTT-VP', promulgationDate: '2024-04-11', documentId: '000.00.21.H39,2024/04/11,61/STTTT-VP' },
  from: { organId: '000.00.45.H39', organName: 'Ủy ban nhân dân huyện Tân An', email: 'vanthu@ubnd-tanan.sandbox.test' },
  statusCode: '03',
  description: 'Đã vào sổ văn bản đến <số 1234> & "chuyển" xử lý',
  timestamp: '2024-04-12T08:10:00+07:00',
  arrivalNumber: '1234',
  receiptTime: '2024-04-12T08:09:12+07:00',
  originalMessageId: '<vt-2024-000261.1@sotttt.longan.gov.vn>',
};

describe('status XML', () => {
  it('builds the edXML-style Status and reads it back', () => {
    const xml = buildStatusXml(sample);
    expect(xml).toContain(`<Status xmlns="${EDXML_NS}">`);
    expect(xml).toContain('<StatusCode>03</StatusCode>');
    expect(xml).toContain('&lt;vt-2024-000261.1@sotttt.longan.gov.vn&gt;');
    expect(parseStatusXml(xml)).toEqual(sample);
    expect(parseStatusXml(Buffer.from(xml))).toEqual(sample);
  });

  it('keeps codes as strings and missing optional elements as null', () => {
    const minimal: VanThuStatus = {
      responseFor: { organId: 'A', code: '1/X-Y', promulgationDate: null, documentId: null },
      from: { organId: 'B', organName: null, email: null },
      statusCode: '01',
      description: null,
      timestamp: '2024-01-02T03:04:05+07:00',
      arrivalNumber: null,
      receiptTime: null,
      originalMessageId: null,
    };
    expect(parseStatusXml(buildStatusXml(minimal))).toEqual(minimal);
  });

  it('reads a prefixed edXML Status from another implementation', () => {
    const xml = `<?xml version="1.0"?><edXML:Status xmlns:edXML="${EDXML_NS}"><edXML:ResponseFor><edXML:OrganId>A</edXML:OrganId><edXML:Code>5/QĐ-UBND</edXML:Code></edXML:ResponseFor><edXML:From><edXML:OrganId>B</edXML:OrganId></edXML:From><edXML:StatusCode>06</edXML:StatusCode><edXML:Timestamp>2024/04/12 08:10:00</edXML:Timestamp><edXML:StaffInfo><edXML:Staff>X</edXML:Staff></edXML:StaffInfo></edXML:Status>`;
    const s = parseStatusXml(xml);
    expect(s.statusCode).toBe('06');
    expect(s.responseFor.code).toBe('5/QĐ-UBND');
    expect(s.arrivalNumber).toBeNull();
  });

  it.each([
    ['not XML at all <<<', /not well-formed|root element/],
    [`<Other xmlns="${EDXML_NS}"/>`, /root element is not Status/],
    ['<Status xmlns="urn:other"><ResponseFor><OrganId>A</OrganId><Code>1</Code></ResponseFor><From><OrganId>B</OrganId></From><StatusCode>01</StatusCode><Timestamp>t</Timestamp></Status>', /namespace/],
    [`<Status xmlns="${EDXML_NS}"><ResponseFor><OrganId>A</OrganId><Code>1</Code></ResponseFor><From><OrganId>B</OrganId></From><StatusCode>3</StatusCode><Timestamp>t</Timestamp></Status>`, /StatusCode/],
    [`<Status xmlns="${EDXML_NS}"><From><OrganId>B</OrganId></From><StatusCode>01</StatusCode><Timestamp>t</Timestamp></Status>`, /ResponseFor/],
  ])('rejects %s with a readable reason', (xml, reason) => {
    expect(() => parseStatusXml(xml)).toThrow(StatusXmlError);
    expect(() => parseStatusXml(xml)).toThrow(reason);
    expect(safeParseStatusXml(xml).ok).toBe(false);
  });

  it('refuses to build a status without its required parts', () => {
    expect(() => buildStatusXml({ ...sample, statusCode: '3' })).toThrow(StatusXmlError);
    expect(() => buildStatusXml({ ...sample, from: { organId: '  ' } })).toThrow(StatusXmlError);
  });

  it('round-trips any content (property)', () => {
    const nonEmpty = fc.string({ minLength: 1, unit: 'grapheme' }).filter((s) => normalizeStatus({ ...sample, from: { organId: s } }).from.organId !== '');
    const opt = fc.option(fc.string({ unit: 'grapheme' }), { nil: null });
    const status = fc.record({
      responseFor: fc.record({ organId: nonEmpty, code: nonEmpty, promulgationDate: opt, documentId: opt }),
      from: fc.record({ organId: nonEmpty, organName: opt, email: opt }),
      statusCode: fc.constantFrom('01', '02', '03', '04', '05', '06', '13', '15', '16', '99'),
      description: opt,
      timestamp: nonEmpty,
      arrivalNumber: opt,
      receiptTime: opt,
      originalMessageId: opt,
    });
    fc.assert(
      fc.property(status, (s) => {
        expect(parseStatusXml(buildStatusXml(s))).toEqual(normalizeStatus(s));
      }),
      { numRuns: 300 },
    );
  });
});
