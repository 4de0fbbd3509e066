// The workflow's API (issue 16) on a test's own database: the permission map names each route;
// one agency's clerk can neither read nor change the handling of another agency's document; a
// reader reads but does not instruct; a leader instructs (his words read as a reply would be); the
// settings are the administrator's and are validated (units and leaders the rules name); an
// instruction that cannot be read is refused with the reason in Vietnamese; the follow-up runs at
// a chosen instant and sends each reminder once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_ACCESS } from '../../src/api/permissions.js';
import { buildApi } from '../../src/api/server.js';
import { closeSmtpTransports } from '../../src/mail/smtp.js';
import { apiWorld, ADMIN, SOTC, STTTT, type ApiWorld } from '../helpers/api.js';

let w: ApiWorld;
const entry = (agency: string, n: number) => `/api/v1/incoming/${agency}/2026/${n}`;
const LEADER = { name: 'Trần Văn Tuấn', title: 'Giám đốc', address: 'giamdoc@stttt.longan.test' };
const SETTINGS = {
  leaders: [LEADER],
  rules: [{ name: 'Chuyển đổi số', keywords: ['chuyển đổi số'], units: [{ code: 'CNTT', role: 'lead' }, { code: 'KHTC', role: 'support' }], days: 10 }],
  clerks: ['vanthu@stttt.longan.test'],
};

beforeAll(async () => {
  w = await apiWorld();
  for (const [agency, subject] of [[STTTT, 'V/v chuyển đổi số'], [STTTT, 'V/v báo cáo dự toán'], [STTTT, 'V/v kiểm tra'], [SOTC, 'V/v dự toán']] as const) {
    await w.s.register.addPaper(ADMIN, agency, { arrival: new Date('2026-11-02T09:00:00+07:00'), organName: 'UBND tỉnh Long An', code: '9/UBND-VX', subject });
  }
});

afterAll(async () => {
  await w?.close();
  closeSmtpTransports();
});

describe('the permission map', () => {
  it('names every workflow route with its permission', async () => {
    const seen: string[] = [];
    const app = await buildApi(w.ctx, { services: w.s, onRoute: (m, u) => seen.push(`${m} ${u}`) });
    await app.close();
    const workflow = seen.filter((r) => r.includes(' /api/v1/') && /\/workflow|\/handling/.test(r));
    const expected = {
      'GET /api/v1/agencies/:code/workflow': 'agencies:read',
      'PUT /api/v1/agencies/:code/workflow': 'agencies:write',
      'GET /api/v1/incoming/:agency/:year/:number/handling': 'register:read',
      'POST /api/v1/incoming/:agency/:year/:number/handling/instruction': 'workflow:write',
      'POST /api/v1/incoming/:agency/:year/:number/handling/sign': 'workflow:write',
      'POST /api/v1/incoming/:agency/:year/:number/handling/complete': 'workflow:write',
      'POST /api/v1/workflow/tick': 'system:write',
    };
    expect(new Set(workflow)).toEqual(new Set(Object.keys(expected)));
    for (const [route, permission] of Object.entries(expected)) expect(ROUTE_ACCESS[route as keyof typeof ROUTE_ACCESS], route).toBe(permission);
  });
});

