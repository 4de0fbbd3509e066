// A scanned page sent as an image is a document (Decision 36 Art. 7.1a); a logo, an icon or a
// landscape photo is not. Sizes are read from the image's header, never decoded.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { classifyMessageSync as classify } from '../../../src/mail/classify/index.js';
import { imageSize } from '../../../src/mail/classify/document.js';

const image = (width: number, height: number, format: 'png' | 'jpeg') => sharp({ create: { width, height, channels: 3, background: 'white' } })[format]().toBuffer();

function mail(name: string, type: string, body: Buffer): Buffer {
  return Buffer.from(
    `From: vanthu@ubnd.longan.gov.vn\r\nTo: vanthu@snv.longan.gov.vn\r\nSubject: Gui van ban\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n` +
      `--b\r\nContent-Type: text/plain\r\n\r\nGui kem.\r\n--b\r\nContent-Type: ${type}; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${body.toString('base64')}\r\n--b--\r\n`,
  );
}

describe('scanned pages as images', () => {
  it('reads the size of a PNG and a JPEG from the header', async () => {
    expect(imageSize(await image(1654, 2339, 'png'))).toEqual({ width: 1654, height: 2339 });
    expect(imageSize(await image(1240, 1754, 'jpeg'))).toEqual({ width: 1240, height: 1754 });
    expect(imageSize(Buffer.from('not an image'))).toBeNull();
  });

  it('an A4 scan (PNG, JPEG) or a TIFF is a document; a logo or a landscape photo is not', async () => {
    expect(classify(mail('scan.png', 'image/png', await image(1654, 2339, 'png'))).kind).toBe('document');
    expect(classify(mail('IMG_0042.jpg', 'image/jpeg', await image(1500, 2000, 'jpeg'))).kind).toBe('document');
    expect(classify(mail('fax.tif', 'image/tiff', await sharp({ create: { width: 1728, height: 2200, channels: 3, background: 'white' } }).tiff().toBuffer())).kind).toBe('document');
    expect(classify(mail('logo.png', 'image/png', await image(240, 80, 'png'))).kind).toBe('other');
    expect(classify(mail('holiday.jpg', 'image/jpeg', await image(2000, 1500, 'jpeg'))).kind).toBe('other');
  });
});
