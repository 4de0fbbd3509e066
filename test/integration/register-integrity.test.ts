// What keeps the register trustworthy beyond the happy path: a run that stopped between numbering
// and acknowledging still acknowledges; one message with an impossible arrival does not stop the
// agency; the same message twice takes one number; the same document again is flagged with a link
// to the first (also against paper entries); a clerk's edits are checked, kept and reach the book;
// a secret document is quarantined with a 02 to its sender and a mail to the administrators.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cfg, freshDb, freshMailbox, inInbox, smtp, waitFor, setAgency, seededContext, closeContext } from '../helpers/env.js';
import { documentMail, secretDocumentLines, vietnamesePdf } from '../helpers/messages.js';
import type { AppContext } from '../../src/runtime/context.js';
import { addMailbox } from '../../src/ingest/mailboxes.js';
import { startWorkers } from '../../src/runtime/run.js';
import { ackJobId } from '../../src/ingest/jobs.js';
import { registerAgency } from '../../src/register/registrar.js';
import { addPaperEntry } from '../../src/register/paper.js';
import { editEntry } from '../../src/register/edit.js';
import { HandlingStore } from '../../src/workflow/handling.js';
import { INCOMING_COLUMNS, incomingRow } from '../../src/register/book.js';
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { buildApi } from '../../src/api/server.js';
import { cliPrincipal } from '../../src/access/roles.js';
import { UserService } from '../../src/access/users.js';
import { TokenService } from '../../src/access/tokens.js';
import { readyMessage } from '../helpers/ready-message.js';
import { classifyMessage, classifyMessageSync } from '../../src/mail/classify/index.js';
import { analyseDocument } from '../../src/register/analyse.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;

/** A clerk of the agency (added as an administrator would) and their API token. */
async function clerkToken(agencyCode: string, name?: string): Promise<string> {
  const admin = cliPrincipal('cli:test');
  const login = `clerk-${agencyCode.toLowerCase()}`;
  if (!(await ctx.models.User.exists({ _id: login }))) await new UserService({ User: ctx.models.User, agencies: ctx.agencies, audit: ctx.audit }).add(admin, { login, role: 'clerk', agencyCode, name });
  return (await new TokenService({ ApiToken: ctx.models.ApiToken, User: ctx.models.User, audit: ctx.audit }).create(admin, login)).token;
}

beforeAll(async () => {
  ({ db, ctx } = await seededContext());
});

afterAll(async () => {
  await closeContext(db, ctx, [ctx.queues.ingest, ctx.queues.register, ctx.queues.ack]);
});

/** A message analysed and ready to number (what ingest leaves for the registrar). */
function ready(agencyCode: string, seq: number, o: { arrival?: Date; messageId?: string; code?: [string, string]; organ?: string; answer?: boolean } = {}) {
  const arrival = o.arrival ?? new Date(Date.UTC(2026, 10, 25, 2, 0, seq));
  return readyMessage({ agencyCode, mailboxId: `mb-${agencyCode}`, seq, arrival, messageId: o.messageId ?? `${agencyCode}.${seq}@test`, code: o.code ?? [String(seq), 'UBND-VX'], organ: o.organ ?? 'ỦY BAN NHÂN DÂN TỈNH LONG AN', mayAutoAnswer: o.answer });
}

