// Validation options as given by callers, and their parsed form. Trust anchors are always
// configuration (see trust-store.ts); nothing is trusted by default.
import { parseCertificate, certificatesFromFile, type Certificate } from './certificate.js';
import { crlsFromFile, parseCrl, type Crl } from './crl.js';
import { parseOcspResponse, type OcspResponse } from './ocsp.js';
import type { RevocationNeed } from './revocation.js';

export interface VerifyOptions {
  /** Trusted root (or intermediate) certificates: DER/PEM buffers, PEM strings or parsed. */
  trustAnchors?: ReadonlyArray<Buffer | string | Certificate>;
  /** CRLs (DER or PEM), e.g. from loadTrustStore's CRL folder. */
  crls?: ReadonlyArray<Buffer | string | Crl>;
  /** OCSP responses (DER OCSPResponse), e.g. fetched by gatherRevocation: candidates like CRLs. */
  ocsps?: ReadonlyArray<Buffer | OcspResponse>;
  /** Called for each certificate left without revocation evidence (used by gatherRevocation). */
  onMissingRevocation?: (need: RevocationNeed) => void;
  /** Extra intermediate certificates that signatures may omit. */
  intermediates?: ReadonlyArray<Buffer | string | Certificate>;
  /** The validation time; defaults to the current time. */
  now?: Date;
  /**
   * Accept a signature whose revocation status could not be established (no usable CRL): it
   * then PASSES with `revocation.checked: false` and a warning. By default such a signature is
   * INDETERMINATE/TRY_LATER (ETSI EN 319 102-1: revocation data not available).
   */
  acceptUncheckedRevocation?: boolean;
  /**
   * @deprecated Missing revocation data is INDETERMINATE/TRY_LATER by default now. Kept so older
   * callers compile; `true` overrides `acceptUncheckedRevocation`.
   */
  requireRevocation?: boolean;
  /** Refuse /Contents larger than this many bytes (decoded); default 1 MiB. */
  maxSignatureBytes?: number;
}

export interface Context {
  anchors: Certificate[];
  intermediates: Certificate[];
  crls: Crl[];
  ocsps: OcspResponse[];
  onMissingRevocation?: (need: RevocationNeed) => void;
  now: Date;
  acceptUncheckedRevocation: boolean;
  maxSignatureBytes: number;
  /** Problems with the configuration itself (unreadable anchor…), copied into reports. */
  warnings: string[];
}

function isCertificate(x: unknown): x is Certificate {
  return typeof x === 'object' && x !== null && 'x509' in x && 'spki' in x;
}

function isParsedCrl(x: unknown): x is Crl {
  return typeof x === 'object' && x !== null && 'revoked' in x && 'tbs' in x;
}

function certs(list: ReadonlyArray<Buffer | string | Certificate> | undefined, what: string, warnings: string[]): Certificate[] {
  const out: Certificate[] = [];
  for (const item of list ?? []) {
    if (isCertificate(item)) {
      out.push(item);
      continue;
    }
    for (const der of certificatesFromFile(typeof item === 'string' ? Buffer.from(item, 'latin1') : item)) {
      try {
        out.push(parseCertificate(der));
      } catch (e) {
        warnings.push(`ignored unreadable ${what}: ${(e as Error).message}`);
      }
    }
  }
  return out;
}

export function makeContext(opts: VerifyOptions = {}): Context {
  const warnings: string[] = [];
  const crls: Crl[] = [];
  for (const item of opts.crls ?? []) {
    if (isParsedCrl(item)) {
      crls.push(item);
      continue;
    }
    for (const der of crlsFromFile(typeof item === 'string' ? Buffer.from(item, 'latin1') : item)) {
      try {
        crls.push(parseCrl(der));
      } catch (e) {
        warnings.push(`ignored unreadable CRL: ${(e as Error).message}`);
      }
    }
  }
  const ocsps: OcspResponse[] = [];
  for (const item of opts.ocsps ?? []) {
    if (!Buffer.isBuffer(item)) {
      ocsps.push(item);
      continue;
    }
    try {
      ocsps.push(parseOcspResponse(item));
    } catch (e) {
      warnings.push(`ignored unreadable OCSP response: ${(e as Error).message}`);
    }
  }
  return {
    ocsps,
    onMissingRevocation: opts.onMissingRevocation,
    anchors: certs(opts.trustAnchors, 'trust anchor', warnings),
    intermediates: certs(opts.intermediates, 'intermediate certificate', warnings),
    crls,
    now: opts.now ?? new Date(),
    acceptUncheckedRevocation: opts.acceptUncheckedRevocation === true && opts.requireRevocation !== true,
    maxSignatureBytes: opts.maxSignatureBytes ?? 1024 * 1024,
    warnings,
  };
}
