// The register through the API as an integration would use it: cursor paging that neither skips
// nor repeats, search without diacritics and the filters, 400 naming the bad parameter, the
// original e-mail and its document, the CSV book with sender-controlled cells neutralised, the
// audit trail of an edit, the OpenAPI document, readiness, and the acceptance path of the CLI
// (`vanthu user add`, `vanthu token create --json`).
import { spawnSync } from 'node:child_process';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureBatch } from '../../src/ingest/capture.js';
import { processIngest } from '../../src/ingest/process.js';
import { ingestHandlers } from '../../src/runtime/handlers.js';
import { registerAgency } from '../../src/register/registrar.js';
import { isApiRoute, ROUTE_ACCESS } from '../../src/api/permissions.js';
import { apiWorld, ADMIN, SOTC, STTTT, type ApiWorld } from '../helpers/api.js';
import { cfg } from '../helpers/env.js';
import { documentMail, samplePdf } from '../helpers/messages.js';
import { buildEdxml, emptyMetadata } from '../../src/extract/index.js';

let w: ApiWorld;
let pdf: Buffer;
const PAPER = 23;
const organs = ['Ủy ban nhân dân tỉnh Long An', 'Sở Tài chính tỉnh Long An', 'Bộ Thông tin và Truyền thông'];

beforeAll(async () => {
  w = await apiWorld();
  // 23 paper entries (numbers 1..23) in STTTT's register, of three organs over three days.
  for (let i = 1; i <= PAPER; i++) {
    await w.s.register.addPaper(ADMIN, STTTT, {
      arrival: new Date(`2026-11-0${2 + (i % 3)}T09:${String(i).padStart(2, '0')}:00+07:00`),
      organName: organs[i % 3],
      code: `${i}/${i % 3 === 1 ? 'STC-NS' : 'UBND-VX'}`,
      typeName: i % 2 ? 'Công văn' : 'Quyết định',
      subject: i === 7 ? 'V/v triển khai chữ ký số chuyên dùng' : `V/v nội dung số ${i}`,
      issuedDate: '2026-10-30',
    });
  }
  // One sender-controlled entry: an e-mail whose organ line is a spreadsheet formula, through the
  // real ingest and registrar, so its original e-mail and document can be fetched.
  // The organ comes from the sender's edXML envelope (QCVN 102), read as given.
  pdf = await samplePdf(['UBND TINH LONG AN', 'So: 24/UBND-VX', 'V/v thu cong thuc']);
  const edxml = buildEdxml({ ...emptyMetadata(), organName: '=HYPERLINK("http://attacker.example/x","Bấm vào đây")', codeNumber: '24', codeNotation: 'UBND-VX', subject: 'Thử công thức' }, { organId: '000.00.00.H41', to: [], attachments: [] });
  const raw = await documentMail({
    from: 'vanthu@ubnd.longan.test',
    to: 'vanthu@stttt.longan.test',
    messageId: '<api-reg.24@ubnd.longan.test>',
    subject: 'Công văn số 24/UBND-VX',
    pdf,
    filename: 'Công văn 24.pdf',
    extraAttachments: [{ filename: 'edxml.xml', content: edxml, contentType: 'application/xml' }],
  });
  await w.s.mailboxes.add(ADMIN, { id: 'stttt-api', agencyCode: STTTT, agencyName: '', address: 'api-reg@stttt.longan.test', host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: 'api-reg@stttt.longan.test', password: 'x' });
  const [c] = await captureBatch(w.ctx.models, w.ctx.raw, { mailboxId: 'stttt-api', agencyCode: STTTT, folder: 'INBOX', uidValidity: '1' }, [{ uid: 1, internalDate: new Date('2026-11-05T10:00:00+07:00'), source: raw }]);
  await processIngest(w.ctx, c!.id, ingestHandlers());
  const run = await registerAgency(w.ctx, STTTT);
  expect(run.registered).toHaveLength(1);
  await w.s.register.addPaper(ADMIN, SOTC, { arrival: new Date('2026-11-02T09:00:00+07:00'), organName: 'Sở Tài chính tỉnh Long An', code: '99/STC-NS', subject: 'Của Sở Tài chính' });
});

afterAll(async () => {
  await w?.close();
});

const get = (url: string, token = w.tokens.clerk) => w.call('GET', url, { token });

