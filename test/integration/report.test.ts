// The six-monthly report (Decision 36 Art. 14.1e) through the service, from records of both
// halves and of two agencies: only this agency's half-year counts; the spreadsheet names the
// agency and the period; the clerk of another agency is refused; the CLI gives the same figures;
// the handling after registration (issue 16) is counted from the agency's own handlings.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/access/roles.js';
import { VanthuError } from '../../src/errors.js';
import { apiWorld, ADMIN, SOTC, STTTT, type ApiWorld } from '../helpers/api.js';

let w: ApiWorld;
const tmp = mkdtempSync(join(tmpdir(), 'vanthu-report-'));
const lan: Principal = { login: 'lan', role: 'clerk', agencyCode: STTTT, via: 'token' };
const hoa: Principal = { login: 'hoa', role: 'reader', agencyCode: STTTT, via: 'token' };
const minh: Principal = { login: 'minh', role: 'clerk', agencyCode: SOTC, via: 'token' };
const at = (s: string) => new Date(s);

/** An e-mail entry as the registrar writes it, with its own registration and acknowledgement times. */
function emailEntry(agencyCode: string, n: number, arrival: string, registeredMin: number, ackMin: number | null) {
  const a = at(arrival);
  const registeredAt = new Date(a.getTime() + registeredMin * 60_000);
  return {
    _id: `${agencyCode}-e${n}`, identity: `${agencyCode}-rep-${n}`, agencyCode, year: a.getUTCFullYear(), arrivalNumber: 100 + n, source: 'email', messageKey: `mb:${n}`,
    arrivalInstant: a, arrivalSource: 'internaldate', receiptTime: a, receiptAdjusted: false, metadata: {}, registeredAt, updatedAt: registeredAt,
    ack: ackMin === null ? { state: 'failed' } : { state: 'sent', sentAt: new Date(registeredAt.getTime() + ackMin * 60_000) },
  };
}

