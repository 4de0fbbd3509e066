// The asynchronous step before the pure verification: for the certificates a first verification
// found without revocation evidence, ask their OCSP responders (authorityInfoAccess id-ad-ocsp)
// and, when that gives no answer about them, download the CRLs of their distribution points; then
// verify again with what came back as extra candidates. What is fetched is checked exactly like
// what a signature carries (ocsp.ts, crl.ts): the network makes nothing trusted.
import type { Certificate } from '../certificate.js';
import type { VerifyOptions } from '../context.js';
import { parseCrl } from '../crl.js';
import { ocspStatus, parseOcspResponse } from '../ocsp.js';
import type { FileReport } from '../report.js';
import type { RevocationNeed } from '../revocation.js';
import { sharedCache, type RevocationCache } from './cache.js';
import { FetchError, fetchBytes } from './http.js';
import { certIdDer, ocspRequest } from './ocsp-request.js';
import type { OnlineRevocationSettings } from './settings.js';

export interface Gathered {
  crls: Buffer[];
  ocsps: Buffer[];
  /** Why something could not be fetched (responder down, time limit, unreadable answer…). */
  warnings: string[];
  /** HTTP requests made (cache hits make none). */
  requests: number;
}

/**
 * After a failure (responder down, time limit, unreadable answer) the same URL is not asked again
 * for this long, so a burst of documents does not wait the time limit each. Memory only.
 */
export const FAILURE_BACKOFF_MS = 60_000;

const nameOf = (c: Certificate) => c.subject.rdns.flat().find((a) => a.type === 'CN')?.value ?? c.serialHex;

/** Fetch revocation data for `needs`; never throws. */
export async function gatherRevocation(needs: readonly RevocationNeed[], s: OnlineRevocationSettings, cache: RevocationCache = sharedCache(s.cacheDir)): Promise<Gathered> {
  const out: Gathered = { crls: [], ocsps: [], warnings: [], requests: 0 };
  const unique = new Map<string, RevocationNeed>();
  for (const n of needs) unique.set(`${n.issuer.spki.toString('base64')}|${n.cert.serialHex}`, n);
  // One download per URL within a gathering, even when several certificates share a CRL.
  const inflight = new Map<string, Promise<Buffer | null>>();
  const get = (key: string, url: string, parse: (b: Buffer) => Date | null, body?: Buffer) => {
    let p = inflight.get(key);
    if (!p) {
      p = fetchCached(key, url, parse, body, s, cache, out);
      inflight.set(key, p);
    }
    return p;
  };
  await Promise.all(
    [...unique.values()].map(async ({ cert, issuer }) => {
      for (const url of cert.ocspUrls) {
        const key = `ocsp|${url}|${certIdDer(cert, issuer).toString('hex')}`;
        const der = await get(key, url, (b) => ocspExpiry(b), ocspRequest(cert, issuer));
        if (!der) continue;
        out.ocsps.push(der);
        // An answer about the certificate from a responder entitled to give it: no CRL needed.
        // A cached entry that no longer parses (a damaged cache file) is no answer: never throw here.
        let checked: boolean;
        try {
          checked = ocspStatus(cert, issuer, [parseOcspResponse(der)], { now: new Date(), provenSigningTime: null }).checked;
        } catch {
          checked = false;
        }
        if (checked) return;
      }
      for (const url of cert.crlUrls) {
        const der = await get(`crl|${url}`, url, (b) => parseCrl(b).nextUpdate);
        if (der) out.crls.push(der);
      }
      if (cert.ocspUrls.length === 0 && cert.crlUrls.length === 0) out.warnings.push(`online revocation: "${nameOf(cert)}" names no OCSP responder and no CRL distribution point`);
    }),
  );
  out.crls = [...new Set(out.crls)];
  return out;
}

function ocspExpiry(der: Buffer): Date | null {
  const r = parseOcspResponse(der);
  const next = r.responses.map((x) => x.nextUpdate).filter((d): d is Date => d !== null);
  return next.length ? new Date(Math.min(...next.map((d) => d.getTime()))) : null;
}

/** Cached bytes, or a bounded request whose answer must parse (parse returns its nextUpdate). */
async function fetchCached(
  key: string,
  url: string,
  parse: (b: Buffer) => Date | null,
  body: Buffer | undefined,
  s: OnlineRevocationSettings,
  cache: RevocationCache,
  out: Gathered,
): Promise<Buffer | null> {
  const hit = cache.get(key);
  if (hit) return hit;
  const what = body ? 'OCSP responder' : 'CRL';
  const failed = cache.recentFailure(key);
  if (failed) {
    out.warnings.push(`online revocation: the ${what} at ${url} is not asked again yet, it failed less than ${FAILURE_BACKOFF_MS / 1000} s ago: ${failed}`);
    return null;
  }
  out.requests++;
  try {
    const der = await fetchBytes(url, {
      timeoutMs: s.timeoutMs,
      maxBytes: s.maxBytes,
      body,
      contentType: body ? 'application/ocsp-request' : undefined,
      accept: body ? 'application/ocsp-response' : 'application/pkix-crl, */*',
    });
    const nextUpdate = parse(der);
    const ttl = Date.now() + s.cacheTtlSeconds * 1000;
    cache.set(key, der, nextUpdate ? Math.min(ttl, nextUpdate.getTime()) : ttl);
    return der;
  } catch (e) {
    const code = e instanceof FetchError ? ` (${e.code})` : '';
    const why = `${(e as Error).message}${code}`;
    out.warnings.push(`online revocation: the ${what} at ${url} gave nothing usable${code}: ${(e as Error).message}`);
    cache.fail(key, why, Date.now() + Math.min(FAILURE_BACKOFF_MS, s.cacheTtlSeconds * 1000));
    return null;
  }
}

/**
 * Verify with online revocation: a first (pure) verification notes the certificates left without
 * evidence; if any, their data is fetched and the file verified again with it. Disabled settings
 * or nothing missing: one verification, no network.
 */
export async function verifyWithOnlineRevocation(
  verify: (o: VerifyOptions) => FileReport,
  options: VerifyOptions,
  settings: OnlineRevocationSettings | null | (() => Promise<OnlineRevocationSettings | null>),
): Promise<FileReport> {
  if (!settings || (typeof settings !== 'function' && !settings.enabled)) return verify(options);
  const needs: RevocationNeed[] = [];
  const first = verify({ ...options, onMissingRevocation: (n) => needs.push(n) });
  if (needs.length === 0) return first;
  // Settings may be read only now (the CLI loads the configuration only when it needs it).
  const s = typeof settings === 'function' ? await settings() : settings;
  if (!s?.enabled) return first;
  const got = await gatherRevocation(needs, s);
  const report = got.crls.length || got.ocsps.length ? verify({ ...options, crls: [...(options.crls ?? []), ...got.crls], ocsps: [...(options.ocsps ?? []), ...got.ocsps] }) : first;
  // The fetch problems explain a TRY_LATER; a signature whose revocation was checked needs none.
  for (const sig of report.signatures) if (!sig.revocation.checked) sig.warnings.push(...got.warnings);
  return report;
}
