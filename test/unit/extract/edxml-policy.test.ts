import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  buildEdxml,
  parseEdxmlReceivers,
  parseEdxmlEnvelope,
  EDXML_NS,
  parseEdxml,
  emptyMetadata,
  secrecyPolicy,
  loadPolicyConfig,
  extractFromBuffer,
  type DocumentMetadata,
} from '../../../src/extract/index.js';

const text = fc.string({ minLength: 1, maxLength: 40 }).map((s) => s.replace(/\s+/g, ' ').trim()).filter((s) => s.length > 0 && s !== 'N/A');
const vn = fc.constantFrom('Sở Tài chính', 'ỦY BAN NHÂN DÂN TỈNH LONG AN', 'Q&A <test> "quoted"', "l'été", 'Đỗ Hữu Lâm');
const field = fc.oneof(text, vn);

const metadata: fc.Arbitrary<DocumentMetadata> = fc.record({
  organName: fc.option(field, { nil: null }),
  parentOrganName: fc.option(field, { nil: null }),
  codeNumber: fc.option(fc.integer({ min: 1, max: 99999 }).map((n) => (n < 10 ? `0${n}` : String(n))), { nil: null }),
  codeNotation: fc.option(fc.constantFrom('2013/QĐ-UBND', 'UBND-VX', 'TTr-STTTT', 'QyĐ-BNV'), { nil: null }),
  typeName: fc.option(fc.constantFrom('Quyết định', 'Công văn', 'Tờ trình', 'Giấy mời'), { nil: null }),
  issuedDate: fc.option(fc.date({ min: new Date('1990-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), { nil: null }),
  place: fc.option(field, { nil: null }),
  subject: fc.option(field, { nil: null }),
  signer: fc.option(
    fc.record({
      authority: fc.constantFrom('TM.', 'KT.', 'TL.', 'TUQ.', 'Q.', null),
      position: fc.option(field, { nil: null }),
      fullName: fc.option(field, { nil: null }),
    }).filter((s) => !!(s.authority || s.position || s.fullName)),
    { nil: null },
  ),
  recipients: fc.option(fc.array(field, { minLength: 1, maxLength: 5 }), { nil: null }),
  urgency: fc.constantFrom('Khẩn', 'Thượng khẩn', 'Hỏa tốc', null),
  pageCount: fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }),
})
  // An OrganizationInCharge equal to OrganName (SDKs fill both) is read as no parent.
  .filter((r) => r.parentOrganName === null || r.parentOrganName !== r.organName)
  .map((r) => ({ ...emptyMetadata(), ...r, codeRaw: r.codeNumber && r.codeNotation ? `${r.codeNumber}/${r.codeNotation}` : null }) as DocumentMetadata);

const strip = (m: DocumentMetadata) => ({ ...m, evidence: undefined, codeRaw: m.codeNumber && m.codeNotation ? m.codeRaw : null });

describe('edXML', () => {
  it('reads the exchange fields of an envelope: sender organ id, DocumentId, DueDate', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}"><edXML:edXMLHeader><edXML:MessageHeader>
      <edXML:From><edXML:OrganId>000.00.00.H41</edXML:OrganId><edXML:OrganName>UBND tỉnh Long An</edXML:OrganName></edXML:From>
      <edXML:DocumentId>000.00.00.H41,2026/11/24,07/UBND-VX</edXML:DocumentId>
      <edXML:DueDate>2026/12/05</edXML:DueDate>
    </edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope>`;
    expect(parseEdxmlEnvelope(xml)).toEqual({ fromOrganId: '000.00.00.H41', documentId: '000.00.00.H41,2026/11/24,07/UBND-VX', dueDate: '2026-12-05', receivers: [] });
    expect(parseEdxmlEnvelope('<not xml')).toEqual({ fromOrganId: null, documentId: null, dueDate: null, receivers: [] });
  });

  it('round-trips metadata through buildEdxml and parseEdxml', () => {
    fc.assert(
      fc.property(metadata, (md) => {
        const back = parseEdxml(buildEdxml(md, { organId: '000.00.31.H42' }));
        expect(back).not.toBeNull();
        expect(strip(back!)).toEqual(strip(md));
      }),
      { numRuns: 200 },
    );
  });

  it('reads a sender SDK style envelope with prefixes and priority codes', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<edXML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
 <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLHeader><edXML:MessageHeader>
  <edXML:From><edXML:OrganId>000.00.31.H42</edXML:OrganId><edXML:OrganizationInCharge>UBND tỉnh Long An</edXML:OrganizationInCharge><edXML:OrganName>Sở Thông tin và Truyền thông</edXML:OrganName></edXML:From>
  <edXML:Code><edXML:CodeNumber>5</edXML:CodeNumber><edXML:CodeNotation>TTr-STTTT</edXML:CodeNotation></edXML:Code>
  <edXML:PromulgationInfo><edXML:Place>Long An</edXML:Place><edXML:PromulgationDate>2013/07/09</edXML:PromulgationDate></edXML:PromulgationInfo>
  <edXML:DocumentType><edXML:Type>1</edXML:Type><edXML:TypeName>TỜ TRÌNH</edXML:TypeName></edXML:DocumentType>
  <edXML:Subject>Về việc ban hành Quy định trao đổi văn bản điện tử</edXML:Subject>
  <edXML:SignerInfo><edXML:Competence>Ký thay</edXML:Competence><edXML:Position>Phó Giám đốc</edXML:Position><edXML:FullName>Nguyễn Văn A</edXML:FullName></edXML:SignerInfo>
  <edXML:ToPlaces><edXML:Place>UBND tỉnh</edXML:Place></edXML:ToPlaces>
  <edXML:OtherInfo><edXML:Priority>2</edXML:Priority><edXML:PageAmount>3</edXML:PageAmount></edXML:OtherInfo>
 </edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>`;
    const md = parseEdxml(xml)!;
    expect(md).toMatchObject({
      organName: 'Sở Thông tin và Truyền thông',
      parentOrganName: 'UBND tỉnh Long An',
      codeNumber: '05',
      codeNotation: 'TTr-STTTT',
      issuedDate: '2013-07-09',
      typeName: 'Tờ trình',
      signer: { authority: 'KT.', position: 'Phó Giám đốc', fullName: 'Nguyễn Văn A' },
      recipients: ['UBND tỉnh'],
      urgency: 'Thượng khẩn',
      pageCount: 3,
    });
    expect(md.evidence.codeNumber).toEqual({ text: 'edXML Code/CodeNumber', confidence: 1, source: 'edxml' });
  });

  it('reads the receivers (To) a peer wrote, and none from an envelope without them', () => {
    const md = emptyMetadata();
    md.subject = 'Về việc thử';
    const xml = buildEdxml(md, { organId: '000.00.15.H41', to: [{ organId: '000.00.07.H41', organName: 'Sở Tài chính' }, { organName: 'UBND huyện Bến Lức' }] });
    expect(parseEdxmlReceivers(xml)).toEqual([
      { organId: '000.00.07.H41', organName: 'Sở Tài chính' },
      { organId: null, organName: 'UBND huyện Bến Lức' },
    ]);
    expect(parseEdxmlReceivers(buildEdxml(md, { organId: '000.00.15.H41' }))).toEqual([]);
    expect(parseEdxmlReceivers('<not xml')).toEqual([]);
  });

  it('returns null for XML that is not edXML and reads .edxml files', async () => {
    expect(parseEdxml('<note><to>x</to></note>')).toBeNull();
    expect(parseEdxml('not xml at all <')).toBeNull();
    const md = { ...emptyMetadata(), codeNumber: '12', codeNotation: 'UBND-VX', typeName: 'Công văn' };
    const r = await extractFromBuffer(Buffer.from(buildEdxml(md)), { filename: 'envelope.edxml' });
    expect(r.error).toBeNull();
    expect(r.metadata.codeNotation).toBe('UBND-VX');
  });
});

