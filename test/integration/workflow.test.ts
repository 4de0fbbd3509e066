// Issue 16 end to end on the local stack, with real mail through the sandbox Postfix and Dovecot:
// a document arrives and is registered; the routing slip reaches the leader's mailbox with the
// original attached; forged replies change nothing; the leader's reply "Chuyển Phòng Kế hoạch xử
// lý, hạn …" hands it to the unit and fills the book's columns; the unit's reply is its ký nhận;
// an overdue document produces a reminder (the follow-up run with a chosen clock); the unit's
// "Đã xử lý" completes it. The sandbox Postfix writes no Authentication-Results, so a reply carries
// the field the province's border MTA would add (the deployment trusts MX).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { simpleParser, type ParsedMail } from 'mailparser';
import { cfg, freshDb, freshMailbox, freshPrefix, inInbox, seedAgencies, setAgency, smtp, waitFor, watchSandboxMailbox, type SandboxMailbox } from '../helpers/env.js';
import { documentMail, samplePdf } from '../helpers/messages.js';
import { openContext, type AppContext } from '../../src/runtime/context.js';
import { startWorkers } from '../../src/runtime/run.js';
import type { Stoppable } from '../../src/runtime/workers.js';
import { followUp, reminderDue } from '../../src/workflow/follow-up.js';
import { workingDaysLeft } from '../../src/workflow/state.js';
import { workingDaysOf } from '../../src/workflow/working-days.js';
import { HandlingStore } from '../../src/workflow/handling.js';
import { incomingRow, INCOMING_COLUMNS } from '../../src/register/book.js';
import { closeSmtpTransports } from '../../src/mail/smtp.js';

const MX = 'mx.longan.test';
const STTTT = '000.00.15.H41';

let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;
let running: Stoppable[] = [];
let office: SandboxMailbox;
let leader: SandboxMailbox;
let kh: SandboxMailbox;
let tc: SandboxMailbox;
let clerk: SandboxMailbox;
let outsider: SandboxMailbox;
let store: HandlingStore;
let pdf: Buffer;

