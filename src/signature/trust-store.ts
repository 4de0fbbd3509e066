// The trust folder: PEM/DER certificates of the trust anchors (e.g. "Vietnam National Root CA",
// "RootCA chuyên dùng Chính phủ G2"), optional intermediates in intermediates/, CRLs in crls/
// (or *.crl files anywhere in the folder). Nothing is built in: trust is configuration.
// Long-running processes use loadTrustStoreCached(), which re-reads the folder when it changes.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { nameGet, nameToString } from './names.js';
import { certificatesFromFile, parseCertificate, summary, type Certificate } from './certificate.js';
import { crlsFromFile, isCrl, parseCrl, type Crl } from './crl.js';
import { configFile } from '../config/root.js';

/** The project's config/trust/, wherever the command is run from. */
export const DEFAULT_TRUST_DIR = configFile('trust');

/** The configured folder: --trust / VANTHU_TRUST_DIR (relative to the cwd), else config/trust/. */
export function trustDir(explicit?: string): string {
  return resolve(explicit ?? process.env.VANTHU_TRUST_DIR ?? DEFAULT_TRUST_DIR);
}

export interface TrustStore {
  dir: string;
  anchors: Certificate[];
  intermediates: Certificate[];
  crls: Crl[];
  /** Files that were skipped, with the reason. */
  skipped: { file: string; reason: string }[];
  /** Which file each anchor came from (parallel to `anchors`). */
  anchorFiles: string[];
}

const CERT_EXT = /\.(pem|crt|cer|der)$/i;
const CRL_EXT = /\.(crl)$/i;

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !f.startsWith('.'))
    .map((f) => join(dir, f))
    .filter((p) => statSync(p).isFile())
    .sort();
}

export function loadTrustStore(dir: string = trustDir()): TrustStore {
  const store: TrustStore = { dir, anchors: [], intermediates: [], crls: [], skipped: [], anchorFiles: [] };
  const addCrls = (file: string, data: Buffer) => {
    for (const der of crlsFromFile(data)) {
      try {
        store.crls.push(parseCrl(der));
      } catch (e) {
        store.skipped.push({ file, reason: `unreadable CRL: ${(e as Error).message}` });
      }
    }
  };
  const addCerts = (file: string, data: Buffer, into: Certificate[], files?: string[]) => {
    for (const der of certificatesFromFile(data)) {
      try {
        into.push(parseCertificate(der));
        files?.push(file);
      } catch (e) {
        store.skipped.push({ file, reason: `unreadable certificate: ${(e as Error).message}` });
      }
    }
  };
  for (const file of listFiles(dir)) {
    const data = readFileSync(file);
    const pemCrl = data.subarray(0, 64).toString('latin1').includes('BEGIN X509 CRL');
    if (CRL_EXT.test(file) || pemCrl || (!CERT_EXT.test(file) && isCrl(data))) addCrls(file, data);
    else if (CERT_EXT.test(file)) addCerts(file, data, store.anchors, store.anchorFiles);
  }
  for (const file of listFiles(join(dir, 'intermediates'))) addCerts(file, readFileSync(file), store.intermediates);
  for (const file of listFiles(join(dir, 'crls'))) addCrls(file, readFileSync(file));
  return store;
}

/**
 * What the loader reads, as a cheap fingerprint: name, size and mtime (ns) of every file of the
 * folder, intermediates/ and crls/. Stat calls only, no file is read.
 */
function folderStamp(dir: string): string {
  const parts: string[] = [];
  for (const sub of [dir, join(dir, 'intermediates'), join(dir, 'crls')]) {
    if (!existsSync(sub)) continue;
    for (const f of readdirSync(sub).sort()) {
      if (f.startsWith('.')) continue;
      try {
        const st = statSync(join(sub, f), { bigint: true });
        if (st.isFile()) parts.push(`${sub}/${f}:${st.size}:${st.mtimeNs}:${st.ino}`);
      } catch {
        parts.push(`${sub}/${f}:gone`); // removed between readdir and stat: reload next time
      }
    }
  }
  return parts.join('\n');
}

const cached = new Map<string, { stamp: string; store: TrustStore }>();

