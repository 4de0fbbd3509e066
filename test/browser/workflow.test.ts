// Xử lý văn bản in the console, in a real Chromium on the real stack: an agency with units and
// workflow settings, registered documents whose handling the real HandlingStore writes (presented
// to the leader; one overdue; one due tomorrow). The clerk records the leader's instruction as text
// and sees the unit, the deadline and the timeline; an instruction the reader cannot read is said
// in words; she records a unit's ký nhận and the completion; the follow-up list puts the overdue
// document first; a reader sees the handling without the forms; a clerk of another agency is
// refused; the administrator reads and replaces the agency's workflow settings.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandlingStore } from '../../src/workflow/handling.js';
import { setAgency } from '../helpers/env.js';
import { ADMIN, consoleWorld, PASSWORD, screenshot, seriousViolations, SOTC, STTTT, type ConsoleWorld } from '../helpers/browser.js';

let w: ConsoleWorld;
let lan: Page;
let store: HandlingStore;
let year: number;
const LEADER = 'giamdoc@stttt.longan.test';

/** Vietnam's day `n` days from today (YYYY-MM-DD), moved forward to a weekday when `weekday`. */
function day(n: number, weekday = false): string {
  const d = new Date(Date.now() + 7 * 3_600_000 + n * 86_400_000);
  while (weekday && (d.getUTCDay() === 0 || d.getUTCDay() === 6)) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
const vn = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

async function expectText(l: Locator, text: string | RegExp): Promise<void> {
  await l.first().waitFor({ state: 'visible', timeout: 15_000 });
  const t = await l.first().innerText();
  if (typeof text === 'string') expect(t).toContain(text);
  else expect(t).toMatch(text);
}

/** A paper entry of STTTT, and its handling written by the store as the engine would. */
async function entry(subject: string): Promise<{ id: string; n: number }> {
  const r = await w.s.register.addPaper(ADMIN, STTTT, { arrival: new Date(Date.now() - 3_600_000), organName: 'UBND tỉnh Long An', code: `${subject.length}/UBND-KT`, subject });
  const e = await w.ctx.models.Incoming.findOne({ agencyCode: STTTT, arrivalNumber: r.arrivalNumber, year: r.year }).lean();
  year = r.year;
  return { id: String(e!._id), n: r.arrivalNumber };
}

let presented: { id: string; n: number };
let overdue: { id: string; n: number };
let soon: { id: string; n: number };

beforeAll(async () => {
  w = await consoleWorld({ mail: false });
  await setAgency(w.ctx, STTTT, {
    units: [
      { code: 'KH', name: 'Phòng Kế hoạch - Tài chính', address: 'kh@stttt.longan.test', aliases: ['P.KH', 'Phòng KH'] },
      { code: 'TC', name: 'Phòng Tổ chức cán bộ', address: 'tc@stttt.longan.test', aliases: ['P.TC'] },
    ],
    workflow: {
      enabled: true,
      leaders: [{ name: 'Nguyễn Văn Giám', title: 'Giám đốc', address: LEADER }],
      rules: [{ name: 'Kế hoạch', keywords: ['kế hoạch'], units: [{ code: 'KH', role: 'lead' }], days: 10 }],
    },
  });
  Object.assign(PASSWORD, { hoa: 'Mật khẩu lãnh đạo Sở TTTT 2026', xem: 'Mật khẩu chỉ đọc Sở TTTT 2026' });
  await w.s.users.add(ADMIN, { login: 'hoa', role: 'leader', agencyCode: STTTT, name: 'Nguyễn Văn Giám', password: PASSWORD.hoa });
  await w.s.users.add(ADMIN, { login: 'xem', role: 'reader', agencyCode: STTTT, name: 'Lê Thị Xem', password: PASSWORD.xem });
  store = new HandlingStore({ models: w.ctx.models, redis: w.ctx.redis, prefix: w.ctx.prefix });
  const base = (n: number) => ({ agencyCode: STTTT, year, arrivalNumber: n, leader: LEADER, proposal: { units: [{ code: 'KH', role: 'lead' }], deadline: null, rule: 'Kế hoạch' } });

  presented = await entry('V/v triển khai kế hoạch chuyển đổi số năm 2027');
  await store.record(presented.id, [
    { event: 'proposed', at: new Date(Date.now() - 3_000_000), by: 'system', key: 'proposed', detail: { leader: LEADER, units: [{ code: 'KH', role: 'lead' }], deadline: null, rule: 'Kế hoạch' } },
    { event: 'presented', at: new Date(Date.now() - 2_900_000), by: 'system', key: 'presented', detail: { to: LEADER, urgent: false } },
    // A forged answer, as reply.ts records it: it changes nothing but is on the timeline.
    { event: 'replyRefused', at: new Date(Date.now() - 2_000_000), by: 'ke.gia@sotc.longan.test', key: 'reply:forged', detail: { from: 'ke.gia@sotc.longan.test', expected: LEADER, reason: `the reply comes from ke.gia@sotc.longan.test, not from ${LEADER}, to whom the mail was sent`, codes: ['NOT_THE_ADDRESSEE'] } },
  ], base(presented.n));

  const instructed = (deadline: string) => ({ event: 'instructed' as const, at: new Date(Date.now() - 86_400_000), by: LEADER, detail: { kind: 'assign', units: [{ code: 'TC', role: 'lead' }], deadline, text: `Chuyển P.TC xử lý, hạn ${vn(deadline)}`, via: 'email' } });
  overdue = await entry('V/v báo cáo biên chế quý IV');
  await store.record(overdue.id, [instructed(day(-3))], base(overdue.n));
  soon = await entry('V/v rà soát tổ chức bộ máy');
  await store.record(soon.id, [instructed(day(1))], base(soon.n));
  lan = await w.pageAs('lan');
}, 120_000);

afterAll(async () => {
  await w?.close();
});

describe('Xử lý văn bản in the console', () => {
  const due = day(14, true);

  it('shows a presented document’s handling: the leader, the proposal and the refused reply on the timeline', async () => {
    await lan.goto(`${w.url}/incoming/${STTTT}/${year}/${presented.n}`);
    const section = lan.locator('#handling');
    await expectText(section, 'đã trình, chờ ý kiến');
    await expectText(section, `Giám đốc Nguyễn Văn Giám (${LEADER})`);
    await expectText(section, 'Phòng Kế hoạch - Tài chính chủ trì');
    await expectText(section.locator('li[data-event="replyRefused"]'), 'Thư trả lời bị từ chối: không phải từ địa chỉ được gửi (thư từ ke.gia@sotc.longan.test');
  });

  it('records the leader’s instruction as text: the unit, the deadline and the timeline event appear, and the book’s columns are filled', async () => {
    await lan.getByLabel(/^Ý kiến chỉ đạo, ghi đúng/).fill(`Chuyển P.KH chủ trì, hạn ${vn(due)}`);
    await lan.getByRole('button', { name: 'Ghi ý kiến chỉ đạo' }).click();
    await expectText(lan.getByRole('status'), `Đã ghi ý kiến chỉ đạo: KH chủ trì, hạn ${vn(due)}`);
    const section = lan.locator('#handling');
    await expectText(section.locator('[data-handling-state]'), 'đã giao, chờ ký nhận');
    await expectText(section.locator('table tbody tr').first(), 'Phòng Kế hoạch - Tài chính (KH)');
    await expectText(section.locator('#handling-deadline'), vn(due));
    await expectText(section.locator('li[data-event="instructed"]'), `Ý kiến chỉ đạo: “Chuyển P.KH chủ trì, hạn ${vn(due)}” → Phòng Kế hoạch - Tài chính chủ trì, hạn ${vn(due)}`);
    await expectText(section.locator('li[data-event="instructed"]'), 'lan (trên trang văn thư)');
    const e = await w.ctx.models.Incoming.findById(presented.id).lean();
    expect(e!.recipientUnit).toBe('Phòng Kế hoạch - Tài chính (chủ trì)');
    expect(e!.deadline).toBe(due);
    await screenshot(lan, 'handling');
  });

  it('says in words why an instruction cannot be read, and records nothing', async () => {
    const before = (await store.get(presented.id))!.events.length;
    await lan.getByLabel(/^Ý kiến chỉ đạo, ghi đúng/).fill('Phòng nào xử lý việc này?');
    await lan.getByRole('button', { name: 'Ghi ý kiến chỉ đạo' }).click();
    await expectText(lan.getByRole('alert'), 'Không đọc được ý kiến chỉ đạo: đây là một câu hỏi, không phải ý kiến chỉ đạo.');
    expect((await store.get(presented.id))!.events.length).toBe(before);
  });

  it('records "Lưu": the document is filed, given to no unit, and leaves nothing to follow up', async () => {
    const paper = await entry('V/v thông báo lịch nghỉ Tết');
    await store.record(paper.id, [{ event: 'presented', at: new Date(), by: 'system', key: 'presented', detail: { to: LEADER } }], { agencyCode: STTTT, year, arrivalNumber: paper.n, leader: LEADER });
    const page = await w.pageAs('hoa');
    await page.goto(`${w.url}/incoming/${STTTT}/${year}/${paper.n}`);
    await page.getByLabel(/^Ý kiến chỉ đạo, ghi đúng/).fill('Lưu hồ sơ');
    await page.getByRole('button', { name: 'Cho lưu, không giao xử lý' }).click();
    await expectText(page.getByRole('status'), 'Đã ghi ý kiến: cho lưu');
    await expectText(page.locator('[data-handling-state]'), 'lưu');
    await expectText(page.locator('li[data-event="filed"]'), 'hoa (trên trang văn thư): Cho lưu, không giao xử lý: “Lưu hồ sơ”');
    expect(await page.getByRole('button', { name: 'Cho lưu, không giao xử lý' }).count()).toBe(0);
    expect((await w.ctx.models.Incoming.findById(paper.id).lean())!.distributionNote).toBe('Lưu (Lưu hồ sơ)');
  });

  it('records a unit’s ký nhận (who and when) and the completion', async () => {
    await lan.getByLabel('Đơn vị ký nhận').selectOption('KH');
    await lan.getByLabel(/^Người ký nhận/).fill('Trần Văn Kế');
    await lan.getByRole('button', { name: 'Ghi ký nhận' }).click();
    await expectText(lan.getByRole('status'), 'Đã ghi ký nhận của đơn vị KH');
    const row = lan.locator('#handling table tbody tr').first();
    await expectText(row, /Trần Văn Kế, \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}/);
    await expectText(lan.locator('[data-handling-state]'), 'đang xử lý');
    expect((await w.ctx.models.Incoming.findById(presented.id).lean())!.signedFor).toContain('Phòng Kế hoạch - Tài chính: Trần Văn Kế');
    // The register's "Ký nhận" column shows it too.
    await lan.goto(`${w.url}/incoming`);
    await expectText(lan.locator('main table tbody tr', { hasText: 'chuyển đổi số' }), 'Phòng Kế hoạch - Tài chính: Trần Văn Kế');
    await lan.goto(`${w.url}/incoming/${STTTT}/${year}/${presented.n}`);

    await lan.getByLabel('Đơn vị báo hoàn thành').selectOption('KH');
    await lan.getByLabel(/^Ghi chú/).fill('Đã có công văn trả lời số 12/STTTT-KH');
    await lan.getByRole('button', { name: 'Ghi hoàn thành' }).click();
    await expectText(lan.getByRole('status'), 'văn bản đã giải quyết xong');
    await expectText(lan.locator('[data-handling-state]'), 'đã xử lý xong');
    await expectText(lan.locator('li[data-event="completed"]'), 'Phòng Kế hoạch - Tài chính báo hoàn thành: Đã có công văn trả lời số 12/STTTT-KH');
    // Done: no more forms for ký nhận or completion.
    expect(await lan.getByRole('button', { name: 'Ghi hoàn thành' }).count()).toBe(0);
  });

  it('lists the open documents with a deadline, the overdue one first, in red', async () => {
    await lan.goto(`${w.url}/`);
    await expectText(lan.locator('section[aria-labelledby="c-follow"] .count'), '1');
    await lan.getByRole('link', { name: 'Theo dõi xử lý' }).click();
    await expectText(lan.getByRole('heading', { level: 1 }), 'Theo dõi xử lý');
    const rows = await lan.locator('#follow-up tbody tr').allInnerTexts();
    // The completed document has left the list; the overdue one comes first, then tomorrow's.
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain(`${overdue.n}/${year}`);
    expect(rows[0]).toContain('Quá hạn 3 ngày');
    expect(rows[0]).toContain('Phòng Tổ chức cán bộ (chủ trì)');
    expect(rows[1]).toContain(`${soon.n}/${year}`);
    expect(rows[1]).toContain('Còn 1 ngày');
    expect(await lan.locator('#follow-up tbody tr').first().getAttribute('class')).toBe('overdue');
    await screenshot(lan, 'follow-up');
  });

  it('shows a reader the handling but no forms; a leader gets the forms', async () => {
    const xem = await w.pageAs('xem');
    await xem.goto(`${w.url}/incoming/${STTTT}/${year}/${overdue.n}`);
    await expectText(xem.locator('#handling [data-handling-state]'), 'đã giao, chờ ký nhận');
    await expectText(xem.locator('#handling-deadline'), 'Quá hạn 3 ngày');
    expect(await xem.locator('#handling form').count()).toBe(0);
    const hoa = await w.pageAs('hoa');
    await hoa.goto(`${w.url}/incoming/${STTTT}/${year}/${overdue.n}`);
    expect(await hoa.getByRole('button', { name: 'Ghi ký nhận' }).count()).toBe(1);
  });

  it('refuses a clerk of another agency the entry (403) and keeps his follow-up list to his own agency', async () => {
    const minh = await w.pageAs('minh');
    const r = await minh.goto(`${w.url}/incoming/${STTTT}/${year}/${overdue.n}`);
    expect(r?.status()).toBe(403);
    await expectText(minh.getByRole('heading', { level: 1 }), 'Không có quyền');
    await minh.goto(`${w.url}/follow-up`);
    expect(await minh.locator('#follow-up tbody tr').allInnerTexts()).toEqual([expect.stringContaining('Không có văn bản nào')]);
    const minhP = { login: 'minh', role: 'clerk' as const, agencyCode: SOTC, via: 'session' as const };
    await expect(w.s.workflow.open(minhP, STTTT)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(w.s.workflow.dueCounts(minhP, STTTT)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await w.s.workflow.open(minhP)).toEqual({ items: [], total: 0 });
    expect((await w.s.workflow.open(ADMIN, STTTT)).items.map((d) => d.handling.arrivalNumber)).toEqual([overdue.n, soon.n]);
    expect(await w.s.workflow.dueCounts({ ...minhP, login: 'lan', agencyCode: STTTT })).toEqual({ open: 2, overdue: 1, soon: 1 });
    expect((await w.s.workflow.open(ADMIN, STTTT, { limit: 1 })).items.map((d) => d.handling.arrivalNumber)).toEqual([overdue.n]);
    // A document already given to a unit cannot be filed afterwards (the fold would ignore it).
    await expect(w.s.workflow.instruct(ADMIN, STTTT, year, overdue.n, { kind: 'file' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('shows the administrator the units and the workflow settings, and replaces the settings from JSON with errors in words', async () => {
    const root = await w.pageAs('root');
    await root.goto(`${w.url}/admin/agencies/${STTTT}`);
    await expectText(root.locator('#units + table'), 'P.KH, Phòng KH');
    await expectText(root.getByRole('table', { name: 'Lãnh đạo được trình' }), LEADER);
    await expectText(root.getByRole('table', { name: 'Quy tắc đề xuất đơn vị xử lý' }), 'Phòng Kế hoạch - Tài chính chủ trì');
    const json = root.getByLabel(/^Thiết lập \(leaders/);
    await json.fill(JSON.stringify({ leaders: [{ name: 'Nguyễn Văn Giám', address: 'khong-phai-dia-chi' }] }));
    await root.getByRole('button', { name: 'Lưu thiết lập quy trình' }).click();
    await expectText(root.getByRole('alert'), 'Thiết lập chưa đúng ở “lãnh đạo thứ 1, địa chỉ thư”: phải là một địa chỉ thư điện tử.');
    await json.fill('{ "leaders": [ ');
    await root.getByRole('button', { name: 'Lưu thiết lập quy trình' }).click();
    await expectText(root.getByRole('alert'), 'JSON chưa đúng cú pháp');
    await json.fill(JSON.stringify({ leaders: [{ name: 'Nguyễn Văn Giám', title: 'Giám đốc', address: LEADER }], rules: [{ keywords: ['biên chế'], units: [{ code: 'TC' }] }], presentAt: '16:00' }));
    await root.getByRole('button', { name: 'Lưu thiết lập quy trình' }).click();
    await expectText(root.getByRole('status'), 'Đã lưu thiết lập quy trình');
    await expectText(root.getByRole('table', { name: 'Lịch trình và nhắc hạn' }), '16:00');
    // Replacing the settings alone leaves the agency's units as they were.
    expect((await w.s.agencies.get(ADMIN, STTTT)).units.map((u) => u.code)).toEqual(['KH', 'TC']);
    // Saving the agency's own form keeps the units' codes and aliases.
    await root.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expectText(root.getByRole('status'), 'Đã lưu');
    const units = (await w.s.agencies.get(ADMIN, STTTT)).units;
    expect(units.map((u) => [u.code, u.aliases])).toEqual([['KH', ['P.KH', 'Phòng KH']], ['TC', ['P.TC']]]);
  });

  it('the new pages have no serious accessibility violations (axe-core)', async () => {
    const clerk = await w.pageAs('lan', { bypassCSP: true });
    const root = await w.pageAs('root', { bypassCSP: true });
    for (const [page, path] of [[clerk, `/incoming/${STTTT}/${year}/${overdue.n}`], [clerk, '/follow-up'], [root, `/admin/agencies/${STTTT}`]] as Array<[Page, string]>) {
      await page.goto(`${w.url}${path}`);
      expect(await seriousViolations(page), path).toEqual([]);
    }
  });
});
