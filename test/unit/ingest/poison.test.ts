// Permanent or transient, over real errors: each case makes the failing component fail for real
// (mailparser and our extraction on hostile bytes, the MongoDB driver and ioredis against a port
// nothing listens on, the file raw store on a missing file, Node's buffers past their end) and
// checks the decision, which looks only at the error's class and code.
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { MongoClient, ObjectId } from 'mongodb';
import { Redis } from 'ioredis';
import { extractFromEmail } from '../../../src/extract/index.js';
import { classifyMessageSync } from '../../../src/mail/classify/index.js';
import { walkParts, type MimePart } from '../../../src/mail/classify/mime-walk.js';
import { FileRawStore } from '../../../src/store/file-raw-store.js';
import { PermanentIngestError, POISON_CODES, failureLine, ingestFailure, refusalAllowed, refusalAnalysisOf, type FailureRecord } from '../../../src/ingest/poison.js';
import { failureNoticeText } from '../../../src/register/failure-notice.js';
import { hostileMessages, manyPartsDocument } from '../../corpus/hostile/index.js';

const FROM = { from: 'vanthu@ubnd.longan.test', to: 'vanthu@stttt.longan.test', messageId: '<p@ubnd.longan.test>' };
const hostile = new Map(hostileMessages().map((m) => [m.name, m.raw]));

/** What `fn` threw (the test fails if it did not). */
async function thrown(fn: () => Promise<unknown> | unknown): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('ingestFailure: permanent failures (the message itself)', () => {
  it("mailparser's 1,000-node limit on a 5,000-part message is MIME_LIMIT", async () => {
    const err = await thrown(() => simpleParser(manyPartsDocument({ ...FROM, parts: 5000 })));
    const f = ingestFailure(err);
    expect(f).toMatchObject({ permanent: true, code: 'MIME_LIMIT' });
    if (f.permanent) {
      expect(f.reasonVi).toBe(POISON_CODES.MIME_LIMIT.vi);
      expect(failureLine(f)).toMatch(/^MIME_LIMIT: /);
    }
  });

  it("mailparser's 1 MiB header limit is MIME_LIMIT, also when our extraction meets it", async () => {
    const raw = hostile.get('header-1mb-line')!;
    expect(ingestFailure(await thrown(() => simpleParser(raw)))).toMatchObject({ permanent: true, code: 'MIME_LIMIT' });
    expect(ingestFailure(await thrown(() => extractFromEmail(raw)))).toMatchObject({ permanent: true, code: 'MIME_LIMIT' });
  });

  it('a stack overflow in our MIME walker over a hostile tree is TOO_COMPLEX', async () => {
    // A tree far deeper than the parser itself would build (mime-walk stops at 24 levels).
    let node: MimePart = { path: '', headers: [], contentType: 'text/plain', params: {}, disposition: null, filename: null, body: Buffer.alloc(0), children: [], message: null, errors: [] };
    for (let i = 0; i < 200_000; i++) node = { ...node, contentType: 'multipart/mixed', children: [node] };
    const err = await thrown(() => [...walkParts(node)].length);
    expect(err).toBeInstanceOf(RangeError);
    expect(ingestFailure(err)).toMatchObject({ permanent: true, code: 'TOO_COMPLEX' });
  });

  it('a string past the engine maximum is TOO_COMPLEX; a buffer written past its end (how the BSON writer fails on a document over 16 MiB) is TOO_LARGE_TO_RECORD', async () => {
    expect(ingestFailure(await thrown(() => 'x'.repeat(2 ** 30)))).toMatchObject({ permanent: true, code: 'TOO_COMPLEX' });
    // The MongoDB driver serialises into a buffer of the server's maximum size: RangeError ERR_OUT_OF_RANGE.
    const err = await thrown(() => Buffer.alloc(16).writeUInt32LE(1, 17));
    expect((err as { code?: string }).code).toBe('ERR_OUT_OF_RANGE');
    expect(ingestFailure(err)).toMatchObject({ permanent: true, code: 'TOO_LARGE_TO_RECORD' });
  });

  it('our own PermanentIngestError keeps its code; a wrapper keeps the class of its cause', async () => {
    expect(ingestFailure(new PermanentIngestError('MALFORMED'))).toMatchObject({ permanent: true, code: 'MALFORMED' });
    const inner = await thrown(() => simpleParser(manyPartsDocument({ ...FROM, parts: 1500 })));
    expect(ingestFailure(new Error('analysis failed', { cause: inner }))).toMatchObject({ permanent: true, code: 'MIME_LIMIT' });
  });

  it('never reads the message text: the same words without the code are not permanent', () => {
    expect(ingestFailure(new Error('Max allowed child nodes exceeded'))).toMatchObject({ permanent: false, kind: 'unknown' });
  });
});