describe('paging', () => {
  it('walks the whole register a page at a time, newest number first, none skipped or repeated', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await get(`/api/v1/incoming?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(r.statusCode).toBe(200);
      const body = r.json() as { items: Array<{ arrivalNumber: number }>; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(7);
      seen.push(...body.items.map((e) => e.arrivalNumber));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(Array.from({ length: PAPER + 1 }, (_, i) => PAPER + 1 - i));
    expect(pages).toBe(4);
  });

  it('pages are small: a row is a line of the book, not the whole entry', async () => {
    const r = await get('/api/v1/incoming?limit=50');
    const row = (r.json().items as Array<Record<string, unknown>>).find((e) => e.arrivalNumber === 24)!;
    expect(row).not.toHaveProperty('signatures');
    expect(row).not.toHaveProperty('edits');
    expect(row).not.toHaveProperty('searchText');
    expect(r.body.length).toBeLessThan(30_000);
  });

  it('messages page newest first', async () => {
    const r = await get('/api/v1/messages?limit=1');
    expect(r.json().items).toHaveLength(1);
    expect(r.json().nextCursor).toBeNull();
  });
});

describe('search and filters', () => {
  const numbers = async (query: string) => ((await get(`/api/v1/incoming?limit=100&${query}`)).json().items as Array<{ arrivalNumber: number }>).map((e) => e.arrivalNumber).sort((a, b) => a - b);

  it('finds text without its diacritics, by number and notation, by organ and by type', async () => {
    expect(await numbers(`q=${encodeURIComponent('chu ky so chuyen dung')}`)).toEqual([7]);
    expect(await numbers(`q=${encodeURIComponent('CHỮ KÝ SỐ')}`)).toEqual([7]);
    expect(await numbers(`q=${encodeURIComponent('7/STC-NS')}`)).toEqual([7]);
    const byOrgan = await numbers(`organ=${encodeURIComponent('so tai chinh')}`);
    expect(byOrgan).toEqual(Array.from({ length: PAPER }, (_, i) => i + 1).filter((i) => i % 3 === 1));
    expect(await numbers(`type=${encodeURIComponent('quyet dinh')}`)).toEqual(Array.from({ length: PAPER }, (_, i) => i + 1).filter((i) => i % 2 === 0));
  });

  it('filters by receipt date, number and state', async () => {
    const nov3 = await numbers('from=2026-11-03&to=2026-11-03');
    expect(nov3).toEqual(Array.from({ length: PAPER }, (_, i) => i + 1).filter((i) => i % 3 === 1));
    expect(await numbers('number=12')).toEqual([12]);
    expect((await numbers('state=pending')).length).toBe(PAPER + 1);
    expect(await numbers('state=forwarded')).toEqual([]);
  });
});

describe('bad parameters', () => {
  it('answer 400 naming the parameter, never 500 or internal text', async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['GET', '/api/v1/incoming?year=abc', undefined, 'year'],
      ['GET', '/api/v1/incoming?limit=100000', undefined, 'limit'],
      ['GET', '/api/v1/incoming?urgency=gấp', undefined, 'urgency'],
      ['GET', '/api/v1/incoming?from=2026-13-45', undefined, 'from'],
      ['GET', '/api/v1/incoming?cursor=not-a-cursor', undefined, 'cursor'],
      ['GET', '/api/v1/incoming?colour=red', undefined, 'colour'],
      ['GET', '/api/v1/messages?since=yesterday', undefined, 'since'],
      ['GET', `/api/v1/incoming/${STTTT}/twenty/1`, undefined, 'year'],
      ['GET', `/api/v1/incoming/${STTTT}/2026/-1`, undefined, 'number'],
      ['PATCH', `/api/v1/incoming/${STTTT}/2026/1`, { field: '__proto__', value: 'x' }, 'field'],
      ['PATCH', `/api/v1/incoming/${STTTT}/2026/1`, { field: 'note', value: 'x', extra: 1 }, 'extra'],
      ['POST', `/api/v1/incoming/${STTTT}/paper`, { arrival: 'yesterday' }, 'arrival'],
      ['POST', '/api/v1/mailboxes', { id: 'x1', agencyCode: STTTT, address: 'a@stttt.longan.test', host: '127.0.0.1', port: 'imap', tls: 'none', user: 'a', password: 'b' }, 'port'],
      ['POST', '/api/v1/mailboxes', { id: 'x2', agencyCode: '999.99.99.Z99', address: 'b@stttt.longan.test', host: '127.0.0.1', port: 1, tls: 'none', user: 'a', password: 'b' }, 'agencyCode'],
    ];
    for (const [method, url, body, field] of cases) {
      const r = await w.call(method, url, { token: w.tokens.clerk, body });
      expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(400);
      expect(r.json(), `${method} ${url}`).toMatchObject({ code: 'INVALID_INPUT', field });
      expect(r.body).not.toMatch(/Cast to|is not a function|at .*\.ts:/);
    }
    const dateRefused = await w.call('PATCH', `/api/v1/incoming/${STTTT}/2026/1`, { token: w.tokens.clerk, body: { field: 'issuedDate', value: '2026-02-30' } });
    expect(dateRefused.statusCode).toBe(400);
    expect(dateRefused.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'value', error: 'issuedDate: "2026-02-30" is not a date (2026-02 has 28 days)' });
    for (const arrival of ['0001-01-01T00:00:00+07:00', '2999-01-01T00:00:00+07:00']) {
      const r = await w.call('POST', `/api/v1/incoming/${STTTT}/paper`, { token: w.tokens.clerk, body: { arrival } });
      expect(r.statusCode, arrival).toBe(400);
      expect(r.json(), arrival).toMatchObject({ code: 'INVALID_INPUT', field: 'arrival' });
    }
  });

  it('a body over the route’s limit is 413, an unknown route 404', async () => {
    const big = await w.call('PATCH', `/api/v1/incoming/${STTTT}/2026/1`, { token: w.tokens.clerk, body: { field: 'note', value: 'x'.repeat(40_000) } });
    expect(big.statusCode).toBe(413);
    expect((await get('/api/v1/nothing-here')).statusCode).toBe(404);
  });

  it('a second mailbox on an address already watched is refused (409), naming the address', async () => {
    const r = await w.call('POST', '/api/v1/mailboxes', { token: w.tokens.admin, body: { id: 'stttt-twice', agencyCode: STTTT, address: 'API-REG@stttt.longan.test', host: '127.0.0.1', port: cfg.stack.imapPort, tls: 'none', user: 'x', password: 'y' } });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'ALREADY_EXISTS', field: 'address' });
  });
});

describe('documents and the book', () => {
  it('serves the e-mail as received and its document unchanged, never as something a browser runs', async () => {
    const entry = (await get(`/api/v1/incoming/${STTTT}/2026/24`)).json();
    expect(entry.hasOriginal).toBe(true);
    expect(entry.attachments[0]).toMatchObject({ index: 0, filename: 'Công văn 24.pdf' });
    const eml = await get(`/api/v1/incoming/${STTTT}/2026/24/original`);
    expect(eml.statusCode).toBe(200);
    expect(eml.headers['content-type']).toBe('message/rfc822');
    expect(eml.body).toContain('Message-ID: <api-reg.24@ubnd.longan.test>');
    const file = await get(`/api/v1/incoming/${STTTT}/2026/24/files/0?inline=1`);
    expect(file.rawPayload.equals(pdf)).toBe(true);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(String(file.headers['content-security-policy'])).toContain("default-src 'none'");
    expect(String(file.headers['content-disposition'])).toContain("filename*=UTF-8''C%C3%B4ng%20v%C4%83n%2024.pdf");
    expect((await get(`/api/v1/incoming/${STTTT}/2026/24/files/5`)).statusCode).toBe(404);
    expect((await get(`/api/v1/incoming/${STTTT}/2026/1/original`)).statusCode).toBe(404); // paper
  });

  it('the CSV book neutralises a cell a spreadsheet would run', async () => {
    const csv = await get(`/api/v1/incoming/${STTTT}/2026/book?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('HYPERLINK');
    expect(csv.body).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(csv.body).toMatch(/(^|,)"?'=HYPERLINK/m);
    const json = (await get(`/api/v1/incoming/${STTTT}/2026/book`)).json();
    expect(json.rows).toHaveLength(PAPER + 1);
  });
});

describe('audit', () => {
  it('an edit is shown on the entry with who, when, before and after, and in the agency’s log', async () => {
    const r = await w.call('PATCH', `/api/v1/incoming/${STTTT}/2026/3`, { token: w.tokens.clerk, body: { field: 'recipientUnit', value: 'Phòng Công nghệ thông tin' } });
    expect(r.statusCode).toBe(200);
    const entry = (await get(`/api/v1/incoming/${STTTT}/2026/3`)).json();
    expect(entry.row.recipientUnit).toBe('Phòng Công nghệ thông tin');
    expect(entry.edits.at(-1)).toMatchObject({ field: 'recipientUnit', by: 'lan', from: null, to: 'Phòng Công nghệ thông tin' });
    expect(entry.audit[0]).toMatchObject({ actor: 'lan', role: 'clerk', via: 'token', action: 'register.edit', target: `incoming/${STTTT}/2026/3`, before: { recipientUnit: null }, after: { recipientUnit: 'Phòng Công nghệ thông tin' } });
    const log = (await get(`/api/v1/audit?agency=${STTTT}&action=register.edit`, w.tokens.reader)).json().items;
    expect(log.map((e: { target: string }) => e.target)).toContain(`incoming/${STTTT}/2026/3`);
    // The audit log has no route that changes it.
    expect(Object.keys(ROUTE_ACCESS).filter((k) => k.includes('/audit') && !k.startsWith('GET '))).toEqual([]);
  });
});

describe('OpenAPI', () => {
  it('/docs/json is a valid OpenAPI 3 document listing every API route with its security', async () => {
    const r = await w.call('GET', '/docs/json');
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    await SwaggerParser.validate(structuredClone(doc));
    expect(doc.openapi).toMatch(/^3\./);
    const listed = new Set(Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`)));
    for (const [key, access] of Object.entries(ROUTE_ACCESS)) {
      if (key.includes('/docs') || !isApiRoute(key.split(' ')[1]!)) continue;
      expect(listed, key).toContain(key);
      const [m, p] = key.split(' ') as [string, string];
      const op = doc.paths[p.replace(/:(\w+)/g, '{$1}')][m.toLowerCase()];
      if (access === 'public') expect(op.security, key).toBeUndefined();
      else expect(op.security, key).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);
    }
  });
});

describe('health', () => {
  it('/healthz is open; /readyz says MongoDB and Redis answer, and shows each mailbox only to an administrator', async () => {
    expect((await w.call('GET', '/healthz')).json()).toMatchObject({ ok: true });
    const anon = (await w.call('GET', '/readyz')).json();
    expect(anon).toMatchObject({ ready: true, mongodb: { ok: true }, redis: { ok: true } });
    expect(anon.mailboxes.total).toBeGreaterThan(0);
    expect(anon.mailboxes.list).toBeUndefined();
    await w.ctx.models.MailboxState.create({ _id: 'stttt-api', state: 'error', lastError: 'login refused: wrong user or password', lastErrorAt: new Date() });
    const admin = (await w.call('GET', '/readyz', { token: w.tokens.admin })).json();
    expect(admin.status).toBe('degraded');
    expect(admin.mailboxes.list).toContainEqual(expect.objectContaining({ id: 'stttt-api', lastError: 'login refused: wrong user or password' }));
  });
});

describe('the CLI makes people and tokens for the API', () => {
  it('a clerk token of one sandbox agency reads its own register and gets 403 on another’s; an admin token reads both', async () => {
    const run = (...args: string[]) => spawnSync('node', ['bin/vanthu.mjs', ...args], { env: { ...process.env, VANTHU_FROM_SOURCE: '1', MONGODB_URI: w.uri, VANTHU_TEST_PREFIX: w.ctx.prefix }, encoding: 'utf8' });
    expect(run('user', 'add', 'clerk-cli', '--role', 'clerk', '--agency', STTTT).status).toBe(0);
    expect(run('user', 'add', 'admin-cli', '--role', 'admin').status).toBe(0);
    const bad = run('user', 'add', 'clerk-bad', '--role', 'clerk', '--agency', '000.00.99.H41');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('agencyCode: no agency with code 000.00.99.H41');
    const clerk = JSON.parse(run('token', 'create', '--user', 'clerk-cli', '--json').stdout) as { token: string };
    const admin = JSON.parse(run('token', 'create', '--user', 'admin-cli', '--json').stdout) as { token: string };
    expect(clerk.token).toMatch(/^vt_/);
    expect((await get(`/api/v1/incoming?agency=${STTTT}`, clerk.token)).statusCode).toBe(200);
    expect((await get(`/api/v1/incoming?agency=${SOTC}`, clerk.token)).statusCode).toBe(403);
    expect((await get(`/api/v1/incoming/${SOTC}/2026/1`, clerk.token)).statusCode).toBe(403);
    expect((await get(`/api/v1/incoming?agency=${STTTT}`, admin.token)).json().items.length).toBeGreaterThan(0);
    expect((await get(`/api/v1/incoming?agency=${SOTC}`, admin.token)).json().items.length).toBe(1);
  });
});
