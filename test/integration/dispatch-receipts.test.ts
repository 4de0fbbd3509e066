// handleReceipt against hand-built receipts (no SMTP needed; the database is real): a peer's
// acknowledgement built with buildStatusXml moves a delivery to 'registered' with the peer's
// incoming number; state only moves forward; the same receipt twice appends once; a receipt
// about nothing is kept in `unmatched`. Also: dispatch by email (handleDispatchRequest) and
// clerk-given / concurrent numbering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { cfg, freshDb, freshMailbox, imapFor, waitFor, setAgency, seededContext } from '../helpers/env.js';
import { documentMail, samplePdf } from '../helpers/messages.js';
import type { AppContext } from '../../src/runtime/context.js';
import { buildStatusXml, classifyMessage, STATUS_CONTENT_TYPE, ACK_HEADER } from '../../src/mail/classify/index.js';
import { handleReceipt, listUnmatched } from '../../src/receipts/handle.js';
import { sendDocument, type SendAccepted } from '../../src/dispatch/send.js';
import { handleDispatchRequest } from '../../src/dispatch/request.js';
import { closeDispatchTransports } from '../../src/dispatch/smtp.js';
import { getStatus } from '../../src/dispatch/status.js';
import { appendEvent } from '../../src/dispatch/events.js';
import { DispatchJobRunner } from '../../src/dispatch/job.js';
import type { Job } from 'bullmq';

let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;

beforeAll(async () => {
  ({ db, ctx } = await seededContext());
});

afterAll(async () => {
  await ctx.queues.dispatch.obliterate({ force: true }).catch(() => undefined);
  closeDispatchTransports();
  await ctx.close();
  await db.drop();
});

const classify = (raw: Buffer) => classifyMessage(raw, { ourAddresses: ['vanthu@stttt.longan.test'], ourInstanceIds: [cfg.instanceId] });

async function newDoc(to = ['vanthu@sotc.longan.test']): Promise<SendAccepted> {
  const r = await sendDocument(ctx, { fromAgencyCode: '000.00.15.H41', to, files: [{ filename: 'cv.pdf', content: await samplePdf() }], source: 'api' });
  expect(r.ok).toBe(true);
  return r as SendAccepted;
}

async function ackMail(o: { inReplyTo: string | null; originalMessageId: string | null; code: string; statusCode: string; arrivalNumber?: string; reason?: string }): Promise<Buffer> {
  const xml = buildStatusXml({
    responseFor: { organId: '000.00.15.H41', code: o.code, promulgationDate: null, documentId: null },
    from: { organId: '000.00.07.H41', organName: 'Sở Tài chính tỉnh Long An', email: 'vanthu@sotc.longan.test' },
    statusCode: o.statusCode,
    description: o.reason ?? null,
    timestamp: '2026-03-02T09:15:00+07:00',
    arrivalNumber: o.arrivalNumber ?? null,
    receiptTime: '2026-03-02T09:10:00+07:00',
    originalMessageId: o.originalMessageId,
  });
  return new MailComposer({
    from: 'vanthu@sotc.longan.test',
    to: 'vanthu@stttt.longan.test',
    subject: 'Hồi báo: đã nhận văn bản',
    inReplyTo: o.inReplyTo ?? undefined,
    headers: { [ACK_HEADER]: '1', 'Auto-Submitted': 'auto-replied' },
    text: 'Đã nhận.',
    attachments: [{ filename: 'status.xml', content: xml, contentType: STATUS_CONTENT_TYPE }],
  })
    .compile()
    .build();
}

