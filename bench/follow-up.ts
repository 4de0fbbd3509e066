// Follow-up benchmark: the console's "Theo dõi xử lý" page and an entry page with its handling,
// in a fresh database on the local stack. FOLLOWUP_BENCH_N open documents with a deadline
// (default 200) for the clerk's agency and as many for another agency (the due index holds both;
// WorkflowService.open keeps the clerk's), each with a handling of four events written by the real
// HandlingStore. Each page is asked 20 times through the whole HTTP pipeline (fastify inject);
// p50/p95/max in ms.
// Run: npm run bench:follow-up (VANTHU_CONFIG for a private stack).
import { pino } from 'pino';
import { buildApi } from '../src/api/server.js';
import { cliPrincipal } from '../src/access/roles.js';
import { openContext } from '../src/runtime/context.js';
import { createServices } from '../src/service/index.js';
import { seedSandboxAgencies } from '../src/agency/sandbox.js';
import { loadConfig } from '../src/config/index.js';
import { stackUp } from '../src/stack/stack.js';
import { HandlingStore } from '../src/workflow/handling.js';

const N = Number(process.env.FOLLOWUP_BENCH_N ?? 200);
const RUNS = 20;
const AGENCY = '000.00.15.H41';
const OTHER = '000.00.07.H41';
const admin = cliPrincipal('cli:bench');
const cfg = loadConfig();
await stackUp({ quiet: true });
const dbName = `vanthu_bench_followup_${Date.now().toString(36)}`;
const ctx = await openContext({ mongodbUri: cfg.mongodbUri.replace(/\/([^/?]*)(\?|$)/, `/${dbName}$2`), prefix: `vtbf${Date.now().toString(36)}`, log: pino({ level: 'warn' }) });
await seedSandboxAgencies(ctx);
const s = createServices(ctx);
for (const code of [AGENCY, OTHER]) await s.agencies.edit(admin, code, { units: [{ code: 'KH', name: 'Phòng Kế hoạch' }, { code: 'TC', name: 'Phòng Tổ chức' }] });
await s.users.add(admin, { login: 'lan', role: 'clerk', agencyCode: AGENCY, password: 'Mật khẩu đo thử 2026' });
const store = new HandlingStore({ models: ctx.models, redis: ctx.redis, prefix: ctx.prefix });
const day = (n: number) => new Date(Date.now() + 7 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

const t0 = Date.now();
for (const code of [AGENCY, OTHER]) {
  for (let i = 0; i < N; i++) {
    const r = await s.register.addPaper(admin, code, { arrival: new Date(Date.now() - 3_600_000), organName: 'UBND tỉnh Long An', code: `${i + 1}/UBND-KT`, subject: `V/v nhiệm vụ số ${i + 1}` });
    const e = await ctx.models.Incoming.findOne({ agencyCode: code, year: r.year, arrivalNumber: r.arrivalNumber }, { _id: 1 }).lean();
    const at = new Date();
    await store.record(String(e!._id), [
      { event: 'presented', at, by: 'system', key: 'presented', detail: { to: 'gd@stttt.longan.test' } },
      { event: 'instructed', at, by: 'gd@stttt.longan.test', detail: { kind: 'assign', units: [{ code: 'KH', role: 'lead' }, { code: 'TC', role: 'support' }], deadline: day((i % 40) - 10), text: 'Chuyển P.KH chủ trì' } },
      { event: 'handedOver', at, by: 'system', detail: { code: 'KH' } },
      { event: 'received', at, by: 'kh@stttt.longan.test', detail: { code: 'KH' } },
    ], { agencyCode: code, year: r.year, arrivalNumber: r.arrivalNumber });
  }
}
const seedSeconds = (Date.now() - t0) / 1000;

const app = await buildApi(ctx);
const login = await app.inject({ method: 'POST', url: '/login', headers: { host: 'localhost', 'content-type': 'application/x-www-form-urlencoded' }, payload: `login=lan&password=${encodeURIComponent('Mật khẩu đo thử 2026')}` });
const cookie = String(login.headers['set-cookie']).split(';')[0]!;
const get = (url: string) => app.inject({ method: 'GET', url, headers: { host: 'localhost', cookie } });
const year = Number(day(0).slice(0, 4));
const results = [];
for (const [name, url] of [['follow-up list', '/follow-up'], ['an entry with its handling', `/incoming/${AGENCY}/${year}/${Math.ceil(N / 2)}`], ['dashboard (with the follow-up card)', '/']] as const) {
  const first = await get(url);
  if (first.statusCode !== 200) throw new Error(`${url}: ${first.statusCode} ${first.body.slice(0, 200)}`);
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    await get(url);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const rows = (first.body.match(/<tr[ >]/g) ?? []).length - 1;
  results.push({ name, rows, p50: ms[Math.floor(RUNS / 2)]!.toFixed(1), p95: ms[Math.floor(RUNS * 0.95) - 1]!.toFixed(1), max: ms[RUNS - 1]!.toFixed(1) });
}
await app.close();
await ctx.conn.dropDatabase();
await ctx.close();
console.log(`${N} open documents with a deadline per agency, two agencies (seeded in ${seedSeconds.toFixed(1)} s), ${RUNS} requests each`);
console.log('page'.padEnd(40), 'rows', 'p50 ms', 'p95 ms', 'max ms');
for (const r of results) console.log(r.name.padEnd(40), String(r.rows).padStart(4), r.p50.padStart(6), r.p95.padStart(6), r.max.padStart(6));
process.exit(0);
