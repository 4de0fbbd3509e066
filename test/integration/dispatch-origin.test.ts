// Dispatch by email must prove who asked (src/dispatch/origin.ts), on the real local stack:
// requests go through the sandbox Postfix with a chosen MAIL FROM, so Dovecot LMTP writes the
// Return-Path from the real envelope; the poll and ingest workers take them from an agency's
// dispatch mailbox; a dispatch worker sends whatever gets registered. The sandbox Postfix writes
// no Authentication-Results, so a request carries the field the province's border MTA would add
// (the deployment trusts MX, the agency also trusts AGENCY_MX).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { simpleParser } from 'mailparser';
import { cfg, freshDb, freshMailbox, freshPrefix, inInbox, setAgency, seedAgencies, smtp, waitFor, type SandboxMailbox } from '../helpers/env.js';
import { samplePdf } from '../helpers/messages.js';
import { openContext, type AppContext } from '../../src/runtime/context.js';
import { startWorkers } from '../../src/runtime/run.js';
import type { Stoppable } from '../../src/runtime/workers.js';
import { addMailbox } from '../../src/ingest/mailboxes.js';
import { handleDispatchRequest } from '../../src/dispatch/request.js';
import { closeDispatchTransports } from '../../src/dispatch/smtp.js';
import { classifyMessage } from '../../src/mail/classify/index.js';

const MX = 'mx.longan.test';
const AGENCY_MX = 'mail.stttt.longan.test';
const STTTT = '000.00.15.H41';

let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;
let running: Stoppable[] = [];
let dispatchMb: SandboxMailbox;
let admin: SandboxMailbox;
const logLines: string[] = [];

beforeAll(async () => {
  db = await freshDb();
  const log = pino({ level: 'warn' }, { write: (s: string) => void logLines.push(s) });
  ctx = await openContext({ cfg: { ...cfg, dispatch: { ...cfg.dispatch, authservIds: [MX] } }, mongodbUri: db.uri, prefix: freshPrefix(), log });
  await seedAgencies(ctx);
  admin = freshMailbox('stttt.longan.test');
  await setAgency(ctx, STTTT, { authservIds: [AGENCY_MX], alertTo: [admin.address] });
  dispatchMb = freshMailbox('stttt.longan.test');
  await addMailbox(ctx.models, ctx.secrets, {
    id: 'stttt-dispatch',
    agencyCode: STTTT,
    agencyName: 'Sở Thông tin và Truyền thông',
    address: dispatchMb.address,
    role: 'dispatch',
    host: '127.0.0.1',
    port: cfg.stack.imapPort,
    tls: 'none',
    user: dispatchMb.address,
    password: dispatchMb.password,
    pollIntervalSec: 5,
  });
  running = await startWorkers(ctx, ['poll', 'ingest', 'dispatch']);
  await waitFor('the dispatch mailbox to be watched', () => ctx.models.Checkpoint.findById('stttt-dispatch/INBOX').lean(), 60_000);
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  for (const q of Object.values(ctx.queues)) if (typeof q === 'object' && 'obliterate' in q) await q.obliterate({ force: true }).catch(() => undefined);
  closeDispatchTransports();
  await ctx.close();
  await db.drop();
});

/** A clerk's request, sent through the sandbox Postfix with `mailFrom` as the envelope sender. */
async function sendRequest(o: { from: string; mailFrom: string; recipient: string; tag: string; authResults?: string[] }): Promise<string> {
  const messageId = `<${o.tag}.${Date.now()}@stttt.longan.test>`;
  await smtp().sendMail({
    envelope: { from: o.mailFrom, to: [dispatchMb.address] },
    from: o.from,
    to: dispatchMb.address,
    subject: `Gửi công văn ${o.tag} [gửi: ${o.recipient}]`,
    text: 'Đề nghị gửi văn bản đính kèm.',
    messageId,
    headers: o.authResults?.length ? { 'Authentication-Results': o.authResults } : {},
    attachments: [{ filename: 'cv.pdf', content: await samplePdf(), contentType: 'application/pdf' }],
  });
  return messageId;
}

async function requestRecord(from: string, done: (r: { outcome?: string | null; noticedAt?: Date | null; repliedAt?: Date | null }) => boolean) {
  return waitFor(
    `the dispatch request from ${from}`,
    async () => {
      const r = await ctx.models.DispatchRequest.findOne({ from }).lean();
      return r && done(r) ? r : null;
    },
    60_000,
    300,
    () => ctx.models.DispatchRequest.find({}, { from: 1, outcome: 1, reason: 1 }).lean(),
  );
}

