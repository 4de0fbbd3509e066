// The one-click ký nhận (src/workflow/sign-link.ts, src/console/routes/sign-link.ts), through the
// real HTTP server: opening the link signs for nothing (mail scanners open every link); the
// button's POST records the unit's receipt once; a changed token names nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, STTTT, apiWorld, type ApiWorld } from '../helpers/api.js';
import { setAgency } from '../helpers/env.js';
import { HandlingStore } from '../../src/workflow/handling.js';
import { signLinkToken } from '../../src/workflow/sign-link.js';

let w: ApiWorld;
let store: HandlingStore;
let entryId: string;

beforeAll(async () => {
  w = await apiWorld();
  await setAgency(w.ctx, STTTT, { units: [{ code: 'KH', name: 'Phòng Kế hoạch', address: 'kh@stttt.longan.test' }, { code: 'TC', name: 'Phòng Tổ chức', address: 'tc@stttt.longan.test' }] });
  const r = await w.s.register.addPaper(ADMIN, STTTT, { arrival: new Date(), organName: 'UBND tỉnh Long An', code: '7/UBND-KT', subject: 'V/v thử ký nhận' });
  entryId = r.id;
  store = new HandlingStore({ models: w.ctx.models, redis: w.ctx.redis, prefix: w.ctx.prefix });
  await store.record(entryId, [{ event: 'instructed', at: new Date(), by: 'gd@stttt.longan.test', detail: { kind: 'assign', units: [{ code: 'KH', role: 'lead' }], deadline: null, text: 'Chuyển P.KH' } }], { agencyCode: STTTT, year: r.year, arrivalNumber: r.arrivalNumber });
});

afterAll(async () => {
  await w.close();
});

describe('ký nhận by link', () => {
  it('opening the link shows the document and a button, and records nothing', async () => {
    const res = await w.call('GET', `/ky-nhan/${signLinkToken(w.ctx.secrets, entryId, 'KH')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('V/v thử ký nhận');
    expect(res.body).toContain('Xác nhận đã nhận');
    expect((await store.get(entryId))!.units[0]!.receivedAt).toBeNull();
  });

  it('a changed token, or one for a unit not given the document, is not found and records nothing', async () => {
    const good = signLinkToken(w.ctx.secrets, entryId, 'KH');
    for (const t of [good.slice(0, -1) + (good.endsWith('a') ? 'b' : 'a'), signLinkToken(w.ctx.secrets, entryId, 'TC'), 'x']) {
      expect((await w.call('POST', `/ky-nhan/${t}`)).statusCode).toBe(404);
    }
    expect((await store.get(entryId))!.units[0]!.receivedAt).toBeNull();
  });

  it('the button records the unit’s receipt once, by the unit’s address', async () => {
    const t = signLinkToken(w.ctx.secrets, entryId, 'KH');
    const res = await w.call('POST', `/ky-nhan/${t}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Đã ký nhận');
    expect((await w.call('POST', `/ky-nhan/${t}`)).statusCode).toBe(200);
    const h = (await store.get(entryId))!;
    expect(h.units[0]!.receivedBy).toBe('kh@stttt.longan.test');
    expect(h.events.filter((e) => e.event === 'received')).toHaveLength(1);
    expect(h.state).toBe('in-progress');
  });
});