beforeAll(async () => {
  w = await apiWorld();
  const m = w.ctx.models;
  // Paper: two in the first half, one in the second; their registration times are set below.
  const papers = [[STTTT, '2026-03-02T09:00:00+07:00'], [STTTT, '2026-04-01T09:00:00+07:00'], [STTTT, '2026-08-03T09:00:00+07:00'], [SOTC, '2026-03-02T09:00:00+07:00']] as const;
  for (const [i, [agency, arrival]] of papers.entries()) {
    const r = await w.s.register.addPaper(ADMIN, agency, { arrival: at(arrival), organName: 'Bộ Nội vụ', code: `${i + 1}/BNV-VP`, subject: 'V/v báo cáo' });
    await m.Incoming.collection.updateOne({ _id: r.id as never }, { $set: { registeredAt: new Date(at(arrival).getTime() + 60 * 60_000) } });
  }
  await m.Incoming.collection.insertMany([
    emailEntry(STTTT, 1, '2026-01-05T02:00:00Z', 2, 1),
    emailEntry(STTTT, 2, '2026-02-05T02:00:00Z', 4, 3),
    { ...emailEntry(STTTT, 3, '2026-06-05T02:00:00Z', 30, null), duplicateOf: `${STTTT}-e1`, duplicateOfNumber: '101/2026', unreadable: true },
    emailEntry(STTTT, 4, '2026-07-05T02:00:00Z', 1, 1), // second half
    emailEntry(SOTC, 5, '2026-02-05T02:00:00Z', 1, 1), // another agency
  ] as never[]);
  const message = (id: string, agencyCode: string, internalDate: string, state: string) => ({ _id: id, mailboxId: 'mb', agencyCode, folder: 'INBOX', uidValidity: '1', uid: 1, seq: Number(id.slice(1)), sha256: id, size: 1, internalDate: at(internalDate), state, stages: [], createdAt: at(internalDate) });
  await m.Message.collection.insertMany([
    message('r1', STTTT, '2026-02-01T02:00:00Z', 'refused'),
    message('r2', STTTT, '2026-05-01T02:00:00Z', 'refused'),
    message('r3', STTTT, '2026-09-01T02:00:00Z', 'refused'),
    message('r4', SOTC, '2026-02-01T02:00:00Z', 'refused'),
    message('r5', STTTT, '2026-02-01T02:00:00Z', 'registered'),
  ] as never[]);
  await m.Quarantine.collection.insertMany([
    { _id: 'q1', agencyCode: STTTT, kind: 'secret', reason: 'x', createdAt: at('2026-02-01T02:00:00Z'), handedOverAt: at('2026-02-01T03:00:00Z') },
    { _id: 'q2', agencyCode: STTTT, kind: 'unreadable', reason: 'x', createdAt: at('2026-03-01T02:00:00Z'), releasedAt: at('2026-03-01T04:00:00Z') },
    { _id: 'q3', agencyCode: STTTT, kind: 'unreadable', reason: 'x', createdAt: at('2026-03-02T02:00:00Z') },
    { _id: 'q4', agencyCode: STTTT, kind: 'secret', reason: 'x', createdAt: at('2026-10-01T02:00:00Z') },
  ] as never[]);
  const out = (id: string, agencyCode: string, source: string, state: string, createdAt: string) => ({ _id: id, agencyCode, fromAddress: 'x@y', year: 2026, outgoingNumber: Number(id.slice(1)), numberSource: 'assigned', source, state, createdAt: at(createdAt) });
  await m.Outgoing.collection.insertMany([
    out('o1', STTTT, 'api', 'sent', '2026-01-10T02:00:00Z'),
    out('o2', STTTT, 'api', 'partly-failed', '2026-02-10T02:00:00Z'),
    out('o3', STTTT, 'email', 'failed', '2026-03-10T02:00:00Z'),
    out('o4', STTTT, 'cli', 'sent', '2026-04-10T02:00:00Z'),
    out('o5', STTTT, 'cli', 'sent', '2026-11-10T02:00:00Z'),
    out('o6', SOTC, 'api', 'failed', '2026-01-10T02:00:00Z'),
  ] as never[]);
  const del = (docId: string, i: number, state: string) => ({ _id: `${docId}.${i}`, docId, index: i, address: `a${i}@x`, domain: 'x', messageId: `<${docId}.${i}@x>`, state });
  // Handlings after registration: one presented and completed late, one still open and overdue at
  // the end of June, one of another agency (not counted).
  const ev = (event: string, when: string, detail: Record<string, unknown> = {}) => ({ event, at: at(when), by: 'system', detail });
  const assigned = (when: string, deadline: string) => ev('instructed', when, { kind: 'assign', units: [{ code: 'KHTC', role: 'lead' }], deadline, text: 'Chuyển P.KHTC' });
  const handling = (id: string, agencyCode: string, events: unknown[]) => ({ _id: id, agencyCode, year: 2026, arrivalNumber: 1, state: 'x', events });
  await m.Handling.collection.insertMany([
    handling('h1', STTTT, [ev('presented', '2026-01-05T03:00:00Z'), assigned('2026-01-05T04:00:00Z', '2026-01-10'), ev('completed', '2026-01-12T04:00:00Z', { code: 'KHTC' }), ev('replyRefused', '2026-01-06T04:00:00Z')]),
    handling('h2', STTTT, [ev('presented', '2026-06-05T03:00:00Z'), assigned('2026-06-05T04:00:00Z', '2026-06-20')]),
    handling('h3', SOTC, [ev('presented', '2026-02-05T03:00:00Z'), ev('filed', '2026-02-05T04:00:00Z', { text: 'Lưu' })]),
  ] as never[]);
  await m.Delivery.collection.insertMany([del('o1', 0, 'registered'), del('o2', 0, 'delivered'), del('o2', 1, 'failed'), del('o3', 0, 'failed'), del('o3', 1, 'refused'), del('o4', 0, 'accepted'), del('o5', 0, 'failed'), del('o6', 0, 'failed')] as never[]);
});

