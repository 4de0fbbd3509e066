// Online revocation (issue 14): certificates without evidence get it from their OCSP responder
// (authorityInfoAccess) or CRL distribution point, fetched with a time limit and a size limit, and
// cached. A real HTTP responder on 127.0.0.1, started here, answers with data of the test PKI.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate, verifyFileOnline, onlineRevocationSettings, type OnlineRevocationSettings } from '../../../src/signature/index.js';
import { makeOcspResponse, ocspError, requestedSerials } from './helpers/ocsp.js';
import { days, getPki, iv, makeCert, makeCrl, signedPdf, trust, type TestCert } from './fixtures.js';

const p = getPki();
const ago = (d: number) => new Date(p.now.getTime() - days(d));
const rootCrlOnly = trust(p, { crls: [p.crls.root] });

let server: Server;
let base = '';
const hits: string[] = [];
const requestsTo = (path: string) => hits.filter((h) => h === path).length;
const tmp = mkdtempSync(join(tmpdir(), 'vanthu-online-'));

/** Answers like a CA's OCSP responder in the mode the path names; /crl serves the intermediate's CRL. */
function answer(path: string, body: Buffer): Buffer | null {
  if (path === '/crl') return makeCrl({ issuer: p.inter, thisUpdate: ago(0.5), nextUpdate: ago(-7), revoked: [{ serialHex: p.revokedSigner.serialHex, at: ago(3) }] });
  if (path === '/big.crl') return Buffer.alloc(300_000, 0x30);
  if (path === '/moved.crl') return null; // answered with a redirect below
  const mode = path.split('/')[2]!;
  const serialHex = requestedSerials(body)[0]!;
  const base = { issuer: p.inter, serialHex, thisUpdate: ago(0.01), nextUpdate: ago(-1) };
  switch (mode) {
    case 'good':
    case 'good2':
      return makeOcspResponse({ ...base, status: 'good' });
    case 'revoked':
      return makeOcspResponse({ ...base, status: 'revoked', revokedAt: ago(2) });
    case 'unknown':
      return makeOcspResponse({ ...base, status: 'unknown' });
    case 'wrong-signer':
      return makeOcspResponse({ ...base, status: 'good', keyOverride: p.tsa.key });
    case 'stale':
      return makeOcspResponse({ ...base, status: 'good', thisUpdate: ago(10), nextUpdate: ago(3) });
    case 'trylater':
      return ocspError(3);
    default:
      return null; // 'slow': no answer at all
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push(req.url!);
      if (req.url === '/moved.crl') return void res.writeHead(302, { location: '/crl' }).end();
      const out = answer(req.url!, Buffer.concat(chunks));
      if (!out) return; // the client's time limit must end this
      res.writeHead(200, { 'content-type': req.url!.startsWith('/ocsp') ? 'application/ocsp-response' : 'application/pkix-crl' });
      res.end(out);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(tmp, { recursive: true, force: true });
});

let n = 0;
/** Settings with a cache folder of its own, so each test starts cold. */
const online = (o: Partial<OnlineRevocationSettings> = {}): OnlineRevocationSettings => ({
  enabled: true,
  timeoutMs: 2000,
  cacheTtlSeconds: 600,
  maxBytes: 100_000,
  cacheDir: join(tmp, `cache-${n++}`),
  ...o,
});

/** A signer of the intermediate whose certificate points at the local responder. */
/** A signer issued by the test CA naming these responders: a path on the test's server, or a whole URL. */
function signerWith(cn: string, urls: { ocsp?: string; crl?: string; serialHex?: string }, key = p.signer.key): TestCert {
  const url = (u: string | undefined) => u && (u.includes(':') ? u : base + u);
  return makeCert({
    subject: [['C', 'VN'], ['O', 'Sở Thông tin và Truyền thông'], ['CN', cn]],
    key,
    issuer: p.inter,
    notBefore: ago(365),
    notAfter: ago(-365),
    keyUsage: ['digitalSignature', 'nonRepudiation'],
    ocspUrl: url(urls.ocsp),
    crlUrl: url(urls.crl),
    ...(urls.serialHex ? { serialHex: urls.serialHex } : {}),
  });
}

const verifyOnline = async (signer: TestCert, s: OnlineRevocationSettings, opts = rootCrlOnly) => {
  const r = await verifyFileOnline(await signedPdf(p, signer), opts, s);
  expect(r.signatures).toHaveLength(1);
  return r.signatures[0]!;
};

