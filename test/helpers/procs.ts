// Spawns real worker processes (`vanthu worker …`) against a test's own database and Redis prefix,
// and kills them as a crash would.
import { spawn, type ChildProcess } from 'node:child_process';

export interface WorkerProc {
  child: ChildProcess;
  pid: number;
  /** Parsed JSON log lines the worker has written so far. */
  logs: Record<string, unknown>[];
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const live = new Set<ChildProcess>();
// A test run that ends early (timeout, crash) must not leave workers behind to load the stack.
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export function spawnWorker(args: string[], env: Record<string, string>): WorkerProc {
  const child = spawn('node', ['bin/vanthu.mjs', ...args], {
    // A killed worker's jobs return to their queue 10 s after it died rather than production's
    // 30 s (workers.jobLockMs): the crash tests wait for that takeover.
    env: { ...process.env, VANTHU_LOG_LEVEL: 'info', VANTHU_JOB_LOCK_MS: '10000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ msg: line });
      }
    }
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
    if (process.env.VANTHU_TEST_VERBOSE) process.stderr.write(d);
  });
  live.add(child);
  child.on('exit', (code, sig) => {
    live.delete(child);
    if (code && code !== 0) logs.push({ msg: 'exited', code, sig, stderr: stderr.slice(-2000) });
  });
  return {
    child,
    pid: child.pid!,
    logs,
    kill: (signal = 'SIGKILL') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
