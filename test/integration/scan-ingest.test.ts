// Scans through the local stack (Decision 36 Art. 7.1a: an agency without digital signatures sends
// the stamped paper original scanned to PDF): two image-only PDFs and a PNG scan are mailed through Postfix to a
// watched Dovecot mailbox and taken in by the real workers (poll, ingest with OCR in the reader
// processes, register, ack). The one stamped MẬT in red is quarantined, never numbered, and its
// sender gets the 02 notice; the ordinary one is registered with its number, date, organ and
// subject read by OCR, and so is the PNG. The mails themselves say nothing of either (a neutral subject and body).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cfg, freshDb, freshMailbox, inInbox, smtp, waitFor, seededContext, closeContext } from '../helpers/env.js';
import { documentMail } from '../helpers/messages.js';
import { scannedLetter } from '../helpers/scans.js';
import { SCAN_DOCS } from '../corpus/scans/documents.js';
import { scan } from '../corpus/scans/make.js';
import type { AppContext } from '../../src/runtime/context.js';
import { addMailbox } from '../../src/ingest/mailboxes.js';
import { startWorkers } from '../../src/runtime/run.js';
import { classifyMessage } from '../../src/mail/classify/index.js';

let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;

beforeAll(async () => {
  ({ db, ctx } = await seededContext());
});

afterAll(async () => {
  await closeContext(db, ctx, [ctx.queues.ingest, ctx.queues.register, ctx.queues.ack]);
});

describe('scanned documents through the local stack', () => {
  it('a scan stamped MẬT is quarantined with a 02 to its sender; an ordinary scan is registered with what OCR read', async () => {
    const A = '000.00.15.H41';
    const sender = freshMailbox(cfg.stack.mailDomains[0]);
    const receiver = freshMailbox(cfg.stack.mailDomains[1]);
    const agency = (await ctx.agencies.get(A))!;
    await addMailbox(ctx.models, ctx.secrets, {
      id: 'scan-inbox', agencyCode: A, agencyName: agency.name, address: receiver.address,
      host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: receiver.address, password: receiver.password,
    });
    const [secret, plain, png] = await Promise.all([
      scannedLetter({ dpi: 200, stamp: 'MẬT' }),
      scannedLetter({ dpi: 200, stamp: null, damage: { tiltDeg: -1.2, seed: 3 } }),
      // Sở Tài chính's công văn 876/STC-NS scanned to a PNG (no PDF at all).
      scan(SCAN_DOCS.find((d) => d.id === 's04')!, 200),
    ]);
    expect(png.filename).toMatch(/\.png$/);
    const running = await startWorkers(ctx, ['poll', 'ingest', 'register', 'ack']);
    try {
      await waitFor('watching', () => ctx.models.Checkpoint.findById('scan-inbox/INBOX').lean());
      const mail = (id: string, pdf: Uint8Array) =>
        documentMail({ from: sender.address, to: receiver.address, messageId: `<${id}@stttt.longan.test>`, subject: 'Gửi văn bản', text: 'Gửi kèm bản scan.', pdf: Buffer.from(pdf), filename: `${id}.pdf` });
      await smtp().sendMail({ envelope: { from: sender.address, to: [receiver.address] }, raw: await mail('scan-secret', secret.pdf) });
      await smtp().sendMail({ envelope: { from: sender.address, to: [receiver.address] }, raw: await mail('scan-plain', plain.pdf) });
      const pngMail = await documentMail({
        from: sender.address, to: receiver.address, messageId: '<scan-png@stc.longan.test>', subject: 'Gửi văn bản', text: 'Gửi kèm ảnh chụp văn bản.',
        pdf: Buffer.from(png.bytes), filename: 'scan.png',
      });
      // documentMail attaches as application/pdf: the image goes with its own type.
      await smtp().sendMail({ envelope: { from: sender.address, to: [receiver.address] }, raw: Buffer.from(pngMail.toString('latin1').replace('Content-Type: application/pdf', 'Content-Type: image/png'), 'latin1') });

      const held = await waitFor('held', async () => (await ctx.models.Quarantine.findOne({ agencyCode: A }).lean()) ?? null, 90_000);
      expect(held.metadata).toMatchObject({ secrecy: 'Mật', codeNumber: '412', pageCount: 2 });
      expect(held.reasonVi).toMatch(/Mật/);

      const entry = await waitFor('registered', async () => (await ctx.models.Incoming.findOne({ agencyCode: A, mailboxId: 'scan-inbox', 'metadata.codeNumber': '412' }).lean()) ?? null, 90_000);
      expect(entry.metadata).toMatchObject({
        codeNumber: '412',
        codeNotation: 'STTTT-BCVT',
        issuedDate: '2024-03-18',
        organName: 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG',
        subject: 'V/v triển khai phần mềm quản lý văn bản',
        secrecy: null,
        pageCount: 2,
      });
      const fromPng = await waitFor('PNG registered', async () => (await ctx.models.Incoming.findOne({ agencyCode: A, mailboxId: 'scan-inbox', 'metadata.codeNumber': '876' }).lean()) ?? null, 90_000);
      expect(fromPng.metadata).toMatchObject({ codeNotation: 'STC-NS', issuedDate: '2024-03-05', organName: 'SỞ TÀI CHÍNH', subject: 'V/v hướng dẫn quyết toán ngân sách năm 2023', pageCount: 1 });
      // Only the ordinary scans were numbered.
      expect(await ctx.models.Incoming.countDocuments({ agencyCode: A, mailboxId: 'scan-inbox' })).toBe(2);

      const ack = await waitFor(
        '02 in the sender INBOX',
        () =>
          inInbox(sender, async (c) => {
            for await (const m of c.fetch('1:*', { source: true })) {
              if (!m.source || !/^x-vanthu-ack:/im.test(m.source.toString('latin1'))) continue;
              const parsed = await classifyMessage(m.source);
              if (parsed.kind === 'acknowledgement' && parsed.status?.statusCode === '02') return parsed;
            }
            return null;
          }),
        60_000,
      );
      expect(ack.status?.arrivalNumber ?? null).toBeNull();
      expect(ack.status?.description).toMatch(/độ mật "Mật"/);
    } finally {
      await Promise.all(running.map((r) => r.stop()));
    }
  }, 180_000);
});
