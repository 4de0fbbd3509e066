// Builds realistic test messages: an official document (PDF attached) sent by one agency's
// mailbox to another's, as raw RFC 5322 bytes.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { PDFDocument, StandardFonts } from 'pdf-lib';

let cachedPdf: Buffer | null = null;

/** A small one-page PDF (ASCII text: the standard fonts have no Vietnamese glyphs). */
export async function samplePdf(lines: string[] = ['UBND TINH LONG AN', 'So: 12/UBND-VX', 'V/v thu nghiem']): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  lines.forEach((l, i) => page.drawText(l, { x: 50, y: 780 - i * 20, size: 12, font }));
  return Buffer.from(await doc.save());
}

/** A one-page PDF in Vietnamese (DejaVu), each line drawn at its [x, y]: a real layout to extract. */
export async function vietnamesePdf(lines: [number, number, string][]): Promise<Buffer> {
  const fontkit = (await import('@pdf-lib/fontkit')).default;
  const { readFileSync } = await import('node:fs');
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(readFileSync('/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf'), { subset: true });
  const page = doc.addPage([595, 842]);
  for (const [x, y, text] of lines) page.drawText(text, { x, y, size: 12, font });
  return Buffer.from(await doc.save());
}

/** A công văn of the Sở Nội vụ stamped MẬT under its number (Decree 30 App. I layout). */
export function secretDocumentLines(): [number, number, string][] {
  return [
    [60, 790, 'UBND TỈNH LONG AN'], [330, 790, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
    [60, 775, 'SỞ NỘI VỤ'], [360, 775, 'Độc lập - Tự do - Hạnh phúc'],
    [60, 750, 'Số: 15/SNV-CCVC'], [330, 750, 'Long An, ngày 20 tháng 11 năm 2026'],
    [80, 732, 'MẬT'],
    [60, 712, 'V/v phương án nhân sự'],
    [60, 680, 'Kính gửi: Sở Thông tin và Truyền thông'],
    [80, 655, 'Sở Nội vụ gửi phương án nhân sự để Sở cho ý kiến.'],
    [60, 600, 'Nơi nhận:'], [360, 600, 'GIÁM ĐỐC'],
    [60, 585, '- Như trên;'], [60, 570, '- Lưu: VT.'], [360, 540, 'Nguyễn Văn An'],
  ];
}

export interface DocumentMailOptions {
  from: string;
  to: string;
  subject?: string;
  text?: string;
  messageId?: string;
  pdf?: Buffer;
  filename?: string;
  date?: Date;
  headers?: Record<string, string>;
  extraAttachments?: { filename: string; content: Buffer | string; contentType: string }[];
}

export async function documentMail(o: DocumentMailOptions): Promise<Buffer> {
  const pdf = o.pdf ?? (cachedPdf ??= await samplePdf());
  const mail = new MailComposer({
    from: o.from,
    to: o.to,
    subject: o.subject ?? 'Công văn số 12/UBND-VX V/v thử nghiệm',
    text: o.text ?? 'Kính gửi: Văn thư.\nĐề nghị tiếp nhận văn bản đính kèm.',
    messageId: o.messageId,
    date: o.date ?? new Date(),
    headers: o.headers,
    attachments: [{ filename: o.filename ?? '12-UBND-VX.pdf', content: pdf, contentType: 'application/pdf' }, ...(o.extraAttachments ?? [])],
  });
  return mail.compile().build();
}
