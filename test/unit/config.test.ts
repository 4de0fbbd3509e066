import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, projectRoot } from '../../src/config/index.js';
import { DEFAULT_DISPATCH_SETTINGS, dispatchSettings } from '../../src/dispatch/settings.js';

const base = { PATH: process.env.PATH } as NodeJS.ProcessEnv;

describe('configuration', () => {
  it('loads the defaults', () => {
    const cfg = loadConfig({ env: base });
    expect(cfg.stack.redisPort).toBe(6390);
    expect(cfg.api.openAccess).toBe(false);
  });

  it('applies environment overrides', () => {
    const cfg = loadConfig({ env: { ...base, REDIS_URL: 'redis://10.0.0.1:6379', VANTHU_API_PORT: '9000' } });
    expect(cfg.redisUrl).toBe('redis://10.0.0.1:6379');
    expect(cfg.api.port).toBe(9000);
  });

  it.each([
    [{ VANTHU_BOGUS: '1' }, /VANTHU_BOGUS is not a known configuration variable/],
    [{ MONGODB_URI: 'http://nope' }, /mongodbUri must be a mongodb:\/\//],
    [{ REDIS_URL: 'localhost:6379' }, /redisUrl must be a redis:\/\//],
    [{ VANTHU_SMTP_USER: 'clerk' }, /smtp\.password is required/],
    [{ VANTHU_API_PORT: 'eighty' }, /VANTHU_API_PORT must be a whole number/],
  ])('refuses %o naming the key', (env, message) => {
    expect(() => loadConfig({ env: { ...base, ...env } })).toThrow(message);
  });

  it('takes dispatch policy from the configuration, over the defaults, under a caller override', () => {
    const cfg = loadConfig({ env: base, overrides: { dispatch: { maxAttempts: 3, allowedTypes: ['pdf'] } } });
    const s = dispatchSettings(cfg, { maxAttempts: 2 });
    expect([s.maxAttempts, s.allowedTypes, s.inDoubtGraceMs]).toEqual([2, ['pdf'], DEFAULT_DISPATCH_SETTINGS.inDoubtGraceMs]);
    expect(dispatchSettings(cfg).maxAttempts).toBe(3);
    expect(dispatchSettings(loadConfig({ env: base }))).toEqual(DEFAULT_DISPATCH_SETTINGS);
  });

  it.each([
    [{ maxAttempts: 0 }, /dispatch\.maxAttempts/],
    [{ allowedTypes: ['.pdf'] }, /dispatch\.allowedTypes\.0 must be a lower-case file extension/],
    [{ retries: 3 }, /dispatch.*retries/],
  ])('refuses dispatch %o naming the key', (dispatch, message) => {
    expect(() => loadConfig({ env: base, overrides: { dispatch } as never })).toThrow(message);
  });

  it('keeps raw messages in GridFS unless told otherwise', () => {
    expect(loadConfig({ env: base }).storage).toEqual({ raw: 'gridfs' });
  });

  it('puts the fs raw store under home when no rawDir is given', () => {
    const cfg = loadConfig({ env: base, overrides: { storage: { raw: 'fs' } } });
    expect(cfg.storage.rawDir).toBe(join(cfg.home, 'raw'));
    expect(cfg.storage.rawDir!.startsWith(projectRoot)).toBe(true);
  });

  it('takes the raw store and its folder from the environment', () => {
    const cfg = loadConfig({ env: { ...base, VANTHU_RAW_STORE: 'fs', VANTHU_RAW_DIR: '/srv/vanthu/raw' } });
    expect(cfg.storage).toEqual({ raw: 'fs', rawDir: '/srv/vanthu/raw' });
  });

  it('refuses an unknown raw store naming the key', () => {
    expect(() => loadConfig({ env: base, overrides: { storage: { raw: 's3' } } })).toThrow(/storage\.raw /);
    expect(() => loadConfig({ env: { ...base, VANTHU_RAW_STORE: 's3' } })).toThrow(/storage\.raw /);
  });

  it('refuses an unknown key in a config file', () => {
    expect(() => loadConfig({ env: base, overrides: { smtp: { hots: 'x' } } })).toThrow(/smtp\.hots is not a known configuration key/);
  });
});
