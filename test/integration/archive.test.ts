// The year's handover package (Decision 36 Art. 13.3–13.4): register book, each email document as
// received, and a SHA-256 manifest; the check finds a changed, missing or extra file.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, seededContext } from '../helpers/env.js';
import { documentMail, samplePdf } from '../helpers/messages.js';
import { sendDocument } from '../../src/dispatch/send.js';
import type { AppContext } from '../../src/runtime/context.js';
import { captureBatch } from '../../src/ingest/capture.js';
import { addPaperEntry } from '../../src/register/paper.js';
import { checkArchive, writeArchive, type ArchiveManifest } from '../../src/register/archive.js';

let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;
const tmp = mkdtempSync(join(tmpdir(), 'vanthu-archive-'));
const AGENCY = '000.00.15.H41';
let raws: Buffer[];
let pdf: Buffer;

beforeAll(async () => {
  ({ db, ctx } = await seededContext());
  raws = await Promise.all([1, 2].map((i) => documentMail({ from: 'vanthu@ubnd.longan.test', to: 'vanthu@stttt.longan.test', messageId: `<arch.${i}@ubnd.longan.test>`, subject: `Công văn số ${i}/UBND-VX` })));
  // Two messages through the real capture (raw store + records), registered as 1 and 2.
  const captured = await captureBatch(ctx.models, ctx.raw, { mailboxId: 'stttt', agencyCode: AGENCY, folder: 'INBOX', uidValidity: '1' }, raws.map((r, i) => ({ uid: i + 1, internalDate: new Date('2026-03-02T02:00:00Z'), source: r })));
  for (const [i, c] of captured.entries()) {
    await ctx.models.Incoming.create({
      _id: `e${i + 1}`, identity: `arch-${i + 1}`, agencyCode: AGENCY, year: 2026, arrivalNumber: i + 1, source: 'email', messageKey: c.id, mailboxId: 'stttt',
      arrivalInstant: new Date('2026-03-02T02:00:00Z'), arrivalSource: 'internaldate', receiptTime: new Date('2026-03-02T02:00:00Z'), receiptAdjusted: false,
      metadata: { codeRaw: `${i + 1}/UBND-VX`, subject: `Về việc ${i + 1}` }, sender: 'vanthu@ubnd.longan.test',
    } as never);
  }
  await addPaperEntry(ctx, { agencyCode: AGENCY, arrival: new Date('2026-03-03T02:00:00Z'), metadata: { codeRaw: '7/STC-NS', subject: 'Giấy mời' } });
  // And one outgoing document (numbered and stored; nobody sends it in this test).
  pdf = await samplePdf();
  const sent = await sendDocument(ctx, { fromAgencyCode: AGENCY, to: ['vanthu@sotc.longan.test'], files: [{ filename: 'Công văn 01.pdf', content: pdf }], source: 'api' });
  expect(sent.ok).toBe(true);
});

afterAll(async () => {
  await ctx.queues.dispatch.obliterate({ force: true }).catch(() => undefined);
  await ctx.close();
  await db.drop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('handover package', () => {
  it('holds the book, each email document byte for byte under its number, and a manifest that checks', async () => {
    const dir = join(tmp, 'p1');
    const r = await writeArchive(ctx, AGENCY, 2026, dir);
    expect(r).toMatchObject({ entries: 3, messages: 2, outgoing: 1, problems: [] });
    expect(readFileSync(join(dir, 'messages/0001.eml')).equals(raws[0]!)).toBe(true);
    expect(readFileSync(join(dir, 'messages/0002.eml')).equals(raws[1]!)).toBe(true);
    expect(existsSync(join(dir, 'messages/0003.eml'))).toBe(false); // the paper one has no message
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ArchiveManifest;
    expect(m.entries.map((e) => [e.arrivalNumber, e.source, e.codeRaw])).toEqual([[1, 'email', '1/UBND-VX'], [2, 'email', '2/UBND-VX'], [3, 'paper', '7/STC-NS']]);
    expect(m.files.map((f) => f.path).sort()).toEqual([
      'messages/0001.eml',
      'messages/0002.eml',
      'sent/0001-1-Công_văn_01.pdf',
      'so-van-ban-den-2026.csv',
      'so-van-ban-den-2026.xlsx',
      'so-van-ban-di-2026.csv',
      'so-van-ban-di-2026.xlsx',
    ]);
    expect(readFileSync(join(dir, 'so-van-ban-den-2026.csv'), 'utf8')).toContain('Giấy mời');
    expect(readFileSync(join(dir, 'sent/0001-1-Công_văn_01.pdf')).equals(pdf)).toBe(true);
    expect(m.outgoing).toEqual([expect.objectContaining({ number: 1, files: [{ path: 'sent/0001-1-Công_văn_01.pdf', capturedSha256: expect.stringMatching(/^[0-9a-f]{64}$/) }] })]);
    expect(checkArchive(dir)).toEqual({ ok: true, files: 7, problems: [] });
    await expect(writeArchive(ctx, AGENCY, 2026, dir)).rejects.toThrow(/not empty/);
  });

  it('the check names a changed, a missing and an extra file, also from the CLI', async () => {
    const dir = join(tmp, 'p2');
    await writeArchive(ctx, AGENCY, 2026, dir);
    appendFileSync(join(dir, 'messages/0001.eml'), ' ');
    rmSync(join(dir, 'so-van-ban-den-2026.xlsx'));
    writeFileSync(join(dir, 'messages/0009.eml'), 'stray');
    const r = checkArchive(dir);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(['messages/0001.eml: changed since the package was made', 'so-van-ban-den-2026.xlsx: missing', 'messages/0009.eml: not in the manifest']);
    const cli = spawnSync('node', ['bin/vanthu.mjs', 'register', 'check-archive', dir, '--json'], { encoding: 'utf8' });
    expect(cli.status).toBe(1);
    expect(JSON.parse(cli.stdout)).toMatchObject({ ok: false, files: 7 });
    const good = join(tmp, 'p3');
    await writeArchive(ctx, AGENCY, 2026, good);
    expect(execFileSync('node', ['bin/vanthu.mjs', 'register', 'check-archive', good], { encoding: 'utf8' })).toMatch(/^sound: 7 files/);
  });

  it('reports a message whose stored bytes no longer match what was captured', async () => {
    const key = (await ctx.models.Incoming.findById('e2').lean())!.messageKey!;
    await ctx.models.Blob.updateOne({ _id: key }, { $set: { data: Buffer.from('altered') } });
    const r = await writeArchive(ctx, AGENCY, 2026, join(tmp, 'p4'));
    expect(r.problems).toEqual([expect.stringMatching(/^number 2: the stored bytes differ from those captured/)]);
    // The package itself is consistent, and the check still sees the message is not the captured one.
    expect(checkArchive(join(tmp, 'p4')).problems).toEqual(['number 2: the message is not the one captured']);
  });
});
