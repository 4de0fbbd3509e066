// The whole channel on the local stack, as issue 5 states it: agency A sends one document to
// agency B and to an address that does not exist; B registers it and acknowledges; A's status
// shows B relayed + registered with B's incoming number, and the unknown address failed 5.1.1 —
// from real Postfix DSNs, real IMAP polling and the real acknowledgement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { freshDb, freshPrefix, waitFor, seedAgencies } from '../helpers/env.js';
import { openContext, type AppContext } from '../../src/runtime/context.js';
import { startWorkers } from '../../src/runtime/run.js';
import type { Stoppable } from '../../src/runtime/workers.js';
import { configureSandbox } from '../../src/demo/demo.js';
import { samplePdf } from '../../src/demo/sample-document.js';
import { sendDocument } from '../../src/dispatch/send.js';
import { getStatus } from '../../src/dispatch/status.js';

let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;
let running: Stoppable[] = [];

beforeAll(async () => {
  db = await freshDb();
  ctx = await openContext({ mongodbUri: db.uri, prefix: freshPrefix(), log: pino({ level: 'silent' }) });
  await seedAgencies(ctx);
  const ids = await configureSandbox(ctx);
  running = await startWorkers(ctx, ['poll', 'ingest', 'register', 'ack', 'dispatch']);
  await waitFor('mailboxes watched', async () => (await ctx.models.Checkpoint.countDocuments()) >= ids.length, 60_000);
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  for (const q of Object.values(ctx.queues)) if (typeof q === 'object' && 'obliterate' in q) await q.obliterate({ force: true }).catch(() => undefined);
  await ctx.close();
  await db.drop();
});

describe('end to end', () => {
  it('A → B and an unknown address: B registers and acknowledges; A sees relayed + registered and failed 5.1.1', async () => {
    const [A, B] = await ctx.agencies.all();
    const unknown = `khongtontai-${Date.now()}@${B!.address.split('@')[1]}`;
    const sent = await sendDocument(ctx, {
      fromAgencyCode: A!.code,
      to: [B!.address, unknown],
      files: [{ filename: '7-UBND-VX.pdf', content: await samplePdf(7, new Date()) }],
      subject: 'Công văn số 7/UBND-VX V/v thử nghiệm',
      source: 'api',
    });
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    expect(sent.deliveries).toHaveLength(2);

    const status = await waitFor('receipts for both recipients', async () => {
      const s = await getStatus(ctx, sent.id);
      const b = s?.recipients.find((r) => r.address === B!.address);
      const u = s?.recipients.find((r) => r.address === unknown);
      return b?.state === 'registered' && u?.state === 'failed' ? s : null;
    }, 60_000, 500);

    const b = status.recipients.find((r) => r.address === B!.address)!;
    const entry = await ctx.models.Incoming.findOne({ agencyCode: B!.code }).lean();
    expect(entry).not.toBeNull();
    expect(b.peerArrivalNumber).toBe(String(entry!.arrivalNumber));
    expect(b.events.map((e) => e.event)).toEqual(expect.arrayContaining(['accepted', 'dsn-relayed', 'ack-registered']));
    const u = status.recipients.find((r) => r.address === unknown)!;
    expect(u.status).toBe('5.1.1');
    expect(status.sendTime).not.toBeNull();
    // B's register holds the document A sent, with A's number and notation.
    expect((entry!.metadata as { codeNumber: string | null }).codeNumber).toMatch(/^0?7$/);
    // A's edXML envelope named its organ and the document: both come back in B's acknowledgement.
    expect(entry!.senderOrganId).toBe(A!.code);
    expect(entry!.documentId).toMatch(new RegExp(`^${A!.code.replace(/\./g, '\\.')},\\d{4}/\\d{2}/\\d{2},0?7/UBND-VX$`));
  });
});
