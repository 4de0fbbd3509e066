// DOCX text: soft line breaks (<w:br/>), paragraphs, table cells and rows are line breaks. A
// reader that glues them ("UBND TỈNH LONG ANSỞ NỘI VỤ--------Số: 1234/SNV-CC") hides the "MẬT"
// stamp and lets a secret document through the policy.
import { describe, expect, it } from 'vitest';
import { AlignmentType, BorderStyle, Document, Footer, Header, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { extractFromBuffer } from '../../../src/extract/index.js';
import { readDocx } from '../../../src/extract/readers/docx.js';

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

/** One paragraph whose lines are separated by soft breaks (Shift+Enter), as clerks type headers. */
function soft(lines: string[], bold = true): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: lines.map((text, i) => new TextRun({ text, bold, break: i === 0 ? 0 : 1 })),
  });
}

async function secretDocx(): Promise<Buffer> {
  const cell = (p: Paragraph) => new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, children: [p] });
  const header = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: BORDERS,
    rows: [
      new TableRow({
        children: [
          cell(soft(['UBND TỈNH LONG AN', 'SỞ NỘI VỤ', '--------', 'Số: 1234/SNV-CC', 'MẬT'])),
          cell(soft(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', '---------------'])),
        ],
      }),
      new TableRow({
        children: [cell(soft(['V/v nhân sự quy hoạch', 'giai đoạn 2025 - 2030'], false)), cell(soft(['Long An, ngày 12 tháng 3 năm 2024'], false))],
      }),
    ],
  });
  const footer = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: BORDERS,
    rows: [
      new TableRow({
        children: [
          cell(soft(['Nơi nhận:', '- Như trên;', '- Lưu: VT, CC.'], false)),
          cell(soft(['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', '', '', 'Lê Minh Tâm'])),
        ],
      }),
    ],
  });
  const doc = new Document({
    sections: [
      {
        headers: { default: new Header({ children: [new Paragraph('Trang 1')] }) },
        footers: { default: new Footer({ children: [new Paragraph('vanthu')] }) },
        children: [
          header,
          new Paragraph({ children: [new TextRun('Kính gửi: Ủy ban nhân dân tỉnh.')] }),
          new Paragraph({ children: [new TextRun('Sở Nội vụ báo cáo danh sách nhân sự như sau:'), new TextRun({ text: 'tiếp theo trên dòng mới.', break: 1 })] }),
          footer,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

describe('DOCX reader', () => {
  it('turns soft breaks, paragraphs, cells and rows into line breaks', async () => {
    const { text } = await readDocx(await secretDocx());
    const lines = text.split('\n').map((l) => l.trim());
    for (const l of ['UBND TỈNH LONG AN', 'SỞ NỘI VỤ', 'Số: 1234/SNV-CC', 'MẬT', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Long An, ngày 12 tháng 3 năm 2024', 'KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', 'Lê Minh Tâm']) {
      expect(lines).toContain(l);
    }
    // The page header comes first; the page footer is left out (it would land in the middle of
    // nothing useful and "Nơi nhận" is in the body).
    expect(lines[0]).toBe('Trang 1');
    expect(lines).not.toContain('vanthu');
    expect(lines).toContain('tiếp theo trên dòng mới.');
  });

  it('sees the MẬT stamp of a header typed with soft breaks, and a clean notation', async () => {
    const r = await extractFromBuffer(await secretDocx(), { filename: 'cv.docx' });
    expect(r.error).toBeNull();
    expect(r.metadata).toMatchObject({
      secrecy: 'Mật',
      organName: 'SỞ NỘI VỤ',
      parentOrganName: 'UBND TỈNH LONG AN',
      codeNumber: '1234',
      codeNotation: 'SNV-CC',
      issuedDate: '2024-03-12',
      typeName: 'Công văn',
      subject: 'V/v nhân sự quy hoạch giai đoạn 2025 - 2030',
      signer: { authority: 'KT.', position: 'PHÓ GIÁM ĐỐC', fullName: 'Lê Minh Tâm' },
    });
  });
});
