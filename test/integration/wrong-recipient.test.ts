// Decree 30 Art. 21.2b: a document sent to the wrong recipient is refused, not registered. The
// proof is a peer service's own envelope: its edXML To names the organ this copy was made for.
// A clerk's forward of the same document (no X-VanThu headers) is not judged by it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { cfg, freshDb, seededContext } from '../helpers/env.js';
import { samplePdf } from '../helpers/messages.js';
import type { AppContext } from '../../src/runtime/context.js';
import { composeDelivery } from '../../src/dispatch/compose.js';
import { classifyMessageSync } from '../../src/mail/classify/index.js';
import { analyseDocument } from '../../src/register/analyse.js';

let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;
let raw: Buffer;

beforeAll(async () => {
  ({ db, ctx } = await seededContext());
  // The Department of Information and Communications sends to the Department of Finance's mailbox.
  const stttt = (await ctx.agencies.get('000.00.15.H41'))!;
  const mail = composeDelivery({
    instanceId: cfg.instanceId,
    peer: await ctx.agencies.byAddress('vanthu@sotc.longan.test'),
    from: { address: stttt.address, agency: stttt },
    to: 'vanthu@sotc.longan.test',
    envid: 'dwrong.0',
    messageId: '<dwrong.0.vanthu-local@stttt.longan.test>',
    subject: 'Công văn số 07/STTTT-VP',
    codeRaw: '07/STTTT-VP',
    metadata: { codeNumber: '07', codeNotation: 'STTTT-VP', subject: 'Về việc thử nơi nhận' },
    files: [{ filename: 'cv.pdf', contentType: 'application/pdf', content: await samplePdf() }],
  });
  raw = await new MailComposer(mail as never).compile().build();
});

afterAll(async () => {
  await ctx.queues.register.obliterate({ force: true }).catch(() => undefined);
  await ctx.queues.ack.obliterate({ force: true }).catch(() => undefined);
  await ctx.close();
  await db.drop();
});

async function analyseAt(key: string, agencyCode: string, bytes: Buffer) {
  await ctx.models.Message.create({ _id: key, mailboxId: key, agencyCode, folder: 'INBOX', uidValidity: '1', uid: 1, seq: 1, sha256: key, size: bytes.length, internalDate: new Date(), state: 'classified', stages: [] });
  const c = classifyMessageSync(bytes, { ourAddresses: [] });
  expect(c.kind).toBe('document');
  const outcome = await analyseDocument(ctx, key, bytes, c);
  const msg = await ctx.models.Message.findById(key).lean();
  return { outcome, decision: (msg as unknown as { analysis: { decision: { reasonVi?: string } } }).analysis.decision };
}

describe('wrong recipient', () => {
  it('refuses a peer’s copy that reached another agency’s mailbox, naming the organ it was for', async () => {
    const r = await analyseAt('wrong-a', '000.00.15.H41', raw);
    expect(r.outcome).toBe('refused');
    expect(r.decision.reasonVi).toContain('gửi nhầm nơi nhận');
    expect(r.decision.reasonVi).toContain('000.00.07.H41');
  });

  it('registers the same copy at the agency it was addressed to', async () => {
    expect((await analyseAt('wrong-b', '000.00.07.H41', raw)).outcome).toBe('ready');
  });

  it('does not judge a clerk’s forward, which carries the envelope made for someone else', async () => {
    const forwarded = Buffer.from(raw.toString('latin1').replace(/^X-VanThu-[^\r\n]*\r\n/gim, ''), 'latin1');
    expect(forwarded.toString('latin1')).not.toMatch(/^X-VanThu-Delivery:/im);
    expect((await analyseAt('wrong-c', '000.00.15.H41', forwarded)).outcome).toBe('ready');
  });
});
