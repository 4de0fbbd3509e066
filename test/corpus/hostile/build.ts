// Building blocks of the hostile-mail set (index.ts): a seeded random source, RFC 5322 messages,
// hand-made PDFs (so their object structure, loops included, is exactly what is written), DEFLATE
// bombs made by repeating one flushed block (a gigabyte of zeros costs ~1 MB and no time) and a
// ZIP container around them. Deterministic: the same call gives the same bytes.
import { deflateRawSync, constants } from 'node:zlib';
import { rng } from '../../helpers/seeded.js';

export { rng };


/** `n` seeded random bytes, written a 32-bit word at a time (50 MiB in well under a second). */
export function randomBytes(n: number, seed: number): Buffer {
  const next = rng(seed);
  const out = Buffer.allocUnsafe(n);
  let i = 0;
  for (; i + 4 <= n; i += 4) out.writeUInt32LE((next() * 4294967296) >>> 0, i);
  for (; i < n; i++) out[i] = (next() * 256) | 0;
  return out;
}

/** Base64 in 76-character lines (RFC 2045 6.8). */
export function base64Lines(b: Buffer): string {
  return (b.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

export interface Envelope {
  from: string;
  to: string;
  subject?: string;
  messageId: string;
  date?: string;
}

export const DEFAULT_DATE = 'Wed, 25 Nov 2026 09:00:00 +0700';

/** The usual top header lines of a message (latin1 strings, so 8-bit bytes pass as they are). */
export function topHeaders(e: Envelope, extra: string[] = []): string {
  return [
    `From: ${e.from}`,
    `To: ${e.to}`,
    `Subject: ${e.subject ?? 'Công văn số 12/UBND-VX V/v thử nghiệm'}`,
    `Message-ID: ${e.messageId}`,
    `Date: ${e.date ?? DEFAULT_DATE}`,
    ...extra,
  ].join('\r\n');
}

/** Header lines plus body; the header is written as UTF-8 unless given as bytes. */
export function message(head: string, body: string | Buffer, headEncoding: BufferEncoding = 'utf8'): Buffer {
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, headEncoding), typeof body === 'string' ? Buffer.from(body, 'latin1') : body]);
}

/** A base64 attachment part (without its delimiter line). */
export function attachmentPart(filename: string, contentType: string, content: Buffer): string {
  return `Content-Type: ${contentType}; name="${filename}"\r\nContent-Disposition: attachment; filename="${filename}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(content)}`;
}

export const TEXT_PART = 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nKính gửi: Văn thư. Đề nghị tiếp nhận văn bản đính kèm.';

/** A multipart body from its parts (each a header block, blank line and content). */
export function multipart(boundary: string, parts: string[]): string {
  return `${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`;
}

/** A PDF from its objects' bodies (object i+1 is bodies[i]); byte offsets in the xref are exact. */
export function pdf(bodies: (string | Buffer)[], trailer = '/Root 1 0 R', opts: { prevSelf?: boolean } = {}): Buffer {
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let pos = chunks[0]!.length;
  bodies.forEach((b, i) => {
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), typeof b === 'string' ? Buffer.from(b, 'latin1') : b, Buffer.from('\nendobj\n', 'latin1')]);
    offsets.push(pos);
    chunks.push(obj);
    pos += obj.length;
  });
  const xrefAt = pos;
  const rows = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  // /Prev pointing at this very section: a reader that follows /Prev without remembering where it
  // has been loops for ever.
  const prev = opts.prevSelf ? ` /Prev ${xrefAt}` : '';
  chunks.push(Buffer.from(`xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n${rows}trailer\n<< /Size ${bodies.length + 1} ${trailer}${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}

/** A stream object's body. */
export function stream(dict: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
}

/** A one-page PDF with a text layer (Helvetica, ASCII: the standard fonts have no Vietnamese glyphs). */
export function textPdf(lines: string[] = ['UBND TINH LONG AN', 'So: 12/UBND-VX', 'V/v thu nghiem']): Buffer {
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const content = `BT /F1 12 Tf 50 780 Td ${lines.map((l, i) => `${i ? '0 -20 Td ' : ''}(${esc(l)}) Tj`).join(' ')} ET`;
  return pdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    stream('', Buffer.from(content, 'latin1')),
  ]);
}

/**
 * Raw DEFLATE (RFC 1951) of `mib` MiB of zeros, built from one sync-flushed block repeated: each
 * copy ends on a byte boundary and refers only to zeros behind it, so the copies chain into one
 * valid stream; a final empty fixed-Huffman block (bits 1,01 then end-of-block: 0x03 0x00) ends it.
 */
export function zeroDeflateRaw(mib: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1 << 20), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  return Buffer.concat([...Array.from({ length: mib }, () => block), Buffer.from([0x03, 0x00])]);
}

/** The same wrapped as zlib (RFC 1950), as PDF's FlateDecode wants; Adler-32 of zeros is exact. */
export function zeroDeflateZlib(mib: number): Buffer {
  const len = mib * (1 << 20);
  // Adler-32 over zeros: A stays 1, B adds A once per byte.
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((len % 65521) << 16) | 1) >>> 0);
  return Buffer.concat([Buffer.from([0x78, 0xda]), zeroDeflateRaw(mib), adler]);
}

/** A ZIP archive of DEFLATE entries given already compressed (CRC left 0: a bomb does not care). */
export function zip(entries: { name: string; deflated: Buffer; size: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 14); // CRC-32
    local.writeUInt32LE(e.deflated.length, 18);
    local.writeUInt32LE(e.size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.deflated.length, 20);
    central.writeUInt32LE(e.size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + e.deflated.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** A small entry compressed for real (the package's other parts). */
export function deflated(name: string, text: string): { name: string; deflated: Buffer; size: number } {
  const data = Buffer.from(text, 'utf8');
  return { name, deflated: deflateRawSync(data), size: data.length };
}