describe('ingestFailure: transient failures (our side) still retry', () => {
  it('the MongoDB driver with no server to select is a database failure', async () => {
    const client = new MongoClient('mongodb://127.0.0.1:9/x', { serverSelectionTimeoutMS: 200, connectTimeoutMS: 200 });
    const err = await thrown(() => client.db('x').collection('y').findOne({}));
    await client.close();
    expect(ingestFailure(err)).toMatchObject({ permanent: false, kind: 'database' });
  });

  it('ioredis with its server gone is a Redis failure', async () => {
    // What a worker's commands get while Redis is down: ioredis retries, then gives up per request.
    const redis = new Redis({ host: '127.0.0.1', port: 9, maxRetriesPerRequest: 1, retryStrategy: () => 20 });
    redis.on('error', () => undefined);
    const err = await thrown(() => redis.get('k'));
    redis.disconnect();
    expect(ingestFailure(err)).toMatchObject({ permanent: false, kind: 'redis' });
  });

  it('a connection refused is a network failure', async () => {
    const err = await new Promise((resolve) => connect(9, '127.0.0.1').on('error', resolve));
    expect(ingestFailure(err)).toMatchObject({ permanent: false, kind: 'network' });
  });

  it("the file store's missing raw bytes (a volume not mounted) is a storage failure", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vanthu-raw-'));
    try {
      const err = await thrown(() => new FileRawStore(dir).get(new ObjectId()));
      expect(ingestFailure(err)).toMatchObject({ permanent: false, kind: 'storage' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('anything unknown keeps the old behaviour (retried)', () => {
    expect(ingestFailure(new TypeError('x is undefined'))).toMatchObject({ permanent: false, kind: 'unknown' });
    expect(ingestFailure('a string')).toMatchObject({ permanent: false, kind: 'unknown' });
  });
});

describe('who is told', () => {
  const mail = (name: string) => readFileSync(join('test/corpus/mail', name));
  it('a document from outside earns its sender a 02; auto-replies, reports, list mail, our own and dispatch requests do not', () => {
    const doc = classifyMessageSync(manyPartsDocument({ ...FROM, parts: 5000 }), { ourAddresses: [FROM.to] });
    expect(doc.kind).toBe('document');
    expect(refusalAllowed(doc, 'incoming')).toEqual({ refuse: true, why: [] });
    expect(refusalAllowed(doc, 'dispatch').refuse).toBe(false);
    for (const f of ['auto-reply-out-of-office.eml', 'rfc3464-postfix-failed.eml', 'list-mail.eml', 'from-us-loop.eml', 'auto-generated-document.eml']) {
      const c = classifyMessageSync(mail(f), { ourAddresses: ['vanthu@sotttt.longan.gov.vn'] });
      const r = refusalAllowed(c, 'incoming');
      expect(r.refuse, f).toBe(false);
      expect(r.why.length, f).toBeGreaterThan(0);
    }
  });

  it('the 02 of a failed message is built from its recorded failure, with the code', () => {
    const failure = { code: 'MIME_LIMIT', permanent: true, reason: POISON_CODES.MIME_LIMIT.en, reasonVi: POISON_CODES.MIME_LIMIT.vi, sender: 'a@b.vn', senderMessageId: '<p@b.vn>', senderReferences: null, refusal: true } as unknown as FailureRecord;
    const a = refusalAnalysisOf({ failure });
    expect(a?.sender).toBe('a@b.vn');
    expect(a?.decision).toMatchObject({ action: 'refuse' });
    expect((a?.decision as { reasonVi: string }).reasonVi).toContain('MIME_LIMIT');
    expect(refusalAnalysisOf({ failure: { ...failure, refusal: false } })).toBeNull();
    expect(refusalAnalysisOf({})).toBeNull();
  });

  it("the clerk's notice says, in Vietnamese, what failed, why, and whether the sender was told", () => {
    const n = failureNoticeText({
      agencyName: 'Sở Thông tin và Truyền thông',
      messageKey: 'mb:abc',
      failure: { code: 'MIME_LIMIT', reason: POISON_CODES.MIME_LIMIT.en, reasonVi: POISON_CODES.MIME_LIMIT.vi, sender: 'a@b.vn', refusal: false, noRefusalReasons: ['list or bulk mail'] },
      subject: 'Công văn\r\nBcc: x@y.vn',
      mailboxId: 'mb',
      uid: 7,
      arrivedAt: new Date('2026-11-25T02:00:00Z'),
    });
    expect(n.subject).toMatch(/^\[vanthu\] Thư đến không xử lý được: Công văn Bcc/);
    expect(n.text).toContain(POISON_CODES.MIME_LIMIT.vi);
    expect(n.text).toContain('mã lỗi: MIME_LIMIT');
    expect(n.text).toContain('không được trả lời tự động (list or bulk mail)');
    expect(n.text).toContain('2026-11-25T09:00:00+07:00');
    // A stranger's subject cannot add lines (headers) to the notice.
    expect(n.text.split('\n').filter((l) => l.startsWith('Bcc:'))).toHaveLength(0);
  });
});

describe('where failed messages are listed', () => {
  it("the console's dashboard lists them with the clerk's reason and code", async () => {
    const { Eta } = await import('eta');
    const eta = new Eta({ views: join(process.cwd(), 'src/console/views'), autoEscape: true, autoTrim: false });
    const html = await eta.renderAsync('dashboard', {
      today: '2026-11-25',
      arrivals: null, awaiting: null, urgent: [], unchecked: null, overdue: null, held: null, failed: null, troubled: null,
      unprocessed: [{ key: 'mb:abc', at: new Date('2026-11-25T02:00:00Z'), from: 'a@b.vn', subject: '<b>Công văn</b>', reason: `${POISON_CODES.MIME_LIMIT.vi} (mã lỗi: MIME_LIMIT)` }],
    });
    expect(html).toContain('Thư đến không xử lý được');
    expect(html).toContain('mã lỗi: MIME_LIMIT');
    expect(html).toContain('&lt;b&gt;Công văn');
  });
});