/**
 * The trust store of `dir`, re-read only when its files changed (added, removed, rewritten):
 * a long-running worker sees `vanthu trust add` and new CRLs without a restart, and pays a few
 * stat calls per call otherwise. The same TrustStore object is returned while nothing changed.
 */
export function loadTrustStoreCached(dir: string = trustDir()): TrustStore {
  const key = resolve(dir);
  const stamp = folderStamp(key);
  const hit = cached.get(key);
  if (hit && hit.stamp === stamp) return hit.store;
  const store = loadTrustStore(key);
  cached.set(key, { stamp, store });
  return store;
}

export interface AddedEntry {
  kind: 'anchor' | 'intermediate' | 'crl';
  file: string;
  subject: string;
  fingerprint: string;
  alreadyPresent: boolean;
  notes: string[];
}

function slug(s: string): string {
  return (
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'cert'
  );
}

const pemOf = (label: string, der: Buffer) => `-----BEGIN ${label}-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;

/**
 * Copy certificates (PEM/DER, one or many) or a CRL into the trust folder, as PEM files named
 * after the subject and fingerprint. Existing identical entries are left alone.
 */
export function addToTrustStore(dir: string, data: Buffer, opts: { intermediate?: boolean } = {}): AddedEntry[] {
  const added: AddedEntry[] = [];
  const pemCrl = data.subarray(0, 64).toString('latin1').includes('BEGIN X509 CRL');
  if (pemCrl || isCrl(data)) {
    for (const der of crlsFromFile(data)) {
      const crl = parseCrl(der);
      const fp = createHash('sha256').update(der).digest('hex');
      const target = join(dir, 'crls', `${slug(nameGet(crl.issuer, 'CN') ?? 'crl')}-${fp.slice(0, 12)}.crl`);
      const present = existsSync(target);
      if (!present) {
        mkdirSync(join(dir, 'crls'), { recursive: true });
        writeFileSync(target, pemOf('X509 CRL', der));
      }
      added.push({ kind: 'crl', file: target, subject: nameToString(crl.issuer), fingerprint: fp, alreadyPresent: present, notes: [] });
    }
    return added;
  }
  const ders = certificatesFromFile(data);
  for (const der of ders) {
    const cert = parseCertificate(der); // throws on garbage: nothing is written
    const fp = createHash('sha256').update(cert.der).digest('hex');
    const sub = opts.intermediate ? join(dir, 'intermediates') : dir;
    const target = join(sub, `${slug(nameGet(cert.subject, 'CN') ?? 'cert')}-${fp.slice(0, 12)}.pem`);
    const notes: string[] = [];
    if (!cert.basicConstraints?.ca) notes.push('not a CA certificate');
    if (!opts.intermediate && !cert.selfIssued) notes.push('not self-signed: trusting an intermediate trusts only what it issued');
    if (cert.notAfter < new Date()) notes.push('expired');
    const present = existsSync(target);
    if (!present) {
      mkdirSync(sub, { recursive: true });
      writeFileSync(target, pemOf('CERTIFICATE', cert.der));
    }
    added.push({ kind: opts.intermediate ? 'intermediate' : 'anchor', file: target, subject: nameToString(cert.subject), fingerprint: fp, alreadyPresent: present, notes });
  }
  return added;
}

/** The trust folder as people read it: each anchor, intermediate and CRL with its dates. */
export function describeTrustStore(store: TrustStore) {
  const cert = (c: Certificate, file?: string) => ({
    ...(file ? { file } : {}),
    ...summary(c),
    sha256: createHash('sha256').update(c.der).digest('hex'),
  });
  return {
    dir: store.dir,
    anchors: store.anchors.map((c, i) => cert(c, store.anchorFiles[i])),
    intermediates: store.intermediates.map((c) => cert(c)),
    crls: store.crls.map((c) => ({
      issuer: nameToString(c.issuer),
      thisUpdate: c.thisUpdate.toISOString(),
      nextUpdate: c.nextUpdate?.toISOString() ?? null,
      revoked: c.revoked.size,
    })),
    skipped: store.skipped,
  };
}
