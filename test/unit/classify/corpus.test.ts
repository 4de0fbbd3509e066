// Runs the classifier over every hand-made (and, later, captured) message in test/corpus/mail and
// checks it against expected.json. Also checks that line endings do not change the answer: Dovecot
// stores LF, IMAP serves CRLF, and both must classify the same.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyMessage, type ClassifyContext } from '../../../src/mail/classify/index.js';

const dir = join(import.meta.dirname, '../../corpus/mail');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
  context: ClassifyContext;
  messages: Record<string, Record<string, unknown>>;
};
const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();

describe('corpus', () => {
  it('every .eml has an expected entry and every entry has a file', () => {
    expect(files.filter((f) => !(f in expected.messages))).toEqual([]);
    expect(Object.keys(expected.messages).filter((f) => !files.includes(f))).toEqual([]);
  });

  it.each(files)('%s', async (file) => {
    const raw = readFileSync(join(dir, file));
    const got = await classifyMessage(raw, expected.context);
    expect(got).toMatchObject(expected.messages[file]!);
  });

  it.each(files)('%s: same result with CRLF and with LF line endings', async (file) => {
    const raw = readFileSync(join(dir, file)).toString('latin1');
    const crlf = Buffer.from(raw.replace(/\r?\n/g, '\r\n'), 'latin1');
    const lf = Buffer.from(raw.replace(/\r\n/g, '\n'), 'latin1');
    const a = await classifyMessage(crlf, expected.context);
    const b = await classifyMessage(lf, expected.context);
    const key = (c: Awaited<ReturnType<typeof classifyMessage>>) => ({
      kind: c.kind,
      messageId: c.messageId,
      subject: c.subject,
      recipients: c.kind === 'delivery-report' ? c.recipients.map((r) => [r.address, r.action, r.status]) : [],
      original: 'originalMessageId' in c ? c.originalMessageId : null,
      mayAutoAnswer: c.mayAutoAnswer,
    });
    expect(key(a)).toEqual(key(b));
    expect(a.kind).toBe(expected.messages[file]!.kind);
  });

  it('covers every kind and every bounce format', async () => {
    const kinds = new Set<string>();
    const formats = new Set<string>();
    for (const f of files) {
      const c = await classifyMessage(readFileSync(join(dir, f)), expected.context);
      kinds.add(c.kind);
      if (c.kind === 'delivery-report') formats.add(c.format);
    }
    expect([...kinds].sort()).toEqual(['acknowledgement', 'auto-reply', 'delivery-report', 'document', 'feedback-report', 'other', 'read-receipt']);
    for (const f of ['rfc3464', 'postfix', 'exim', 'sendmail', 'qmail', 'exchange', 'gmail']) expect(formats).toContain(f);
  });
});
