// The foundation on the real local stack: the five services answer, mail goes SMTP → IMAP, an
// unknown user bounces with a real DSN, FerretDB enforces unique indexes, BullMQ runs a job.
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { Schema } from 'mongoose';
import { Queue, Worker } from 'bullmq';
import { cfg, freshDb, freshMailbox, freshPrefix, inInbox, smtp, waitFor } from '../helpers/env.js';
import { redisConnection } from '../../src/queue/redis.js';
import { classifyMessage } from '../../src/mail/classify/index.js';

const cli = (...args: string[]) => execFileSync('node', ['bin/vanthu.mjs', ...args], { encoding: 'utf8' });

describe('local stack', () => {
  it('reports five services answering', () => {
    const status = JSON.parse(cli('stack', 'status', '--json')) as { services: { name: string; answering: boolean }[] };
    expect(status.services.map((s) => s.name).sort()).toEqual(['dovecot-imap', 'dovecot-lmtp', 'ferretdb', 'postfix', 'redis']);
    for (const s of status.services) expect(s.answering, s.name).toBe(true);
  });

  it('a second `up` is a no-op that keeps the same processes', () => {
    const before = JSON.parse(cli('stack', 'status', '--json')) as { services: { pid: number | null }[] };
    const after = JSON.parse(cli('stack', 'up', '--json')) as { services: { pid: number | null }[] };
    expect(after.services.map((s) => s.pid)).toEqual(before.services.map((s) => s.pid));
  });

  it('delivers a message sent by SMTP to the recipient INBOX over IMAP, and bounces an unknown user with a DSN', async () => {
    const a = freshMailbox(cfg.stack.mailDomains[0]);
    const b = freshMailbox(cfg.stack.mailDomains[1]);
    const unknown = `nobody-${Date.now()}@${cfg.stack.mailDomains[1]}`;
    const subject = `Kiểm tra ${Date.now()}`;
    const info = await smtp().sendMail({
      from: a.address,
      to: [b.address, unknown],
      subject,
      text: 'Xin chào',
      dsn: { id: 'probe', notify: ['failure'], return: 'headers', recipient: a.address },
    });
    expect(info.accepted).toEqual([b.address, unknown]);

    const got = await waitFor('message in B', () =>
      inInbox(b, async (c) => {
        if (!c.mailbox || !c.mailbox.exists) return null;
        const m = await c.fetchOne('*', { envelope: true });
        return m ? m.envelope?.subject : null;
      }),
    );
    expect(got).toBe(subject);

    const bounce = await waitFor('DSN in A', () =>
      inInbox(a, async (c) => {
        for await (const m of c.fetch('1:*', { source: true })) {
          const src = m.source?.toString('utf8') ?? '';
          if (src.includes('report-type=delivery-status')) return src;
        }
        return null;
      }),
    );
    expect(bounce).toMatch(/Status: 5\.1\.1/);
    expect(bounce.toLowerCase()).toContain(unknown.toLowerCase());
    // The real Postfix DSN classifies as a delivery report naming the recipient, 5.1.1, failed.
    const c = await classifyMessage(Buffer.from(bounce, 'utf8'));
    expect(c.kind).toBe('delivery-report');
    if (c.kind === 'delivery-report') {
      expect(c.recipients).toEqual([expect.objectContaining({ address: unknown.toLowerCase(), action: 'failed', status: '5.1.1' })]);
      expect(c.originalEnvelopeId).toBe('probe');
    }
    expect(c.mayAutoAnswer).toBe(false);
  });
});

describe('MongoDB-compatible store', () => {
  const dbp = freshDb();
  afterAll(async () => (await dbp).drop());

  it('round-trips a document and rejects a duplicate on a unique index', async () => {
    const { conn } = await dbp;
    const M = conn.model('Probe', new Schema({ key: { type: String, unique: true }, label: String }));
    await M.createIndexes();
    await M.create({ key: 'a', label: 'Văn bản đến' });
    const back = await M.findOne({ key: 'a' }).lean();
    expect(back?.label).toBe('Văn bản đến');
    await expect(M.create({ key: 'a', label: 'again' })).rejects.toMatchObject({ code: 11000 });
    expect(await M.countDocuments()).toBe(1);
  });
});

describe('BullMQ on the local Redis', () => {
  it('runs a job', async () => {
    const prefix = freshPrefix();
    const connection = redisConnection(cfg.redisUrl);
    const queue = new Queue('probe', { connection, prefix });
    const seen: number[] = [];
    const worker = new Worker('probe', async (job) => seen.push(job.data.n as number) && job.data.n * 2, { connection: redisConnection(cfg.redisUrl), prefix });
    const job = await queue.add('double', { n: 21 });
    const result = await waitFor('job result', async () => (await queue.getJob(job.id!))?.returnvalue as number | undefined);
    expect(result).toBe(42);
    expect(seen).toEqual([21]);
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
  });
});