describe('secrecy policy', () => {
  const config = loadPolicyConfig();
  it('refuses Mật, Tối mật and Tuyệt mật with a reason in Vietnamese and English', () => {
    for (const level of ['Mật', 'Tối mật', 'Tuyệt mật'] as const) {
      const d = secrecyPolicy({ secrecy: level }, config);
      expect(d.allowed).toBe(false);
      expect(d.level).toBe(level);
      expect(d.reason).toContain(`"${level}"`);
      expect(d.reason).toContain('Quyết định số 36/2013/QĐ-UBND');
      expect(d.reasonEn).toContain('state secret');
    }
  });
  it('allows unmarked documents and matches levels without regard to case or marks', () => {
    expect(secrecyPolicy({ secrecy: null }, config)).toMatchObject({ allowed: true, level: null });
    expect(secrecyPolicy({ secrecy: 'TỐI MẬT' as never }, config).allowed).toBe(false);
    expect(secrecyPolicy({ secrecy: 'toi mat' as never }, config).level).toBe('Tối mật');
  });
  it('takes the rule from configuration', () => {
    const relaxed = { secrecy: { ...config.secrecy, refuse: ['Tuyệt mật'] } };
    expect(secrecyPolicy({ secrecy: 'Mật' }, relaxed).allowed).toBe(true);
    expect(secrecyPolicy({ secrecy: 'Tuyệt mật' }, relaxed).allowed).toBe(false);
  });
  it('refuses a document whose text carries a MẬT stamp', async () => {
    const doc = 'SỞ NỘI VỤ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 7/SNV-TCCB Long An, ngày 1 tháng 2 năm 2024\nMẬT\nV/v nhân sự';
    const r = await extractFromBuffer(Buffer.from(doc), { filename: 'cv.txt' });
    expect(r.metadata.secrecy).toBe('Mật');
    expect(secrecyPolicy(r.metadata, config).allowed).toBe(false);
  });
});
