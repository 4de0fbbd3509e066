// Scanned documents for the OCR tests and benchmarks, made the way an agency makes them: a
// document is printed (a vector PDF drawn here or by the corpus renderers), stamped (a red round
// seal over the signer's name, a red boxed MẬT stamp under the number), scanned (pdftoppm at the
// scanner's resolution) and the scan degraded as paper and scanners do (grey paper, a slight
// tilt, blur, noise, JPEG); the images are then wrapped back into an image-only PDF (pdf-lib), or
// sent as they are (PNG, JPEG, multi-page TIFF).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlendMode, PDFDocument, degrees, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import sharp from 'sharp';

const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const RED = rgb(0.85, 0.1, 0.13);

export interface ScanLabel {
  organName: string;
  parentOrganName: string | null;
  codeNumber: string;
  codeNotation: string;
  typeName: string;
  issuedDate: string;
  place: string;
  subject: string;
  signer: { authority: string | null; position: string; fullName: string };
  recipients: string[];
  urgency: string | null;
  secrecy: string | null;
  pageCount: number;
}

export interface LetterOptions {
  /** A red boxed stamp under the number ("MẬT", "KHẨN"…), or none. */
  stamp?: string | null;
  /** A red round seal over the signer's name (default true). */
  seal?: boolean;
  /** Pages (1 or 2; default 2: the signature on the second page). */
  pages?: 1 | 2;
}

const BODY = [
  'Thực hiện Kế hoạch số 25/KH-UBND ngày 10 tháng 01 năm 2024 của Ủy ban nhân dân tỉnh về chuyển đổi số, Sở Thông tin và Truyền thông đề nghị các cơ quan, đơn vị khẩn trương triển khai phần mềm quản lý văn bản và điều hành trên địa bàn.',
  'Các đơn vị rà soát hạ tầng, phân công cán bộ đầu mối, cập nhật danh sách tài khoản người dùng và hoàn thành việc kết nối liên thông văn bản với hệ thống của tỉnh trước ngày 30 tháng 4 năm 2024.',
  'Trường hợp phát sinh sự cố khẩn cấp trong quá trình vận hành, các đơn vị liên hệ ngay với Trung tâm Công nghệ thông tin và Truyền thông để được hỗ trợ kịp thời.',
  'Văn bản điện tử gửi qua hệ thống phải được ký số theo quy định; văn bản giấy được quét và gửi kèm theo thư điện tử công vụ.',
];

const BODY_MORE = [
  'Sở Thông tin và Truyền thông sẽ tổ chức tập huấn cho văn thư các cơ quan, đơn vị về việc tiếp nhận, đăng ký và xử lý văn bản đến trên phần mềm; lịch tập huấn cụ thể sẽ được thông báo sau.',
  'Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị các cơ quan, đơn vị phản ánh về Sở Thông tin và Truyền thông để tổng hợp, báo cáo Ủy ban nhân dân tỉnh xem xét, giải quyết.',
];

/** A two-page công văn of the Sở Thông tin và Truyền thông (Decree 30 App. I layout), its body
 *  saying "khẩn trương" and "khẩn cấp", with the label of what it says. */
