// Low-level parsers: ASN.1 reader, PDF objects and dates, trust folder, human report.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Asn1Error, oid, parse, time } from '../../../src/signature/asn1.js';
import { parseSignedData } from '../../../src/signature/cms.js';
import { Lexer, PdfDict, PdfRef, PdfString, parseIndirectAt } from '../../../src/signature/pdf/objects.js';
import { parsePdfDate } from '../../../src/signature/pdf/locator.js';
import { PdfDocument } from '../../../src/signature/pdf/document.js';
import { classifyModifications } from '../../../src/signature/pdf/coverage.js';
import { loadTrustStore, loadTrustStoreCached, trustDir, verifyPdf } from '../../../src/signature/index.js';
import { addToTrustStore } from '../../../src/signature/trust-store.js';
import { formatReport, vnTime } from '../../../src/signature/format.js';
import { days, getPki, makeCrl, signedPdf, trust } from './fixtures.js';

describe('ASN.1 reader', () => {
  it('reads definite and BER indefinite lengths, keeping exact bytes', () => {
    // SEQUENCE (indefinite) { OID 1.2.840.113549.1.7.1, [0] (indefinite) { OCTET STRING "hi" } }
    const ber = Buffer.from('3080' + '06092a864886f70d010701' + 'a080' + '04026869' + '0000' + '0000' + 'ffff', 'hex');
    const n = parse(ber);
    expect(n.bytes.length).toBe(ber.length - 2); // trailing padding is not part of it
    expect(oid(n.children[0]!)).toBe('1.2.840.113549.1.7.1');
    expect(n.children[1]!.children[0]!.content.toString()).toBe('hi');
  });

  it('rejects truncation and absurd lengths with Asn1Error', () => {
    expect(() => parse(Buffer.from('3010020101', 'hex'))).toThrow(Asn1Error);
    expect(() => parse(Buffer.from('3085ffffffffff', 'hex'))).toThrow(Asn1Error);
    expect(() => parse(Buffer.alloc(0))).toThrow(Asn1Error);
    let deep = '';
    for (let i = 0; i < 100; i++) deep += '3080';
    expect(() => parse(Buffer.from(deep, 'hex'))).toThrow(/deep|truncated/);
  });

  it('parses UTCTime (RFC 5280 century rule) and GeneralizedTime with fractions', () => {
    const utc = (s: string) => Buffer.concat([Buffer.from([0x17, s.length]), Buffer.from(s)]);
    expect(time(parse(utc('491231235959Z'))).toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(time(parse(utc('500101000000Z'))).toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect(time(parse(Buffer.concat([Buffer.from([0x18, 21]), Buffer.from('20251124090000.5+0700')]))).toISOString()).toBe('2025-11-24T02:00:00.500Z');
  });

  it('parseSignedData refuses non-SignedData and empty input', () => {
    expect(() => parseSignedData(Buffer.alloc(0))).toThrow(/empty/);
    expect(() => parseSignedData(Buffer.from('300d06092a864886f70d010701a000', 'hex'))).toThrow(/not SignedData/);
  });
});

describe('PDF objects', () => {
  it('parses dictionaries, references, names with # escapes and strings with offsets', () => {
    const src = Buffer.from('7 0 obj\n<< /Type /Sig /A#20B 1 /R 12 0 R /Arr [1 2.5 (x\\)y) <41 42>] /Contents <0aff> >>\nendobj');
    const o = parseIndirectAt(src, 0, () => null);
    const d = o.value as PdfDict;
    expect((d.get('R') as PdfRef).num).toBe(12);
    expect(d.get('A B')).toBe(1);
    const arr = d.get('Arr') as unknown[];
    expect((arr[2] as PdfString).bytes().toString()).toBe('x)y');
    expect((arr[3] as PdfString).bytes().toString()).toBe('AB');
    const c = d.get('Contents') as PdfString;
    expect(src.toString('latin1', c.start, c.end)).toBe('<0aff>');
  });

  it('skips stream data by /Length and decodes UTF-16 text strings', () => {
    const src = Buffer.from('3 0 obj << /Length 5 >>\nstream\nab)cd\nendstream endobj <FEFF004E1EBF>');
    const o = parseIndirectAt(src, 0, (v) => (typeof v === 'number' ? v : null));
    expect(o.value).toMatchObject({ kind: 'stream' });
    const s = new Lexer(src, o.end).value() as PdfString;
    expect(s.text()).toBe('Nế');
  });

  it('bounds nesting and rejects bad hex', () => {
    expect(() => new Lexer(Buffer.from('['.repeat(200))).value()).toThrow(/deep/);
    expect(() => (new Lexer(Buffer.from('<zz>')).value() as PdfString).bytes()).toThrow(/non-hex/);
  });

  it('parses PDF dates with offsets', () => {
    expect(parsePdfDate("D:20251124090000+07'00'")?.toISOString()).toBe('2025-11-24T02:00:00.000Z');
    expect(parsePdfDate('D:2025')?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(parsePdfDate('garbage')).toBeNull();
  });
});

/** A PDF revision: objects (number → body) then an uncompressed xref stream with W [1 4 2]. */
function revision(prefix: Buffer, objects: [number, string][], compressed: [number, number, number][], prev: number | null, xnum: number): Buffer {
  const chunks: Buffer[] = [prefix];
  let pos = prefix.length;
  const rows: [number, number, number, number][] = [];
  for (const [num, body] of objects) {
    const b = Buffer.from(`${num} 0 obj\n${body}\nendobj\n`, 'latin1');
    rows.push([num, 1, pos, 0]);
    chunks.push(b);
    pos += b.length;
  }
  for (const [num, stream, index] of compressed) rows.push([num, 2, stream, index]);
  rows.push([xnum, 1, pos, 0]);
  rows.sort((a, b) => a[0] - b[0]);
  const data = Buffer.alloc(rows.length * 7);
  rows.forEach(([, t, f2, f3], i) => {
    data[i * 7] = t;
    data.writeUInt32BE(f2, i * 7 + 1);
    data.writeUInt16BE(f3, i * 7 + 5);
  });
  const dict = `<< /Type /XRef /Size ${xnum + 1} /W [1 4 2] /Index [${rows.map((r) => `${r[0]} 1`).join(' ')}] /Root 1 0 R${prev === null ? '' : ` /Prev ${prev}`} /Length ${data.length} >>`;
  chunks.push(Buffer.from(`${xnum} 0 obj\n${dict}\nstream\n`), data, Buffer.from(`\nendstream\nendobj\nstartxref\n${pos}\n%%EOF\n`));
  return Buffer.concat(chunks);
}
const objStm = (inner: string) => `<< /Type /ObjStm /N 1 /First 4 /Length ${4 + inner.length} >>\nstream\n4 0 ${inner}\nendstream`;

describe('PDF revisions', () => {
  it('an object in an object stream is read through the container of its own revision', () => {
    const v1 = revision(Buffer.from('%PDF-1.7\n'), [[1, '<< /Type /Catalog /Pages 2 0 R >>'], [2, '<< /Type /Pages /Kids [] /Count 0 >>'], [3, objStm('<< /Title (Old) >>')]], [[4, 3, 0]], null, 5);
    const v2 = revision(v1, [[3, objStm('<< /Title (New) >>')]], [], Number(/startxref\n(\d+)/.exec(v1.toString('latin1'))![1]), 6);
    const doc = new PdfDocument(v2);
    const signedRevision = PdfDocument.merge(doc.sections.slice(1));
    const title = (map?: typeof signedRevision) => ((doc.object(4, map)?.value as PdfDict).get('Title') as PdfString).text();
    expect(title(signedRevision)).toBe('Old');
    expect(title()).toBe('New');
    expect(classifyModifications(doc, v1.length).changes).toEqual(['an object stream of the signed revision was replaced (object 3)']);
  });

  it('an object stream whose /Length points back into itself does not recurse forever', () => {
    const v1 = revision(Buffer.from('%PDF-1.7\n'), [[1, '<< /Type /Catalog >>'], [3, '<< /Type /ObjStm /N 1 /First 4 /Length 4 0 R >>\nstream\n4 0 9\nendstream']], [[4, 3, 0]], null, 5);
    const doc = new PdfDocument(v1);
    expect(doc.object(4)?.value).toBe(9); // /Length unresolvable: the stream end is found by "endstream"
  });
});

describe('trust folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vanthu-trust-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const p = getPki();

  it('trustDir honours VANTHU_TRUST_DIR, defaults to config/trust', () => {
    const old = process.env.VANTHU_TRUST_DIR;
    process.env.VANTHU_TRUST_DIR = dir;
    expect(trustDir()).toBe(dir);
    delete process.env.VANTHU_TRUST_DIR;
    expect(trustDir()).toMatch(/config[/\\]trust$/);
    if (old !== undefined) process.env.VANTHU_TRUST_DIR = old;
  });

  it('adds anchors, intermediates and CRLs; loads them back; skips junk', async () => {
    const added = addToTrustStore(dir, Buffer.from(p.root.pem));
    expect(added).toMatchObject([{ kind: 'anchor', alreadyPresent: false, notes: [] }]);
    expect(addToTrustStore(dir, p.root.der)[0]!.alreadyPresent).toBe(true);
    expect(addToTrustStore(dir, p.inter.der, { intermediate: true })[0]!.kind).toBe('intermediate');
    const crl = makeCrl({ issuer: p.inter, thisUpdate: new Date(p.now.getTime() - days(1)), nextUpdate: new Date(p.now.getTime() + days(6)), revoked: [] });
    expect(addToTrustStore(dir, crl)[0]!.kind).toBe('crl');
    expect(addToTrustStore(dir, p.crls.root)[0]!.kind).toBe('crl'); // the intermediate needs its status too
    expect(() => addToTrustStore(dir, Buffer.from('junk'))).toThrow();
    writeFileSync(join(dir, 'broken.pem'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    const store = loadTrustStore(dir);
    expect([store.anchors.length, store.intermediates.length, store.crls.length, store.skipped.length]).toEqual([1, 1, 2, 1]);
    expect(readdirSync(dir).some((f) => f.startsWith('Vanthu-Test-Root-CA-'))).toBe(true);
    // The loaded store verifies a signature whose CMS lacks the intermediate.
    const pdf = await signedPdf(p, p.signer, { certs: [p.signer] });
    const r = verifyPdf(pdf, { trustAnchors: store.anchors, intermediates: store.intermediates, crls: store.crls, now: p.now });
    expect(r.signatures[0]!.indication).toBe('PASSED');
    expect(r.signatures[0]!.revocation).toEqual({ checked: true, source: 'crl' });
  });

  it('loadTrustStoreCached re-reads the folder only when its files change', () => {
    const d = mkdtempSync(join(tmpdir(), 'vanthu-trust-cache-'));
    try {
      addToTrustStore(d, p.root.der);
      const first = loadTrustStoreCached(d);
      expect(first.anchors).toHaveLength(1);
      expect(loadTrustStoreCached(d)).toBe(first); // nothing changed: the same store, not re-read
      addToTrustStore(d, p.crls.inter); // what `vanthu trust add ca.crl` does
      const second = loadTrustStoreCached(d);
      expect(second).not.toBe(first);
      expect(second.crls).toHaveLength(1);
      expect(loadTrustStoreCached(d)).toBe(second);
      writeFileSync(join(d, 'extra.pem'), p.untrustedRoot.pem);
      expect(loadTrustStoreCached(d).anchors).toHaveLength(2);
      rmSync(join(d, 'extra.pem'));
      expect(loadTrustStoreCached(d).anchors).toHaveLength(1);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('a missing folder is an empty store', () => {
    expect(loadTrustStore(join(dir, 'nope')).anchors).toEqual([]);
  });
});

describe('human report', () => {
  it('has one paragraph per signature with a Vietnamese verdict line', async () => {
    const p = getPki();
    const text = formatReport(verifyPdf(await signedPdf(p, p.vnSigner), trust(p), 'cv.pdf'));
    expect(text).toMatch(/^cv\.pdf: PDF/);
    expect(text).toMatch(/Signature 1 of 1 \(PDF signature, field "[^"]+"\): PASSED\. Signed by Nguyễn Văn A \(Văn phòng, UBND tỉnh Long An\)/);
    expect(text).toMatch(/\nKết luận: Chữ ký hợp lệ\n/);
    expect(text).toMatch(/Revocation: checked against CRLs, not revoked\./);
    expect(text).toMatch(/Kết luận chung:/);
    expect(vnTime('2025-11-24T02:00:00.000Z')).toBe('2025-11-24 09:00:00 (UTC+7)');
  });
});
