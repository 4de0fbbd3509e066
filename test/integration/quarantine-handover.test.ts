// A secret document that arrived by e-mail is handed over once to the offline channel, then wiped
// from the networked store, leaving a tombstone (Decision 36 Art. 6.4, 11.5): the second handover
// is a conflict naming who took it, the bytes (blob or GridFS) and the text read from them are gone,
// two concurrent handovers give one success, an unreadable hold is not handed over this way, and a
// claimed but unwiped handover (a crash) is finished later.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/access/roles.js';
import { VanthuError } from '../../src/errors.js';
import { captureBatch } from '../../src/ingest/capture.js';
import { loadRaw } from '../../src/ingest/process.js';
import { HANDOVER_GRACE_MS } from '../../src/register/handover.js';
import { apiWorld, ADMIN, SOTC, STTTT, type ApiWorld } from '../helpers/api.js';
import { documentMail } from '../helpers/messages.js';

let w: ApiWorld;
const tmp = mkdtempSync(join(tmpdir(), 'vanthu-handover-'));
const lan: Principal = { login: 'lan', role: 'clerk', agencyCode: STTTT, via: 'token' };
const minh: Principal = { login: 'minh', role: 'clerk', agencyCode: SOTC, via: 'token' };
const hoa: Principal = { login: 'hoa', role: 'reader', agencyCode: STTTT, via: 'token' };
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Stores `raws` as received by the agency's mailbox and holds each as `kind`, as ingest would. */
async function held(raws: Buffer[], kind: 'secret' | 'unreadable', uid0: number): Promise<string[]> {
  const got = await captureBatch(w.ctx.models, w.ctx.raw, { mailboxId: 'stttt-in', agencyCode: STTTT, folder: 'INBOX', uidValidity: '1' }, raws.map((r, i) => ({ uid: uid0 + i, internalDate: new Date('2026-03-02T02:00:00Z'), source: r })));
  for (const c of got) {
    const metadata = { codeRaw: '12/MẬT-UBND', organName: 'UBND tỉnh Long An', subject: 'V/v nội dung mật', secrecy: 'Mật', evidence: { subject: { text: 'V/v nội dung mật', confidence: 1, source: 'text' } } };
    await w.ctx.models.Message.updateOne(
      { _id: c.id },
      { $set: { state: 'quarantined', analysis: { metadata, sender: 'vanthu@ubnd.longan.test', senderMessageId: '<m@ubnd>', senderReferences: null, attachments: [{ filename: 'mat.pdf' }], signatures: [], decision: { action: 'quarantine', reasonVi: 'Văn bản mật', reasonEn: 'secret' }, mayAutoAnswer: true } } },
    );
    await w.ctx.models.Quarantine.create({ _id: c.id, agencyCode: STTTT, kind, reason: kind, metadata, sender: 'vanthu@ubnd.longan.test' });
  }
  return got.map((c) => c.id);
}

async function rejection(p: Promise<unknown>): Promise<VanthuError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(VanthuError);
  return err as VanthuError;
}

let small: Buffer, large: Buffer, smallId: string, largeId: string, unreadableId: string, crashedId: string, cliId: string, crashed2Id: string;

beforeAll(async () => {
  w = await apiWorld();
  const mail = (n: number, extra = '') => documentMail({ from: 'vanthu@ubnd.longan.test', to: 'vanthu@stttt.longan.test', messageId: `<secret.${n}@ubnd.longan.test>`, subject: `Văn bản mật ${n}${extra}` });
  small = await mail(1);
  // Over the inline limit (255 KiB): kept in GridFS, not in the blobs collection.
  large = Buffer.concat([await mail(2), Buffer.from('\r\n' + 'X'.repeat(300 * 1024) + '\r\n')]);
  [smallId, largeId] = (await held([small, large], 'secret', 1)) as [string, string];
  [unreadableId] = (await held([await mail(3)], 'unreadable', 3)) as [string];
  [crashedId, cliId, crashed2Id] = (await held([await mail(4), await mail(5), await mail(6)], 'secret', 4)) as [string, string, string];
});

