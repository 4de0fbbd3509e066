// Loads config/default.json, an optional JSON file named by VANTHU_CONFIG, then environment
// overrides, and validates the result. Any problem is a ConfigError naming the key.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { configSchema, type VanthuConfig } from './schema.js';
import { ConfigError, envOverrides } from './env.js';

import { projectRoot } from './root.js';

export { projectRoot };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
  }
  return out;
}

function readJson(path: string, label: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(label, `cannot be read: ${(err as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isPlainObject(parsed)) throw new Error('not a JSON object');
    return parsed;
  } catch (err) {
    throw new ConfigError(label, `is not valid JSON: ${(err as Error).message}`);
  }
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** Extra values merged last (tests, CLI flags). */
  overrides?: Record<string, unknown>;
}

export function loadConfig(opts: LoadOptions = {}): VanthuConfig {
  const env = opts.env ?? process.env;
  let raw = readJson(join(projectRoot, 'config', 'default.json'), 'config/default.json');
  const extra = env.VANTHU_CONFIG;
  if (extra) raw = deepMerge(raw, readJson(isAbsolute(extra) ? extra : resolve(extra), `VANTHU_CONFIG (${extra})`));
  raw = deepMerge(raw, envOverrides(env));
  if (opts.overrides) raw = deepMerge(raw, opts.overrides);
  const api = raw.api as Record<string, unknown> | undefined;
  if (api && 'token' in api) {
    throw new ConfigError('api.token', 'is no longer used: one shared token read and changed every agency; create people with `vanthu user add` and their tokens with `vanthu token create --user LOGIN`');
  }
  if ('agencies' in raw) {
    // Agencies moved from the configuration into the database (the directory is data a province's
    // administrators edit, not a process setting): say where they went instead of "unknown key".
    throw new ConfigError('agencies', 'is no longer a configuration key: agencies are kept in the database; keep a copy of the file, remove the key, and run `vanthu migrate --agencies-from <the copy>`, or add them with `vanthu agency add` / `vanthu agency import FILE.csv`');
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    let key = issue.path.join('.');
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      const names = (issue as { keys: string[] }).keys;
      key = [...issue.path, names[0]].join('.');
      message = 'is not a known configuration key';
    }
    throw new ConfigError(key || '(root)', message);
  }
  const cfg = result.data;
  if (!isAbsolute(cfg.home)) cfg.home = join(projectRoot, cfg.home);
  // Resolved here, like home, so every process (and its logs) agrees on one absolute folder.
  if (cfg.storage.raw === 'fs') {
    const dir = cfg.storage.rawDir;
    cfg.storage.rawDir = !dir ? join(cfg.home, 'raw') : isAbsolute(dir) ? dir : join(projectRoot, dir);
  }
  return cfg;
}