export async function stampedLetter(o: LetterOptions = {}): Promise<{ pdf: Uint8Array; label: ScanLabel }> {
  const stamp = o.stamp === undefined ? 'MẬT' : o.stamp;
  const pages = o.pages ?? 2;
  const pdf = await PDFDocument.create();
  pdf.registerFontkit((await import('@pdf-lib/fontkit')).default);
  const load = (f: string) => pdf.embedFont(readFileSync(join(FONT_DIR, f)), { subset: true });
  const [reg, bold, italic, sansBold] = await Promise.all([load('DejaVuSerif.ttf'), load('DejaVuSerif-Bold.ttf'), load('DejaVuSerif-Italic.ttf'), load('DejaVuSans-Bold.ttf')]);
  const centre = (p: PDFPage, t: string, x: number, y: number, f: PDFFont, size: number) => p.drawText(t, { x: x - f.widthOfTextAtSize(t, size) / 2, y, size, font: f });
  let page = pdf.addPage([595, 842]);
  centre(page, 'UBND TỈNH LONG AN', 150, 790, reg, 12);
  centre(page, 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG', 150, 775, bold, 12);
  page.drawLine({ start: { x: 115, y: 766 }, end: { x: 185, y: 766 }, thickness: 0.8 });
  centre(page, 'Số: 412/STTTT-BCVT', 150, 745, reg, 12);
  centre(page, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 425, 790, bold, 11);
  centre(page, 'Độc lập - Tự do - Hạnh phúc', 425, 775, bold, 12);
  page.drawLine({ start: { x: 345, y: 766 }, end: { x: 505, y: 766 }, thickness: 0.8 });
  centre(page, 'Long An, ngày 18 tháng 3 năm 2024', 425, 745, italic, 12);
  centre(page, 'V/v triển khai phần mềm', 150, 725, reg, 12);
  centre(page, 'quản lý văn bản', 150, 711, reg, 12);
  if (stamp) {
    // Decree 30 (App. I, box 10a/10b): the mark is stamped under the number and the subject, left.
    const size = 14;
    const w = sansBold.widthOfTextAtSize(stamp, size);
    page.drawRectangle({ x: 150 - w / 2 - 8, y: 680, width: w + 16, height: 22, borderColor: RED, borderWidth: 1.6, blendMode: BlendMode.Multiply });
    page.drawText(stamp, { x: 150 - w / 2, y: 686, size, font: sansBold, color: RED, blendMode: BlendMode.Multiply });
  }
  centre(page, 'Kính gửi: Ủy ban nhân dân các huyện, thị xã, thành phố', 297, 650, reg, 12);
  let y = 620;
  const para = (t: string) => {
    const words = t.split(' ');
    let line = '';
    let first = true;
    const flush = () => {
      const x = first ? 100 : 72;
      if (y < 80) {
        page = pdf.addPage([595, 842]);
        y = 790;
      }
      page.drawText(line, { x, y, size: 12, font: reg });
      y -= 17;
      first = false;
    };
    for (const w of words) {
      const cand = line ? `${line} ${w}` : w;
      if (reg.widthOfTextAtSize(cand, 12) > (first ? 423 : 451)) {
        flush();
        line = w;
      } else line = cand;
    }
    if (line) flush();
    y -= 4;
  };
  const body = pages === 2 ? [...BODY, ...BODY_MORE, ...BODY, ...BODY_MORE] : BODY.slice(0, 3);
  for (const t of body) para(t);
  if (pages === 2 && pdf.getPageCount() < 2) {
    page = pdf.addPage([595, 842]);
    y = 790;
  }
  if (y < 250) {
    page = pdf.addPage([595, 842]);
    y = 790;
  }
  const top = y - 20;
  page.drawText('Nơi nhận:', { x: 60, y: top, size: 11, font: bold });
  ['- Như trên;', '- UBND tỉnh (b/c);', '- Lưu: VT, BCVT.'].forEach((t, i) => page.drawText(t, { x: 60, y: top - 15 - i * 14, size: 10.5, font: reg }));
  centre(page, 'KT. GIÁM ĐỐC', 420, top, bold, 12);
  centre(page, 'PHÓ GIÁM ĐỐC', 420, top - 16, bold, 12);
  const nameY = top - 95;
  centre(page, 'Trần Văn Hùng', 420, nameY, bold, 12.5);
  if (o.seal !== false) drawSeal(page, 385, nameY + 30, 58, sansBold);
  const label: ScanLabel = {
    organName: 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG',
    parentOrganName: 'UBND TỈNH LONG AN',
    codeNumber: '412',
    codeNotation: 'STTTT-BCVT',
    typeName: 'Công văn',
    issuedDate: '2024-03-18',
    place: 'Long An',
    subject: 'V/v triển khai phần mềm quản lý văn bản',
    signer: { authority: 'KT.', position: 'PHÓ GIÁM ĐỐC', fullName: 'Trần Văn Hùng' },
    recipients: ['Như trên', 'UBND tỉnh (b/c)', 'Lưu: VT, BCVT'],
    urgency: stamp && /KH[ẨA]N|T[ỐO]C/.test(stamp) ? ({ KHẨN: 'Khẩn', 'THƯỢNG KHẨN': 'Thượng khẩn', 'HỎA TỐC': 'Hỏa tốc' } as Record<string, string>)[stamp] ?? null : null,
    secrecy: stamp && /M[ẬA]T/.test(stamp) ? ({ MẬT: 'Mật', 'TỐI MẬT': 'Tối mật', 'TUYỆT MẬT': 'Tuyệt mật' } as Record<string, string>)[stamp] ?? null : null,
    pageCount: pdf.getPageCount(),
  };
  return { pdf: await pdf.save(), label };
}

/** A round seal in red ink (multiplied over the print, as ink is): two rings, the organ's name
 *  around, a star in the middle. */
export function drawSeal(page: PDFPage, cx: number, cy: number, r: number, font: PDFFont, text = 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG * TỈNH LONG AN *'): void {
  const ink = { borderColor: RED, blendMode: BlendMode.Multiply, opacity: 0.95, borderOpacity: 0.95 };
  page.drawCircle({ x: cx, y: cy, size: r, borderWidth: 2.6, ...ink });
  page.drawCircle({ x: cx, y: cy, size: r * 0.68, borderWidth: 1.2, ...ink });
  const size = r * 0.17;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const a = Math.PI / 2 + Math.PI * 0.95 - (i / chars.length) * Math.PI * 1.9 * 1.05;
    const rr = r * 0.8;
    page.drawText(chars[i]!, { x: cx + rr * Math.cos(a), y: cy + rr * Math.sin(a), size, font, color: RED, rotate: degrees((a * 180) / Math.PI - 90), blendMode: BlendMode.Multiply, opacity: 0.95 });
  }
  const star = Array.from({ length: 10 }, (_, i) => {
    const rad = i % 2 ? r * 0.12 : r * 0.3;
    const a = Math.PI / 2 + (i * Math.PI) / 5;
    return `${i ? 'L' : 'M'} ${(rad * Math.cos(a)).toFixed(2)} ${(-rad * Math.sin(a)).toFixed(2)}`;
  }).join(' ');
  page.drawSvgPath(`${star} Z`, { x: cx, y: cy, color: RED, blendMode: BlendMode.Multiply, opacity: 0.95 });
}

