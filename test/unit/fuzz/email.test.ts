// Property-based fuzzing of the e-mail side of extraction (src/extract/email.ts): forwarded
// messages nested any depth are opened up to MAX_EMBEDDED_DEPTH and no further, and whatever the
// nesting, the result is well-formed (never a throw); the document number in the innermost body
// or subject is found when it is within the limit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_EMBEDDED_DEPTH, extractFromEmail } from '../../../src/extract/email.js';
import { FUZZ_TIMEOUT, checkAsync } from '../../helpers/fuzz.js';

/** A document's message forwarded as an attachment `depth` times (Outlook's "forward as attachment"). */
function forwarded(depth: number, eol: string, subject: boolean): string {
  let msg = [`From: so.tc@longan.gov.vn`, `Subject: ${subject ? 'Công văn số 125/STC-NS' : 'Gửi văn bản'}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', 'SỞ TÀI CHÍNH', 'Số: 125/STC-NS', 'Long An, ngày 5 tháng 3 năm 2024', ''].join(eol);
  for (let i = 0; i < depth; i++) {
    msg = [`From: level${i}@longan.gov.vn`, `Subject: Fwd: level ${i}`, 'MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="f${i}"`, '', `--f${i}`, 'Content-Type: text/plain', '', 'Chuyển tiếp.', `--f${i}`, 'Content-Type: message/rfc822', `Content-Disposition: attachment; filename="level${i}.eml"`, '', msg, `--f${i}--`, ''].join(eol);
  }
  return msg;
}

describe('e-mail extraction: forwarded messages', () => {
  it('opens forwarded messages up to the depth limit and says so beyond it', { timeout: FUZZ_TIMEOUT }, async () => {
    await checkAsync(
      fc.asyncProperty(fc.integer({ min: 0, max: MAX_EMBEDDED_DEPTH + 3 }), fc.constantFrom('\r\n', '\n'), fc.boolean(), async (depth, eol, subject) => {
        const r = await extractFromEmail(Buffer.from(forwarded(depth, eol, subject), 'utf8'));
        const tooDeep = r.attachments.filter((a) => a.error?.code === 'TOO_LARGE' && /levels deep/.test(a.error.message));
        if (depth <= MAX_EMBEDDED_DEPTH) {
          expect(tooDeep).toEqual([]);
          expect([r.metadata.codeNumber, r.metadata.codeNotation]).toEqual(['125', 'STC-NS']);
        } else {
          expect(tooDeep).toHaveLength(1);
          expect(r.secrecyUnchecked).not.toBeNull();
        }
      }),
      12,
      200,
    );
  });
});
