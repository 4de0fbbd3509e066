// Console benchmark: a register of 10,000 entries (default; CONSOLE_BENCH_N for another size) in
// a fresh database on the local stack, and the time for the server to answer a clerk's register
// page (50 rows in the Decree 30 columns): the first page, a page deep in the year (by cursor), a
// search without diacritics, a filter by organ, and one entry's page. Each is asked 20 times
// through the whole HTTP pipeline (fastify inject: routing, session, permission map, service,
// query, template); p50/p95/max in ms. The browser's own rendering of a 50-row table is not
// included (a few ms on any PC).
// Run: npm run bench:console   -> prints a table and writes bench/out/console.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { pino } from 'pino';
import { buildApi } from '../src/api/server.js';
import { cliPrincipal } from '../src/access/roles.js';
import { openContext } from '../src/runtime/context.js';
import { createServices } from '../src/service/index.js';
import { searchTextOf } from '../src/register/search.js';
import { encodeCursor } from '../src/store/paging.js';
import { rebuildListing } from '../src/register/listing.js';
import { seedSandboxAgencies } from '../src/agency/sandbox.js';
import { loadConfig } from '../src/config/index.js';
import { stackUp } from '../src/stack/stack.js';

const N = Number(process.env.CONSOLE_BENCH_N ?? 10_000);
const RUNS = 20;
const AGENCY = '000.00.15.H41';
const cfg = loadConfig();
await stackUp({ quiet: true });
const dbName = `vanthu_bench_console_${Date.now().toString(36)}`;
const uri = cfg.mongodbUri.replace(/\/([^/?]*)(\?|$)/, `/${dbName}$2`);
const ctx = await openContext({ mongodbUri: uri, prefix: `vtbc${Date.now().toString(36)}`, log: pino({ level: 'warn' }) });
await seedSandboxAgencies(ctx);
const s = createServices(ctx);
await s.users.add(cliPrincipal('cli:bench'), { login: 'lan', role: 'clerk', agencyCode: AGENCY, password: 'Mật khẩu đo thử 2026' });

const organs = ['Ủy ban nhân dân tỉnh Long An', 'Sở Tài chính tỉnh Long An', 'Bộ Thông tin và Truyền thông', 'Văn phòng Chính phủ', 'Sở Nội vụ tỉnh Long An', 'Ủy ban nhân dân huyện Đức Hòa'];
const types = ['Công văn', 'Quyết định', 'Thông báo', 'Kế hoạch', 'Giấy mời', 'Báo cáo'];
const t0 = Date.now();
const start = Date.UTC(2026, 0, 2, 1);
for (let i = 0; i < N; i += 1000) {
  const batch = [];
  for (let n = i + 1; n <= Math.min(N, i + 1000); n++) {
    const at = new Date(start + n * 45 * 60_000);
    const metadata = { organName: organs[n % organs.length], codeNumber: String(n), codeNotation: n % 2 ? 'UBND-VX' : 'STC-NS', codeRaw: `${n}/${n % 2 ? 'UBND-VX' : 'STC-NS'}`, typeName: types[n % types.length], subject: `V/v triển khai nhiệm vụ số ${n} về chuyển đổi số và cải cách hành chính`, issuedDate: '2026-01-02', urgency: n % 50 === 0 ? 'Khẩn' : null };
    batch.push({ _id: `bench-${n}`, identity: `bench-${n}`, agencyCode: AGENCY, year: 2026, arrivalNumber: n, source: 'email', arrivalInstant: at, arrivalSource: 'internaldate', receiptTime: at, receiptAdjusted: false, metadata, sender: 'vanthu@ubnd.longan.test', ack: { state: 'sent' }, searchText: searchTextOf({ metadata, sender: 'vanthu@ubnd.longan.test' }) });
  }
  await ctx.models.Incoming.insertMany(batch as never[], { ordered: false });
}
await rebuildListing(ctx.models); // the listing rows, as registration writes them
const seedSeconds = (Date.now() - t0) / 1000;

const app = await buildApi(ctx);
const login = await app.inject({ method: 'POST', url: '/login', headers: { host: 'localhost', 'content-type': 'application/x-www-form-urlencoded' }, payload: `login=lan&password=${encodeURIComponent('Mật khẩu đo thử 2026')}` });
const cookie = String(login.headers['set-cookie']).split(';')[0]!;
const get = (url: string) => app.inject({ method: 'GET', url, headers: { host: 'localhost', cookie } });

// A cursor half-way through the year, as "Trang sau" would give after ~100 pages.
const deep = encodeCursor([2026, Math.floor(N / 2)]); // the register's order: (year, number), newest first
const scenarios: Array<[string, string]> = [
  ['first page (50 newest)', '/incoming'],
  ['a page half-way through the year (cursor)', `/incoming?cursor=${encodeURIComponent(deep)}`],
  ['search without diacritics ("chuyen doi so" + number)', `/incoming?q=${encodeURIComponent('nhiem vu so 4321')}`],
  ['filter by organ ("so tai chinh")', `/incoming?organ=${encodeURIComponent('so tai chinh')}`],
  ['one entry', `/incoming/${AGENCY}/2026/${Math.floor(N / 3)}`],
];
const results = [];
for (const [name, url] of scenarios) {
  const first = await get(url);
  if (first.statusCode !== 200) throw new Error(`${url}: ${first.statusCode} ${first.body.slice(0, 200)}`);
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    const r = await get(url);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode}`);
  }
  ms.sort((a, b) => a - b);
  const rows = (first.body.match(/<tr>/g) ?? []).length - 1;
  results.push({ scenario: name, url, rows, bytes: first.body.length, p50: +ms[Math.floor(RUNS / 2)]!.toFixed(1), p95: +ms[Math.floor(RUNS * 0.95) - 1]!.toFixed(1), max: +ms[RUNS - 1]!.toFixed(1) });
}
await app.close();
await ctx.conn.dropDatabase();
await ctx.close();

console.log(`register of ${N} entries (seeded in ${seedSeconds.toFixed(1)} s), database ${cfg.mongodbUri.startsWith('mongodb://127.0.0.1:27117') ? 'FerretDB (local stack)' : 'MONGODB_URI'}, ${RUNS} requests each`);
console.log('scenario'.padEnd(52), 'rows', 'p50 ms', 'p95 ms', 'max ms');
for (const r of results) console.log(r.scenario.padEnd(52), String(r.rows).padStart(4), String(r.p50).padStart(6), String(r.p95).padStart(6), String(r.max).padStart(6));
const out = join(dirname(fileURLToPath(import.meta.url)), 'out');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'console.json'), JSON.stringify({ date: new Date().toISOString(), entries: N, runs: RUNS, cpus: cpus().length, node: process.version, results }, null, 2) + '\n');
console.log(`written ${join(out, 'console.json')}`);
process.exit(0);