/** The pages of a PDF as PNG images at `dpi` (poppler's pdftoppm: the "scanner"). */
export function rasterise(pdf: Uint8Array, dpi = 300): Buffer[] {
  const dir = mkdtempSync(join(tmpdir(), 'vanthu-scan-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', join(dir, 'doc.pdf'), join(dir, 'p')]);
    const n = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(dir, 'doc.pdf')]).toString())?.[1] ?? 1);
    const width = String(n).length;
    return Array.from({ length: n }, (_, i) => {
      const f = ['', String(i + 1).padStart(width, '0'), String(i + 1).padStart(2, '0'), String(i + 1).padStart(3, '0')].map((s) => join(dir, `p-${s}.png`)).find((p) => {
        try {
          readFileSync(p);
          return true;
        } catch {
          return false;
        }
      });
      return readFileSync(f!);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Damage {
  /** Degrees, positive clockwise (default 1.5). */
  tiltDeg?: number;
  /** Gaussian blur sigma in pixels (default 0.8). */
  blur?: number;
  /** Standard deviation of the noise added to each pixel, 0..255 (default 12). */
  noise?: number;
  /** The paper's colour (default a grey recycled paper, 222/218/208). */
  paper?: [number, number, number];
  /** Output format (default png). */
  format?: 'png' | 'jpeg';
  /** JPEG quality (default 75). */
  quality?: number;
  seed?: number;
}

/** What a flatbed scanner and an office's paper do to a page. */
export async function degrade(png: Buffer, d: Damage = {}): Promise<Buffer> {
  const paper = d.paper ?? [222, 218, 208];
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let s = (d.seed ?? 7) >>> 0;
  const rand = () => ((s = (Math.imul(s ^ (s >>> 15), 1 | s) + 0x6d2b79f5) >>> 0) / 4294967296);
  const sd = d.noise ?? 12;
  const out = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i += info.channels) {
    // Box-Muller once per pixel, the same grain on the three channels (a scanner's sensor noise).
    const n = Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand()) * sd;
    for (let c = 0; c < 3; c++) out[i + c] = Math.max(0, Math.min(255, Math.round((data[i + c]! * paper[c]!) / 255 + n)));
  }
  let img = sharp(out, { raw: { width: info.width, height: info.height, channels: info.channels } });
  const tilt = d.tiltDeg ?? 1.5;
  if (tilt) img = sharp(await img.rotate(tilt, { background: { r: paper[0], g: paper[1], b: paper[2] } }).png().toBuffer());
  if ((d.blur ?? 0.8) > 0.3) img = img.blur(d.blur ?? 0.8);
  return d.format === 'jpeg' ? img.jpeg({ quality: d.quality ?? 75 }).toBuffer() : img.png().toBuffer();
}

/** Images back into an image-only PDF, each on an A4 page (what "scan to PDF" makes). */
export async function imagePdf(images: Buffer[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (const b of images) {
    const img = b[0] === 0xff ? await pdf.embedJpg(b) : await pdf.embedPng(b);
    pdf.addPage([595, 842]).drawImage(img, { x: 0, y: 0, width: 595, height: 842 });
  }
  return pdf.save();
}

/** Several pages as one multi-page TIFF (a fax-style scan). */
export async function multiPageTiff(images: Buffer[]): Promise<Buffer> {
  const frames = await Promise.all(images.map((b) => sharp(b).removeAlpha().raw().toBuffer({ resolveWithObject: true })));
  const { width, height } = frames[0]!.info;
  const stacked = Buffer.concat(frames.map((f) => (f.info.width === width && f.info.height === height ? f.data : Buffer.alloc(width * height * 3, 255))));
  return sharp(stacked, { raw: { width, height: height * frames.length, channels: 3, pageHeight: height } }).tiff({ compression: 'lzw' }).toBuffer();
}

/** A stamped letter scanned: page images at `dpi`, degraded. */
export async function scannedLetter(o: LetterOptions & { dpi?: number; damage?: Damage } = {}): Promise<{ images: Buffer[]; pdf: Uint8Array; label: ScanLabel }> {
  const { pdf: vector, label } = await stampedLetter(o);
  const pages = rasterise(vector, o.dpi ?? 300);
  const images = await Promise.all(pages.map((p, i) => degrade(p, { ...o.damage, seed: (o.damage?.seed ?? 7) + i, tiltDeg: (o.damage?.tiltDeg ?? 1.5) * (i % 2 ? -0.7 : 1) })));
  return { images, pdf: await imagePdf(images), label };
}
