// A database written by the previous version: register entries without search text, two mailboxes
// on one address (the unique index cannot be built over them), agencies still in the config file.
// The service must start, and `vanthu migrate` must put it right or say what only a person can.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDb } from '../../src/store/db.js';
import { openContext, type AppContext } from '../../src/runtime/context.js';
import { createServices } from '../../src/service/index.js';
import { cliPrincipal } from '../../src/access/roles.js';
import { freshDb, freshPrefix } from '../helpers/env.js';

let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;
const errors: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'vanthu-migrate-'));

beforeAll(async () => {
  db = await freshDb();
  // As the previous version left it (written without this version's indexes).
  const old = await connectDb(db.uri);
  await old.collection('mailboxes').insertMany([
    { _id: 'stttt-1', agencyCode: '000.00.15.H41', agencyName: 'STTTT', address: 'vanthu@stttt.longan.test', host: '127.0.0.1', port: 1143, tls: 'none', user: 'x' },
    { _id: 'stttt-2', agencyCode: '000.00.15.H41', agencyName: 'STTTT', address: 'vanthu@stttt.longan.test', host: '127.0.0.1', port: 1143, tls: 'none', user: 'x' },
  ] as never[]);
  await old.collection('incoming').insertOne({ _id: 'old-1', identity: 'old-1', agencyCode: '000.00.15.H41', year: 2026, arrivalNumber: 1, source: 'paper', arrivalInstant: new Date(), arrivalSource: 'clerk', receiptTime: new Date(), receiptAdjusted: false, metadata: { organName: 'Sở Tài chính', subject: 'Về việc quyết toán năm' } } as never);
  await old.close();
  const log = pino({ level: 'error' }, { write: (l: string) => void errors.push(l) });
  ctx = await openContext({ mongodbUri: db.uri, prefix: freshPrefix(), log });
});

afterAll(async () => {
  await ctx?.close();
  await db?.drop();
});

describe('migrating a database of the previous version', () => {
  it('starts even though two mailboxes share an address, and says what to run', () => {
    expect(errors.join('')).toContain('run `vanthu migrate` to see them');
    expect(errors.join('')).toContain('mailboxes');
  });

  it('vanthu migrate backfills search text, lists the shared address, and imports the old config’s agencies', async () => {
    const oldConfig = join(dir, 'old.json');
    writeFileSync(oldConfig, JSON.stringify({ instanceId: 'x', agencies: [
      { code: '000.00.15.H41', name: 'Sở Thông tin và Truyền thông', address: 'vanthu@stttt.longan.test', dispatchAddress: 'dispatch@stttt.longan.test', requireValidSignature: true, alertTo: ['it@longan.test'] },
      { code: '000.00.07.H41', name: 'Sở Tài chính', address: 'vanthu@sotc.longan.test' },
    ] }));
    const run = (...args: string[]) => spawnSync('node', ['bin/vanthu.mjs', 'migrate', ...args, '--json'], { env: { ...process.env, VANTHU_FROM_SOURCE: '1', MONGODB_URI: db.uri, VANTHU_TEST_PREFIX: ctx.prefix }, encoding: 'utf8' });
    const dry = run('--agencies-from', oldConfig, '--dry-run');
    expect(JSON.parse(dry.stdout)).toMatchObject({ searchTextAdded: 1, agencies: { dryRun: true, added: ['000.00.15.H41', '000.00.07.H41'] } });
    expect(await ctx.models.Agency.countDocuments()).toBe(0);
    const done = run('--agencies-from', oldConfig);
    const report = JSON.parse(done.stdout);
    expect(report).toMatchObject({ searchTextAdded: 1, sharedAddresses: [{ address: 'vanthu@stttt.longan.test', mailboxes: ['stttt-1', 'stttt-2'] }] });
    expect(done.status).toBe(3); // a person must choose which mailbox to keep
    ctx.agencies.invalidate();
    expect(await ctx.agencies.get('000.00.15.H41')).toMatchObject({ requireValidSignature: true, dispatchAddress: 'dispatch@stttt.longan.test', alertTo: ['it@longan.test'] });
    const found = await createServices(ctx).register.list(cliPrincipal('cli:test'), { q: 'quyet toan' });
    expect(found.items.map((e) => e.id)).toEqual(['old-1']);
    // Run again: nothing left to do but the choice only a person can make.
    expect(JSON.parse(run().stdout)).toMatchObject({ searchTextAdded: 0, agencies: null });
  });
});
