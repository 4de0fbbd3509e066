// `vanthu inspect --json` is a contract: one JSON line per file, in order; unreadable files give
// an error line and a non-zero exit code, and do not stop the others.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const corpus = 'test/corpus/mail';
const run = (...args: string[]) => spawnSync(process.execPath, ['bin/vanthu.mjs', 'inspect', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, VANTHU_FROM_SOURCE: '1' } });

describe('vanthu inspect', () => {
  it('prints one JSON object per file, in order', () => {
    const files = [`${corpus}/rfc3464-postfix-failed.eml`, `${corpus}/document-pdf.eml`, `${corpus}/empty.eml`];
    const r = run('--json', ...files);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.file)).toEqual(files);
    expect(lines[0]).toMatchObject({
      kind: 'delivery-report',
      messageId: '<20240402021502.4F2A81E0A3B@mail.sandbox.test>',
      subject: 'Undelivered Mail Returned to Sender',
      from: 'mailer-daemon@mail.sandbox.test',
      originalMessageId: '<vt-2024-000123.1@sotttt.longan.gov.vn>',
      recipients: [{ address: 'khongtontai@ubnd.sandbox.test', action: 'failed', status: '5.1.1' }],
    });
    expect(lines[1]).toMatchObject({ kind: 'document', recipients: [], originalMessageId: null });
    expect(lines[2]).toMatchObject({ kind: 'other', malformed: true, recipients: [] });
    for (const l of lines) expect(Object.keys(l).slice(0, 8)).toEqual(['file', 'kind', 'messageId', 'subject', 'from', 'recipients', 'originalMessageId', 'fromName']);
  }, 60_000);

  it('reports an unreadable file on its own line, continues, and exits non-zero', () => {
    const r = run('--json', `${corpus}/qmail-failed.eml`, `${corpus}/does-not-exist.eml`, corpus, `${corpus}/mdn-displayed.eml`);
    expect(r.status).not.toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.kind)).toEqual(['delivery-report', 'error', 'error', 'read-receipt']);
    expect(lines[1]).toMatchObject({ file: `${corpus}/does-not-exist.eml`, error: expect.stringMatching(/no such file/) });
    expect(lines[2]!.error).toMatch(/directory/);
  }, 60_000);

  it('prints a readable block per file without --json', () => {
    const r = run(`${corpus}/exim-failed.eml`, `${corpus}/ack-status-03.eml`, '--our-address', 'vanthu@sotttt.longan.gov.vn');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/exim-failed\.eml\n\s+kind\s+delivery-report \(exim\)/);
    expect(r.stdout).toMatch(/recipient\s+sai\.dia\.chi@tinh\.example\.vn\s+failed\s+5\.1\.1/);
    expect(r.stdout).toMatch(/ack status\s+03 for 61\/STTTT-VP, arrival number 1234/);
  }, 60_000);
});
