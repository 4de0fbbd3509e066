// The OCR tools (pdftoppm, pdfinfo, tesseract) run as subprocesses of the reader process
// (worker/pool.ts), and must never outlive it: the pool kills a reader at the time limit with
// SIGKILL, which a Node process cannot catch. So each tool is started
// - through util-linux `setpriv --pdeathsig KILL`, which asks the kernel to kill it when its
//   parent (this reader) dies, however the reader dies;
// - in the reader's process group (the pool starts each reader as a group leader and kills the
//   whole group), a second way for the same end;
// - under `prlimit --as` (its address space, so a hostile page cannot make tesseract eat the
//   machine), with OMP_THREAD_LIMIT=1 (tesseract's OpenMP would start a thread per core: the
//   pool already runs one reader per core);
// - killed by the reader itself at the reader's own deadline, and on the reader's exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export class ToolTimeout extends Error {
  constructor(readonly tool: string) {
    super(`${tool} was stopped at the time limit`);
  }
}

export class ToolFailed extends Error {
  constructor(
    readonly tool: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ToolOptions {
  /** Epoch ms after which the tool is killed (ToolTimeout). */
  deadline: number;
  /** Address-space limit of the tool in MiB. */
  memoryMb: number;
  /** Most bytes of standard output kept (more is an error: the tool misbehaves). */
  maxStdout?: number;
}

const SETPRIV = '/usr/bin/setpriv';
const PRLIMIT = '/usr/bin/prlimit';
const running = new Set<ChildProcess>();
let exitHook = false;

function killAll(): void {
  for (const c of running) {
    try {
      c.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}

/** The subprocesses running now (tests look at them). */
export function runningTools(): number[] {
  return [...running].map((c) => c.pid ?? -1);
}

/** Runs a tool, resolves with its standard output; rejects with ToolTimeout or ToolFailed. */
export function runTool(cmd: string, args: string[], o: ToolOptions): Promise<Buffer> {
  if (!exitHook) {
    exitHook = true;
    process.once('exit', killAll);
  }
  const wrap: string[] = [];
  if (existsSync(PRLIMIT)) wrap.push(PRLIMIT, `--as=${Math.max(64, Math.round(o.memoryMb)) * 1024 * 1024}`, '--');
  if (existsSync(SETPRIV)) wrap.push(SETPRIV, '--pdeathsig', 'KILL', '--');
  const [file, ...argv] = [...wrap, cmd, ...args];
  const left = o.deadline - Date.now();
  if (left <= 0) return Promise.reject(new ToolTimeout(cmd));
  return new Promise<Buffer>((resolve, reject) => {
    const child = spawn(file!, argv, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', OMP_THREAD_LIMIT: '1', LC_ALL: 'C.UTF-8' },
    });
    running.add(child);
    const out: Buffer[] = [];
    let size = 0;
    let err = '';
    let failure: Error | null = null;
    const stop = (e: Error) => {
      failure ??= e;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(new ToolTimeout(cmd)), left);
    child.stdout!.on('data', (d: Buffer) => {
      size += d.length;
      if (o.maxStdout && size > o.maxStdout) stop(new ToolFailed(cmd, `${cmd} wrote more than ${o.maxStdout} bytes`));
      else out.push(d);
    });
    child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString('utf8')).slice(-2000)));
    child.on('error', (e) => stop(new ToolFailed(cmd, `${cmd} could not be started: ${e.message}`)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (failure) return reject(failure);
      if (code === 0) return resolve(Buffer.concat(out));
      const why = err.trim().split('\n').slice(-3).join(' ') || (signal ? `killed by ${signal}` : `exit ${code}`);
      reject(new ToolFailed(cmd, `${cmd} failed: ${why}`));
    });
  });
}

/** Whether a tool is installed (a path, or found on PATH). */
export function haveTool(name: string): boolean {
  if (name.includes('/')) return existsSync(name);
  return (process.env.PATH ?? '/usr/bin:/bin').split(':').some((d) => d && existsSync(`${d}/${name}`));
}