describe('registration integrity', () => {
  it('a run that stopped after numbering but before acknowledging still acknowledges, without a second number', async () => {
    const A = 'T-ACK';
    await ctx.models.Message.create(ready(A, 1, { answer: true }) as never);
    await registerAgency(ctx, A);
    const entry = (await ctx.models.Incoming.findOne({ agencyCode: A }).lean())!;
    expect(entry.arrivalNumber).toBe(1);
    const jobId = ackJobId(`registered:${entry._id}`);
    expect(await ctx.queues.ack.getJob(jobId)).toBeTruthy();
    // The stop: the entry exists, but its acknowledgement was never queued and the message is open.
    await (await ctx.queues.ack.getJob(jobId))!.remove();
    await ctx.models.Message.updateOne({ _id: entry.messageKey }, { $set: { state: 'ready' } });
    await registerAgency(ctx, A);
    expect(await ctx.queues.ack.getJob(jobId)).toBeTruthy();
    expect(await ctx.models.Incoming.countDocuments({ agencyCode: A })).toBe(1);
    expect((await ctx.models.Message.findById(entry.messageKey).lean())!.state).toBe('registered');
  });

  it('a message whose arrival the calendar cannot place is closed as failed; the next ones are numbered', async () => {
    const A = 'T-RANGE';
    await ctx.models.Message.insertMany([ready(A, 1), ready(A, 2, { arrival: new Date('1975-04-30T11:30:00+07:00') }), ready(A, 3)] as never[]);
    await registerAgency(ctx, A);
    const bad = (await ctx.models.Message.findOne({ agencyCode: A, seq: 2 }).lean())!;
    expect(bad.state).toBe('failed');
    expect(bad.error).toMatch(/cannot register: .*1975/);
    const entries = await ctx.models.Incoming.find({ agencyCode: A }).sort({ arrivalNumber: 1 }).lean();
    expect(entries.map((e) => [e.arrivalNumber, e.messageKey!.slice(-1)])).toEqual([[1, '1'], [2, '3']]);
  });

  it('the same message twice (same Message-ID) takes one number; the second copy is marked a duplicate', async () => {
    const A = 'T-MID';
    await ctx.models.Message.insertMany([ready(A, 1, { messageId: 'same@test' }), ready(A, 2, { messageId: '<SAME@test>' })] as never[]);
    await registerAgency(ctx, A);
    expect(await ctx.models.Incoming.countDocuments({ agencyCode: A })).toBe(1);
    const second = (await ctx.models.Message.findOne({ agencyCode: A, seq: 2 }).lean())!;
    expect(second.stages.map((s) => s.stage)).toContain('duplicate');
  });

  it('the same document in another message, or entered from paper, is numbered and flagged with a link to the first', async () => {
    const A = 'T-DUP';
    await ctx.models.Message.insertMany([ready(A, 1, { code: ['05', 'QĐ-UBND'] }), ready(A, 2, { code: ['5', 'qd-ubnd'], organ: 'Ủy ban nhân dân tỉnh Long An' }), ready(A, 3, { code: ['5', 'QĐ-UBND'], organ: 'SỞ TÀI CHÍNH' })] as never[]);
    await setAgency(ctx, A, { name: 'Cơ quan thử', address: 'vanthu-dup@ubnd.longan.test' });
    await registerAgency(ctx, A);
    const paper = await addPaperEntry(ctx, { agencyCode: A, arrival: new Date('2026-11-26T09:00:00+07:00'), metadata: { codeNumber: '05', codeNotation: 'QĐ-UBND', organName: null } });
    const byNumber = new Map((await ctx.models.Incoming.find({ agencyCode: A }).lean()).map((e) => [e.arrivalNumber, e]));
    const first = byNumber.get(1)!;
    expect(first.duplicateOf).toBeUndefined();
    expect(byNumber.get(2)).toMatchObject({ duplicateOf: first._id, duplicateOfNumber: '1/2026' });
    expect(byNumber.get(3)!.duplicateOf).toBeUndefined(); // another organ's number 5
    expect(byNumber.get(paper.arrivalNumber)).toMatchObject({ duplicateOf: first._id });
    expect(incomingRow(byNumber.get(2) as never)[9]).toContain('Có thể trùng văn bản đã vào sổ (số đến 1/2026)');
  });

  it('a clerk’s edit is checked, kept beside what extraction found, and reaches the book and the API', async () => {
    const A = 'T-DUP';
    await expect(editEntry(ctx, A, 2026, 3, 'issuedDate', '2026-02-30')).rejects.toThrow('"2026-02-30" is not a date (2026-02 has 28 days)');
    await expect(editEntry(ctx, A, 2026, 3, 'pageCount', 'ba')).rejects.toThrow(/not a page count/);
    await expect(editEntry(ctx, A, 2026, 3, 'secrecy', 'Mật')).rejects.toThrow(/secret register/);
    await editEntry(ctx, A, 2026, 3, 'codeNumber', '7', 'chi Lan');
    await editEntry(ctx, A, 2026, 3, 'fileCode', '02.VP', 'chi Lan');
    const e = (await ctx.models.Incoming.findOne({ agencyCode: A, arrivalNumber: 3 }).lean())!;
    expect(e.metadata).toMatchObject({ codeNumber: '7', codeRaw: '7/QĐ-UBND' });
    expect(e.fieldSources).toMatchObject({ codeNumber: 'clerk', fileCode: 'clerk' });
    expect(e.edits.map((x) => [x.field, x.from, x.to, x.by])).toEqual([['codeNumber', '5', '7', 'chi Lan'], ['fileCode', null, '02.VP', 'chi Lan']]);
    expect(incomingRow(e as never)[3]).toBe('7/QĐ-UBND');

    const api = await buildApi(ctx);
    const auth = { authorization: `Bearer ${await clerkToken(A)}`, host: 'localhost' };
    try {
      const bad = await api.inject({ method: 'PATCH', url: `/api/v1/incoming/${A}/2026/3`, headers: auth, payload: { field: 'deadline', value: 'tomorrow' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatch(/deadline: "tomorrow" is not a date/);
      const ok = await api.inject({ method: 'PATCH', url: `/api/v1/incoming/${A}/2026/3`, headers: auth, payload: { field: 'deadline', value: '2026-12-05' } });
      expect(ok.statusCode).toBe(200);
      const rec = await api.inject({ method: 'GET', url: `/api/v1/incoming/${A}/2026/3`, headers: auth });
      const fields = Object.fromEntries((rec.json().record.fields as { key: string; value: string | null; source: string | null }[]).map((f) => [f.key, f]));
      expect(fields.deadline).toMatchObject({ value: '2026-12-05', source: 'clerk' });
      expect(fields.fileCode).toMatchObject({ value: '02.VP', source: 'clerk' });
      expect(rec.json().edits.at(-1)).toMatchObject({ field: 'deadline', by: `clerk-${A.toLowerCase()}` });
      expect((await api.inject({ method: 'GET', url: `/api/v1/incoming/${A}/2026/99`, headers: auth })).statusCode).toBe(404);
    } finally {
      await api.close();
    }
  });

  it('a clerk’s edits and the handling’s columns written at the same moment are all kept (FerretDB writes a document whole: the entry lock)', async () => {
    const A = 'T-DUP';
    const e = (await ctx.models.Incoming.findOne({ agencyCode: A, arrivalNumber: 3 }).lean())!;
    const editsBefore = e.edits?.length ?? 0;
    const store = new HandlingStore({ models: ctx.models, redis: ctx.redis, prefix: ctx.prefix });
    const units = ['P1', 'P2', 'P3', 'P4'];
    const names = units.map((code) => ({ code, name: `Phòng ${code}` }));
    await store.record(e._id, [{ event: 'instructed', at: new Date(), by: 'gd@x.test', detail: { kind: 'assign', units: units.map((code, i) => ({ code, role: i ? 'support' : 'lead' })), deadline: null, text: 'Giao các phòng', names, via: 'test' } }], { agencyCode: A, year: 2026, arrivalNumber: 3 });
    await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => editEntry(ctx, A, 2026, 3, 'note', `ghi chú ${i}`, 'chi Lan')),
      ...units.map((code) => store.record(e._id, [{ event: 'received', at: new Date(), by: `${code} ký`, detail: { code, via: 'test' } }])),
    ]);
    const after = (await ctx.models.Incoming.findById(e._id).lean())!;
    expect(after.edits.length - editsBefore).toBe(8);
    expect(after.edits.slice(editsBefore).map((x) => x.to).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `ghi chú ${i}`).sort());
    expect(after.note).toBe(after.edits.at(-1)!.to);
    for (const code of units) expect(after.signedFor).toContain(`Phòng ${code}`);
    expect(after.recipientUnit).toContain('Phòng P1 (chủ trì)');
  });

  it('a secret document is quarantined, never numbered; its sender gets a 02 and the administrators a mail', async () => {
    const A = '000.00.15.H41';
    const sender = freshMailbox(cfg.stack.mailDomains[0]);
    const receiver = freshMailbox(cfg.stack.mailDomains[1]);
    const admin = freshMailbox(cfg.stack.mailDomains[1]);
    await setAgency(ctx, A, { alertTo: [admin.address] });
    const agency = (await ctx.agencies.get(A))!;
    await addMailbox(ctx.models, ctx.secrets, {
      id: 'stttt-secret', agencyCode: A, agencyName: agency.name, address: receiver.address,
      host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: receiver.address, password: receiver.password,
    });
    const running = await startWorkers(ctx, ['poll', 'ingest', 'register', 'ack']);
    try {
      await waitFor('watching', () => ctx.models.Checkpoint.findById('stttt-secret/INBOX').lean());
      const pdf = await vietnamesePdf(secretDocumentLines());
      const raw = await documentMail({ from: sender.address, to: receiver.address, messageId: '<secret-1@sonv.longan.test>', subject: 'Công văn số 15/SNV-CCVC', pdf, filename: '15-SNV-CCVC.pdf' });
      await smtp().sendMail({ envelope: { from: sender.address, to: [receiver.address] }, raw });

      const q = await waitFor('alerted', async () => (await ctx.models.Quarantine.findOne({ agencyCode: A, alertedAt: { $exists: true } }).lean()) ?? null, 30_000);
      expect(q.metadata).toMatchObject({ secrecy: 'Mật', codeNumber: '15' });
      expect(await ctx.models.Incoming.countDocuments({ agencyCode: A, mailboxId: 'stttt-secret' })).toBe(0);

      const findIn = (mb: typeof sender, re: RegExp) =>
        inInbox(mb, async (c) => {
          for await (const m of c.fetch('1:*', { source: true })) if (m.source && re.test(m.source.toString('latin1'))) return m.source;
          return null;
        });
      const ack = await waitFor('02 in the sender INBOX', () => findIn(sender, /^x-vanthu-ack:/im), 30_000);
      const parsed = await classifyMessage(ack);
      expect(parsed.kind).toBe('acknowledgement');
      if (parsed.kind === 'acknowledgement') {
        expect(parsed.status?.statusCode).toBe('02');
        expect(parsed.status?.arrivalNumber ?? null).toBeNull();
        expect(parsed.status?.description).toMatch(/độ mật "Mật"/);
      }
      const alert = await waitFor('alert in the admin INBOX', () => findIn(admin, /^Auto-Submitted: auto-generated/im), 30_000);
      const alertText = (await (await import('mailparser')).simpleParser(alert)).text ?? '';
      expect(alertText).toContain('đã giữ lại một văn bản đến');
      expect(alertText).toContain('15/SNV-CCVC');
      // The document itself never travels to the administrators.
      expect(alert.toString('latin1')).not.toMatch(/application\/pdf/i);
    } finally {
      await Promise.all(running.map((r) => r.stop()));
    }
  }, 90_000);

  it('a scan without text is registered with a note for the clerk; a policy that holds such scans lets a clerk release them', async () => {
    const A = '000.00.07.H41';
    const scan = await (async () => {
      const { PDFDocument, rgb } = await import('pdf-lib');
      const doc = await PDFDocument.create();
      doc.addPage([595, 842]).drawRectangle({ x: 50, y: 600, width: 400, height: 150, color: rgb(0.2, 0.2, 0.2) });
      return Buffer.from(await doc.save());
    })();
    const arrive = async (key: string, seq: number) => {
      const raw = await documentMail({ from: 'vanthu@ubnd.longan.test', to: 'vanthu@sotc.longan.test', messageId: `<${key}@ubnd.longan.test>`, subject: 'Văn bản scan', text: 'Gửi kèm bản scan.', pdf: scan, filename: 'scan.pdf' });
      await ctx.models.Message.create({ _id: key, mailboxId: 'mb-scan', agencyCode: A, folder: 'INBOX', uidValidity: '1', uid: seq, seq, sha256: key, size: raw.length, internalDate: new Date('2026-11-25T09:00:00+07:00'), state: 'classified', stages: [] });
      const c = classifyMessageSync(raw, { ourAddresses: [] });
      return analyseDocument(ctx, key, raw, c);
    };
    expect(await arrive('scan-1', 1)).toBe('ready');
    await registerAgency(ctx, A);
    const registered = (await ctx.models.Incoming.findOne({ messageKey: 'scan-1' }).lean())!;
    expect(registered.note).toMatch(/^Chưa kiểm tra được độ mật: không đọc được nội dung văn bản \(NO_TEXT_LAYER\)/);
    expect(incomingRow(registered as never)[9]).toContain('Chưa kiểm tra được độ mật');

    const dir = mkdtempSync(join(tmpdir(), 'vanthu-policy-'));
    const policy = JSON.parse(readFileSync('config/policy.json', 'utf8'));
    policy.unreadable.action = 'quarantine';
    writeFileSync(join(dir, 'policy.json'), JSON.stringify(policy));
    process.env.VANTHU_POLICY_FILE = join(dir, 'policy.json');
    const api = await buildApi(ctx);
    const auth = { authorization: `Bearer ${await clerkToken(A, 'chị Lan')}`, host: 'localhost' };
    try {
      expect(await arrive('scan-2', 2)).toBe('quarantined');
      expect(await ctx.models.Quarantine.findById('scan-2').lean()).toMatchObject({ kind: 'unreadable', reasonVi: expect.stringContaining('NO_TEXT_LAYER') });
      expect(await ctx.models.Incoming.countDocuments({ messageKey: 'scan-2' })).toBe(0);
      // Not refused: the sender hears 01 (arrived, being checked), and 03 once it is numbered.
      expect(await ctx.queues.ack.getJob(ackJobId('received:scan-2'))).toBeTruthy();
      expect(await ctx.queues.ack.getJob(ackJobId('refusal:scan-2'))).toBeFalsy();
      const secret = (await ctx.models.Quarantine.findOne({ kind: 'secret' }).lean())!;
      // Another agency's hold is not this clerk's to touch (403); its own clerk is told why not (409).
      expect((await api.inject({ method: 'POST', url: `/api/v1/quarantine/${encodeURIComponent(secret._id)}/release`, headers: auth, payload: {} })).statusCode).toBe(403);
      const ownClerk = { authorization: `Bearer ${await clerkToken(secret.agencyCode)}`, host: 'localhost' };
      const refused = await api.inject({ method: 'POST', url: `/api/v1/quarantine/${encodeURIComponent(secret._id)}/release`, headers: ownClerk, payload: {} });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatch(/secret document is not released/);
      const released = await api.inject({ method: 'POST', url: '/api/v1/quarantine/scan-2/release', headers: auth, payload: { remark: 'bản scan công văn 20/UBND, không mật' } });
      expect(released.statusCode).toBe(200);
      await registerAgency(ctx, A);
      const entry = (await ctx.models.Incoming.findOne({ messageKey: 'scan-2' }).lean())!;
      expect(entry.arrivalNumber).toBe(registered.arrivalNumber + 1);
      expect(entry.note).toBe('Văn thư chị Lan đã kiểm tra văn bản (không đọc được tự động): bản scan công văn 20/UBND, không mật');
      expect((await api.inject({ method: 'POST', url: '/api/v1/quarantine/scan-2/release', headers: auth, payload: {} })).statusCode).toBe(409);
      const audit = (await ctx.audit.list({ target: 'quarantine/scan-2', limit: 5 })).items;
      expect(audit).toEqual([expect.objectContaining({ action: 'quarantine.release', actor: `clerk-${A.toLowerCase()}`, agencyCode: A })]);
    } finally {
      delete process.env.VANTHU_POLICY_FILE;
      rmSync(dir, { recursive: true, force: true });
      await api.close();
    }
  });

  it('a damaged attachment beside a body that reads "Số: …" leaves secrecy unknown: the unreadable rule applies, and the record says "chưa xác định"', async () => {
    const A = '000.00.07.H41';
    const corrupt = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n'), Buffer.alloc(4096, 0x41)]);
    const text = 'UBND TỈNH LONG AN\nSỞ TÀI CHÍNH\nSố: 318/STC-NS\nV/v dự toán kinh phí năm 2027\nKính gửi: Sở Thông tin và Truyền thông.';
    const arrive = async (key: string, seq: number) => {
      const raw = await documentMail({ from: 'vanthu@ubnd.longan.test', to: 'vanthu@sotc.longan.test', messageId: `<${key}@ubnd.longan.test>`, subject: 'Công văn 318/STC-NS', text, pdf: corrupt, filename: 'cv-318.pdf' });
      await ctx.models.Message.create({ _id: key, mailboxId: 'mb-damaged', agencyCode: A, folder: 'INBOX', uidValidity: '1', uid: seq, seq, sha256: key, size: raw.length, internalDate: new Date('2026-11-25T09:00:00+07:00'), state: 'classified', stages: [] });
      return analyseDocument(ctx, key, raw, classifyMessageSync(raw, { ourAddresses: [] }));
    };
    expect(await arrive('damaged-1', 1)).toBe('ready');
    const a = (await ctx.models.Message.findById('damaged-1').lean())!.analysis as unknown as { extractError: unknown; secrecyUnchecked: { filename: string }; metadata: { codeNumber: string; secrecy: null }; decision: { noteVi?: string } };
    // The body gave the fields; the file was not read, so its stamp was not checked.
    expect(a.extractError).toBeNull();
    expect(a.metadata).toMatchObject({ codeNumber: '318', secrecy: null });
    expect(a.secrecyUnchecked.filename).toBe('cv-318.pdf');
    expect(a.decision.noteVi).toMatch(/^Chưa kiểm tra được độ mật/);
    await registerAgency(ctx, A);
    const entry = (await ctx.models.Incoming.findOne({ messageKey: 'damaged-1' }).lean())!;
    expect(entry).toMatchObject({ unreadable: true, note: expect.stringMatching(/^Chưa kiểm tra được độ mật/) });
    const api = await buildApi(ctx);
    try {
      const auth = { authorization: `Bearer ${await clerkToken(A)}`, host: 'localhost' };
      const res = await api.inject({ method: 'GET', url: `/api/v1/incoming/${A}/${entry.year}/${entry.arrivalNumber}`, headers: auth });
      expect(res.statusCode).toBe(200);
      const fields = (res.json() as { record: { fields: { key: string; value: string | null }[] } }).record.fields;
      expect(fields.find((f) => f.key === 'secrecy')?.value).toBe('chưa xác định');
    } finally {
      await api.close();
    }
    // An agency that holds unreadable documents holds this one too (not as a secret one).
    await setAgency(ctx, A, { unreadable: 'quarantine' });
    try {
      expect(await arrive('damaged-2', 2)).toBe('quarantined');
      expect(await ctx.models.Quarantine.findById('damaged-2').lean()).toMatchObject({ kind: 'unreadable' });
    } finally {
      await ctx.models.Agency.updateOne({ _id: A }, { $unset: { unreadable: 1 } });
      ctx.agencies.invalidate();
    }
  });

  it('the configured extraction limits apply in ingest: a document over them is read as nothing, with the reason, and noted', async () => {
    const A = '000.00.07.H41';
    ctx.cfg.extract = { maxBytes: 2_000 };
    try {
      const raw = await documentMail({ from: 'vanthu@ubnd.longan.test', to: 'vanthu@sotc.longan.test', messageId: '<big-1@ubnd.longan.test>', pdf: await vietnamesePdf(secretDocumentLines()), filename: 'lon.pdf' });
      await ctx.models.Message.create({ _id: 'big-1', mailboxId: 'mb-big', agencyCode: A, folder: 'INBOX', uidValidity: '1', uid: 1, seq: 1, sha256: 'big-1', size: raw.length, internalDate: new Date('2026-11-25T09:00:00+07:00'), state: 'classified', stages: [] });
      expect(await analyseDocument(ctx, 'big-1', raw, classifyMessageSync(raw, { ourAddresses: [] }))).toBe('ready');
      const a = (await ctx.models.Message.findById('big-1').lean())!.analysis as unknown as { extractError: { code: string } | null; metadata: { secrecy: string | null }; decision: { noteVi?: string } };
      expect(a.extractError?.code).toBe('TOO_LARGE');
      expect(a.metadata.secrecy).toBeNull();
      expect(a.decision.noteVi).toContain('TOO_LARGE');
    } finally {
      delete ctx.cfg.extract;
    }
  });

  it('the CLI: a paper entry (a bad date refused with exit 2), its record, and the xlsx book read back with the Decree 30 columns', async () => {
    const A = '000.00.00.H41';
    const env = { ...process.env, MONGODB_URI: db.uri, VANTHU_TEST_PREFIX: ctx.prefix };
    const cli = (...args: string[]) => spawnSync('node', ['bin/vanthu.mjs', ...args], { encoding: 'utf8', env });
    const bad = cli('register', 'add', '--agency', A, '--arrival', '2026-11-25T08:00:00+07:00', '--code', '3/STC-NS', '--date', '2026-11-31');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe('vanthu: issuedDate: "2026-11-31" is not a date (2026-11 has 30 days)');
    expect(cli('register', 'add', '--agency', A, '--arrival', '25/11/2026 08:00').status).toBe(2);
    const added = cli('register', 'add', '--agency', A, '--arrival', '2026-11-25T18:30:00+07:00', '--organ', 'SỞ TÀI CHÍNH', '--code', '3/STC-NS', '--date', '2026-11-24', '--type', 'Công văn', '--subject', 'V/v dự toán', '--json');
    expect(added.status, added.stderr).toBe(0);
    const r = JSON.parse(added.stdout) as { arrivalNumber: number; year: number; receiptTime: string };
    expect(r).toMatchObject({ arrivalNumber: 1, year: 2026, receiptTime: '2026-11-26T00:00:00.000Z' });
    const shown = JSON.parse(cli('register', 'show', '2026', '1', '--agency', A, '--json').stdout) as { fields: { key: string; value: string | null }[] };
    expect(shown.fields.find((f) => f.key === 'code')?.value).toBe('3/STC-NS');
    expect(shown.fields.find((f) => f.key === 'receiptTime')?.value).toMatch(/^2026-11-26T07:00:00\+07:00/);
    const dir = mkdtempSync(join(tmpdir(), 'vanthu-book-'));
    try {
      const file = join(dir, 'so-den.xlsx');
      const out = cli('register', 'export', '--year', '2026', '--agency', A, '--format', 'xlsx', '--out', file);
      expect(out.status, out.stderr).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const rows = wb.worksheets[0]!.getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1).map((c) => (c === undefined || c === null ? '' : String(c))));
      const header = rows.findIndex((row) => row[0] === 'Ngày đến');
      expect(rows[header]).toEqual([...INCOMING_COLUMNS]);
      expect(rows[header + 1]!.slice(0, 6)).toEqual(['26/11/2026', '1', 'SỞ TÀI CHÍNH', '3/STC-NS', '24/11/2026', 'Công văn V/v dự toán']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
