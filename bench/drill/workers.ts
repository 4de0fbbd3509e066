// Real worker processes (`vanthu worker <kind>`), one per kind, on the drill's private stack with
// the scenario's own database and Redis prefix. A kill is SIGKILL (kill -9): no shutdown code
// runs, as when a machine loses power or the kernel's OOM killer strikes.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKER_KINDS, type WorkerKind } from '../../src/runtime/run.js';

export { WORKER_KINDS, type WorkerKind };

export interface WorkerSetOptions {
  configFile: string;
  mongodbUri: string;
  prefix: string;
  logDir: string;
}

const live = new Set<ChildProcess>();
// A drill that ends early (an exception, Ctrl-C) must not leave workers behind on the stack.
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export class WorkerSet {
  private readonly procs = new Map<WorkerKind, ChildProcess>();
  private readonly extraEnv = new Map<WorkerKind, Record<string, string>>();
  private readonly logOf = new Map<WorkerKind, string>();
  private starts = 0;

  constructor(private readonly o: WorkerSetOptions) {
    mkdirSync(o.logDir, { recursive: true });
  }

  start(kind: WorkerKind, extra: Record<string, string> = this.extraEnv.get(kind) ?? {}): void {
    this.extraEnv.set(kind, extra);
    // Only what a worker needs: nothing from the caller's environment may point it elsewhere.
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      VANTHU_CONFIG: this.o.configFile,
      MONGODB_URI: this.o.mongodbUri,
      VANTHU_TEST_PREFIX: this.o.prefix,
      VANTHU_LOG_LEVEL: 'warn',
      // The sources as they are, never a stale build in dist/.
      VANTHU_FROM_SOURCE: '1',
      ...extra,
    };
    if (process.env.XDG_CACHE_HOME) env.XDG_CACHE_HOME = process.env.XDG_CACHE_HOME;
    // A short lease so that a restarted poll worker takes its mailboxes back within seconds.
    const args = ['bin/vanthu.mjs', 'worker', kind, ...(kind === 'poll' ? ['--lease-ttl', '4000', '--backfill'] : [])];
    const child = spawn('node', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const file = join(this.o.logDir, `${kind}.${++this.starts}.log`);
    this.logOf.set(kind, file);
    const out = createWriteStream(file);
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
    live.add(child);
    child.once('exit', () => live.delete(child));
    this.procs.set(kind, child);
  }

  startAll(): void {
    for (const k of WORKER_KINDS) this.start(k);
  }

  /** kill -9 of the kind's process; resolves once it is gone. */
  async kill(kind: WorkerKind): Promise<void> {
    const c = this.procs.get(kind);
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  }

  /** Stops one kind gracefully (SIGTERM: jobs in flight finish or are handed back). */
  async stop(kind: WorkerKind, graceMs = 15_000): Promise<void> {
    const c = this.procs.get(kind);
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => c.kill('SIGKILL'), graceMs);
      c.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      c.kill('SIGTERM');
    });
  }

  /**
   * Worker processes that have been failing with one and the same error for a while (at least
   * `minCount` times over `minSpanMs`), from their logs: alive, but doing nothing useful.
   */
  stuck(minCount = 20, minSpanMs = 60_000): { kind: WorkerKind; err: string; count: number; seconds: number }[] {
    const out: { kind: WorkerKind; err: string; count: number; seconds: number }[] = [];
    for (const [kind, file] of this.logOf) {
      if (!existsSync(file)) continue;
      const seen = new Map<string, { count: number; first: number; last: number }>();
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const m = /"time":(\d+).*"err":"([^"]*)"/.exec(line);
        if (!m) continue;
        const t = Number(m[1]);
        const e = seen.get(m[2]!) ?? { count: 0, first: t, last: t };
        e.count++;
        e.last = t;
        seen.set(m[2]!, e);
      }
      for (const [err, e] of seen) if (e.count >= minCount && e.last - e.first >= minSpanMs) out.push({ kind, err, count: e.count, seconds: Math.round((e.last - e.first) / 1000) });
    }
    return out;
  }

  /** Restarts every kind whose process has died by itself (a crash the drill did not cause). */
  reviveDead(): WorkerKind[] {
    const dead = [...this.procs].filter(([, c]) => c.exitCode !== null || c.signalCode !== null).map(([k]) => k);
    for (const k of dead) this.start(k);
    return dead;
  }

  /** Stops every worker gracefully (SIGTERM), then kills what is left after `graceMs`. */
  async stopAll(graceMs = 10_000): Promise<void> {
    await Promise.all(
      [...this.procs.values()].map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const t = setTimeout(() => c.kill('SIGKILL'), graceMs);
            c.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
  }
}
