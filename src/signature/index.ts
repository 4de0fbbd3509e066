// Public API of signature verification: PDFs (PAdES/CMS) and S/MIME e-mails.
//   verifyFile(path | Buffer, options)  – detects the format
//   verifyPdf(buf, options), verifySmime(rawEmail, options)
//   verifyMessage(rawEmail, options, file, online) – the S/MIME report plus every signed PDF attached
//   completeMessage(rawEmail, smimeReport, options, online) – the same from an S/MIME report in hand
//   loadTrustStore(dir)                 – trust anchors, intermediates and CRLs from a folder
//   loadTrustStoreCached(dir)           – the same, re-read only when the folder's files change
//   verifyFileOnline(input, options, online) – verifyFile, fetching missing revocation data first
import { readFileSync } from 'node:fs';
import { makeContext, type VerifyOptions } from './context.js';
import { formatFailureReport, type FileReport } from './report.js';
import { isPdf, verifyPdfBuffer } from './pdf/verify-pdf.js';
import { looksLikeEmail, verifySmimeBuffer } from './smime.js';
import { verifyWithOnlineRevocation } from './online/gather.js';
import type { OnlineRevocationSettings } from './online/settings.js';

export type { VerifyOptions } from './context.js';
export type { FileReport, SignatureReport, SignerSummary, Coverage, Modifications, SigningTimeSource } from './report.js';
export type { Indication, SubIndication } from './verdict.js';
export { loadTrustStore, loadTrustStoreCached, trustDir, DEFAULT_TRUST_DIR, type TrustStore } from './trust-store.js';
export { parseCertificate, type Certificate } from './certificate.js';
export { parseCrl, type Crl } from './crl.js';
export { parseOcspResponse, type OcspResponse } from './ocsp.js';
export { gatherRevocation, verifyWithOnlineRevocation, type Gathered } from './online/gather.js';
export { onlineRevocationSettings, ONLINE_DEFAULTS, type OnlineRevocationSettings } from './online/settings.js';
export { completeMessage, verifyMessage, verifyPdfAttachments, withAttachments, type MessageReport } from './message.js';

/** Verify every signature of a PDF given as bytes. Never throws for bad input. */
export function verifyPdf(buf: Buffer, options: VerifyOptions = {}, file: string | null = null): FileReport {
  return guard(file, buf.length, 'pdf', () => verifyPdfBuffer(buf, makeContext(options), file));
}

/** Verify an S/MIME message given as its raw bytes (CRLF or LF stored). Never throws for bad input. */
export function verifySmime(raw: Buffer, options: VerifyOptions = {}, file: string | null = null): FileReport {
  return guard(file, raw.length, 'smime', () => verifySmimeBuffer(raw, makeContext(options), file));
}

/** Verify a file (path or bytes): PDF or e-mail, by content. Throws only if the path cannot be read. */
export function verifyFile(input: string | Buffer, options: VerifyOptions = {}, name: string | null = null): FileReport {
  const file = typeof input === 'string' ? input : name;
  const buf = typeof input === 'string' ? readFileSync(input) : input;
  if (isPdf(buf)) return verifyPdf(buf, options, file);
  if (looksLikeEmail(buf) || (file !== null && /\.(eml|msg|p7m)$/i.test(file))) return verifySmime(buf, options, file);
  return formatFailureReport(file, buf.length, 'unknown', 'neither a PDF nor an e-mail message');
}

/**
 * verifyFile with online revocation (online/gather.ts): when a certificate has no revocation
 * evidence, its OCSP responder and CRL distribution points are asked (bounded, cached), then the
 * file is verified again. `online` null or disabled: exactly verifyFile.
 */
export async function verifyFileOnline(
  input: string | Buffer,
  options: VerifyOptions = {},
  online: OnlineRevocationSettings | null | (() => Promise<OnlineRevocationSettings | null>) = null,
): Promise<FileReport> {
  const buf = typeof input === 'string' ? readFileSync(input) : input;
  const file = typeof input === 'string' ? input : null;
  return verifyWithOnlineRevocation((o) => (file ? verifyFile(buf, o, file) : verifyFile(buf, o)), options, online);
}

function guard(file: string | null, size: number, format: FileReport['format'], run: () => FileReport): FileReport {
  try {
    return run();
  } catch (e) {
    return formatFailureReport(file, size, format, `unexpected error while verifying: ${(e as Error)?.message ?? String(e)}`);
  }
}
