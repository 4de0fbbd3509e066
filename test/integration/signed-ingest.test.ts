// Signatures through ingest (issue 7): the report is stored with the document; an agency that
// requires valid signatures refuses a tampered one and one whose revocation cannot be checked
// (StatusCode 02, the reason naming the file and the cause), unless it accepts unchecked
// revocation; `vanthu verify` says the same with its exit code. The PKI and the signed PDFs are
// made by the signature tests' own fixtures, against a trust folder written here.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, setAgency, seededContext } from '../helpers/env.js';
import { documentMail } from '../helpers/messages.js';
import { getPki, signedPdf } from '../unit/signature/fixtures.js';
import type { AppContext } from '../../src/runtime/context.js';
import { classifyMessageSync } from '../../src/mail/classify/index.js';
import { analyseDocument, type Analysis } from '../../src/register/analyse.js';
import { registerAgency } from '../../src/register/registrar.js';
import { ackJobId } from '../../src/ingest/jobs.js';

const A = '000.00.07.H41';
const p = getPki();
let db: Awaited<ReturnType<typeof freshDb>>;
let ctx: AppContext;
let trustDir: string;
let good: Buffer;
let seq = 0;

beforeAll(async () => {
  ({ db, ctx } = await seededContext());
  trustDir = mkdtempSync(join(tmpdir(), 'vanthu-trust-'));
  mkdirSync(join(trustDir, 'crls'));
  writeFileSync(join(trustDir, 'root.pem'), p.root.pem);
  writeFileSync(join(trustDir, 'crls', 'root.crl'), p.crls.root);
  writeFileSync(join(trustDir, 'crls', 'inter.crl'), p.crls.inter);
  process.env.VANTHU_TRUST_DIR = trustDir;
  await setAgency(ctx, A, { requireValidSignature: true });
  good = await signedPdf(p, p.signer);
});

afterAll(async () => {
  delete process.env.VANTHU_TRUST_DIR;
  rmSync(trustDir, { recursive: true, force: true });
  for (const q of [ctx.queues.register, ctx.queues.ack]) await q.obliterate({ force: true }).catch(() => undefined);
  await ctx.close();
  await db.drop();
});

async function arrive(pdf: Buffer, filename: string) {
  seq += 1;
  const key = `signed-${seq}`;
  const raw = await documentMail({ from: 'vanthu@ubnd.longan.test', to: 'vanthu@sotc.longan.test', messageId: `<${key}@ubnd.longan.test>`, pdf, filename });
  await ctx.models.Message.create({ _id: key, mailboxId: 'mb-signed', agencyCode: A, folder: 'INBOX', uidValidity: '1', uid: seq, seq, sha256: key, size: raw.length, internalDate: new Date(), state: 'classified', stages: [] });
  const outcome = await analyseDocument(ctx, key, raw, classifyMessageSync(raw, { ourAddresses: [] }));
  const analysis = (await ctx.models.Message.findById(key).lean())!.analysis as unknown as Analysis;
  return { key, outcome, analysis, reason: analysis.decision.action === 'register' ? null : analysis.decision.reasonVi };
}

describe('signed documents through ingest', () => {
  it('a valid signature is registered, with its report (signer, time, chain) kept in the register', async () => {
    const r = await arrive(good, 'cv-hop-le.pdf');
    expect(r.outcome).toBe('ready');
    await registerAgency(ctx, A);
    const entry = (await ctx.models.Incoming.findOne({ messageKey: r.key }).lean())!;
    const stored = entry.signatures as Analysis['signatures'];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.file).toBe('cv-hop-le.pdf');
    expect(stored[0]!.overall.indication).toBe('PASSED');
    const sig = stored[0]!.signatures[0]!;
    expect(sig.signer?.commonName).toBe('Test Signer');
    expect(sig.revocation).toEqual({ checked: true, source: 'crl' });
    expect(sig.chain?.length).toBeGreaterThanOrEqual(2);
  });

  it('a byte changed inside the signed range is refused with a 02 naming the file and HASH_FAILURE', async () => {
    const tampered = Buffer.from(good);
    const at = tampered.indexOf('/Type /Page');
    tampered[at + 1] = 'Y'.charCodeAt(0); // "/Yype": inside the first signed range
    const r = await arrive(tampered, 'cv-sua.pdf');
    expect(r.outcome).toBe('refused');
    expect(r.reason).toMatch(/^chữ ký số không hợp lệ .*\(cv-sua\.pdf: HASH_FAILURE\)/);
    expect(await ctx.queues.ack.getJob(ackJobId(`refusal:${r.key}`))).toBeTruthy();
    expect(await ctx.models.Incoming.countDocuments({ messageKey: r.key })).toBe(0);
  });

  it('without a current CRL the signature is INDETERMINATE: refused where valid signatures are required, unless unchecked revocation is accepted', async () => {
    rmSync(join(trustDir, 'crls'), { recursive: true });
    const refused = await arrive(good, 'cv-chua-kiem-tra.pdf');
    expect(refused.analysis.signatures[0]!.overall).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    expect(refused.outcome).toBe('refused');
    expect(refused.reason).toContain('cv-chua-kiem-tra.pdf: TRY_LATER (INDETERMINATE)');
    await setAgency(ctx, A, { acceptUncheckedRevocation: true });
    const accepted = await arrive(good, 'cv-chua-kiem-tra.pdf');
    expect(accepted.outcome).toBe('ready');
    expect(accepted.analysis.signatures[0]!.signatures[0]!.revocation.checked).toBe(false);

    // The CLI gives the same verdicts, by exit code.
    const file = join(trustDir, 'cv.pdf');
    writeFileSync(file, good);
    const cli = (...args: string[]) => spawnSync('node', ['bin/vanthu.mjs', 'verify', file, '--trust', trustDir, '--json', ...args], { encoding: 'utf8' });
    const strict = cli();
    expect(strict.status).toBe(3);
    expect(JSON.parse(strict.stdout).overall.subIndication).toBe('TRY_LATER');
    expect(cli('--accept-unchecked-revocation').status).toBe(0);
  });
});
