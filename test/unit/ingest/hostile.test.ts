// The generated hostile-mail set through the real poll-time triage and the real document path
// (extraction in its reader processes, PDF signature verification, policy and decision), in this
// process and without the stack: each message ends with the outcome it declares — a decision or a
// coded permanent failure — within bounded time and memory, never an uncaught throw or a hang.
// The set itself is deterministic and quick to build, as the drill needs it.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hostileMessages } from '../../corpus/hostile/index.js';
import { outcomeOf } from '../../corpus/hostile/outcome.js';

const digest = (set: { name: string; raw: Buffer }[]) => createHash('sha256').update(set.map((m) => `${m.name}:${createHash('sha256').update(m.raw).digest('hex')}`).join('\n')).digest('hex');

/** The reader's time limit for this test (the default is 20 s a document). */
const READ_LIMIT_MS = 8000;

describe('the hostile-mail set', () => {
  it('is deterministic, builds in under 2 s, and covers what the issue lists', () => {
    const t0 = performance.now();
    const a = hostileMessages();
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(2000);
    expect(digest(hostileMessages())).toBe(digest(a));
    const names = a.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const want of ['deep-multipart', 'deep-rfc822', 'parts-5000', 'header-1mb-line', 'header-10000-lines', 'bad-base64', 'bad-quoted-printable', 'truncated', 'charset-lie', 'charset-unknown', 'zip-bomb', 'pdf-bomb', 'pdf-pages-loop', 'pdf-prev-loop', 'non-mime', 'binary-garbage', 'empty', 'headers-only']) {
      expect(names.some((n) => n.startsWith(want)), want).toBe(true);
    }
    expect(names).not.toContain('attachment-50mb');
    expect(a.find((m) => m.name === 'empty')!.raw.length).toBe(0);
    expect(a.find((m) => m.name === 'header-1mb-line')!.raw.length).toBeGreaterThan(1 << 20);
  });

  it.each(hostileMessages().map((m) => [m.name, m] as const))('%s ends as it declares, in bounded time and memory', async (_name, m) => {
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const outcome = await outcomeOf(m.raw, { extract: { timeoutMs: READ_LIMIT_MS } });
    const ms = performance.now() - t0;
    expect(outcome).toBe(m.expect);
    // Each document file is read under READ_LIMIT_MS in its reader; the message as a whole, parsed
    // and verified here, within a few of them.
    expect(ms).toBeLessThan(3 * READ_LIMIT_MS);
    // Bombs inflate in the reader process, not here: this process grows by far less than they would.
    expect(process.memoryUsage().rss - rss0).toBeLessThan(256 * 1024 * 1024);
  }, 60_000);

  // Said, not silently skipped: the large case costs ~100 MB and several seconds.
  if (process.env.VANTHU_HOSTILE_LARGE !== '1') console.log('skipped: the 50 MB hostile attachment runs with VANTHU_HOSTILE_LARGE=1 (slow and memory-heavy)');
  it.runIf(process.env.VANTHU_HOSTILE_LARGE === '1')('the 50 MB attachment (large set) ends as it declares', async () => {
    const t0 = performance.now();
    const large = hostileMessages({ large: true }).find((m) => m.name === 'attachment-50mb')!;
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(large.raw.length).toBeGreaterThan(50 * 1024 * 1024);
    expect(await outcomeOf(large.raw, { extract: { timeoutMs: READ_LIMIT_MS } })).toBe(large.expect);
  }, 120_000);
});
