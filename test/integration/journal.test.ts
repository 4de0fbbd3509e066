// One true journal (issue 15): each message's stages written in the order they happen, each once,
// none lost — on the real database, where FerretDB 1.x applies an update by reading the document
// and writing it whole, so two writers at once lose one of their writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cfg, freshMailbox, seededContext, closeContext, smtp, waitFor } from '../helpers/env.js';
import { documentMail } from '../helpers/messages.js';
import { readyMessage } from '../helpers/ready-message.js';
import type { AppContext } from '../../src/runtime/context.js';
import { addMailbox } from '../../src/ingest/mailboxes.js';
import { startWorkers } from '../../src/runtime/run.js';
import type { Stoppable } from '../../src/runtime/workers.js';
import { recordEvent } from '../../src/ingest/message-state.js';

const AGENCY = '000.00.15.H41';
let env: Awaited<ReturnType<typeof seededContext>>;
let ctx: AppContext;
let running: Stoppable[] = [];

beforeAll(async () => {
  env = await seededContext();
  ctx = env.ctx;
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await closeContext(env.db, ctx, [ctx.queues.ingest, ctx.queues.register, ctx.queues.ack]);
});

describe('the journal', () => {
  it('keeps every after-close event written at the same moment by many writers, each once', async () => {
    const m = readyMessage({ agencyCode: AGENCY, mailboxId: 'jr-many', seq: 1, arrival: new Date() });
    await ctx.models.Message.create({ ...m, state: 'quarantined' });
    // Thirty writers at once, each with its own event; then each of them again (a retried job).
    const notes = Array.from({ length: 30 }, (_, i) => () => ctx.journal.note(m._id, 'acknowledged', { detail: { statusCode: `x${i}` }, once: { field: 'statusCode', value: `x${i}` } }));
    const first = await Promise.all(notes.map((n) => n()));
    const again = await Promise.all(notes.map((n) => n()));
    const stages = (await ctx.models.Message.findById(m._id).lean())!.stages;
    expect(first.every(Boolean)).toBe(true);
    expect(again.some(Boolean)).toBe(false);
    expect(stages.map((s) => (s.detail as { statusCode: string }).statusCode).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `x${i}`).sort());
    // The state a quarantined message is in is not touched by journal-only events.
    expect((await ctx.models.Message.findById(m._id, { state: 1 }).lean())!.state).toBe('quarantined');
  });

  it('refuses to write an after-close event outside the journal lock', async () => {
    await expect(recordEvent(ctx.models, 'jr-many:x', 'acknowledged')).rejects.toThrow(/MessageJournal/);
  });

  it('through the workers, every document reads stored, classified, analysed, registered, acknowledged — in that order, once each', async () => {
    const sender = freshMailbox(cfg.stack.mailDomains[0]);
    const receiver = freshMailbox(cfg.stack.mailDomains[1]);
    await addMailbox(ctx.models, ctx.secrets, {
      id: 'jr-mb', agencyCode: AGENCY, agencyName: 'Sở Thông tin và Truyền thông', address: receiver.address,
      host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: receiver.address, password: receiver.password,
    });
    running = await startWorkers(ctx, ['poll', 'ingest', 'register', 'ack']);
    await waitFor('watching', () => ctx.models.Checkpoint.findById('jr-mb/INBOX').lean());
    const N = 24;
    for (let i = 0; i < N; i++) {
      const raw = await documentMail({ from: sender.address, to: receiver.address, messageId: `<jr-${i}.${Date.now()}@ubnd.longan.test>`, subject: `Công văn số ${i + 1}/UBND-VX` });
      await smtp().sendMail({ envelope: { from: sender.address, to: [receiver.address] }, raw });
    }
    await waitFor('all acknowledged', async () => (await ctx.models.Incoming.countDocuments({ mailboxId: 'jr-mb', 'ack.state': 'sent' })) === N || null, 90_000);
    // The IMAP keyword goes on while acknowledgements are being written: the marking must not
    // write over them (it used to write `marked` on the same records).
    await waitFor('all marked on the server', async () => {
      const c = receiver.imap();
      await c.connect();
      const lock = await c.getMailboxLock('INBOX');
      let flagged = 0;
      for await (const msg of c.fetch('1:*', { flags: true })) if (msg.flags?.has('$VanThuRegistered')) flagged++;
      lock.release();
      await c.logout();
      return flagged === N || null;
    }, 60_000);
    const msgs = await ctx.models.Message.find({ mailboxId: 'jr-mb' }).lean();
    expect(msgs).toHaveLength(N);
    for (const m of msgs) {
      expect({ key: m._id, stages: m.stages.map((s) => s.stage) }).toEqual({ key: m._id, stages: ['stored', 'classified', 'analysed', 'registered', 'acknowledged'] });
      const times = m.stages.map((s) => new Date(s.at).getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  }, 180_000);
});
