// Legacy Word (.doc) documents: read with word-extractor, the two-column header split as the
// other readers split it, and the usual metadata found.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { extractFromBuffer, extractFromEmail } from '../../../src/extract/index.js';

const doc = readFileSync(new URL('../../fixtures/cong-van-125-STC-NS.doc', import.meta.url));

describe('.doc', () => {
  it('finds organ, number and notation, date, subject (not run into the motto) and signer', async () => {
    const r = await extractFromBuffer(doc, { filename: 'cv.doc' });
    expect(r.error).toBeNull();
    expect(r.metadata).toMatchObject({
      organName: 'SỞ TÀI CHÍNH',
      parentOrganName: 'ỦY BAN NHÂN DÂN TỈNH LONG AN',
      codeRaw: '125/STC-NS',
      issuedDate: '2026-03-15',
      place: 'Long An',
      subject: 'V/v bố trí kinh phí chuyển đổi số năm 2026',
      signer: { authority: 'KT.', position: 'PHÓ GIÁM ĐỐC', fullName: 'Trần Thị Bình' },
    });
  });

  it('is recognised by its bytes whatever its name, and a broken one is reported, not thrown', async () => {
    expect((await extractFromBuffer(doc, { filename: 'scan-0001.bin' })).metadata.codeRaw).toBe('125/STC-NS');
    const notOle = await extractFromBuffer(Buffer.from('just text pretending'), { filename: 'cv.doc' });
    expect(notOle.error).toEqual({ code: 'CORRUPT', message: 'The file is named DOC but is not a Word (OLE2) document.' });
    const truncated = await extractFromBuffer(doc.subarray(0, 700), { filename: 'cv.doc' });
    expect(truncated.error?.code).toBe('CORRUPT');
    expect(truncated.error?.message).toMatch(/^Not a readable Word \(\.doc\) document: /);
  });

  it('a message with a .doc attachment yields its metadata', async () => {
    const raw = await new MailComposer({
      from: 'vanthu@sotc.longan.test',
      to: 'vanthu@stttt.longan.test',
      subject: 'Gửi công văn',
      text: 'Kính gửi Văn thư.',
      attachments: [{ filename: '125-STC-NS.doc', content: doc, contentType: 'application/msword' }],
    }).compile().build();
    const r = await extractFromEmail(raw);
    expect(r.source).toBe('attachment');
    expect(r.metadata.codeRaw).toBe('125/STC-NS');
  });
});
