// Environment variables that override configuration keys. A VANTHU_* variable that is not listed
// here (or among the tool variables) is an error, so a typo cannot silently do nothing.

export const envKeys: Record<string, { path: string[]; type: 'string' | 'number' | 'boolean' | 'list' }> = {
  MONGODB_URI: { path: ['mongodbUri'], type: 'string' },
  REDIS_URL: { path: ['redisUrl'], type: 'string' },
  VANTHU_INSTANCE_ID: { path: ['instanceId'], type: 'string' },
  VANTHU_HOME: { path: ['home'], type: 'string' },
  VANTHU_SECRET_KEY: { path: ['secretKey'], type: 'string' },
  VANTHU_LOG_LEVEL: { path: ['log', 'level'], type: 'string' },
  VANTHU_API_HOST: { path: ['api', 'host'], type: 'string' },
  VANTHU_API_PORT: { path: ['api', 'port'], type: 'number' },
  VANTHU_API_TOKEN: { path: ['api', 'token'], type: 'string' },
  VANTHU_API_OPEN_ACCESS: { path: ['api', 'openAccess'], type: 'boolean' },
  VANTHU_API_ALLOWED_HOSTS: { path: ['api', 'allowedHosts'], type: 'list' },
  VANTHU_SMTP_HOST: { path: ['smtp', 'host'], type: 'string' },
  VANTHU_SMTP_PORT: { path: ['smtp', 'port'], type: 'number' },
  VANTHU_ACK_IN_DOUBT_GRACE_MS: { path: ['acknowledgements', 'inDoubtGraceMs'], type: 'number' },
  VANTHU_ACK_IN_DOUBT_RECHECK_MS: { path: ['acknowledgements', 'inDoubtRecheckMs'], type: 'number' },
  VANTHU_SMTP_SECURE: { path: ['smtp', 'secure'], type: 'boolean' },
  VANTHU_SMTP_USER: { path: ['smtp', 'user'], type: 'string' },
  VANTHU_SMTP_PASSWORD: { path: ['smtp', 'password'], type: 'string' },
  VANTHU_RAW_STORE: { path: ['storage', 'raw'], type: 'string' },
  VANTHU_RAW_DIR: { path: ['storage', 'rawDir'], type: 'string' },
  VANTHU_SHUTDOWN_GRACE_MS: { path: ['workers', 'shutdownGraceMs'], type: 'number' },
  VANTHU_JOB_LOCK_MS: { path: ['workers', 'jobLockMs'], type: 'number' },
  VANTHU_METRICS_PORT: { path: ['workers', 'metricsPort'], type: 'number' },
  VANTHU_ONLINE_REVOCATION: { path: ['signature', 'onlineRevocation', 'enabled'], type: 'boolean' },
};

/** Variables read by other parts (files and tools), not configuration keys. */
export const toolVariables = new Set([
  'VANTHU_CONFIG',
  'VANTHU_DEBUG',
  'VANTHU_FROM_SOURCE',
  'VANTHU_HOLIDAYS_FILE',
  'VANTHU_POLICY_FILE',
  'VANTHU_TRUST_DIR',
  'VANTHU_CRL_DIR',
  'VANTHU_TEST_PREFIX',
  'VANTHU_SCREENSHOTS',
]);

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    detail: string,
  ) {
    super(`configuration error: ${key} ${detail}`);
    this.name = 'ConfigError';
  }
}

function coerce(name: string, raw: string, type: 'string' | 'number' | 'boolean' | 'list'): unknown {
  if (type === 'string') return raw;
  if (type === 'list') return raw.split(',').map((x) => x.trim()).filter(Boolean);
  if (type === 'number') {
    if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
    return Number(raw);
  }
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

/** Returns the overrides found in `env` as a nested object to merge over the file config. */
export function envOverrides(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value === '') continue;
    const spec = envKeys[name];
    if (!spec) {
      if (name.startsWith('VANTHU_') && !toolVariables.has(name)) {
        throw new ConfigError(name, 'is not a known configuration variable');
      }
      continue;
    }
    let node = out;
    spec.path.slice(0, -1).forEach((k) => {
      node[k] = (node[k] as Record<string, unknown>) ?? {};
      node = node[k] as Record<string, unknown>;
    });
    node[spec.path[spec.path.length - 1]!] = coerce(name, value, spec.type);
  }
  return out;
}
