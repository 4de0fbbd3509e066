import { describe, it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEdxml, emptyMetadata, extractFromEmail, fromMailSubject, secrecyPolicy, loadPolicyConfig } from '../../../src/extract/index.js';
import { corpus } from '../../corpus/extract/generate.js';
import { renderDocx, renderPdf } from '../../corpus/extract/render-files.js';
import { encode1258 } from '../../corpus/extract/render-text.js';

const run = promisify(execFile);

function mime(subject: string, parts: Array<{ type: string; name?: string; data: Uint8Array | string }>): Buffer {
  const B = 'b0undary';
  const body = parts
    .map((p) => {
      const data = typeof p.data === 'string' ? Buffer.from(p.data, 'utf8') : Buffer.from(p.data);
      const disp = p.name ? `Content-Disposition: attachment; filename="${p.name}"\r\n` : '';
      return `--${B}\r\nContent-Type: ${p.type}${p.name ? `; name="${p.name}"` : ''}\r\n${disp}Content-Transfer-Encoding: base64\r\n\r\n${data.toString('base64')}\r\n`;
    })
    .join('');
  return Buffer.from(
    `From: a@b.vn\r\nTo: c@d.vn\r\nSubject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${B}"\r\n\r\n${body}--${B}--\r\n`,
  );
}

