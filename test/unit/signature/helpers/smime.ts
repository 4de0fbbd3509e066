// S/MIME fixtures, written byte by byte: multipart/signed over the exact first part (CRLF) and
// opaque application/pkcs7-mime.

export const INNER_PART =
  'Content-Type: text/plain; charset=utf-8\r\n' +
  'Content-Transfer-Encoding: 8bit\r\n' +
  '\r\n' +
  'Kính gửi: Sở Thông tin và Truyền thông.\r\n' +
  'Công văn số 12/UBND-VX đính kèm.\r\n';

const HEADERS =
  'From: vanthu@longan.gov.vn\r\n' +
  'To: stttt@longan.gov.vn\r\n' +
  'Subject: =?UTF-8?B?Q8O0bmcgdsSDbiAxMi9VQk5ELVZY?=\r\n' +
  'Date: Mon, 24 Nov 2025 09:00:00 +0700\r\n' +
  'Message-ID: <test@longan.gov.vn>\r\n' +
  'MIME-Version: 1.0\r\n';

const b64 = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\r\n');

export function multipartSigned(inner: string, sign: (signed: Buffer) => Buffer, boundary = '----=_vanthu_0001'): Buffer {
  const signed = Buffer.from(inner, 'utf8');
  const cms = sign(signed);
  return Buffer.concat([
    Buffer.from(
      HEADERS +
        `Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256;\r\n boundary="${boundary}"\r\n` +
        '\r\n' +
        'This is an S/MIME signed message\r\n' +
        `--${boundary}\r\n`,
    ),
    signed,
    Buffer.from(
      `\r\n--${boundary}\r\n` +
        'Content-Type: application/pkcs7-signature; name="smime.p7s"\r\n' +
        'Content-Transfer-Encoding: base64\r\n' +
        'Content-Disposition: attachment; filename="smime.p7s"\r\n' +
        '\r\n' +
        b64(cms) +
        `\r\n--${boundary}--\r\n`,
    ),
  ]);
}

export function opaqueSigned(inner: string, sign: (content: Buffer) => Buffer): Buffer {
  const cms = sign(Buffer.from(inner, 'utf8'));
  return Buffer.from(
    HEADERS +
      'Content-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"\r\n' +
      'Content-Transfer-Encoding: base64\r\n' +
      'Content-Disposition: attachment; filename="smime.p7m"\r\n' +
      '\r\n' +
      b64(cms) +
      '\r\n',
  );
}

/** Change the first occurrence of `from` to `to` (same length keeps offsets). */
export function replaceOnce(buf: Buffer, from: string, to: string): Buffer {
  const i = buf.indexOf(from);
  if (i < 0) throw new Error(`"${from}" not found`);
  return Buffer.concat([buf.subarray(0, i), Buffer.from(to), buf.subarray(i + Buffer.byteLength(from))]);
}

/** A multipart/mixed entity (headers and body, CRLF): a text part and each PDF as an attachment. */
export function mixedWithPdfs(pdfs: { filename: string; content: Buffer }[], boundary = '----=_vanthu_mixed'): string {
  let out = `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\n${INNER_PART}`;
  for (const f of pdfs) {
    out +=
      `\r\n--${boundary}\r\n` +
      `Content-Type: application/pdf; name="${f.filename}"\r\n` +
      'Content-Transfer-Encoding: base64\r\n' +
      `Content-Disposition: attachment; filename="${f.filename}"\r\n\r\n` +
      b64(f.content);
  }
  return `${out}\r\n--${boundary}--\r\n`;
}

/** An unsigned message whose body is `entity` (headers included). */
export const unsignedMessage = (entity: string): Buffer => Buffer.from(HEADERS + entity, 'utf8');
