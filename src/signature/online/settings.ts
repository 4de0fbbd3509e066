// Settings of online revocation fetching (configuration key signature.onlineRevocation).
// Default: on, except under NODE_ENV=test (vitest sets it): tests never reach the network unless
// they turn it on and point certificates at a responder they started on 127.0.0.1.
import { join } from 'node:path';

export interface OnlineRevocationSettings {
  enabled: boolean;
  /** Time limit of one HTTP exchange (redirects and body included). */
  timeoutMs: number;
  /** How long fetched data is reused at most (less when its nextUpdate comes first). */
  cacheTtlSeconds: number;
  /** Largest CRL or OCSP response accepted. */
  maxBytes: number;
  /** Disk cache folder; null: memory only. */
  cacheDir: string | null;
}

export const ONLINE_DEFAULTS = { timeoutMs: 5000, cacheTtlSeconds: 3600, maxBytes: 10 * 1024 * 1024 } as const;

export interface OnlineRevocationConfig {
  enabled?: boolean;
  timeoutMs?: number;
  cacheTtlSeconds?: number;
  maxBytes?: number;
}

/** Full settings from the configuration (`home`: the vanthu home, for the disk cache). */
export function onlineRevocationSettings(cfg: OnlineRevocationConfig | undefined, home: string | null, env: NodeJS.ProcessEnv = process.env): OnlineRevocationSettings {
  return {
    enabled: cfg?.enabled ?? env.NODE_ENV !== 'test',
    timeoutMs: cfg?.timeoutMs ?? ONLINE_DEFAULTS.timeoutMs,
    cacheTtlSeconds: cfg?.cacheTtlSeconds ?? ONLINE_DEFAULTS.cacheTtlSeconds,
    maxBytes: cfg?.maxBytes ?? ONLINE_DEFAULTS.maxBytes,
    cacheDir: home ? join(home, 'cache', 'revocation') : null,
  };
}
