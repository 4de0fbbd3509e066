// The one-click ký nhận link names an entry and a unit and carries a keyed tag: a changed letter
// anywhere, or another secret, makes it name nothing.
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../../src/store/secrets.js';
import { readSignLink, signLinkToken, signLinkUrl } from '../../../src/workflow/sign-link.js';

const box = new SecretBox('a secret of at least thirty-two characters!!');
const entry = 'in-0123456789abcdef01234567';

describe('ký nhận links', () => {
  it('read back the entry and the unit they were made for', () => {
    const t = signLinkToken(box, entry, 'KH');
    expect(readSignLink(box, t)).toEqual({ entryId: entry, unitCode: 'KH' });
    expect(signLinkUrl('https://vanthu.longan.gov.vn/', t)).toBe(`https://vanthu.longan.gov.vn/ky-nhan/${t}`);
  });

  it('name nothing when changed, moved to another unit or entry, or made with another secret', () => {
    const t = signLinkToken(box, entry, 'KH');
    const tag = t.split('.')[2]!;
    expect(readSignLink(box, `${entry}.TC.${tag}`)).toBeNull();
    expect(readSignLink(box, `in-0123456789abcdef01234568.KH.${tag}`)).toBeNull();
    expect(readSignLink(box, t.slice(0, -1) + (t.endsWith('a') ? 'b' : 'a'))).toBeNull();
    expect(readSignLink(new SecretBox('another secret of at least thirty-two chars'), t)).toBeNull();
    expect(readSignLink(box, 'garbage')).toBeNull();
  });
});
