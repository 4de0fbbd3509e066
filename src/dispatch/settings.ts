// Dispatch settings: the defaults live here; an administrator overrides any of them under
// `dispatch` in the configuration (validated by src/config/schema.ts); callers (tests, a request
// with its own limits) may override again. Each one is a policy choice.
import type { z } from 'zod';
import type { dispatchConfigSchema } from '../config/schema.js';

/** Every dispatch setting, one type with the configuration schema so the two cannot drift apart. */
export type DispatchSettings = Required<z.output<typeof dispatchConfigSchema>>;

export const DEFAULT_DISPATCH_SETTINGS: DispatchSettings = {
  allowedTypes: ['pdf', 'doc', 'docx', 'odt', 'xml', 'edxml'],
  inDoubtGraceMs: 10 * 60_000,
  inDoubtRecheckMs: 15_000,
  maxAttempts: 8,
  backoffMs: 2_000,
  domainSlotTtlMs: 120_000,
  extractTimeoutMs: 20_000,
  allowedRequesters: null,
  authservIds: [],
};

export function dispatchSettings(cfg: { dispatch?: Partial<DispatchSettings> }, over: Partial<DispatchSettings> = {}): DispatchSettings {
  return { ...DEFAULT_DISPATCH_SETTINGS, ...cfg.dispatch, ...over };
}
