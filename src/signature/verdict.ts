// Indications and sub-indications, after ETSI EN 319 102-1 (the EU DSS validator's vocabulary).
// MODIFIED_AFTER_SIGNING is vanthu's own: content changed by an incremental update after the
// signature; the signed revision is intact but what a reader sees is not what was signed.

export type Indication = 'PASSED' | 'FAILED' | 'INDETERMINATE';

export type SubIndication =
  | 'FORMAT_FAILURE'
  | 'HASH_FAILURE'
  | 'SIG_CRYPTO_FAILURE'
  | 'REVOKED'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'MODIFIED_AFTER_SIGNING'
  | 'SIG_CONSTRAINTS_FAILURE'
  | 'CHAIN_CONSTRAINTS_FAILURE'
  | 'CRYPTO_CONSTRAINTS_FAILURE'
  | 'NO_SIGNING_CERTIFICATE_FOUND'
  | 'NO_CERTIFICATE_CHAIN_FOUND'
  | 'OUT_OF_BOUNDS_NO_POE'
  | 'REVOKED_NO_POE'
  | 'TRY_LATER'
  | 'SIGNED_DATA_NOT_FOUND';

export interface Verdict {
  indication: Indication;
  subIndication: SubIndication | null;
  reason: string;
}

/** A check that failed: stops the validation of that signature with this verdict. */
export class VerdictError extends Error {
  constructor(
    readonly indication: Exclude<Indication, 'PASSED'>,
    readonly subIndication: SubIndication,
    reason: string,
  ) {
    super(reason);
    this.name = 'VerdictError';
  }
}

export const failed = (sub: SubIndication, reason: string) => new VerdictError('FAILED', sub, reason);
export const indeterminate = (sub: SubIndication, reason: string) => new VerdictError('INDETERMINATE', sub, reason);

const RANK: Record<Indication, number> = { PASSED: 0, INDETERMINATE: 1, FAILED: 2 };

/** The worse of two verdicts (FAILED > INDETERMINATE > PASSED); the first wins ties. */
export function worst(a: Verdict, b: Verdict): Verdict {
  return RANK[b.indication] > RANK[a.indication] ? b : a;
}
