// Secrecy policy (Decision 36/2013 Art. 6.4, 11.5): a document marked Mật, Tối mật or Tuyệt mật is
// not exchanged over the network. The decision is a pure function of the metadata and the policy
// configuration (config/policy.json holds the levels and the wording clerks read); quarantine and
// acknowledgements are the caller's business.
import { readFileSync } from 'node:fs';
import { configFile } from '../config/root.js';
import { z } from 'zod';
import type { DocumentMetadata } from './types.js';
import { fold } from './text/fold.js';

const Message = z.object({ vi: z.string(), en: z.string() });
export const PolicyConfigSchema = z.object({
  secrecy: z.object({
    refuse: z.array(z.string()).min(1),
    basis: z.string(),
    basisEn: z.string(),
    refused: Message,
    allowed: Message,
  }),
  /**
   * A document whose text could not be read (a scan without a text layer, a time-out, a damaged
   * file) cannot be checked for a secrecy stamp: "register" numbers it with `note` in its Ghi chú
   * for the clerk to check by eye; "quarantine" holds it like a secret one until a clerk looks.
   */
  unreadable: z
    .object({
      action: z.enum(['register', 'quarantine']),
      note: Message,
      held: Message,
    })
    .optional(),
});
export type PolicyConfig = z.infer<typeof PolicyConfigSchema>;

export interface PolicyDecision {
  allowed: boolean;
  /** Vietnamese, for the clerk. */
  reason: string;
  reasonEn: string;
  /** The secrecy level that caused a refusal (as configured), or null. */
  level: string | null;
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

/** Refuse documents whose secrecy (from an envelope or a "MẬT" stamp in the text) is listed in the
 *  policy. Comparison ignores case and marks, so "TỐI MẬT", "toi mat" and "Tối mật" are the same.
 *  Only metadata.secrecy is consulted: evidence text is not re-interpreted here. */
export function secrecyPolicy(metadata: Pick<DocumentMetadata, 'secrecy'>, config: PolicyConfig): PolicyDecision {
  const s = config.secrecy;
  const level = metadata.secrecy ? String(metadata.secrecy) : null;
  const hit = level ? s.refuse.find((r) => fold(r).replace(/\s+/g, ' ').trim() === fold(level).replace(/\s+/g, ' ').trim()) : undefined;
  if (hit) {
    return {
      allowed: false,
      reason: fill(s.refused.vi, { level: hit, basis: s.basis }),
      reasonEn: fill(s.refused.en, { level: hit, basis: s.basisEn }),
      level: hit,
    };
  }
  return { allowed: true, reason: s.allowed.vi, reasonEn: s.allowed.en, level: null };
}

/** The repository's config/policy.json (resolved from this module, not the working directory). */
export const DEFAULT_POLICY_PATH = configFile('policy.json');

/** Read and validate a policy file ($VANTHU_POLICY_FILE, else the repository's). */
export function loadPolicyConfig(path = process.env.VANTHU_POLICY_FILE || DEFAULT_POLICY_PATH): PolicyConfig {
  return PolicyConfigSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}
