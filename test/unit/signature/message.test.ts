// `vanthu verify file.eml` reports the S/MIME signature AND every signed PDF attached, as
// ingestion checks them (issue 14): one report per part, the overall the worst, exit codes 0/3/4.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyMessage, verifyPdfAttachments } from '../../../src/signature/index.js';
import { buildCms, getBasePdf, getPki, iv, mixedWithPdfs, multipartSigned, signedPdf, trust, unsignedMessage, INNER_PART } from './fixtures.js';

const p = getPki();
const opts = trust(p);
const smimeSign = (content: Buffer) => buildCms({ signer: p.vnSigner, certs: [p.vnSigner, p.inter], content: [content], signingTime: p.now });

const good = await signedPdf(p, p.signer);
const tampered = Buffer.from(good);
tampered[tampered.indexOf('/Type /Page') + 1] = 'Y'.charCodeAt(0); // "/Yype": inside the signed range

const signedWithPdf = multipartSigned(mixedWithPdfs([{ filename: 'cong-van.pdf', content: good }]), smimeSign);
const unsignedWithPdf = unsignedMessage(mixedWithPdfs([{ filename: 'cong-van.pdf', content: good }]));
const unsignedWithTampered = unsignedMessage(mixedWithPdfs([{ filename: 'cv-sua.pdf', content: tampered }, { filename: 'cong-van.pdf', content: good }]));
const unsignedWithPlainPdf = unsignedMessage(mixedWithPdfs([{ filename: 'plain.pdf', content: await getBasePdf() }]));

describe('verifyMessage (in process)', () => {
  it('a signed message with a signed PDF: both reported, PASSED', async () => {
    const r = await verifyMessage(signedWithPdf, opts, 'm.eml');
    expect(r.signatures.map(iv)).toEqual([['PASSED', null]]);
    expect(r.attachments.map((a) => [a.file, a.format, ...iv(a.overall)])).toEqual([['cong-van.pdf', 'pdf', 'PASSED', null]]);
    expect(r.overall).toMatchObject({ indication: 'PASSED', reason: 'every signature passed (the message (S/MIME), attachment "cong-van.pdf")' });
    expect(r.overall.verdictVi).toBe('Chữ ký của thư và của 1 tệp PDF đính kèm hợp lệ');
  });

  it('an unsigned message with a signed PDF: the PDF decides', async () => {
    const r = await verifyMessage(unsignedWithPdf, opts);
    expect(r.signatures).toEqual([]);
    expect(iv(r.overall)).toEqual(['PASSED', null]);
    expect(r.attachments).toHaveLength(1);
  });

  it('a tampered attachment makes the whole FAILED, naming the file and the reason', async () => {
    const r = await verifyMessage(unsignedWithTampered, opts);
    expect(r.attachments.map((a) => [a.file, a.overall.indication])).toEqual([['cv-sua.pdf', 'FAILED'], ['cong-van.pdf', 'PASSED']]);
    expect(iv(r.overall)).toEqual(['FAILED', 'HASH_FAILURE']);
    expect(r.overall.reason).toMatch(/^attachment "cv-sua.pdf": signature 1: /);
    expect(r.overall.verdictVi).toBe('Tệp đính kèm "cv-sua.pdf": Chữ ký không hợp lệ: nội dung đã bị thay đổi sau khi ký');
  });

  it('a message without any signature and an unsigned PDF stays SIGNED_DATA_NOT_FOUND, as before', async () => {
    const r = await verifyMessage(unsignedWithPlainPdf, opts);
    expect(r.attachments).toEqual([]);
    expect(iv(r.overall)).toEqual(['INDETERMINATE', 'SIGNED_DATA_NOT_FOUND']);
  });

  it('a signed message without attachments: the report of before, with attachments: []', async () => {
    const r = await verifyMessage(multipartSigned(INNER_PART, smimeSign), opts);
    expect(r.attachments).toEqual([]);
    expect(Object.keys(r)).toEqual(['file', 'format', 'size', 'signatures', 'overall', 'attachments']);
    expect(iv(r.overall)).toEqual(['PASSED', null]);
  });

  it('ingestion and the CLI share the walk: the same attachments, the same verdicts', async () => {
    expect((await verifyPdfAttachments(unsignedWithTampered, opts)).map((a) => [a.file, ...iv(a.overall)])).toEqual([
      ['cv-sua.pdf', 'FAILED', 'HASH_FAILURE'],
      ['cong-van.pdf', 'PASSED', null],
    ]);
  });
});

describe('vanthu verify file.eml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vanthu-verify-'));
  const trustDir = join(dir, 'trust');
  mkdirSync(join(trustDir, 'crls'), { recursive: true });
  writeFileSync(join(trustDir, 'root.pem'), p.root.pem);
  writeFileSync(join(trustDir, 'crls', 'root.crl'), p.crls.root);
  writeFileSync(join(trustDir, 'crls', 'inter.crl'), p.crls.inter);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const root = join(import.meta.dirname, '../../..');
  const cli = (name: string, raw: Buffer, ...args: string[]) => {
    const file = join(dir, name);
    writeFileSync(file, raw);
    return spawnSync(process.execPath, ['bin/vanthu.mjs', 'verify', file, '--trust', trustDir, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, VANTHU_FROM_SOURCE: '1' } });
  };

  it('a signed .eml with a signed PDF attached → exit 0, the S/MIME report then the PDF', () => {
    const r = cli('signed.eml', signedWithPdf, '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { format: string; signatures: unknown[]; attachments: { file: string; overall: { indication: string } }[] };
    expect(j.format).toBe('smime');
    expect(j.signatures).toHaveLength(1);
    expect(j.attachments.map((a) => [a.file, a.overall.indication])).toEqual([['cong-van.pdf', 'PASSED']]);
  }, 60_000);

  it('an unsigned .eml with a tampered PDF → exit 4 and the reason, in text', () => {
    const r = cli('tampered.eml', unsignedWithTampered);
    expect(r.status).toBe(4);
    expect(r.stdout).toMatch(/Attachment 1 of 2: cv-sua.pdf: PDF, \d+ bytes, 1 signature\(s\)/);
    expect(r.stdout).toMatch(/Overall \(the message and 2 attached PDF\(s\)\): FAILED\/HASH_FAILURE — attachment "cv-sua.pdf": signature 1: /);
    expect(r.stdout).toMatch(/Kết luận chung: Tệp đính kèm "cv-sua.pdf": Chữ ký không hợp lệ/);
  }, 60_000);

  it('an unsigned .eml with a signed PDF → exit 0; a plain PDF keeps its report shape', () => {
    expect(cli('unsigned.eml', unsignedWithPdf).status).toBe(0);
    const pdf = cli('cv.pdf', good, '--json');
    expect(pdf.status).toBe(0);
    expect(Object.keys(JSON.parse(pdf.stdout) as object)).toEqual(['file', 'format', 'size', 'signatures', 'overall']);
  }, 60_000);
});