afterAll(async () => {
  await w?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('handing a secret document over', () => {
  it('gives the original bytes once; a second call is a conflict naming who took it and when', async () => {
    expect((await w.ctx.models.Blob.findById(smallId).lean())?._id).toBe(smallId); // kept inline
    const h = await w.s.quarantine.handOver(lan, smallId, { by: 'Nguyễn Thị Lan' });
    expect(h.bytes.equals(small)).toBe(true);
    expect(h).toMatchObject({ contentType: 'message/rfc822', sha256: sha(small), by: 'Nguyễn Thị Lan' });
    expect(h.filename).toMatch(/^van-ban-mat-.+\.eml$/);
    const again = await rejection(w.s.quarantine.handOver(ADMIN, smallId));
    expect(again.code).toBe('CONFLICT');
    expect(again.httpStatus).toBe(409);
    expect(again.message).toMatch(/already handed over to Nguyễn Thị Lan at \d{4}-\d{2}-\d{2}/);
    expect(again.vi).toContain('Nguyễn Thị Lan');
    // Not wiped yet: until the taker confirms, the bytes are still there (a crash loses nothing).
    expect((await loadRaw(w.ctx, smallId)).equals(small)).toBe(true);
  });

  it('then wipes the bytes and the text read from them, leaving a tombstone with the SHA-256 and who', async () => {
    const t = await w.s.quarantine.wipe(lan, smallId);
    expect(t).toMatchObject({ id: smallId, sha256: sha(small), size: small.length, handedOverBy: 'Nguyễn Thị Lan', wiped: true });
    await expect(loadRaw(w.ctx, smallId)).rejects.toThrow(/no stored content/);
    expect(await w.ctx.models.Blob.findById(smallId).lean()).toBeNull();
    const q = (await w.ctx.models.Quarantine.findById(smallId).lean())!;
    expect(q).toMatchObject({ sha256: sha(small), handedOverBy: 'Nguyễn Thị Lan', wipedBy: expect.any(String), wipedAt: expect.any(Date), handedOverAt: expect.any(Date) });
    expect(q.metadata).toEqual({ codeRaw: '12/MẬT-UBND', organName: 'UBND tỉnh Long An', secrecy: 'Mật' });
    const m = (await w.ctx.models.Message.findById(smallId).lean())!;
    expect(JSON.stringify(m)).not.toContain('nội dung mật');
    expect(m.subject ?? null).toBeNull();
    // What the refusal to the sender still needs survives.
    expect(m.analysis).toMatchObject({ wiped: true, sender: 'vanthu@ubnd.longan.test', senderMessageId: '<m@ubnd>', decision: { action: 'quarantine' } });
    expect(m.state).toBe('quarantined');
    expect(m.stages.map((s) => s.stage)).toEqual(expect.arrayContaining(['handedOver', 'wiped']));
    // Repeating the wipe changes nothing and returns the tombstone.
    expect(await w.s.quarantine.wipe(lan, smallId)).toMatchObject({ sha256: sha(small), wipedAt: t.wipedAt });
    const audit = await w.s.audit.list(ADMIN, { target: `quarantine/${smallId}` });
    expect(audit.items.map((a) => [a.action, a.actor]).sort()).toEqual([['quarantine.handover', 'lan'], ['quarantine.wipe', 'lan']]);
  });

  it('of two concurrent handovers exactly one succeeds; the GridFS copy is gone after the wipe', async () => {
    const msg = (await w.ctx.models.Message.findById(largeId, { rawFileId: 1 }).lean())!;
    expect(msg.rawFileId).toBeTruthy();
    const results = await Promise.allSettled([w.s.quarantine.handOver(lan, largeId), w.s.quarantine.handOver(ADMIN, largeId), w.s.quarantine.handOver(lan, largeId)]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    expect((ok[0] as PromiseFulfilledResult<{ bytes: Buffer }>).value.bytes.equals(large)).toBe(true);
    for (const r of results.filter((x) => x.status === 'rejected')) expect(((r as PromiseRejectedResult).reason as VanthuError).code).toBe('CONFLICT');
    expect(await w.ctx.models.Handover.countDocuments({ _id: largeId })).toBe(1);
    await w.s.quarantine.wipe(ADMIN, largeId);
    await expect(w.ctx.raw.get(msg.rawFileId!)).rejects.toThrow();
    await expect(loadRaw(w.ctx, largeId)).rejects.toThrow();
  });

  it('is refused for an unreadable hold, before a handover, to another agency and to a reader', async () => {
    for (const call of [() => w.s.quarantine.handOver(lan, unreadableId), () => w.s.quarantine.wipe(lan, unreadableId)]) expect((await rejection(call())).code).toBe('CONFLICT');
    expect((await rejection(w.s.quarantine.wipe(lan, crashedId))).message).toMatch(/not handed over yet/);
    expect((await rejection(w.s.quarantine.handOver(minh, crashedId))).code).toBe('FORBIDDEN');
    expect((await rejection(w.s.quarantine.handOver(hoa, crashedId))).code).toBe('FORBIDDEN');
    expect((await rejection(w.s.quarantine.handOver(lan, 'stttt-in:nothing'))).code).toBe('NOT_FOUND');
    // None of these took or removed anything.
    expect(await w.ctx.models.Handover.countDocuments({ _id: { $in: [unreadableId, crashedId] } })).toBe(0);
    expect((await loadRaw(w.ctx, unreadableId)).length).toBeGreaterThan(0);
    expect((await loadRaw(w.ctx, crashedId)).length).toBeGreaterThan(0);
  });

  it('a handover whose wipe never came (the taker crashed) is wiped once its grace period is over', async () => {
    await w.s.quarantine.handOver(lan, crashedId);
    expect(await w.s.quarantine.wipePending(lan)).toEqual([]); // within the grace period: left alone
    expect((await loadRaw(w.ctx, crashedId)).length).toBeGreaterThan(0);
    await w.ctx.models.Handover.updateOne({ _id: crashedId }, { $set: { at: new Date(Date.now() - HANDOVER_GRACE_MS - 1000) } });
    // A later handover attempt says who took it, and finishes the wipe.
    expect((await rejection(w.s.quarantine.handOver(lan, crashedId))).code).toBe('CONFLICT');
    await expect(loadRaw(w.ctx, crashedId)).rejects.toThrow();
    expect((await w.ctx.models.Quarantine.findById(crashedId).lean())?.wipedAt).toBeInstanceOf(Date);
    // Or `vanthu quarantine wipe --pending` finds it.
    await w.s.quarantine.handOver(lan, crashed2Id);
    await w.ctx.models.Handover.updateOne({ _id: crashed2Id }, { $set: { at: new Date(Date.now() - HANDOVER_GRACE_MS - 1000) } });
    expect((await w.s.quarantine.wipePending(minh)).map((t) => t.id)).toEqual([]); // another agency's: not theirs to wipe
    expect((await w.s.quarantine.wipePending(ADMIN)).map((t) => t.id)).toEqual([crashed2Id]);
    await expect(loadRaw(w.ctx, crashed2Id)).rejects.toThrow();
    expect(await w.s.quarantine.wipePending(ADMIN)).toEqual([]);
  });

  it('from the CLI: writes the .eml, then wipes; a second run is refused and leaves no file', () => {
    const env = { ...process.env, VANTHU_FROM_SOURCE: '1', MONGODB_URI: w.uri, VANTHU_TEST_PREFIX: w.ctx.prefix };
    const out = join(tmp, 'mat.eml');
    const r = spawnSync('node', ['bin/vanthu.mjs', 'quarantine', 'handover', cliId, '--out', out, '--by', 'Trần Văn Minh', '--json'], { env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const bytes = readFileSync(out);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: cliId, sha256: sha(bytes), handedOverBy: 'Trần Văn Minh' });
    const second = join(tmp, 'again.eml');
    const r2 = spawnSync('node', ['bin/vanthu.mjs', 'quarantine', 'handover', cliId, '--out', second], { env, encoding: 'utf8' });
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/already handed over to Trần Văn Minh .* and wiped/);
    expect(() => readFileSync(second)).toThrow();
  });

  it('the CLI wiped what it handed over', async () => {
    await expect(loadRaw(w.ctx, cliId)).rejects.toThrow();
    expect((await w.ctx.models.Quarantine.findById(cliId).lean())?.wipedBy).toBe('Trần Văn Minh');
  });
});