describe('settings', () => {
  it('a clerk may read but not set them; an administrator sets them, validated', async () => {
    const url = `/api/v1/agencies/${STTTT}/workflow`;
    expect((await w.call('GET', url, { token: w.tokens.clerk })).json()).toMatchObject({ code: STTTT, units: [{ code: 'KHTC' }, { code: 'CNTT' }], workflow: null });
    const byClerk = await w.call('PUT', url, { token: w.tokens.clerk, body: SETTINGS });
    expect(byClerk.statusCode).toBe(403);
    expect(byClerk.json().code).toBe('FORBIDDEN');

    const unknownUnit = await w.call('PUT', url, { token: w.tokens.admin, body: { ...SETTINGS, rules: [{ keywords: ['x'], units: [{ code: 'KHTC' }, { code: 'XYZ' }] }] } });
    expect(unknownUnit.statusCode).toBe(400);
    expect(unknownUnit.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'workflow.rules.0.units', vi: 'Không có đơn vị mã XYZ' });
    const strayLeader = await w.call('PUT', url, { token: w.tokens.admin, body: { ...SETTINGS, rules: [{ keywords: ['x'], leader: 'pgd@stttt.longan.test', units: [{ code: 'KHTC' }] }] } });
    expect(strayLeader.statusCode).toBe(400);
    expect(strayLeader.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'workflow.rules.0.leader' });
    const badTime = await w.call('PUT', url, { token: w.tokens.admin, body: { ...SETTINGS, presentAt: '25:00' } });
    expect(badTime.statusCode).toBe(400);
    expect(badTime.json().code).toBe('INVALID_INPUT');
    // Nothing was written by the refused requests.
    expect((await w.call('GET', url, { token: w.tokens.admin })).json().workflow).toBeNull();

    const ok = await w.call('PUT', url, { token: w.tokens.admin, body: SETTINGS });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().workflow).toMatchObject({ enabled: true, leaders: [{ ...LEADER, fields: [] }], presentAt: '15:30', rules: [{ name: 'Chuyển đổi số', units: [{ code: 'CNTT', role: 'lead' }, { code: 'KHTC', role: 'support' }], days: 10 }] });
    expect((await w.call('GET', url, { token: w.tokens.reader })).json().workflow.leaders[0].address).toBe(LEADER.address);
    // Setting the workflow leaves the agency's other fields as they were (its units above all).
    expect(ok.json().units.map((u: { code: string }) => u.code)).toEqual(['KHTC', 'CNTT']);
    const renamed = await w.call('PATCH', `/api/v1/agencies/${STTTT}`, { token: w.tokens.admin, body: { alertTo: ['it@stttt.longan.test'] } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ units: [{ code: 'KHTC' }, { code: 'CNTT' }], dispatchAddress: 'dispatch@stttt.longan.test', workflow: { leaders: [{ address: LEADER.address }] } });
  });
});

describe('another agency’s internals', () => {
  it('its units, leaders and alert addresses are its own: 403 on its settings, left out of its directory entry', async () => {
    const set = await w.call('PATCH', `/api/v1/agencies/${SOTC}`, { token: w.tokens.admin, body: { alertTo: ['it@sotc.longan.test'], units: [{ code: 'VP', name: 'Văn phòng Sở', address: 'vp@sotc.longan.test' }] } });
    expect(set.statusCode, set.body).toBe(200);
    const full = (await w.call('GET', `/api/v1/agencies/${SOTC}`, { token: w.tokens.admin })).json();
    expect(full.units.length).toBeGreaterThan(0);
    expect(full.alertTo).toEqual(['it@sotc.longan.test']);
    for (const token of [w.tokens.clerk, w.tokens.leader, w.tokens.reader]) {
      const settings = await w.call('GET', `/api/v1/agencies/${SOTC}/workflow`, { token });
      expect(settings.statusCode).toBe(403);
      expect(settings.json().code).toBe('FORBIDDEN');
      // The directory entry keeps what the province shares: name and addresses.
      const seen = (await w.call('GET', `/api/v1/agencies/${SOTC}`, { token })).json();
      expect(seen).toMatchObject({ code: SOTC, name: full.name, address: full.address, units: [], alertTo: [], authservIds: [], workflow: null });
      const listed = (await w.call('GET', '/api/v1/agencies', { token })).json().agencies as Array<{ code: string; units: unknown[]; alertTo: string[] }>;
      expect(listed.find((a) => a.code === SOTC)).toMatchObject({ units: [], alertTo: [] });
      expect(listed.find((a) => a.code === STTTT)!.units.length).toBeGreaterThan(0);
    }
  });
});

describe('one agency never sees or changes another’s handling', () => {
  it('a clerk of STTTT gets 403 on SOTC’s entry for every workflow route; nothing is written', async () => {
    const cases: Array<[string, string, unknown?]> = [
      ['GET', `${entry(SOTC, 1)}/handling`],
      ['POST', `${entry(SOTC, 1)}/handling/instruction`, { kind: 'assign', units: [{ code: 'VP', role: 'lead' }] }],
      ['POST', `${entry(SOTC, 1)}/handling/instruction`, { kind: 'file' }],
      ['POST', `${entry(SOTC, 1)}/handling/sign`, { unit: 'VP' }],
      ['POST', `${entry(SOTC, 1)}/handling/complete`, {}],
    ];
    for (const [method, url, body] of cases) {
      for (const token of [w.tokens.clerk, w.tokens.leader, w.tokens.reader]) {
        const r = await w.call(method, url, { token, body });
        expect(r.statusCode, `${method} ${url}`).toBe(403);
        expect(r.json().code).toBe('FORBIDDEN');
      }
    }
    expect(await w.ctx.models.Handling.countDocuments({ agencyCode: SOTC })).toBe(0);
    // SOTC's own clerk reads it (no handling yet).
    const own = await w.call('GET', `${entry(SOTC, 1)}/handling`, { token: w.tokens.otherClerk });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual({ handling: null });
  });
});

