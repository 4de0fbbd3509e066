// Dispatch end to end on the real stack: agency A sends one document to B's mailbox and to an
// address that does not exist. Postfix returns a real success DSN for B and a real 5.1.1 bounce
// for the other; A's poll and ingest workers read them over IMAP and the receipt handler records
// them. Nothing is simulated between sendDocument and the status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copiesIn, watchSandboxMailbox, cfg, freshDb, freshMailbox, uniqueName, waitFor, type SandboxMailbox, seededContext } from '../helpers/env.js';
import { samplePdf } from '../helpers/messages.js';
import type { AppContext } from '../../src/runtime/context.js';
import { startIngestWorker, startPollWorker, startQueueWorker, type Stoppable } from '../../src/runtime/workers.js';
import { loadRaw } from '../../src/ingest/process.js';
import { classifyMessage } from '../../src/mail/classify/index.js';
import { handleReceipt } from '../../src/receipts/handle.js';
import { sendDocument, type SendAccepted } from '../../src/dispatch/send.js';
import { dispatchProcessor } from '../../src/dispatch/job.js';
import { closeDispatchTransports } from '../../src/dispatch/smtp.js';
import { getStatus, renderStatus } from '../../src/dispatch/status.js';
import { outgoingRegisterRows } from '../../src/dispatch/register-rows.js';

let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;
const running: Stoppable[] = [];
let A: SandboxMailbox;
let B: SandboxMailbox;

beforeAll(async () => {
  ({ db, ctx } = await seededContext());
  A = freshMailbox('stttt.longan.test');
  B = freshMailbox('ubnd.longan.test');
  await watchSandboxMailbox(ctx, 'a-official', A);
  running.push(startQueueWorker(ctx, 'dispatch', dispatchProcessor(ctx), 8));
  running.push(startIngestWorker(ctx, { receipt: handleReceipt }));
  running.push(await startPollWorker(ctx, { backfill: true, leaseTtlMs: 3000 }));
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop().catch(() => undefined)));
  await ctx.queues.dispatch.obliterate({ force: true }).catch(() => undefined);
  await ctx.queues.ingest.obliterate({ force: true }).catch(() => undefined);
  closeDispatchTransports();
  await ctx.close();
  await db.drop();
});


describe('dispatch with real DSNs', () => {
  let sent: SendAccepted;
  const nobody = `${uniqueName('nobody')}@stttt.longan.test`;

  it('registers the number, sends one copy per recipient and records delivered / failed from the DSNs', async () => {
    const r = await sendDocument(ctx, {
      from: A.address,
      to: [B.address, nobody],
      files: [{ filename: '12-UBND-VX.pdf', content: await samplePdf() }],
      subject: 'Công văn thử nghiệm gửi bằng thư điện tử',
      source: 'api',
    });
    expect(r.ok).toBe(true);
    sent = r as SendAccepted;
    expect(sent.number).toBe(1);
    expect(sent.deliveries).toHaveLength(2);

    const status = await waitFor(
      'B delivered (relayed into the mailbox) and the unknown address failed',
      async () => {
        const s = await getStatus(ctx, sent.id);
        const [b, x] = s!.recipients;
        return ['relayed', 'delivered'].includes(b!.state) && x!.state === 'failed' && s!.sendTime ? s : null;
      },
      90_000,
      500,
      async () => ({
        status: await getStatus(ctx, sent.id),
        dispatchJobs: await ctx.queues.dispatch.getJobCounts(),
        ingestJobs: await ctx.queues.ingest.getJobCounts(),
        messagesInA: await ctx.models.Message.find({ mailboxId: 'a-official' }, { kind: 1, state: 1, error: 1 }).lean(),
        watcher: await ctx.models.Mailbox.findById('a-official').lean(),
      }),
    );
    const [b, x] = status.recipients;
    expect(b!.relayQueueId).toMatch(/^[A-Z0-9]+$/);
    // Postfix hands the copy to Dovecot over LMTP, which does not speak DSN: the real success
    // report says "Action: relayed", "Status: 2.0.0", "250 2.0.0 … Saved".
    expect(b!.events.map((e) => e.event)).toEqual(['queued', 'attempt', 'accepted', 'dsn-relayed']);
    expect(b!.status).toBe('2.0.0');
    expect(x!.status).toBe('5.1.1');
    expect(x!.events.map((e) => e.event)).toContain('dsn-failed');
    expect(String(x!.diagnostic)).toMatch(/5\.1\.1|unknown|not found/i);
    // Art. 9.1: the send time is B's acceptance, now that a success receipt exists.
    expect(status.sendTime).toBe(b!.acceptedAt);
    expect(status.state).toBe('partly-failed');
    expect(renderStatus(status)).toContain('dsn-relayed');

    // B got exactly one copy, with our headers, the document and the edXML envelope.
    expect(await copiesIn(B, b!.messageId)).toBe(1);
  });

  it('processing the same receipts again appends nothing', async () => {
    const reports = await ctx.models.Message.find({ kind: 'delivery-report' }).lean();
    expect(reports.length).toBeGreaterThanOrEqual(2);
    const before = await ctx.models.DeliveryEvent.countDocuments({ docId: sent.id });
    for (const m of reports) {
      const raw = await loadRaw(ctx, m._id);
      await handleReceipt(ctx, m._id, raw, await classifyMessage(raw, { ourInstanceIds: [cfg.instanceId] }));
    }
    expect(await ctx.models.DeliveryEvent.countDocuments({ docId: sent.id })).toBe(before);
  });

  it('lists the document in the outgoing register with the Appendix IV.I columns', async () => {
    const rows = await outgoingRegisterRows(ctx, '000.00.15.H41', sent.year);
    expect(rows).toHaveLength(1);
    expect(rows[0]!['Số, ký hiệu']).toBe(sent.codeRaw);
    expect(rows[0]!['Số lượng bản']).toBe('2');
    expect(rows[0]!['Ngày chuyển']).not.toBe('');
    expect(rows[0]!['Ghi chú']).toContain('5.1.1');
  });
});
