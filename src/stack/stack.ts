// `vanthu stack up|down|status`: the local stack on loopback, idempotent. `up` installs what is
// missing, starts what is not running and creates the sandbox mailboxes; `down` stops only the
// processes whose pid files `up` wrote.
import { SANDBOX_AGENCIES } from '../agency/sandbox.js';
import { silentLogger } from '../log.js';
import { join } from 'node:path';
import { loadConfig, type VanthuConfig } from '../config/index.js';
import { ensureDirs, ensureTraversable, stackPaths, type StackPaths } from './paths.js';
import { installPackages } from './install.js';
import { defineServices, type ServiceDef } from './services.js';
import { isAlive, portOpen, readPid, stopPid } from './proc.js';
import { ensureSandboxMailboxes } from './mailboxes.js';

export interface ServiceStatus {
  name: ServiceDef['name'];
  address: string;
  managed: boolean;
  pid: number | null;
  running: boolean;
  answering: boolean;
  detail: string;
}

export interface StackOptions {
  quiet?: boolean;
  config?: VanthuConfig;
}

function context(opts: StackOptions): { cfg: VanthuConfig; paths: StackPaths; services: ServiceDef[] } {
  const cfg = opts.config ?? loadConfig();
  const paths = stackPaths(cfg.home);
  return { cfg, paths, services: defineServices(cfg, paths) };
}

/** Every mailbox the sandbox serves by default: each agency's address and its dispatch address. */
export function sandboxAddresses(cfg: VanthuConfig): string[] {
  const out = new Set<string>();
  for (const a of SANDBOX_AGENCIES) {
    out.add(a.address);
    if (a.dispatchAddress) out.add(a.dispatchAddress);
    for (const u of a.units ?? []) if (u.address) out.add(u.address);
  }
  out.add(`postmaster@${cfg.stack.mailDomains[0]}`);
  return [...out];
}

export async function stackUp(opts: StackOptions = {}): Promise<ServiceStatus[]> {
  const { cfg, paths, services } = context(opts);
  const log = (s: string) => {
    if (!opts.quiet) process.stderr.write(`stack: ${s}\n`);
  };
  ensureDirs(paths);
  ensureTraversable(paths.home, log);
  installPackages(log);
  ensureSandboxMailboxes(paths, sandboxAddresses(cfg), cfg.stack.sandboxPassword);
  const started = new Set<string>();
  for (const svc of services) {
    if (!svc.start || started.has(svc.pidName)) continue;
    const pidFile = join(paths.run, `${svc.pidName}.pid`);
    if (isAlive(readPid(pidFile))) continue;
    if (await portOpen(svc.port)) {
      throw new Error(`${svc.name}: port 127.0.0.1:${svc.port} is taken by a process vanthu did not start; stop it or change stack.${portKey(svc.name)}`);
    }
    log(`starting ${svc.name} on 127.0.0.1:${svc.port}`);
    await svc.start(log);
    started.add(svc.pidName);
  }
  await seedDirectory(cfg, log);
  return stackStatus({ ...opts, config: cfg });
}

/**
 * The sandbox agencies go into the stack's own database, so `mailbox add --sandbox` and the demo
 * work at once. Only there: a MONGODB_URI pointing elsewhere is somebody's real directory.
 */
async function seedDirectory(cfg: VanthuConfig, log: (s: string) => void): Promise<void> {
  if (!new RegExp(`^mongodb://(127\\.0\\.0\\.1|localhost):${cfg.stack.mongoPort}/`).test(cfg.mongodbUri)) return;
  const { openContext } = await import('../runtime/context.js');
  const { seedSandboxAgencies } = await import('../agency/sandbox.js');
  const ctx = await openContext({ cfg, log: silentLogger() });
  try {
    const added = await seedSandboxAgencies(ctx);
    if (added.length) log(`sandbox agencies added to the directory: ${added.join(', ')}`);
  } finally {
    await ctx.close();
  }
}

function portKey(name: ServiceDef['name']): string {
  return { redis: 'redisPort', ferretdb: 'mongoPort', 'dovecot-imap': 'imapPort', 'dovecot-lmtp': 'lmtpPort', postfix: 'smtpPort' }[name];
}

export async function stackStatus(opts: StackOptions = {}): Promise<ServiceStatus[]> {
  const { paths, services } = context(opts);
  return Promise.all(
    services.map(async (svc) => {
      const pid = readPid(join(paths.run, `${svc.pidName}.pid`));
      let answering = false;
      let detail: string;
      try {
        detail = await svc.probe();
        answering = true;
      } catch (err) {
        detail = (err as Error).message;
      }
      return {
        name: svc.name,
        address: `127.0.0.1:${svc.port}`,
        managed: svc.start !== null,
        pid: isAlive(pid) ? pid : null,
        running: isAlive(pid) || (svc.start === null && answering),
        answering,
        detail: svc.start === null ? `external (${detail})` : detail,
      };
    }),
  );
}

export async function stackDown(opts: StackOptions = {}): Promise<{ stopped: string[] }> {
  const { paths, services } = context(opts);
  const stopped: string[] = [];
  const seen = new Set<string>();
  for (const svc of [...services].reverse()) {
    if (seen.has(svc.pidName)) continue;
    seen.add(svc.pidName);
    const pidFile = join(paths.run, `${svc.pidName}.pid`);
    if (!isAlive(readPid(pidFile))) continue;
    svc.stop?.();
    if (await stopPid(pidFile)) stopped.push(svc.pidName);
  }
  return { stopped };
}
