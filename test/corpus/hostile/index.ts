// PLACEHOLDER, replaced at merge: the hostile-mail set is written by another helper of issue 15
// (test/corpus/hostile/). This minimal version has the same signature so the drill works with
// either: a few simple hostile messages, built in memory.

export interface HostileMessage {
  name: string;
  raw: Buffer;
  /** What the pipeline should make of it, in words. */
  expect: string;
}

function multipart(parts: number): Buffer {
  const b = 'b0undary';
  const body = Array.from({ length: parts }, (_, i) => `--${b}\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('');
  return Buffer.from(
    `From: hostile@ubnd.longan.test\r\nTo: vanthu@stttt.longan.test\r\nSubject: many parts\r\nMessage-ID: <hostile-parts-${parts}@test>\r\n` +
      `MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${b}"\r\n\r\n${body}--${b}--\r\n`,
  );
}

export function hostileMessages(opts: { large?: boolean } = {}): { name: string; raw: Buffer; expect: string }[] {
  const headerKb = opts.large ? 1024 : 200;
  return [
    { name: 'empty', raw: Buffer.alloc(0), expect: 'stored, then ignored or failed with a reason; never numbered' },
    { name: 'non-mime-garbage', raw: Buffer.from('\x00\x01garbage without any header\r\n\xff\xfe'.repeat(50), 'latin1'), expect: 'stored, then ignored or failed with a reason' },
    { name: 'parts-2000', raw: multipart(opts.large ? 5000 : 2000), expect: 'stored, then failed once with a reason or handled; never blocks later documents' },
    {
      name: `header-${headerKb}kb`,
      raw: Buffer.from(`From: hostile@ubnd.longan.test\r\nTo: vanthu@stttt.longan.test\r\nSubject: huge header\r\nX-Filler: ${'a'.repeat(headerKb * 1024)}\r\n\r\nbody\r\n`),
      expect: 'stored, then failed once with a reason or ignored',
    },
  ];
}