describe('OCSP responder named by the certificate', () => {
  it('good → PASSED by OCSP; a second verification is served from the cache (no request)', async () => {
    const signer = signerWith('Online Good', { ocsp: '/ocsp/good' });
    const s = online();
    const before = requestsTo('/ocsp/good');
    const first = await verifyOnline(signer, s);
    expect(iv(first)).toEqual(['PASSED', null]);
    expect(first.revocation).toEqual({ checked: true, source: 'crl+ocsp' });
    expect(requestsTo('/ocsp/good')).toBe(before + 1);
    const second = await verifyOnline(signer, s);
    expect(iv(second)).toEqual(['PASSED', null]);
    expect(requestsTo('/ocsp/good')).toBe(before + 1);
  });

  it('the disk cache serves another process (a fresh memory cache on the same folder)', async () => {
    const signer = signerWith('Online Disk', { ocsp: '/ocsp/good2' });
    const s = online();
    await verifyOnline(signer, s);
    const count = requestsTo('/ocsp/good2');
    const { gatherRevocation } = await import('../../../src/signature/index.js');
    const { RevocationCache } = await import('../../../src/signature/online/cache.js');
    const cert = parseCertificate(signer.der);
    const issuer = parseCertificate(p.inter.der);
    const got = await gatherRevocation([{ cert, issuer }], s, new RevocationCache(s.cacheDir));
    expect(got).toMatchObject({ requests: 0, warnings: [] });
    expect(got.ocsps).toHaveLength(1);
    expect(requestsTo('/ocsp/good2')).toBe(count);
  });

  it('revoked → FAILED/REVOKED', async () => {
    const s = await verifyOnline(signerWith('Online Revoked', { ocsp: '/ocsp/revoked' }), online());
    expect(iv(s)).toEqual(['FAILED', 'REVOKED']);
    expect(s.revocation.source).toBe('ocsp');
  });

  it('unknown → INDETERMINATE/TRY_LATER saying so', async () => {
    const s = await verifyOnline(signerWith('Online Unknown', { ocsp: '/ocsp/unknown' }), online());
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.revocation.reason).toMatch(/status unknown/);
  });

  it('a response signed by the wrong key is ignored with a warning → TRY_LATER', async () => {
    const s = await verifyOnline(signerWith('Online Wrong Signer', { ocsp: '/ocsp/wrong-signer' }), online());
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.warnings.join(' ')).toMatch(/OCSP response for .* is not authentic/);
  });

  it('a stale response is ignored (and not cached: asked again next time)', async () => {
    const signer = signerWith('Online Stale', { ocsp: '/ocsp/stale' });
    const settings = online();
    const s = await verifyOnline(signer, settings);
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.warnings.join(' ')).toMatch(/is not current/);
    const before = requestsTo('/ocsp/stale');
    await verifyOnline(signer, settings);
    expect(requestsTo('/ocsp/stale')).toBe(before + 1);
  });

  it('responder answers tryLater → TRY_LATER with the reason; not asked again for a while', async () => {
    const signer = signerWith('Online TryLater', { ocsp: '/ocsp/trylater' });
    const settings = online();
    const before = requestsTo('/ocsp/trylater');
    const s = await verifyOnline(signer, settings);
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.warnings.join(' ')).toMatch(/online revocation: the OCSP responder at .* gave nothing usable: the OCSP responder answered tryLater/);
    const again = await verifyOnline(signer, settings);
    expect(iv(again)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(again.warnings.join(' ')).toMatch(/is not asked again yet, it failed less than 60 s ago/);
    expect(requestsTo('/ocsp/trylater')).toBe(before + 1);
  });

  it('responder silent → stopped at the time limit → TRY_LATER (TIMEOUT)', async () => {
    const t0 = Date.now();
    const s = await verifyOnline(signerWith('Online Slow', { ocsp: '/ocsp/slow' }), online({ timeoutMs: 300 }));
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.warnings.join(' ')).toMatch(/\(TIMEOUT\)/);
  });

  it('responder down (connection refused) → TRY_LATER (NETWORK)', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const signer = signerWith('Online Down', { ocsp: `http://127.0.0.1:${port}/ocsp` });
    const s = await verifyOnline(signer, online());
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.warnings.join(' ')).toMatch(/\(NETWORK\)/);
  });
});

