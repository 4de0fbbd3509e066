// Never throw, whatever arrives: random bytes, damaged corpus messages, pathological structure.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyMessage, classifyMessageSync } from '../../../src/mail/classify/index.js';

const dir = join(import.meta.dirname, '../../corpus/mail');
const corpus = readdirSync(dir)
  .filter((f) => f.endsWith('.eml'))
  .map((f) => readFileSync(join(dir, f)))
  .filter((b) => b.length > 0);

function sane(c: ReturnType<typeof classifyMessageSync>): void {
  expect(typeof c.kind).toBe('string');
  expect(Array.isArray(c.errors)).toBe(true);
  expect(typeof c.mayAutoAnswer).toBe('boolean');
  expect(() => JSON.stringify(c)).not.toThrow();
}

describe('robustness', () => {
  it('classifies random bytes without throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => sane(classifyMessageSync(Buffer.from(bytes)))),
      { numRuns: 300 },
    );
  });

  it('classifies random header-like text without throwing', () => {
    const line = fc.oneof(
      fc.constantFrom('Content-Type: multipart/mixed; boundary=b', 'Content-Type: multipart/report; report-type=delivery-status; boundary=b', '--b', '--b--', '', 'Content-Type: message/rfc822', 'Content-Type: message/delivery-status', 'Final-Recipient: rfc822; a@b', 'Action: failed', 'Status: 5.1.1', 'Content-Transfer-Encoding: base64', 'Subject: =?utf-8?B?', 'From: <>', '  folded'),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), (lines) => sane(classifyMessageSync(Buffer.from(lines.join('\n'))))),
      { numRuns: 300 },
    );
  });

  it('classifies truncated and corrupted corpus messages without throwing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: corpus.length - 1 }), fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }), (i, cut, flips) => {
        const src = corpus[i]!;
        const b = Buffer.from(src.subarray(0, cut % (src.length + 1)));
        for (const [pos, byte] of flips) if (b.length) b[pos % b.length] = byte;
        sane(classifyMessageSync(b));
      }),
      { numRuns: 400 },
    );
  });

  it('survives deep nesting and huge part counts within limits', async () => {
    let body = 'leaf\n';
    for (let i = 0; i < 200; i++) body = `Content-Type: multipart/mixed; boundary=b${i}\n\n--b${i}\n${body}\n--b${i}--\n`;
    let nested = 'Subject: deepest\n\nx\n';
    for (let i = 0; i < 200; i++) nested = `Content-Type: message/rfc822\n\n${nested}`;
    const many = 'Content-Type: multipart/mixed; boundary=z\n\n' + '--z\nContent-Type: text/plain\n\nx\n'.repeat(5000) + '--z--\n';
    for (const raw of [body, nested, many]) {
      const c = await classifyMessage(Buffer.from(`From: a@b.vn\n${raw}`));
      sane(c);
    }
  });

  it('handles whitespace-only, header-only, body-only and mbox-prefixed input', () => {
    expect(classifyMessageSync(Buffer.from('\r\n \n'))).toMatchObject({ kind: 'other', malformed: true });
    expect(classifyMessageSync(Buffer.from('From: a@b.vn\nSubject: only headers'))).toMatchObject({ kind: 'other', subject: 'only headers', malformed: false });
    const noHeaders = classifyMessageSync(Buffer.from('just some text\nwithout headers\n'));
    expect(noHeaders).toMatchObject({ kind: 'other', malformed: true, mayAutoAnswer: false });
    expect(noHeaders.errors.join()).toMatch(/no header fields/);
    expect(classifyMessageSync(Buffer.from('From someone@x Mon Apr  1 00:00:00 2024\nFrom: a@b.vn\nSubject: mbox\n\nx'))).toMatchObject({ subject: 'mbox', malformed: false });
  });

  it('reads raw 8-bit UTF-8 and Windows-1258 headers', () => {
    expect(classifyMessageSync(Buffer.from('From: a@b.vn\nSubject: Thư mời họp\n\nx', 'utf8')).subject).toBe('Thư mời họp');
    const cp1258 = Buffer.concat([Buffer.from('From: a@b.vn\nSubject: '), Buffer.from([0x56, 0xe3, 0xec, 0x6e, 0x67]), Buffer.from('\n\nx')]);
    expect(classifyMessageSync(cp1258).subject).toBe('Vắng');
  });
});
