import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';

const base = { PATH: process.env.PATH } as NodeJS.ProcessEnv;

describe('configuration', () => {
  it('loads the defaults', () => {
    const cfg = loadConfig({ env: base });
    expect(cfg.stack.redisPort).toBe(6390);
    expect(cfg.agencies.length).toBeGreaterThanOrEqual(3);
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

  it('refuses an unknown key in a config file', () => {
    expect(() => loadConfig({ env: base, overrides: { smtp: { hots: 'x' } } })).toThrow(/smtp\.hots is not a known configuration key/);
  });
});