describe('CRL distribution points', () => {
  it('OCSP says unknown, the CRL at the distribution point is current → PASSED by CRL', async () => {
    const s = await verifyOnline(signerWith('Online Unknown Then CRL', { ocsp: '/ocsp/unknown', crl: '/crl' }), online());
    expect(iv(s)).toEqual(['PASSED', null]);
    expect(s.revocation.source).toBe('crl');
  });

  it('a CRL shared by several certificates is downloaded once per gathering, then cached', async () => {
    const settings = online();
    const before = requestsTo('/crl');
    const a = await verifyOnline(signerWith('Online CRL A', { crl: '/crl' }), settings);
    const b = await verifyOnline(signerWith('Online CRL B', { crl: '/crl' }), settings);
    expect([iv(a), iv(b)]).toEqual([['PASSED', null], ['PASSED', null]]);
    expect(requestsTo('/crl')).toBe(before + 1);
  });

  it('the downloaded CRL revoking the signer → FAILED/REVOKED', async () => {
    const revoked = signerWith('Online CRL Revoked', { crl: '/crl', serialHex: p.revokedSigner.serialHex });
    expect(iv(await verifyOnline(revoked, online()))).toEqual(['FAILED', 'REVOKED']);
  });

  it('a redirect from the distribution point is followed', async () => {
    const s = await verifyOnline(signerWith('Online Moved CRL', { crl: '/moved.crl' }), online());
    expect(iv(s)).toEqual(['PASSED', null]);
  });

  it('a CRL over the size limit is not read → TRY_LATER (TOO_LARGE)', async () => {
    const s = await verifyOnline(signerWith('Online Big CRL', { crl: '/big.crl' }), online({ maxBytes: 100_000 }));
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(s.warnings.join(' ')).toMatch(/\(TOO_LARGE\)/);
  });

  it('only http and https are fetched: an ldap:// distribution point is not even listed', () => {
    const c = parseCertificate(signerWith('Online LDAP', { crl: 'ldap://ldap.example/cn=crl' }).der);
    expect(c.crlUrls).toEqual([]);
  });
});

describe('the cache', () => {
  it('keeps an entry until its expiry (the earlier of TTL and nextUpdate), on disk too', async () => {
    const { RevocationCache } = await import('../../../src/signature/online/cache.js');
    const dir = join(tmp, 'cache-unit');
    const c = new RevocationCache(dir);
    const t = Date.now();
    c.set('k', Buffer.from('der'), t + 60_000);
    expect(c.get('k', t + 59_000)?.toString()).toBe('der');
    expect(new RevocationCache(dir).get('k', t + 59_000)?.toString()).toBe('der');
    expect(c.get('k', t + 61_000)).toBeNull();
    expect(new RevocationCache(dir).get('k', t + 61_000)).toBeNull();
    c.set('old', Buffer.from('x'), t - 1);
    expect(c.get('old')).toBeNull();
  });
});

describe('when it is off', () => {
  it('disabled settings: no request, the offline verdict', async () => {
    const signer = signerWith('Online Disabled', { ocsp: '/ocsp/good' });
    const before = hits.length;
    const s = await verifyOnline(signer, online({ enabled: false }));
    expect(iv(s)).toEqual(['INDETERMINATE', 'TRY_LATER']);
    expect(hits.length).toBe(before);
  });

  it('evidence already at hand: no request', async () => {
    const signer = signerWith('Online Not Needed', { ocsp: '/ocsp/good' });
    const before = hits.length;
    expect(iv(await verifyOnline(signer, online(), trust(p)))).toEqual(['PASSED', null]);
    expect(hits.length).toBe(before);
  });

  it('settings given as a function are read only when something is missing (the CLI loads its configuration lazily)', async () => {
    let calls = 0;
    const lazy = async () => {
      calls++;
      return online();
    };
    const signer = signerWith('Online Lazy', { ocsp: '/ocsp/good' });
    const pdf = await signedPdf(p, signer);
    expect(iv((await verifyFileOnline(pdf, trust(p), lazy)).signatures[0]!)).toEqual(['PASSED', null]);
    expect(calls).toBe(0);
    expect(iv((await verifyFileOnline(pdf, rootCrlOnly, lazy)).signatures[0]!)).toEqual(['PASSED', null]);
    expect(calls).toBe(1);
  });

  it('configuration: on by default, off under NODE_ENV=test unless set, cache under the home', () => {
    expect(onlineRevocationSettings(undefined, '/srv/vanthu', { NODE_ENV: 'production' })).toEqual({
      enabled: true,
      timeoutMs: 5000,
      cacheTtlSeconds: 3600,
      maxBytes: 10 * 1024 * 1024,
      cacheDir: '/srv/vanthu/cache/revocation',
    });
    expect(onlineRevocationSettings(undefined, null, { NODE_ENV: 'test' }).enabled).toBe(false);
    expect(onlineRevocationSettings({ enabled: true, timeoutMs: 800 }, null, { NODE_ENV: 'test' })).toMatchObject({ enabled: true, timeoutMs: 800 });
  });
});
