// The year's handover package (Decision 36 Art. 13) as one zip download through the service: the
// agency's clerk or an administrator makes it; unzipped, it is a package that checks; the
// temporary folder is gone afterwards.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/access/roles.js';
import { VanthuError } from '../../src/errors.js';
import { captureBatch } from '../../src/ingest/capture.js';
import { sendDocument } from '../../src/dispatch/send.js';
import { checkArchive } from '../../src/register/archive.js';
import { apiWorld, ADMIN, SOTC, STTTT, type ApiWorld } from '../helpers/api.js';
import { documentMail, samplePdf } from '../helpers/messages.js';

let w: ApiWorld;
const tmp = mkdtempSync(join(tmpdir(), 'vanthu-zip-test-'));
const lan: Principal = { login: 'lan', role: 'clerk', agencyCode: STTTT, via: 'token' };
const hoa: Principal = { login: 'hoa', role: 'reader', agencyCode: STTTT, via: 'token' };
const minh: Principal = { login: 'minh', role: 'clerk', agencyCode: SOTC, via: 'token' };
let raw: Buffer;

const packagesInTmp = () => readdirSync(tmpdir()).filter((n) => n.startsWith('vanthu-archive-'));

async function fails(p: Promise<unknown>): Promise<VanthuError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(VanthuError);
  return err as VanthuError;
}

beforeAll(async () => {
  w = await apiWorld();
  raw = await documentMail({ from: 'vanthu@ubnd.longan.test', to: 'vanthu@stttt.longan.test', messageId: '<zip.1@ubnd.longan.test>', subject: 'Công văn số 1/UBND-VX' });
  const [c] = await captureBatch(w.ctx.models, w.ctx.raw, { mailboxId: 'stttt', agencyCode: STTTT, folder: 'INBOX', uidValidity: '1' }, [{ uid: 1, internalDate: new Date('2026-03-02T02:00:00Z'), source: raw }]);
  await w.ctx.models.Incoming.create({
    _id: 'z1', identity: 'zip-1', agencyCode: STTTT, year: 2026, arrivalNumber: 1, source: 'email', messageKey: c!.id, mailboxId: 'stttt',
    arrivalInstant: new Date('2026-03-02T02:00:00Z'), arrivalSource: 'internaldate', receiptTime: new Date('2026-03-02T02:00:00Z'), receiptAdjusted: false,
    metadata: { codeRaw: '1/UBND-VX', subject: 'Về việc 1' }, sender: 'vanthu@ubnd.longan.test',
  } as never);
  await w.s.register.addPaper(lan, STTTT, { arrival: new Date('2026-03-03T09:00:00+07:00'), organName: 'Sở Tài chính', code: '7/STC-NS', subject: 'Giấy mời' });
  const sent = await sendDocument(w.ctx, { fromAgencyCode: STTTT, to: ['vanthu@sotc.longan.test'], files: [{ filename: 'Công văn 01.pdf', content: await samplePdf() }], source: 'api' });
  expect(sent.ok).toBe(true);
});

afterAll(async () => {
  await w?.ctx.queues.dispatch.obliterate({ force: true }).catch(() => undefined);
  await w?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the handover package as a zip', () => {
  it('the agency’s clerk downloads it; unzipped it holds the manifest and the books and checks sound', async () => {
    const before = packagesInTmp();
    const z = await w.s.register.archiveZip(lan, STTTT, 2026);
    expect(z).toMatchObject({ filename: `nop-luu-${STTTT}-2026.zip`, contentType: 'application/zip', entries: 2, messages: 1, outgoing: 1, problems: [] });
    expect(packagesInTmp()).toEqual(before); // its temporary folder is removed
    const zip = await JSZip.loadAsync(z.bytes);
    const names = Object.values(zip.files).filter((f) => !f.dir).map((f) => f.name).sort();
    expect(names).toEqual(['manifest.json', 'messages/0001.eml', 'sent/0001-1-Công_văn_01.pdf', 'so-van-ban-den-2026.csv', 'so-van-ban-den-2026.xlsx', 'so-van-ban-di-2026.csv', 'so-van-ban-di-2026.xlsx']);
    const dir = join(tmp, 'unzipped');
    for (const name of names) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), await zip.file(name)!.async('nodebuffer'));
    }
    expect(checkArchive(dir)).toEqual({ ok: true, files: 6, problems: [] });
    expect(readFileSync(join(dir, 'messages/0001.eml')).equals(raw)).toBe(true);
    expect(readFileSync(join(dir, 'so-van-ban-den-2026.csv'), 'utf8')).toContain('Giấy mời');
    const audit = await w.s.audit.list(ADMIN, { target: `archive/${STTTT}/2026` });
    expect(audit.items[0]).toMatchObject({ action: 'register.archive', actor: 'lan', after: { zip: true, entries: 2, problems: 0 } });
  });

  it('an administrator may make it too; another agency’s clerk and a reader may not', async () => {
    expect((await w.s.register.archiveZip(ADMIN, STTTT, 2026)).entries).toBe(2);
    expect((await fails(w.s.register.archiveZip(minh, STTTT, 2026))).code).toBe('FORBIDDEN');
    expect((await fails(w.s.register.archiveZip(hoa, STTTT, 2026))).code).toBe('FORBIDDEN');
    expect((await fails(w.s.register.archiveZip(ADMIN, '999.99.99.H41', 2026))).code).toBe('NOT_FOUND');
  });

  it('the package written into a folder follows the same rule: the agency’s clerk, not another agency’s', async () => {
    const r = await w.s.register.archive(lan, STTTT, 2026, join(tmp, 'folder'));
    expect(r).toMatchObject({ entries: 2, problems: [] });
    expect((await fails(w.s.register.archive(minh, STTTT, 2026, join(tmp, 'other')))).code).toBe('FORBIDDEN');
  });
});