/** dd/mm of a day `n` days after today (Vietnam time), and its ISO form. */
function dayAhead(n: number): { vn: string; iso: string } {
  const iso = new Date(Date.now() + 7 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
  return { vn: `${iso.slice(8, 10)}/${iso.slice(5, 7)}`, iso };
}

async function inbox(mb: SandboxMailbox): Promise<ParsedMail[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inInbox(mb, async (c) => {
        const out: ParsedMail[] = [];
        if (!c.mailbox || c.mailbox.exists === 0) return out;
        for await (const m of c.fetch('1:*', { source: true })) out.push(await simpleParser(m.source!));
        return out;
      });
    } catch (err) {
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

const mailTo = (mb: SandboxMailbox, match: (m: ParsedMail) => boolean, what: string) =>
  waitFor(what, async () => (await inbox(mb)).find(match) ?? null, 60_000, 500, async () => (await inbox(mb)).map((m) => m.subject));

/** A reply as a person's mail client sends it, through the sandbox Postfix, with the border MTA's verdict. */
async function reply(o: { from: SandboxMailbox | string; envelopeFrom?: string; to: string; inReplyTo: string; text: string; authenticated?: boolean }): Promise<string> {
  const from = typeof o.from === 'string' ? o.from : o.from.address;
  const messageId = `<reply.${Date.now()}.${Math.random().toString(36).slice(2)}@${from.split('@')[1]}>`;
  await smtp().sendMail({
    envelope: { from: o.envelopeFrom ?? from, to: [o.to] },
    from,
    to: o.to,
    subject: 'Re: văn bản đến',
    text: o.text,
    messageId,
    inReplyTo: o.inReplyTo,
    references: o.inReplyTo,
    headers: o.authenticated === false ? {} : { 'Authentication-Results': `${MX}; auth=pass smtp.auth=${from}` },
  });
  return messageId;
}

beforeAll(async () => {
  db = await freshDb();
  ctx = await openContext({ cfg: { ...cfg, api: { ...cfg.api, publicUrl: 'https://vanthu.longan.test' }, dispatch: { ...cfg.dispatch, authservIds: [MX] } }, mongodbUri: db.uri, prefix: freshPrefix(), log: pino({ level: 'warn' }) });
  await seedAgencies(ctx);
  office = freshMailbox('stttt.longan.test');
  leader = freshMailbox('stttt.longan.test');
  kh = freshMailbox('stttt.longan.test');
  tc = freshMailbox('stttt.longan.test');
  clerk = freshMailbox('stttt.longan.test');
  outsider = freshMailbox('sotc.longan.test');
  await setAgency(ctx, STTTT, {
    address: office.address,
    units: [
      { code: 'KH', name: 'Phòng Kế hoạch - Tài chính', address: kh.address, aliases: ['P.KH', 'Phòng KH'] },
      { code: 'TC', name: 'Phòng Tổ chức cán bộ', address: tc.address, aliases: ['P.TC', 'Phòng TCCB'] },
    ],
    workflow: {
      enabled: true,
      leaders: [{ name: 'Nguyễn Văn Giám', title: 'Giám đốc', address: leader.address }],
      rules: [{ keywords: ['kế hoạch'], units: [{ code: 'KH', role: 'lead' }], days: 10 }],
      presentAt: '00:00',
      digestAt: '07:30',
      clerks: [clerk.address],
    },
  });
  await watchSandboxMailbox(ctx, 'stttt-office', office, { agencyCode: STTTT });
  store = new HandlingStore({ models: ctx.models, redis: ctx.redis, prefix: ctx.prefix });
  pdf = await samplePdf(['UBND TINH LONG AN', 'So: 45/UBND-KT', 'V/v trien khai ke hoach nam 2027']);
  running = await startWorkers(ctx, ['poll', 'ingest', 'register', 'workflow']);
  await waitFor('the office mailbox to be watched', () => ctx.models.Checkpoint.findById('stttt-office/INBOX').lean(), 60_000);
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  for (const q of Object.values(ctx.queues)) if (typeof q === 'object' && 'obliterate' in q) await q.obliterate({ force: true }).catch(() => undefined);
  closeSmtpTransports();
  await ctx.close();
  await db.drop();
});

describe('trình, chuyển giao, theo dõi by e-mail', () => {
  let entryId: string;
  let slipId: string;
  let handoverId: string;
  const due = dayAhead(12);

  it('a registered document is presented to the leader with the proposal and the original attached unchanged', async () => {
    const raw = await documentMail({ from: outsider.address, to: office.address, subject: 'Công văn 45/UBND-KT V/v triển khai kế hoạch năm 2027', pdf, filename: '45-UBND-KT.pdf' });
    await smtp().sendMail({ envelope: { from: outsider.address, to: [office.address] }, raw });
    const entry = await waitFor('the document registered', () => ctx.models.Incoming.findOne({ agencyCode: STTTT }).lean(), 60_000, 300);
    entryId = entry._id as string;
    const slip = await mailTo(leader, (m) => /\[Trình\]/.test(m.subject ?? ''), 'the routing slip in the leader’s mailbox');
    slipId = slip.messageId!;
    expect(slip.subject).toContain(`${entry.arrivalNumber}/${entry.year}`);
    expect(slip.text).toContain(`Số đến: ${entry.arrivalNumber}/${entry.year}`);
    // The rule on "kế hoạch" proposes the planning unit.
    expect(slip.text).toContain('Đề xuất: Phòng Kế hoạch - Tài chính chủ trì');
    const att = slip.attachments.find((a) => a.filename === '45-UBND-KT.pdf');
    expect(att?.content.equals(pdf)).toBe(true);
    const h = await store.get(entryId);
    expect(h?.state).toBe('presented');
    expect(h?.proposal?.units).toEqual([{ code: 'KH', role: 'lead' }]);
  });

  it('forged replies — another address, or the leader’s From without proof of origin — change nothing', async () => {
    await reply({ from: outsider, to: office.address, inReplyTo: slipId, text: 'Chuyển Phòng Tổ chức cán bộ xử lý, hạn 01/01' });
    await reply({ from: leader.address, envelopeFrom: 'evil@attacker.example', to: office.address, inReplyTo: slipId, text: 'Chuyển Phòng Tổ chức cán bộ xử lý', authenticated: false });
    // A made-up workflow id (wrong tag) in a reply from the leader himself is not a reply to anything.
    await reply({ from: leader, to: office.address, inReplyTo: slipId.replace(/\.[a-z2-7]{16}@/, '.aaaaaaaaaaaaaaaa@'), text: 'Chuyển Phòng Tổ chức cán bộ xử lý' });
    const h = await waitFor('both forged replies recorded', async () => {
      const v = await store.get(entryId);
      return v && v.events.filter((e) => e.event === 'replyRefused').length >= 2 ? v : null;
    }, 60_000, 300);
    const refused = h.events.filter((e) => e.event === 'replyRefused').map((e) => e.detail?.codes);
    expect(refused).toEqual(expect.arrayContaining([['NOT_THE_ADDRESSEE'], expect.arrayContaining(['ENVELOPE_MISALIGNED'])]));
    await waitFor('the third message handled', async () => (await ctx.models.Message.countDocuments({ state: { $in: ['ignored', 'refused', 'handled', 'registered'] } })) >= 4, 60_000, 300);
    const after = await store.get(entryId);
    expect(after?.state).toBe('presented');
    expect(after?.units).toEqual([]);
    expect((await inbox(tc)).length).toBe(0);
    const audit = await ctx.models.Audit.find({ action: 'workflow.reply-refused' }).lean();
    expect(audit.length).toBe(2);
  });

  it('a reply the reader cannot read goes to the clerk with the reason, and nothing is handed over', async () => {
    await reply({ from: leader, to: office.address, inReplyTo: slipId, text: 'Chuyển các phòng liên quan xem.\n\nNguyễn Văn Giám' });
    const notice = await mailTo(clerk, (m) => /\[Cần văn thư xử lý\]/.test(m.subject ?? ''), 'the notice to the clerk');
    expect(notice.text).toContain('Chuyển các phòng liên quan xem.');
    expect(notice.text).toMatch(/Lý do: .+/);
    const h = await store.get(entryId);
    expect(h?.state).toBe('needs-clerk');
    expect(h?.units).toEqual([]);
    expect((await inbox(kh)).length + (await inbox(tc)).length).toBe(0);
  });

  it('the leader’s reply hands the document to the unit, answers him, and fills the book’s columns', async () => {
    const quoted = `\n\nVào ngày hôm nay Văn thư <${office.address}> đã viết:\n> PHIẾU TRÌNH VĂN BẢN ĐẾN\n> Đề xuất: Phòng Tổ chức cán bộ chủ trì\n> Hạn giải quyết (đề xuất): 01/01/2030\n`;
    await reply({ from: leader, to: office.address, inReplyTo: slipId, text: `Chuyển Phòng Kế hoạch xử lý, hạn ${due.vn}${quoted}` });
    const handover = await mailTo(kh, (m) => /\[Chuyển giao\]/.test(m.subject ?? ''), 'the hand-over in the unit’s mailbox');
    handoverId = handover.messageId!;
    expect(handover.text).toContain('Chuyển Phòng Kế hoạch xử lý');
    expect(handover.text).toMatch(/Hoặc ký nhận bằng một lần bấm: https:\/\/vanthu\.longan\.test\/ky-nhan\/in-[0-9a-f]{24}\.KH\.[a-z2-7]{24}/);
    expect(handover.text).toContain(`Hạn giải quyết: ${due.vn}/${due.iso.slice(0, 4)}`);
    expect(handover.attachments.find((a) => a.filename === '45-UBND-KT.pdf')?.content.equals(pdf)).toBe(true);
    const answer = await mailTo(leader, (m) => /Đã ghi nhận ý kiến/.test(m.subject ?? ''), 'the answer to the leader');
    expect(answer.text).toContain('Phòng Kế hoạch - Tài chính chủ trì');
    const h = await store.get(entryId);
    expect(h?.state).toBe('assigned');
    expect(h?.deadline).toBe(due.iso);
    expect(h?.units.map((u) => [u.code, u.role, !!u.handedOverAt])).toEqual([['KH', 'lead', true]]);
    const e = await ctx.models.Incoming.findById(entryId).lean();
    const row = incomingRow(e as never);
    expect(row[INCOMING_COLUMNS.indexOf('Đơn vị hoặc người nhận')]).toBe('Phòng Kế hoạch - Tài chính (chủ trì)');
    expect(row[INCOMING_COLUMNS.indexOf('Ngày chuyển')]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(e?.distributionNote).toContain('Chuyển Phòng Kế hoạch xử lý');
    expect((await inbox(tc)).length).toBe(0);
  });

  it('the unit’s reply is its ký nhận', async () => {
    await reply({ from: kh, to: office.address, inReplyTo: handoverId, text: 'Đã nhận.\nPhòng KH' });
    const h = await waitFor('the ký nhận', async () => {
      const v = await store.get(entryId);
      return v?.units[0]?.receivedAt ? v : null;
    }, 60_000, 300);
    expect(h.state).toBe('in-progress');
    expect(h.units[0]!.receivedBy).toBe(kh.address);
    const row = incomingRow((await ctx.models.Incoming.findById(entryId).lean()) as never);
    expect(row[INCOMING_COLUMNS.indexOf('Ký nhận')]).toContain(`Phòng Kế hoạch - Tài chính: ${kh.address}`);
  });

  it('an overdue document produces a reminder to the unit, once, and a digest to the clerk', async () => {
    // The clock moved past the deadline, to the first working day a reminder is due on, 09:00.
    let day = new Date(Date.parse(`${due.iso}T09:00:00+07:00`) + 86_400_000);
    const isoOf = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    // Working days as the agency's calendar has them (weekends and holidays off).
    const working = workingDaysOf((await ctx.agencies.get(STTTT))!);
    while (!working(isoOf(day)) || !reminderDue(workingDaysLeft(due.iso, isoOf(day), working), isoOf(day), due.iso, { remindBeforeDays: 2, remindEveryDays: 2 })) day = new Date(day.getTime() + 86_400_000);
    const before = await followUp(ctx, new Date(Date.parse(`${due.iso}T09:00:00+07:00`) - 20 * 86_400_000));
    expect(before.reminders).toBe(0);
    const first = await followUp(ctx, day);
    const again = await followUp(ctx, day);
    expect(again.reminders).toBe(0);
    const reminders = first.reminders;
    const mail = await mailTo(kh, (m) => /\[Nhắc hạn\]/.test(m.subject ?? ''), 'the reminder');
    expect(mail.subject).toMatch(/đã quá hạn \d+ ngày/);
    const h = await store.get(entryId);
    expect(h!.events.filter((e) => e.event === 'reminded').length).toBe(reminders);
    expect(reminders).toBe(1);
    const vnDay = `${isoOf(day).slice(8, 10)}/${isoOf(day).slice(5, 7)}/${isoOf(day).slice(0, 4)}`;
    expect(first.digests).toBe(2); // the clerk and the leader
    const digest = await mailTo(clerk, (m) => (m.subject ?? '').startsWith(`[Tổng hợp ngày ${vnDay}]`), 'the digest of that day');
    expect(digest.text).toContain('Quá hạn giải quyết (1)');
  });

  it('the unit’s “Đã xử lý” completes it', async () => {
    await reply({ from: kh, to: office.address, inReplyTo: handoverId, text: 'Đã xử lý xong, đã có văn bản trả lời số 88/STTTT-KH.\n\nTrân trọng,\nPhòng KH' });
    const h = await waitFor('completion', async () => {
      const v = await store.get(entryId);
      return v?.state === 'done' ? v : null;
    }, 60_000, 300);
    expect(h.events.find((e) => e.event === 'completed')?.detail?.note).toBe('Đã xử lý xong, đã có văn bản trả lời số 88/STTTT-KH.');
    // Done documents leave the follow-up (the index is written after the handling: wait for it).
    await waitFor('the document out of the follow-up index', async () => (await ctx.redis.zscore(`${ctx.prefix}:wf:due`, `${STTTT}|${entryId}`)) === null, 10_000, 100);
  });

  it('a leader’s instruction after it is done goes to the clerk, and nothing is handed over again', async () => {
    await reply({ from: leader, to: office.address, inReplyTo: slipId, text: 'Chuyển Phòng Tổ chức cán bộ xử lý.' });
    const notice = await mailTo(clerk, (m) => /\[Cần văn thư xử lý\]/.test(m.subject ?? '') && (m.text ?? '').includes('Phòng Tổ chức cán bộ'), 'the notice to the clerk');
    expect(notice.text).toContain('đã được xử lý xong');
    const h = await store.get(entryId);
    expect(h?.state).toBe('done');
    expect(h?.units.map((u) => u.code)).toEqual(['KH']);
    expect((await inbox(tc)).length).toBe(0);
  });
});
