// Stack control: the drill's PRIVATE local stack (own home, own ports, own config file), so it can
// stop and restart services without disturbing anyone else's. `stackUp` is idempotent: stopping
// one service's process and calling it again is a restart of that service alone.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type VanthuConfig } from '../../src/config/index.js';
import { stackPaths } from '../../src/stack/paths.js';
import { isAlive, readPid } from '../../src/stack/proc.js';
import { stackDown, stackUp } from '../../src/stack/stack.js';
import type { DrillOptions, ServiceName } from './options.js';

export interface PrivateStack {
  configFile: string;
  cfg: VanthuConfig;
  /** Where raw messages are kept (storage.raw = "fs"): the "data folder" the disk-full scenario fills. */
  dataDir: string;
  /** Why the data folder is not a small tmpfs of its own (the disk-full scenario is then skipped), or null. */
  noTmpfs: string | null;
  up(): Promise<void>;
  /** Stops a service as an operator would (SIGTERM, `postfix stop`), waits `downMs`, starts it again. */
  restart(service: ServiceName, downMs: number): Promise<void>;
  down(): Promise<void>;
}

const PID_NAME: Record<ServiceName, string> = { redis: 'redis', ferretdb: 'ferretdb', dovecot: 'dovecot', postfix: 'postfix' };

export function privateStack(o: DrillOptions, log: (s: string) => void): PrivateStack {
  // Settings from the environment win over a config file: none may point the drill at another
  // stack (`stack down` on it would stop somebody else's services).
  for (const k of ['MONGODB_URI', 'REDIS_URL', 'VANTHU_HOME']) delete process.env[k];
  // On a given private stack (options.ts baseConfig) its home and settings, else the drill's own.
  const base = o.baseConfig ? (JSON.parse(readFileSync(o.baseConfig, 'utf8')) as Record<string, unknown>) : {};
  const home = o.home ?? join(o.root, 'home');
  const dataDir = join(o.root, 'data');
  mkdirSync(home, { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  const configFile = join(o.root, 'config.json');
  const p = o.ports;
  writeFileSync(
    configFile,
    JSON.stringify(
      {
        ...base,
        home,
        mongodbUri: `mongodb://127.0.0.1:${p.mongoPort}/vanthu`,
        redisUrl: `redis://127.0.0.1:${p.redisPort}`,
        smtp: { ...(base.smtp as object), port: p.smtpPort },
        storage: { raw: 'fs', rawDir: dataDir },
        // Short retries so that a scenario settles within minutes; the policy is the same.
        dispatch: { ...(base.dispatch as object), backoffMs: 500, maxAttempts: 12 },
        // An acknowledgement in doubt looks for the relay's report every 2 s (options.ts: its grace).
        acknowledgements: { inDoubtRecheckMs: 2000, ...(o.ackGraceMs ? { inDoubtGraceMs: o.ackGraceMs } : {}) },
        // A killed worker's jobs come back after this (options.ts: production's 30 s in the full drill).
        ...(o.jobLockMs ? { workers: { ...(base.workers as object), jobLockMs: o.jobLockMs } } : {}),
        stack: { ...(base.stack as object), ...p },
      },
      null,
      2,
    ),
  );
  const cfg = loadConfig({ env: { VANTHU_CONFIG: configFile } });
  const noTmpfs = mountTmpfs(dataDir, 64);
  if (noTmpfs) log(`data folder ${dataDir} is a plain folder: ${noTmpfs}`);
  const run = join(stackPaths(home).run);
  return {
    configFile,
    cfg,
    dataDir,
    noTmpfs,
    up: async () => {
      await stackUp({ config: cfg, quiet: true });
    },
    restart: async (service, downMs) => {
      const pid = readPid(join(run, `${PID_NAME[service]}.pid`));
      if (service === 'postfix') spawnSync('/usr/sbin/postfix', ['-c', join(stackPaths(home).postfix, 'etc'), 'stop'], { stdio: 'ignore' });
      else if (pid && isAlive(pid)) process.kill(pid, 'SIGTERM');
      const until = Date.now() + 20_000;
      while (pid && isAlive(pid) && Date.now() < until) await sleep(100);
      if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
      await sleep(downMs);
      await stackUp({ config: cfg, quiet: true });
    },
    down: async () => {
      await stackDown({ config: cfg, quiet: true }).catch((e: unknown) => log(`stack down: ${(e as Error).message}`));
      if (!noTmpfs) spawnSync('umount', ['-l', dataDir], { stdio: 'ignore' });
    },
  };
}

/** Mounts a small tmpfs on `dir` (a full disk can then be made in a moment); returns why not, or null. */
function mountTmpfs(dir: string, mb: number): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (mount needs it)';
  const mounted = spawnSync('findmnt', ['-n', '-o', 'FSTYPE', dir], { encoding: 'utf8' });
  if (mounted.status === 0 && mounted.stdout.trim() === 'tmpfs') spawnSync('umount', ['-l', dir]);
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m`, 'tmpfs', dir], { encoding: 'utf8' });
  return r.status === 0 ? null : `mount -t tmpfs failed: ${(r.stderr || r.stdout).trim()}`;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
