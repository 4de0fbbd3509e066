// The sample document the demo sends: a one-page công văn laid out as Decree 30 Appendix I
// wants (organ top left, motto top right, number, place and date, subject, body, recipients,
// signer), in Vietnamese with the DejaVu font when the machine has it.
import { existsSync, readFileSync } from 'node:fs';

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf';

export async function samplePdf(number: number, date: Date): Promise<Buffer> {
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  let font;
  const vietnamese = existsSync(FONT);
  if (vietnamese) {
    const fontkit = (await import('@pdf-lib/fontkit')).default;
    pdf.registerFontkit(fontkit);
    font = await pdf.embedFont(readFileSync(FONT), { subset: true });
  } else font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  const d = new Date(date.getTime() + 7 * 3600_000);
  const day = d.getUTCDate();
  const month = d.getUTCMonth() + 1;
  const year = d.getUTCFullYear();
  const lines: [number, number, string][] = vietnamese
    ? [
        [60, 790, 'ỦY BAN NHÂN DÂN'], [330, 790, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
        [60, 775, 'TỈNH LONG AN'], [360, 775, 'Độc lập - Tự do - Hạnh phúc'],
        [60, 750, `Số: ${number}/UBND-VX`], [330, 750, `Long An, ngày ${day} tháng ${month} năm ${year}`],
        [60, 730, 'V/v thử nghiệm gửi văn bản điện tử qua thư điện tử'],
        [60, 700, 'Kính gửi: Sở Thông tin và Truyền thông'],
        [80, 675, 'Ủy ban nhân dân tỉnh đề nghị Sở tiếp nhận văn bản này qua hệ thống thư điện tử'],
        [60, 660, 'theo Quyết định số 36/2013/QĐ-UBND và báo cáo kết quả trước ngày 30 tháng 12.'],
        [60, 620, 'Nơi nhận:'], [380, 620, 'TM. ỦY BAN NHÂN DÂN'],
        [60, 605, '- Như trên;'], [400, 605, 'CHỦ TỊCH'],
        [60, 590, '- Lưu: VT.'], [390, 540, 'Nguyễn Văn An'],
      ]
    : [
        [60, 790, 'UY BAN NHAN DAN TINH LONG AN'], [60, 750, `So: ${number}/UBND-VX`],
        [60, 730, 'V/v thu nghiem gui van ban dien tu qua thu dien tu'],
      ];
  for (const [x, y, t] of lines) page.drawText(t, { x, y, size: 11, font });
  return Buffer.from(await pdf.save());
}
