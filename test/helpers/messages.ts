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