async function mdnMail(originalMessageId: string): Promise<Buffer> {
  return Buffer.from(
    [
      'From: vanthu@sotc.longan.test',
      'To: vanthu@stttt.longan.test',
      'Subject: Read: Công văn',
      `Message-ID: <mdn.${Date.now()}@sotc.longan.test>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=disposition-notification; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Đã đọc.',
      '--b1',
      'Content-Type: message/disposition-notification',
      '',
      'Reporting-UA: mua.sotc.longan.test',
      'Final-Recipient: rfc822; vanthu@sotc.longan.test',
      `Original-Message-ID: ${originalMessageId}`,
      'Disposition: manual-action/MDN-sent-manually; displayed',
      '',
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

describe('receipts', () => {
  it('a peer acknowledgement 03 makes the delivery registered with the peer incoming number; later receipts do not move it back', async () => {
    const doc = await newDoc();
    const d = doc.deliveries[0]!;
    const ack = await ackMail({ inReplyTo: d.messageId, originalMessageId: d.messageId, code: doc.codeRaw, statusCode: '03', arrivalNumber: '245' });
    const c = await classify(ack);
    expect(c.kind).toBe('acknowledgement');
    expect(await handleReceipt(ctx, 'mb:ack-03', ack, c)).toBe('handled');
    let s = (await getStatus(ctx, doc.id))!;
    expect(s.recipients[0]!.state).toBe('registered');
    expect(s.recipients[0]!.peerArrivalNumber).toBe('245');
    expect(s.recipients[0]!.peerReceiptTime).toBe('2026-03-02T02:10:00.000Z');

    // A read receipt arriving later is appended but the state stays 'registered'.
    const mdn = await mdnMail(d.messageId);
    const cm = await classify(mdn);
    expect(cm.kind).toBe('read-receipt');
    await handleReceipt(ctx, 'mb:mdn', mdn, cm);
    // Processing both again appends nothing.
    await handleReceipt(ctx, 'mb:ack-03', ack, c);
    await handleReceipt(ctx, 'mb:mdn', mdn, cm);
    s = (await getStatus(ctx, doc.id))!;
    expect(s.recipients[0]!.state).toBe('registered');
    expect(s.recipients[0]!.events.map((e) => e.event)).toEqual(['queued', 'ack-registered', 'mdn-displayed']);
    const cached = await ctx.models.Delivery.findById(d.id).lean();
    expect(cached!.state).toBe('registered');
  });

  it('matches an acknowledgement by document code and sender when it names no Message-ID; a refusal keeps its reason', async () => {
    const doc = await newDoc();
    const ack = await ackMail({ inReplyTo: null, originalMessageId: null, code: doc.codeRaw, statusCode: '02', reason: 'Gửi nhầm nơi nhận' });
    await handleReceipt(ctx, 'mb:ack-02', ack, await classify(ack));
    const s = (await getStatus(ctx, doc.id))!;
    expect(s.recipients[0]!.state).toBe('refused');
    expect(s.recipients[0]!.refusalReason).toBe('Gửi nhầm nơi nhận');
  });

  it('an acknowledgement in-doubt evidence resolves acceptance; the send time is set once a success receipt exists', async () => {
    const doc = await newDoc();
    const d = doc.deliveries[0]!;
    const t0 = new Date(Date.now() - 60_000);
    await appendEvent(ctx.models, { deliveryId: d.id, docId: doc.id, event: 'attempt', key: 'attempt.1', at: t0, detail: {} });
    await appendEvent(ctx.models, { deliveryId: d.id, docId: doc.id, event: 'in-doubt', key: 'in-doubt.1', detail: {} });
    const ack = await ackMail({ inReplyTo: d.messageId, originalMessageId: null, code: doc.codeRaw, statusCode: '01' });
    await handleReceipt(ctx, 'mb:ack-01', ack, await classify(ack));
    const s = (await getStatus(ctx, doc.id))!;
    expect(s.recipients[0]!.state).toBe('received');
    expect(s.recipients[0]!.acceptedAt).toBe(t0.toISOString());
    expect(s.sendTime).toBe(t0.toISOString());
  });

  it('a DSN recorded before the relay acceptance is: the acceptance write does not put the state back', async () => {
    const sent = await newDoc();
    const d = sent.deliveries[0]!;
    // The job marked the attempt, the relay said 250, and the DSN's handler ran first.
    await ctx.models.Delivery.updateOne({ _id: d.id }, { $set: { inFlight: { attempt: 1, startedAt: new Date() }, attempts: 1, state: 'sending' } });
    await appendEvent(ctx.models, { deliveryId: d.id, docId: sent.id, event: 'dsn-relayed', key: 'dsn.test', source: 'dsn', detail: { status: '2.0.0' } });
    expect((await ctx.models.Delivery.findById(d.id).lean())!.state).toBe('relayed');
    const runner = new DispatchJobRunner(ctx);
    const job = { attemptsMade: 0, opts: {} } as unknown as Job;
    // record() is what the job runs after SMTP; called directly to reproduce the interleaving.
    const record = (runner as unknown as { record: (...a: unknown[]) => Promise<string> }).record.bind(runner);
    expect(await record(job, await ctx.models.Delivery.findById(d.id).lean(), 1, { kind: 'accepted', queueId: 'ABC123', response: '250 2.0.0 Ok: queued as ABC123' }, false)).toBe('accepted');
    const after = (await ctx.models.Delivery.findById(d.id).lean())!;
    expect(after.state).toBe('relayed');
    expect(after.inFlight ?? null).toBeNull();
    expect(after.relayQueueId).toBe('ABC123');
    expect(after.eventCount).toBe(await ctx.models.DeliveryEvent.countDocuments({ deliveryId: d.id }));
    expect((await getStatus(ctx, sent.id))!.recipients[0]!.state).toBe('relayed');
  });

  it('a receipt that matches nothing is kept for the administrator', async () => {
    const ack = await ackMail({ inReplyTo: '<nothing@nowhere.vn>', originalMessageId: '<nothing@nowhere.vn>', code: '999/XYZ', statusCode: '03' });
    expect(await handleReceipt(ctx, 'mb:stray', ack, await classify(ack))).toBe('handled');
    const list = await listUnmatched(ctx);
    expect(list.map((u) => u._id)).toContain('mb:stray');
  });
});

describe('numbering', () => {
  it('concurrent registrations get gapless unique numbers; a clerk number already used is refused', async () => {
    const pdf = await samplePdf();
    const rs = await Promise.all(
      Array.from({ length: 12 }, () => sendDocument(ctx, { fromAgencyCode: '000.00.07.H41', to: ['vanthu@ubnd.longan.test'], files: [{ filename: 'a.pdf', content: pdf }] })),
    );
    const numbers = rs.map((r) => (r as SendAccepted).number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const dup = await sendDocument(ctx, { fromAgencyCode: '000.00.07.H41', to: ['vanthu@ubnd.longan.test'], files: [{ filename: 'a.pdf', content: pdf }], number: 5 });
    expect(dup.ok).toBe(false);
    expect(!dup.ok && dup.reasons[0]!.code).toBe('NUMBER_TAKEN');
  });

  it('refuses a secret document with the Decision 36 reason, before taking a number', async () => {
    const secret = await samplePdf(['UBND TINH LONG AN', 'MAT', 'So: 13/UBND-VX', 'V/v thu nghiem']);
    const r = await sendDocument(ctx, { fromAgencyCode: '000.00.00.H41', to: ['vanthu@sotc.longan.test'], files: [{ filename: 's.pdf', content: secret }], metadata: { secrecy: 'Mật' } });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reasons.map((x) => x.code)).toContain('SECRET');
    expect(!r.ok && r.reasons.find((x) => x.code === 'SECRET')!.vi).toMatch(/Quyết định số 36\/2013/);
    expect(await ctx.models.Outgoing.countDocuments({ agencyCode: '000.00.00.H41' })).toBe(0);
  });
});

describe('dispatch by email', () => {
  it('a clerk request to the dispatch address is registered once, sent, and answered in a thread', async () => {
    const clerk = freshMailbox('stttt.longan.test');
    await ctx.models.Mailbox.create({
      _id: 'stttt-dispatch',
      agencyCode: '000.00.15.H41',
      agencyName: 'Sở TT&TT',
      address: 'dispatch@stttt.longan.test',
      role: 'dispatch',
      host: '127.0.0.1',
      port: cfg.stack.imapPort,
      tls: 'none',
      user: 'dispatch@stttt.longan.test',
    });
    const key = 'stttt-dispatch:req1';
    await ctx.models.Message.create({ _id: key, mailboxId: 'stttt-dispatch', agencyCode: '000.00.15.H41', folder: 'INBOX', uidValidity: '1', uid: 1, seq: 1, sha256: 'x', size: 1 });
    // The request as delivered: the envelope sender recorded by the final delivery, and the
    // results of the province's server, trusted by the agency (src/dispatch/origin.ts).
    await setAgency(ctx, '000.00.15.H41', { authservIds: ['mx.longan.test'] });
    const raw = Buffer.concat([
      Buffer.from(`Return-Path: <${clerk.address}>\r\nAuthentication-Results: mx.longan.test; spf=pass smtp.mailfrom=${clerk.address}; dkim=pass header.d=stttt.longan.test\r\n`),
      await documentMail({
        from: clerk.address,
        to: 'dispatch@stttt.longan.test',
        subject: 'Gửi công văn [gửi: 000.00.07.H41] [số: 40]',
        messageId: '<req1@stttt.longan.test>',
      }),
    ]);
    const c = await classify(raw);
    expect(await handleDispatchRequest(ctx, key, raw, c)).toBe('handled');
    expect((await ctx.models.DispatchRequest.findById(key).lean())!.originEvidence).toBe(`spf=pass smtp.mailfrom=${clerk.address} (mx.longan.test)`);
    expect(await handleDispatchRequest(ctx, key, raw, c)).toBe('handled'); // replay: nothing new
    const docs = await ctx.models.Outgoing.find({ requestMessageKey: key }).lean();
    expect(docs).toHaveLength(1);
    expect(docs[0]!.outgoingNumber).toBe(40);
    expect(docs[0]!.recipients).toEqual(['vanthu@sotc.longan.test']);

    const im = imapFor(clerk.address);
    await waitFor('the reply in the clerk mailbox', async () => {
      await im.connect().catch(() => undefined);
      const st = await im.status('INBOX', { messages: true });
      return st !== false && (st.messages ?? 0) >= 1;
    }, 20_000, 300);
    const lock = await im.getMailboxLock('INBOX');
    const msgs = [];
    for await (const m of im.fetch('1:*', { envelope: true, headers: ['auto-submitted', 'in-reply-to'] })) msgs.push(m);
    lock.release();
    await im.logout();
    expect(msgs).toHaveLength(1);
    const h = msgs[0]!.headers!.toString();
    expect(h).toMatch(/Auto-Submitted: auto-replied/i);
    expect(msgs[0]!.envelope!.inReplyTo).toBe('<req1@stttt.longan.test>');
    expect(msgs[0]!.envelope!.subject).toMatch(/^Re: /);
  });
});
