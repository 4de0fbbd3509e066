import { describe, expect, it } from 'vitest';
import { actionFromStatus, findEnhancedCode, inferStatus, normalizeAction, refineGenericStatus } from '../../../src/mail/classify/smtp-status.js';

describe('status inference table', () => {
  it.each([
    // [given Status, diagnostic text, action, expected status, source]
    ['5.1.1', 'whatever', 'failed', '5.1.1', 'report'],
    ['5.01.001', null, 'failed', '5.1.1', 'report'],
    [null, '550 5.1.1 <a@b.vn>: Recipient address rejected', 'failed', '5.1.1', 'reply-code'],
    [null, 'Sorry, no mailbox here by that name. (#5.1.1)', 'failed', '5.1.1', 'reply-code'],
    [null, '550 User unknown', 'failed', '5.1.1', 'reply-code'],
    [null, '550 No such user here', 'failed', '5.1.1', 'reply-code'],
    [null, '550 Requested action not taken: mailbox unavailable', 'failed', '5.1.1', 'reply-code'],
    [null, 'The email account that you tried to reach does not exist.', 'failed', '5.1.1', 'text'],
    [null, 'Host or domain name not found. Name service error', 'failed', '5.1.2', 'text'],
    [null, '552 mailbox full', 'failed', '5.2.2', 'reply-code'],
    [null, '452 Mailbox full, try again later', 'delayed', '4.2.2', 'reply-code'],
    [null, 'Over quota', 'failed', '5.2.2', 'text'],
    [null, 'Hộp thư đã đầy', 'failed', '5.2.2', 'text'],
    [null, 'Địa chỉ không tồn tại', 'failed', '5.1.1', 'text'],
    [null, '552 Message size exceeds fixed maximum message size', 'failed', '5.3.4', 'reply-code'],
    [null, '554 Relay access denied', 'failed', '5.7.1', 'reply-code'],
    [null, '421 Service not available', 'delayed', '4.4.2', 'reply-code'],
    [null, '450 Requested mail action not taken', 'delayed', '4.2.0', 'reply-code'],
    // RFC 3463 X.4.1 "no answer from host"; Postfix and Sendmail write 4.4.1 for it (was 4.4.7, "delivery time expired").
    [null, 'Connection timed out', 'delayed', '4.4.1', 'text'],
    [null, 'Message delayed; timed out waiting for greeting', 'delayed', '4.4.7', 'text'],
    ['5.0.0', 'smtp; 550 5.1.1 <a@b.vn>: Recipient address rejected', 'failed', '5.0.0', 'report'],
    // A failed action cannot carry a transient class (RFC 3464 2.3.3), and giving up after retries is 5.4.7.
    [null, 'Too many retries failure. Giving up. Connection refused', 'failed', '5.4.1', 'text'],
    [null, 'retry timeout exceeded', 'failed', '5.4.7', 'text'],
    [null, 'Connection refused', 'failed', '5.4.1', 'text'],
    // …but a code the remote wrote is kept as written.
    [null, '451 4.3.0 Temporary system failure', 'failed', '4.3.0', 'reply-code'],
    [null, "Connected to 192.0.2.1 but connection died. (#4.4.2)\nI'm not going to try again; this message has been in the queue too long.", 'failed', '5.4.7', 'text'],
    [null, '550 Host unknown', 'failed', '5.1.2', 'reply-code'],
    [null, '宛先のメールアドレスが存在しません。', 'failed', '5.1.1', 'text'],
    [null, 'connect to mx[192.0.2.1]:25: Connection refused', 'delayed', '4.4.1', 'text'],
    [null, '550 Rejected', 'failed', '5.0.0', 'reply-code'],
    [null, null, 'failed', '5.0.0', 'default'],
    [null, null, 'delayed', '4.0.0', 'default'],
    [null, null, 'delivered', '2.0.0', 'default'],
  ] as const)('%s / %s → %s', (given, text, action, status, source) => {
    expect(inferStatus(given, text, action)).toEqual({ status, source });
  });

  it.each([
    // Generic x.0.0 in the report, the specific reason in the diagnostic (Exim, Windows SMTP service, docomo).
    ['5.0.0', 'smtp; 550 5.1.1 <a@b.vn>: Recipient address rejected', '5.1.1', 'reply-code'],
    ['5.0.0', 'SMTP; 550 Unknown user a@docomo.ne.jp', '5.1.1', 'reply-code'],
    ['4.0.0', 'smtp; 451 4.3.0 Temporary system failure', '4.3.0', 'reply-code'],
    ['4.0.0', 'smtp; 550 5.1.1 a different class', '4.0.0', 'report'],
    ['5.0.0', 'smtp; 550 Rejected', '5.0.0', 'report'],
    ['5.0.0', null, '5.0.0', 'report'],
    ['5.1.0', 'smtp; 550 5.1.1 more specific', '5.1.0', 'report'],
  ] as const)('refineGenericStatus %s / %s → %s', (given, text, status, source) => {
    expect(refineGenericStatus(inferStatus(given, text, null), text)).toEqual({ status, source });
  });

  it('does not take IP addresses or versions for status codes', () => {
    expect(findEnhancedCode('host [5.6.7.8] said hi')).toBeNull();
    expect(findEnhancedCode('Exim 4.96 on 192.0.2.1')).toBeNull();
    expect(findEnhancedCode('reply was 4.2.0.')).toBe('4.2.0');
  });

  it('normalises actions and derives them from a status', () => {
    expect(normalizeAction('Failed')).toBe('failed');
    expect(normalizeAction('delivered (to mailbox)')).toBe('delivered');
    expect(normalizeAction('bounced')).toBeNull();
    expect(actionFromStatus('2.0.0')).toBe('delivered');
    expect(actionFromStatus('4.4.7')).toBe('delayed');
    expect(actionFromStatus('5.1.1')).toBe('failed');
  });
});
