// The workflow's Message-IDs (RFC 5322 §3.6.4: a reply names them in In-Reply-To/References):
// each carries a keyed tag over its purpose letter, entry id and part, so that an id cannot be
// made up by someone who never received the mail; any changed character fails.
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../../src/store/secrets.js';
import { looksLikeWorkflowId, parseWorkflowId, workflowMessageId, type MailPurpose } from '../../../src/workflow/mail.js';

const box = new SecretBox('a test secret of the province');
const other = new SecretBox('another installation');
const ENTRY = 'in-0123456789abcdef01234567';
const PURPOSES: MailPurpose[] = ['present', 'handover', 'answer', 'notice', 'reminder', 'digest', 'peer'];

describe('workflowMessageId / parseWorkflowId', () => {
  it('each purpose round-trips to its purpose and entry, in angle brackets or bare', () => {
    for (const p of PURPOSES) {
      const id = workflowMessageId(box, p, ENTRY, 'slip', 'stttt.longan.test');
      expect(id).toMatch(/^<wf\.[a-z]\.in-[0-9a-f]{24}\.slip\.[a-z2-7]{16}@stttt\.longan\.test>$/);
      expect(parseWorkflowId(box, id)).toEqual({ purpose: p, entryId: ENTRY });
      expect(parseWorkflowId(box, id.slice(1, -1))).toEqual({ purpose: p, entryId: ENTRY });
      expect(parseWorkflowId(box, ` ${id} `)).toEqual({ purpose: p, entryId: ENTRY });
    }
    expect(new Set(PURPOSES.map((p) => workflowMessageId(box, p, ENTRY, 'x', 'd.vn').split('.')[1])).size).toBe(PURPOSES.length);
  });

  it('the same inputs make the same id (a retried send keeps its Message-ID); another part, another id', () => {
    const a = workflowMessageId(box, 'handover', ENTRY, 'KH-1764730000000', 'd.vn');
    expect(workflowMessageId(box, 'handover', ENTRY, 'KH-1764730000000', 'd.vn')).toBe(a);
    expect(workflowMessageId(box, 'handover', ENTRY, 'TC-1764730000000', 'd.vn')).not.toBe(a);
  });

  it('a part is made safe for an id (a digest’s address) and still verifies', () => {
    const id = workflowMessageId(box, 'digest', 'digest-000-00-15-H41', '2026-12-03-vanthu@stttt.longan.test', 'stttt.longan.test');
    expect(id).toContain('.2026-12-03-vanthu-stttt-longan-test.');
    expect(parseWorkflowId(box, id)).toEqual({ purpose: 'digest', entryId: 'digest-000-00-15-H41' });
  });

  it('a changed purpose letter, entry id, part or tag fails; so does another installation’s key', () => {
    const id = workflowMessageId(box, 'present', ENTRY, 'slip', 'stttt.longan.test');
    const swap = (re: RegExp, to: string) => id.replace(re, to);
    expect(parseWorkflowId(box, swap(/^<wf\.p\./, '<wf.h.'))).toBeNull();
    expect(parseWorkflowId(box, swap(/in-0123/, 'in-0124'))).toBeNull();
    expect(parseWorkflowId(box, swap(/\.slip\./, '.slap.'))).toBeNull();
    const tag = /\.([a-z2-7]{16})@/.exec(id)![1]!;
    const flipped = tag.slice(0, -1) + (tag.endsWith('a') ? 'b' : 'a');
    expect(parseWorkflowId(box, id.replace(tag, flipped))).toBeNull();
    expect(parseWorkflowId(other, id)).toBeNull();
    // The domain is not part of what the tag covers (the mail is found by its whole id anyway).
    expect(parseWorkflowId(box, id.replace('@stttt.longan.test', '@elsewhere.test'))).toEqual({ purpose: 'present', entryId: ENTRY });
  });

  it('an unknown purpose letter, or anything else, is not ours', () => {
    const id = workflowMessageId(box, 'present', ENTRY, 'slip', 'd.vn');
    expect(parseWorkflowId(box, id.replace('<wf.p.', '<wf.z.'))).toBeNull();
    for (const s of ['', '<abc@d.vn>', '<wf.p.x@d.vn>', 'wf.p..slip.aaaaaaaaaaaaaaaa@d.vn']) expect(parseWorkflowId(box, s)).toBeNull();
  });
});

describe('looksLikeWorkflowId', () => {
  it('routes by the shape only (the tag is checked later)', () => {
    expect(looksLikeWorkflowId('<wf.p.in-1.slip.aaaa@d.vn>')).toBe(true);
    expect(looksLikeWorkflowId('wf.h.x')).toBe(true);
    expect(looksLikeWorkflowId('<wf-p.in-1@d.vn>')).toBe(false);
    expect(looksLikeWorkflowId('<CAF+abc@mail.gmail.com>')).toBe(false);
    expect(looksLikeWorkflowId(null)).toBe(false);
    expect(looksLikeWorkflowId(undefined)).toBe(false);
  });
});