describe('e-mail', () => {
  const docs = corpus();
  const pdfDoc = docs.find((d) => d.format === 'pdf' && d.label.secrecy === null)!;

  it('lets an edXML envelope win over the attached document text', async () => {
    const { bytes } = await renderPdf(pdfDoc);
    const envelope = { ...emptyMetadata(), codeNumber: '999', codeNotation: 'KH-ENVELOPE', typeName: 'Kế hoạch', subject: 'Theo phong bì' };
    const raw = mime('Văn bản', [
      { type: 'text/plain; charset=utf-8', data: 'Gửi kèm văn bản.' },
      { type: 'application/pdf', name: 'vb.pdf', data: bytes },
      { type: 'application/xml', name: 'envelope.edxml', data: buildEdxml(envelope) },
    ]);
    const r = await extractFromEmail(raw);
    expect(r.edxml).toBe(true);
    expect(r.source).toBe('edxml');
    expect(r.metadata).toMatchObject({ codeNumber: '999', codeNotation: 'KH-ENVELOPE', subject: 'Theo phong bì' });
    // Fields the envelope lacks come from the attachment.
    expect(r.metadata.organName).toBe(pdfDoc.label.organName);
    expect(r.metadata.evidence.codeNumber?.source).toBe('edxml');
    expect(r.attachments).toHaveLength(1);
  });

  it('does not parse an oversized edXML envelope on the caller\'s thread; the document is still read', async () => {
    const { bytes } = await renderPdf(pdfDoc);
    const envelope = buildEdxml({ ...emptyMetadata(), codeNumber: '999', codeNotation: 'KH-ENVELOPE' });
    const padded = envelope.replace('</edXML:MessageHeader>', `<edXML:OtherInfo>${'x'.repeat(3 * 1024 * 1024)}</edXML:OtherInfo></edXML:MessageHeader>`);
    expect(padded.length).toBeGreaterThan(3 * 1024 * 1024);
    const r = await extractFromEmail(
      mime('Văn bản', [
        { type: 'application/pdf', name: 'vb.pdf', data: bytes },
        { type: 'application/xml', name: 'envelope.edxml', data: padded },
      ]),
    );
    expect(r.edxml).toBe(false);
    expect(r.attachments.map((a) => a.error?.code ?? null)).toEqual([null, 'TOO_LARGE']);
    expect(r.metadata.codeNumber).toBe(pdfDoc.label.codeNumber);
  });

  it('counts an edXML envelope that does not parse as a file left unread: the secrecy is unchecked, the document still read', async () => {
    const { bytes } = await renderPdf(pdfDoc);
    // A file cut off before its MessageHeader (a transfer broken in the middle).
    const whole = buildEdxml({ ...emptyMetadata(), codeNumber: '999' });
    const broken = whole.slice(0, whole.indexOf('MessageHeader') - 7);
    expect(broken).toContain('QCVN_102_2016');
    const r = await extractFromEmail(
      mime('Văn bản', [
        { type: 'application/pdf', name: 'vb.pdf', data: bytes },
        { type: 'application/xml', name: 'envelope.edxml', data: broken },
      ]),
    );
    expect(r.edxml).toBe(false);
    expect(r.attachments.map((a) => a.error?.code ?? null)).toEqual([null, 'CORRUPT']);
    expect(r.secrecyUnchecked).toMatchObject({ code: 'CORRUPT', filename: 'envelope.edxml' });
    expect(r.metadata.codeNumber).toBe(pdfDoc.label.codeNumber);
  });

  it('takes the strongest secrecy stamp of any attachment, and the policy refuses it', async () => {
    const secret = docs.find((d) => d.label.secrecy === 'Mật' && d.format !== 'txt')!;
    const raw = mime('Hai văn bản', [
      { type: 'application/pdf', name: 'a.pdf', data: (await renderPdf(pdfDoc)).bytes },
      { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', name: 'b.docx', data: await renderDocx(secret) },
    ]);
    const r = await extractFromEmail(raw);
    expect(r.metadata.secrecy).toBe('Mật');
    expect(secrecyPolicy(r.metadata, loadPolicyConfig()).allowed).toBe(false);
  });

  it('falls back to the subject and body, and reports a message with nothing to read', async () => {
    const r = await extractFromEmail(mime('Công văn số 15/UBND-VX ngày 18/4/2024 V/v tổ chức Tết Trung thu', [{ type: 'text/plain; charset=utf-8', data: 'Kính gửi anh chị.' }]));
    expect(r.source).toBe('message');
    expect(r.metadata).toMatchObject({ codeNumber: '15', codeNotation: 'UBND-VX', typeName: 'Công văn', issuedDate: '2024-04-18', subject: 'V/v tổ chức Tết Trung thu' });
    const none = await extractFromEmail(mime('Chào', [{ type: 'text/plain; charset=utf-8', data: 'Hẹn gặp lại.' }]));
    expect(none.error?.code).toBe('NO_DOCUMENT');
    expect(fromMailSubject('Re: lịch họp').codeNumber).toBeNull();
  });

  it('decodes a raw windows-1258 subject header', async () => {
    const head = Buffer.concat([Buffer.from('From: a@b.vn\r\nSubject: '), encode1258('Công văn số 15/UBND-VX V/v tổ chức Tết Trung thu'), Buffer.from('\r\nContent-Type: text/plain; charset=windows-1258\r\n\r\n')]);
    const r = await extractFromEmail(Buffer.concat([head, encode1258('Kính gửi: Sở Thông tin và Truyền thông.\r\n')]));
    expect(r.messageSubject).toBe('Công văn số 15/UBND-VX V/v tổ chức Tết Trung thu');
    expect(r.metadata.subject).toBe('V/v tổ chức Tết Trung thu');
  });
});

describe('e-mail: secrecy is decided on what was read', () => {
  const docs = corpus();
  const pdfDoc = docs.find((d) => d.format === 'pdf' && d.label.secrecy === null)!;
  const body = 'UBND TỈNH LONG AN\nSỞ TÀI CHÍNH\nSố: 210/STC-NS\nV/v bố trí kinh phí chuyển đổi số năm 2024\nKính gửi: Sở Thông tin và Truyền thông.\n';
  const corruptPdf = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n'), Buffer.alloc(2048, 0x41)]);

  it('a damaged PDF beside a body that reads "Số: …": the fields come from the body, secrecy is unknown', async () => {
    const r = await extractFromEmail(mime('Công văn 210/STC-NS', [
      { type: 'text/plain; charset=utf-8', data: body },
      { type: 'application/pdf', name: 'cong-van.pdf', data: corruptPdf },
    ]));
    expect(r.error).toBeNull();
    expect(r.metadata).toMatchObject({ codeNumber: '210', codeNotation: 'STC-NS', secrecy: null });
    expect(r.attachments.map((a) => a.error?.code)).toEqual([expect.stringMatching(/CORRUPT|NOT_A_PDF/)]);
    expect(r.secrecyUnchecked).toMatchObject({ filename: 'cong-van.pdf', code: r.attachments[0]!.error!.code });
  });

  it('one unread file among read ones still leaves secrecy unknown; every file read leaves it known', async () => {
    const { bytes } = await renderPdf(pdfDoc);
    const read = await extractFromEmail(mime('Văn bản', [{ type: 'application/pdf', name: 'a.pdf', data: bytes }]));
    expect(read.secrecyUnchecked).toBeNull();
    const mixed = await extractFromEmail(mime('Văn bản', [
      { type: 'application/pdf', name: 'a.pdf', data: bytes },
      { type: 'application/pdf', name: 'phu-luc.pdf', data: corruptPdf },
    ]));
    expect(mixed.metadata.codeNumber).toBe(pdfDoc.label.codeNumber);
    expect(mixed.secrecyUnchecked?.filename).toBe('phu-luc.pdf');
    // A document format without a reader (a spreadsheet annex) is not checked either.
    const sheet = await extractFromEmail(mime('Văn bản', [
      { type: 'application/pdf', name: 'a.pdf', data: bytes },
      { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', name: 'phu-luc.xlsx', data: 'PK\u0003\u0004' },
    ]));
    expect(sheet.secrecyUnchecked).toMatchObject({ filename: 'phu-luc.xlsx', code: 'UNSUPPORTED_FORMAT' });
    // A whole message that could not be read: its error is the reason.
    const none = await extractFromEmail(mime('Văn bản', [{ type: 'application/pdf', name: 'scan.pdf', data: corruptPdf }]));
    expect(none.error).not.toBeNull();
    expect(none.secrecyUnchecked).toMatchObject({ code: none.error!.code, filename: 'scan.pdf' });
  });

  it('opens a forwarded message: its secret attachment counts, its damaged one leaves secrecy unknown', async () => {
    const secret = docs.find((d) => d.label.secrecy === 'Mật' && d.format !== 'txt')!;
    const inner = (parts: Parameters<typeof mime>[1]) => mime('Fw: văn bản', parts).toString('latin1');
    const forward = (innerRaw: string) =>
      Buffer.from(
        `From: a@b.vn\r\nTo: c@d.vn\r\nSubject: Fw\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="outer"\r\n\r\n--outer\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nChuyển tiếp.\r\n--outer\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename="fw.eml"\r\n\r\n${innerRaw}\r\n--outer--\r\n`,
        'latin1',
      );
    const marked = await extractFromEmail(forward(inner([{ type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', name: 'mat.docx', data: await renderDocx(secret) }])));
    expect(marked.metadata.secrecy).toBe('Mật');
    expect(secrecyPolicy(marked.metadata, loadPolicyConfig()).allowed).toBe(false);
    const damaged = await extractFromEmail(forward(inner([{ type: 'application/pdf', name: 'hong.pdf', data: corruptPdf }])));
    expect(damaged.secrecyUnchecked?.filename).toBe('hong.pdf');
  });

  it('repairs a body declared UTF-8 but written in windows-1258, as the subject is; the motto is not the organ', async () => {
    const text = 'UBND TỈNH LONG AN\r\nSỞ TÀI CHÍNH\r\nSố: 210/STC-NS\r\nV/v bố trí kinh phí chuyển đổi số\r\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\r\nĐộc lập - Tự do - Hạnh phúc\r\nLong An, ngày 12 tháng 3 năm 2024\r\nKính gửi: Sở Thông tin và Truyền thông.\r\n';
    const head = Buffer.concat([Buffer.from('From: a@b.vn\r\nSubject: '), encode1258('Công văn số 210/STC-NS'), Buffer.from('\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n')]);
    const r = await extractFromEmail(Buffer.concat([head, encode1258(text)]));
    expect(r.metadata).toMatchObject({
      organName: 'SỞ TÀI CHÍNH',
      parentOrganName: 'UBND TỈNH LONG AN',
      subject: 'V/v bố trí kinh phí chuyển đổi số',
      issuedDate: '2024-03-12',
      place: 'Long An',
    });
    expect(JSON.stringify(r.metadata)).not.toContain('\uFFFD');
  });
});

describe('vanthu extract (CLI)', () => {
  it('prints JSON with metadata, error and policy, and exits 3 on unreadable input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vanthu-cli-'));
    try {
      const ok = await run('node', ['bin/vanthu.mjs', 'extract', 'test/corpus/extract/seed/quyet-dinh-36-2013-QD-UBND-long-an.txt', '--json'], { env: { ...process.env, VANTHU_FROM_SOURCE: '1' } });
      const out = JSON.parse(ok.stdout) as { metadata: { codeNumber: string; codeNotation: string }; error: null; policy: { allowed: boolean } };
      expect(out.metadata.codeNumber).toBe('36');
      expect(out.metadata.codeNotation).toBe('2013/QĐ-UBND');
      expect(out.error).toBeNull();
      expect(out.policy.allowed).toBe(true);
      const fake = join(dir, 'fake.pdf');
      await writeFile(fake, 'not a pdf');
      const bad = await run('node', ['bin/vanthu.mjs', 'extract', fake, '--json'], { env: { ...process.env, VANTHU_FROM_SOURCE: '1' } }).catch((e: { code: number; stdout: string }) => e);
      expect((bad as { code: number }).code).toBe(3);
      expect(JSON.parse((bad as { stdout: string }).stdout).error.code).toBe('NOT_A_PDF');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
