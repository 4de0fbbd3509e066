// The trust folder: PEM/DER certificates of the trust anchors (e.g. "Vietnam National Root CA",
// "RootCA chuyên dùng Chính phủ G2"), optional intermediates in intermediates/, CRLs in crls/
// (or *.crl files anywhere in the folder). Nothing is built in: trust is configuration.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { certificatesFromFile, parseCertificate, type Certificate } from './certificate.js';
import { crlsFromFile, isCrl, parseCrl, type Crl } from './crl.js';

export const DEFAULT_TRUST_DIR = 'config/trust';

/** The configured folder: VANTHU_TRUST_DIR, else config/trust/ (relative to the cwd). */
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
