// Dispatch settings: the defaults live here; an administrator overrides any of them under
// `dispatch` in the configuration (validated by src/config/schema.ts); callers (tests, a request
// with its own limits) may override again. Each one is a policy choice.

export interface DispatchSettings {
  /** File types a document may have (by extension, checked against the bytes). */
  allowedTypes: string[];
  /** How long an in-doubt delivery waits for evidence before it is sent again (same Message-ID). */
  inDoubtGraceMs: number;
  /** How often an in-doubt delivery's job looks again for evidence. */
  inDoubtRecheckMs: number;
  /** SMTP attempts before a delivery is given up (4xx / connection errors). */
  maxAttempts: number;
  /** First retry delay; doubled at each attempt (exponential backoff). */
  backoffMs: number;
  /** A per-domain slot is released after this even if its holder died (crash safety). */
  domainSlotTtlMs: number;
  /** Extraction time limit per document during the policy check. */
  extractTimeoutMs: number;
  /** Who may ask for dispatch by email: null = senders of the agency's own mail domains. */
  allowedRequesters: string[] | null;
}

export const DEFAULT_DISPATCH_SETTINGS: DispatchSettings = {
  allowedTypes: ['pdf', 'doc', 'docx', 'odt', 'xml', 'edxml'],
  inDoubtGraceMs: 10 * 60_000,
  inDoubtRecheckMs: 15_000,
  maxAttempts: 8,
  backoffMs: 2_000,
  domainSlotTtlMs: 120_000,
  extractTimeoutMs: 20_000,
  allowedRequesters: null,
};

export function dispatchSettings(cfg: { dispatch?: Partial<DispatchSettings> }, over: Partial<DispatchSettings> = {}): DispatchSettings {
  return { ...DEFAULT_DISPATCH_SETTINGS, ...cfg.dispatch, ...over };
}
