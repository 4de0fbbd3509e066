// Process helpers for the local stack: pid files, liveness, waiting for a TCP port.
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync, openSync } from 'node:fs';
import { connect } from 'node:net';

export function readPid(pidFile: string): number | null {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export function isAlive(pid: number | null): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Start a long-running program detached from us, output to a log file, pid in a pid file. */
export function startDetached(cmd: string, args: string[], pidFile: string, logFile: string, opts: SpawnOptions = {}): number {
  const out = openSync(logFile, 'a');
  const child = spawn(cmd, args, { ...opts, detached: true, stdio: ['ignore', out, out] });
  if (!child.pid) throw new Error(`could not start ${cmd}`);
  child.unref();
  writeFileSync(pidFile, String(child.pid));
  return child.pid;
}

export function run(cmd: string, args: string[], opts: { allowFail?: boolean; env?: NodeJS.ProcessEnv } = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: opts.env ?? process.env });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0 && !opts.allowFail) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().slice(-2000)}`);
  }
  return (r.stdout ?? '') + (r.stderr ?? '');
}

export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ port, host });
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

export async function waitForPort(port: number, what: string, timeoutMs = 20_000, logFile?: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await portOpen(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  const tail = logFile && existsSync(logFile) ? `\n--- ${logFile} ---\n${readFileSync(logFile, 'utf8').slice(-1500)}` : '';
  throw new Error(`${what} did not start listening on 127.0.0.1:${port} within ${timeoutMs / 1000}s${tail}`);
}

/** Stop a process by pid file: SIGTERM, wait, then SIGKILL. Removes the pid file. */
export async function stopPid(pidFile: string, timeoutMs = 10_000): Promise<boolean> {
  const pid = readPid(pidFile);
  if (!isAlive(pid)) {
    rmSync(pidFile, { force: true });
    return false;
  }
  process.kill(pid!, 'SIGTERM');
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && isAlive(pid)) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid!, 'SIGKILL');
  rmSync(pidFile, { force: true });
  return true;
}

export function which(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}