async function inbox(mb: SandboxMailbox) {
  return inInbox(mb, async (c) => {
    const out: { subject: string; inReplyTo: string | null; headers: string; text: string }[] = [];
    if (!c.mailbox || c.mailbox.exists === 0) return out;
    for await (const m of c.fetch('1:*', { envelope: true, source: true, headers: ['auto-submitted', 'cc', 'to'] })) {
      out.push({ subject: m.envelope!.subject ?? '', inReplyTo: m.envelope!.inReplyTo ?? null, headers: m.headers!.toString(), text: (await simpleParser(m.source!)).text ?? '' });
    }
    return out;
  });
}

const waitInbox = (mb: SandboxMailbox, n: number, what: string) => waitFor(what, async () => ((await inbox(mb)).length >= n ? inbox(mb) : null), 30_000, 300);

describe('dispatch by email proves who asked', () => {
  it('a forged From with an outside envelope sender is not numbered, not sent, and the From owner and alertTo are warned — once', async () => {
    const clerk = freshMailbox('stttt.longan.test');
    const recipient = freshMailbox('sotc.longan.test');
    const messageId = await sendRequest({ from: clerk.address, mailFrom: 'evil@attacker.example', recipient: recipient.address, tag: 'forged' });

    const rec = await requestRecord(clerk.address, (r) => !!r.noticedAt);
    expect(rec.outcome).toBe('refused');
    expect(rec.originRefused).toBe(true);
    expect(rec.envelopeSender).toBe('evil@attacker.example');
    expect((rec.originReasons as { code: string }[]).map((r) => r.code)).toEqual(['ENVELOPE_MISALIGNED', 'NO_TRUSTED_AUTH_RESULTS']);
    expect(rec.reason).toMatch(/^origin not proven: Envelope sender evil@attacker\.example is not aligned/);
    expect(rec.noticeTo).toEqual([clerk.address, admin.address]);
    // Nothing numbered, nothing queued: the register entry comes before any answer, so it would be there by now.
    expect(await ctx.models.Outgoing.countDocuments({ requestMessageKey: rec._id })).toBe(0);
    expect(await ctx.models.Delivery.countDocuments({ address: recipient.address })).toBe(0);

    const [notice] = await waitInbox(clerk, 1, 'the notice in the From mailbox');
    expect(notice!.subject).toBe(`Cảnh báo: yêu cầu gửi văn bản nhân danh ${clerk.address} không được thực hiện`);
    expect(notice!.headers).toMatch(/^Auto-Submitted: auto-generated/im);
    expect(notice!.inReplyTo).toBe(messageId);
    expect(notice!.text).toContain('evil@attacker.example');
    expect(notice!.text).toContain('đã KHÔNG thực hiện');
    expect(notice!.text).toContain(dispatchMb.address);
    const adminCopies = await waitInbox(admin, 1, 'the notice in the alertTo mailbox');
    expect(adminCopies.some((m) => m.inReplyTo === messageId)).toBe(true);

    const warn = logLines.map((l) => JSON.parse(l) as { msg: string; level: number; messageKey?: string; reasons?: string[] }).find((l) => l.messageKey === rec._id);
    expect(warn?.msg).toBe('dispatch request refused: origin not proven');
    expect(warn?.level).toBe(40);
    expect(warn?.reasons?.[0]).toMatch(/^ENVELOPE_MISALIGNED: /);

    // Processing the same request again (a replayed ingest job) sends no second notice.
    const source = await inInbox(dispatchMb, async (c) => {
      const uids = (await c.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
      const m = await c.fetchOne(String(uids[0]), { source: true }, { uid: true });
      if (!m || !m.source) throw new Error('the request is not in the dispatch mailbox');
      return m.source;
    });
    const c = await classifyMessage(source, { ourAddresses: [dispatchMb.address] });
    expect(await handleDispatchRequest(ctx, rec._id, source, c)).toBe('refused');
    await new Promise((r) => setTimeout(r, 2000));
    expect(await inbox(clerk)).toHaveLength(1);
    expect(await inbox(recipient)).toHaveLength(0);
    expect(await ctx.models.Outgoing.countDocuments({})).toBe(0);
    // In the agency's audit log once, under the address that claimed to ask.
    const audit = (await ctx.audit.list({ target: `request/${rec._id}` })).items;
    expect(audit).toEqual([expect.objectContaining({ action: 'dispatch.origin-refused', actor: clerk.address, via: 'email', after: { envelopeSender: 'evil@attacker.example', reasons: ['ENVELOPE_MISALIGNED', 'NO_TRUSTED_AUTH_RESULTS'] } })]);
  });

  it('Authentication-Results from an untrusted authserv-id claiming pass prove nothing', async () => {
    const clerk = freshMailbox('stttt.longan.test');
    const recipient = freshMailbox('sotc.longan.test');
    // The forger controls the envelope too (aligned MAIL FROM) and writes his own results.
    await sendRequest({
      from: clerk.address,
      mailFrom: clerk.address,
      recipient: recipient.address,
      tag: 'untrusted',
      authResults: [`evil.example; spf=pass smtp.mailfrom=${clerk.address}; dkim=pass header.d=stttt.longan.test; dmarc=pass header.from=stttt.longan.test`],
    });
    const rec = await requestRecord(clerk.address, (r) => !!r.noticedAt);
    expect(rec.outcome).toBe('refused');
    expect((rec.originReasons as { code: string }[]).map((r) => r.code)).toEqual(['NO_TRUSTED_AUTH_RESULTS']);
    expect(await ctx.models.Outgoing.countDocuments({ requestMessageKey: rec._id })).toBe(0);
    const [notice] = await waitInbox(clerk, 1, 'the notice in the From mailbox');
    expect(notice!.text).toContain('Authentication-Results');
    expect(await inbox(recipient)).toHaveLength(0);
  });

  it('a DMARC failure reported by the agency’s own trusted server refuses, though SPF passed', async () => {
    const clerk = freshMailbox('stttt.longan.test');
    const recipient = freshMailbox('sotc.longan.test');
    await sendRequest({
      from: clerk.address,
      mailFrom: clerk.address,
      recipient: recipient.address,
      tag: 'dmarc',
      authResults: [`${AGENCY_MX}; spf=pass smtp.mailfrom=${clerk.address}; dmarc=fail (p=reject) header.from=stttt.longan.test`],
    });
    const rec = await requestRecord(clerk.address, (r) => !!r.noticedAt);
    // DMARC_FAIL, not NO_TRUSTED_AUTH_RESULTS: the agency's authservIds were trusted alongside the deployment's.
    expect((rec.originReasons as { code: string }[]).map((r) => r.code)).toEqual(['DMARC_FAIL']);
    expect(await ctx.models.Outgoing.countDocuments({ requestMessageKey: rec._id })).toBe(0);
  });

  it('a request authenticated by the trusted server, envelope aligned, is dispatched as before', async () => {
    const clerk = freshMailbox('stttt.longan.test');
    const recipient = freshMailbox('sotc.longan.test');
    const messageId = await sendRequest({
      from: clerk.address,
      mailFrom: clerk.address,
      recipient: recipient.address,
      tag: 'proper',
      // A forged field lower down changes nothing either way; the topmost trusted one counts.
      authResults: [`${MX}; spf=pass smtp.mailfrom=${clerk.address}; dkim=pass header.d=stttt.longan.test`, `${MX}; dmarc=fail`],
    });
    const rec = await requestRecord(clerk.address, (r) => !!r.repliedAt);
    expect(rec.outcome).toBe('dispatched');
    expect(rec.originEvidence).toBe(`spf=pass smtp.mailfrom=${clerk.address} (${MX})`);
    expect(rec.noticedAt ?? null).toBeNull();
    const docs = await ctx.models.Outgoing.find({ requestMessageKey: rec._id }).lean();
    expect(docs).toHaveLength(1);
    expect(docs[0]!.recipients).toEqual([recipient.address]);

    const copies = await waitInbox(recipient, 1, 'the document at the recipient');
    expect(copies).toHaveLength(1);
    const [reply] = await waitInbox(clerk, 1, 'the reply to the clerk');
    expect(reply!.headers).toMatch(/^Auto-Submitted: auto-replied/im);
    expect(reply!.inReplyTo).toBe(messageId);
    expect(reply!.text).toContain(`Số đi đã đăng ký: ${docs[0]!.codeRaw}`);
    expect((await ctx.audit.list({ target: `outgoing/${docs[0]!._id}` })).items).toEqual([expect.objectContaining({ action: 'outgoing.send', actor: clerk.address, via: 'email' })]);
  });
});