describe('instructions, ký nhận, completion', () => {
  it('a reader reads the handling but may not instruct; a leader instructs in his own words', async () => {
    expect((await w.call('GET', `${entry(STTTT, 1)}/handling`, { token: w.tokens.reader })).statusCode).toBe(200);
    const byReader = await w.call('POST', `${entry(STTTT, 1)}/handling/instruction`, { token: w.tokens.reader, body: { kind: 'text', text: 'Chuyển Phòng Công nghệ thông tin xử lý' } });
    expect(byReader.statusCode).toBe(403);
    expect(await w.ctx.models.Handling.countDocuments({})).toBe(0);

    const r = await w.call('POST', `${entry(STTTT, 1)}/handling/instruction`, { token: w.tokens.leader, body: { kind: 'text', text: 'Chuyển Phòng Công nghệ thông tin chủ trì, Phòng Kế hoạch - Tài chính phối hợp, hạn 20/12/2027' } });
    expect(r.statusCode, r.body).toBe(200);
    const h = r.json().handling;
    expect(h).toMatchObject({ agencyCode: STTTT, arrivalNumber: 1, state: 'assigned', deadline: '2027-12-20', instruction: { kind: 'assign', by: 'token:tuan' } });
    expect(h.units.map((u: { code: string; role: string }) => [u.code, u.role])).toEqual([['CNTT', 'lead'], ['KHTC', 'support']]);
    // The book's columns are filled from it.
    const book = (await w.call('GET', entry(STTTT, 1), { token: w.tokens.reader })).json();
    expect(JSON.stringify(book)).toContain('Phòng Công nghệ thông tin (chủ trì)');
    const audit = (await w.call('GET', `/api/v1/audit?agency=${STTTT}`, { token: w.tokens.admin })).json().items as Array<{ action: string; actor: string }>;
    expect(audit.find((a) => a.action === 'workflow.instruct')).toMatchObject({ actor: 'tuan' });
  });

  it('an instruction that cannot be read is refused with the reason in Vietnamese, and changes nothing', async () => {
    for (const [text, vi] of [
      ['Chuyển phòng nào xử lý?', 'Không đọc được ý kiến chỉ đạo: đây là một câu hỏi, không phải ý kiến chỉ đạo.'],
      ['Chuyển Phòng Tổ chức cán bộ xử lý', 'không có trong danh sách đơn vị của cơ quan'],
      ['Chuyển Phòng Công nghệ thông tin xử lý, hạn 31/11', 'Không đọc được ý kiến chỉ đạo: hạn giải quyết: 31/11 không phải là một ngày'],
    ]) {
      const r = await w.call('POST', `${entry(STTTT, 2)}/handling/instruction`, { token: w.tokens.clerk, body: { kind: 'text', text } });
      expect(r.statusCode, text).toBe(400);
      expect(r.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'text' });
      expect(r.json().vi, text).toContain(vi);
    }
    const dup = await w.call('POST', `${entry(STTTT, 2)}/handling/instruction`, { token: w.tokens.clerk, body: { kind: 'assign', units: [{ code: 'CNTT', role: 'lead' }, { code: 'cntt', role: 'support' }] } });
    expect(dup.statusCode).toBe(400);
    expect(dup.json()).toMatchObject({ field: 'units' });
    const notADay = await w.call('POST', `${entry(STTTT, 2)}/handling/instruction`, { token: w.tokens.clerk, body: { kind: 'assign', units: [{ code: 'CNTT', role: 'lead' }], deadline: '2026-02-30' } });
    expect(notADay.statusCode).toBe(400);
    expect(notADay.json()).toMatchObject({ field: 'deadline' });
    const noMonth = await w.call('POST', `${entry(STTTT, 2)}/handling/instruction`, { token: w.tokens.clerk, body: { kind: 'assign', units: [{ code: 'CNTT', role: 'lead' }], deadline: '2026-13-45' } });
    expect(noMonth.statusCode).toBe(400);
    const noLead = await w.call('POST', `${entry(STTTT, 2)}/handling/instruction`, { token: w.tokens.clerk, body: { kind: 'assign', units: [{ code: 'CNTT', role: 'support' }] } });
    expect(noLead.statusCode).toBe(400);
    expect((await w.call('GET', `${entry(STTTT, 2)}/handling`, { token: w.tokens.clerk })).json()).toEqual({ handling: null });
  });

  it('the clerk records a ký nhận and the completion; both only for units the document was given to', async () => {
    const wrong = await w.call('POST', `${entry(STTTT, 1)}/handling/sign`, { token: w.tokens.clerk, body: { unit: 'VP' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ field: 'unit' });
    const signed = await w.call('POST', `${entry(STTTT, 1)}/handling/sign`, { token: w.tokens.clerk, body: { unit: 'cntt', by: 'Nguyễn Văn Bình' } });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().handling).toMatchObject({ state: 'in-progress', units: [{ code: 'CNTT', receivedBy: 'Nguyễn Văn Bình' }, { code: 'KHTC', receivedAt: null }] });
    const support = await w.call('POST', `${entry(STTTT, 1)}/handling/complete`, { token: w.tokens.clerk, body: { unit: 'KHTC' } });
    expect(support.json().handling.state).toBe('in-progress');
    const done = await w.call('POST', `${entry(STTTT, 1)}/handling/complete`, { token: w.tokens.clerk, body: { unit: 'CNTT', note: 'Đã có văn bản trả lời số 88/STTTT-CNTT' } });
    expect(done.json().handling.state).toBe('done');
    const again = await w.call('POST', `${entry(STTTT, 1)}/handling/complete`, { token: w.tokens.clerk, body: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONFLICT');
    // Done is final: a new instruction would hand nothing over, so it is refused in words.
    const reassigned = await w.call('POST', `${entry(STTTT, 1)}/handling/instruction`, { token: w.tokens.clerk, body: { kind: 'assign', units: [{ code: 'KHTC', role: 'lead' }] } });
    expect(reassigned.statusCode).toBe(409);
    expect(reassigned.json()).toMatchObject({ code: 'CONFLICT', vi: 'Văn bản đã được xử lý xong, không thể giao xử lý lại.' });
    expect((await w.call('GET', `${entry(STTTT, 1)}/handling`, { token: w.tokens.clerk })).json().handling.units.map((u: { code: string }) => u.code)).toEqual(['CNTT', 'KHTC']);
  });
});

describe('the follow-up with a chosen clock', () => {
  it('only an administrator runs it; an overdue document gets one reminder on the first working day after its deadline', async () => {
    // Entry 3: due Thursday 10 December 2026; the follow-up runs on Friday 11 December at 09:00.
    const r = await w.call('POST', `${entry(STTTT, 3)}/handling/instruction`, { token: w.tokens.clerk, body: { kind: 'assign', units: [{ code: 'CNTT', role: 'lead' }], deadline: '2026-12-10' } });
    expect(r.statusCode, r.body).toBe(200);
    expect((await w.call('POST', '/api/v1/workflow/tick', { token: w.tokens.clerk, body: {} })).statusCode).toBe(403);
    const bad = await w.call('POST', '/api/v1/workflow/tick', { token: w.tokens.admin, body: { now: 'next friday' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'now' });
    // The day before the deadline: inside the "before" window (2 working days).
    const before = await w.call('POST', '/api/v1/workflow/tick', { token: w.tokens.admin, body: { now: '2026-12-09T09:00:00+07:00' } });
    expect(before.json()).toMatchObject({ reminders: 1, now: '2026-12-09T02:00:00.000Z' });
    const first = await w.call('POST', '/api/v1/workflow/tick', { token: w.tokens.admin, body: { now: '2026-12-11T09:00:00+07:00' } });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ reminders: 1, now: '2026-12-11T02:00:00.000Z' });
    // The clerk's digest and the leader's, once a day.
    expect(first.json().digests).toBe(2);
    const again = await w.call('POST', '/api/v1/workflow/tick', { token: w.tokens.admin, body: { now: '2026-12-11T10:00:00+07:00' } });
    expect(again.json()).toMatchObject({ reminders: 0, digests: 0 });
    const h = (await w.call('GET', `${entry(STTTT, 3)}/handling`, { token: w.tokens.reader })).json().handling;
    expect(h.events.filter((e: { event: string }) => e.event === 'reminded').map((e: { key: string }) => e.key)).toEqual(['remind:CNTT:before:2026-12-10', 'remind:CNTT:after:2026-12-11']);
  });

  it('the six-monthly report through the API counts the handlings', async () => {
    const r = await w.call('GET', `/api/v1/reports/${STTTT}/2026/2`, { token: w.tokens.reader });
    expect(r.statusCode).toBe(200);
    expect(r.json().workflow).toMatchObject({ presented: 0, assigned: 2, completed: { total: 1, onTime: 1 } });
  });
});