afterAll(async () => {
  await w?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const EXPECTED = {
  agencyCode: STTTT,
  agencyName: 'Sở Thông tin và Truyền thông tỉnh Long An',
  year: 2026,
  half: 1,
  period: { from: '2026-01-01', to: '2026-06-30' },
  incoming: {
    registered: 5,
    electronic: 3,
    paper: 2,
    duplicates: 1,
    unreadable: 1,
    refused: 2,
    quarantined: { total: 3, secret: 1, unreadable: 2, secretHandedOver: 1, unreadableReleased: 1 },
    acknowledgementsSent: 2,
  },
  outgoing: { sent: 4, byChannel: { api: 2, cli: 1, email: 1, console: 0 }, byState: { sending: 0, sent: 2, 'partly-failed': 1, failed: 1 }, deliveries: 6, deliveriesFailed: 2, deliveriesRefused: 1 },
  timing: {
    // 2, 4, 30 minutes (e-mail) and 60, 60 (paper).
    registration: { count: 5, averageMinutes: 31.2, medianMinutes: 30 },
    registrationElectronic: { count: 3, averageMinutes: 12, medianMinutes: 4 },
    registrationPaper: { count: 2, averageMinutes: 60, medianMinutes: 60 },
    acknowledgement: { count: 2, averageMinutes: 2, medianMinutes: 2 },
  },
  workflow: { presented: 2, assigned: 2, filed: 0, completed: { total: 1, onTime: 0, late: 1, withoutDeadline: 0 }, asOf: '2026-06-30', open: 1, overdue: 1, repliesRefused: 1 },
};

describe('the six-monthly report', () => {
  it('counts only the agency’s first half-year, by channel, with the timings', async () => {
    expect(await w.s.reports.halfYear(ADMIN, STTTT, 2026, 1)).toEqual(EXPECTED);
    // The clerk and a reader of the agency read the same.
    expect(await w.s.reports.halfYear(lan, STTTT, 2026, 1)).toEqual(EXPECTED);
    expect((await w.s.reports.halfYear(hoa, STTTT, 2026, 1)).incoming.registered).toBe(5);
  });

  it('the second half holds the rest', async () => {
    const r = await w.s.reports.halfYear(ADMIN, STTTT, 2026, 2);
    expect(r.period).toEqual({ from: '2026-07-01', to: '2026-12-31' });
    expect(r.incoming).toMatchObject({ registered: 2, electronic: 1, paper: 1, refused: 1, quarantined: { total: 1, secret: 1 } });
    expect(r.outgoing).toMatchObject({ sent: 1, byChannel: { cli: 1 }, deliveries: 1, deliveriesFailed: 1 });
  });

  it('refuses another agency’s clerk, a half that is not 1 or 2, and an unknown agency', async () => {
    const fails = async (p: Promise<unknown>) => (await p.then(() => null, (e: unknown) => e)) as VanthuError;
    expect((await fails(w.s.reports.halfYear(minh, STTTT, 2026, 1))).code).toBe('FORBIDDEN');
    expect(await fails(w.s.reports.halfYear(ADMIN, STTTT, 2026, 3))).toMatchObject({ code: 'INVALID_INPUT', field: 'half' });
    expect(await fails(w.s.reports.halfYear(ADMIN, STTTT, 1999, 1))).toMatchObject({ code: 'INVALID_INPUT', field: 'year' });
    expect((await fails(w.s.reports.halfYear(ADMIN, '999.99.99.H41', 2026, 1))).code).toBe('NOT_FOUND');
  });

  it('as a spreadsheet: a title naming the agency and the period, Vietnamese headings, the figures', async () => {
    const x = await w.s.reports.halfYearXlsx(lan, STTTT, 2026, 1);
    expect(x.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(x.filename).toBe(`bao-cao-van-ban-dien-tu-${STTTT}-2026-6-thang-dau.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.bytes as never);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('BÁO CÁO TÌNH HÌNH SỬ DỤNG VĂN BẢN ĐIỆN TỬ 6 THÁNG ĐẦU NĂM 2026');
    expect(String(ws.getCell('A2').value)).toContain('Sở Thông tin và Truyền thông tỉnh Long An');
    expect(String(ws.getCell('A2').value)).toContain('từ ngày 01/01/2026 đến ngày 30/06/2026');
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows).toContainEqual(['STT', 'Chỉ tiêu', 'Số lượng', 'Ghi chú']);
    expect(rows).toContainEqual(['1.2', 'Văn bản giấy', 2, '']);
    expect(rows).toContainEqual(['2', 'Văn bản điện tử bị từ chối, trả lại nơi gửi', 2, expect.any(String)]);
    expect(rows).toContainEqual(['6.1', 'Gửi không thành công', 2, '']);
    expect(rows).toContainEqual(['12.2', 'Quá hạn', 1, '']);
    expect(rows).toContainEqual(['13.1', 'Trong đó: quá hạn giải quyết', 1, '']);
  });

  it('from the CLI, as JSON and as a spreadsheet file', () => {
    const env = { ...process.env, VANTHU_FROM_SOURCE: '1', MONGODB_URI: w.uri, VANTHU_TEST_PREFIX: w.ctx.prefix };
    const json = spawnSync('node', ['bin/vanthu.mjs', 'report', '--agency', STTTT, '--year', '2026', '--half', '1', '--format', 'json'], { env, encoding: 'utf8' });
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toEqual(EXPECTED);
    const text = spawnSync('node', ['bin/vanthu.mjs', 'report', '--agency', STTTT, '--year', '2026', '--half', '1'], { env, encoding: 'utf8' });
    expect(text.stdout).toContain('IV    TRÌNH, CHUYỂN GIAO VÀ THEO DÕI VĂN BẢN ĐẾN');
    expect(text.stdout).toContain('9     Văn bản đến đã trình lãnh đạo: 2');
    expect(text.stdout).toContain('13    Văn bản còn đang giải quyết: 1  (Đến ngày 30/06/2026)');
    const file = join(tmp, 'bao-cao.xlsx');
    const xlsx = spawnSync('node', ['bin/vanthu.mjs', 'report', '--agency', STTTT, '--year', '2026', '--half', '1', '--format', 'xlsx', '--out', file], { env, encoding: 'utf8' });
    expect(xlsx.status).toBe(0);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    const bad = spawnSync('node', ['bin/vanthu.mjs', 'report', '--agency', STTTT, '--year', '2026', '--half', '3'], { env, encoding: 'utf8' });
    expect(bad.status).toBe(2);
  });
});
