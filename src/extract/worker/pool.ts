// Every document is read and recognised in a child process (read-document.ts runs there). A
// promise on the main thread cannot interrupt synchronous work: a 410 KB DOCX holding 100 MB of
// XML ran 112 s and reached 4.2 GB RSS under the old main-thread time limit. A reader process is
// killed at the time limit and runs under its own heap ceiling (--max-old-space-size), so a
// hostile file costs at most the limit and the ceiling, and the caller gets all fields null with
// TIMEOUT or TOO_LARGE. A process, not a worker thread: a thread that runs out of memory can take
// the whole process down with it (nodejs/node#47224); a child that does dies alone.
//
// Starting a reader and loading its modules costs ~100-300 ms, more than reading a one-page
// document, so readers are pooled: a warm one takes the next document; one that timed out, ran
// out of memory or failed is killed and replaced; each is retired after a number of documents to
// bound any leak. Idle readers are unref'd so they never keep the process alive. The time limit
// counts from when a ready reader receives the document, so a cold start never eats into it.
//
// The bootstrap is inline (node -e) and imports the reader module by URL, so the same code runs
// under tsx, vitest and compiled output: when the module is TypeScript, the bootstrap registers
// tsx's ESM loader first (tsx is a runtime dependency, as bin/vanthu.mjs uses it the same way).
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { ExtractError, ExtractResult } from '../types.js';
import { emptyMetadata } from '../types.js';
import type { DocumentJob, PagesKnown } from '../read-document.js';

const TYPESCRIPT = import.meta.url.endsWith('.ts');
const ENTRY = new URL(`../read-document.${TYPESCRIPT ? 'ts' : 'js'}`, import.meta.url).href;
const TSX_ESM_API = TYPESCRIPT
  ? pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href
  : null;

const BOOTSTRAP = `
const [entry, tsx] = process.argv.slice(1);
process.stdout.write = () => true;
const ready = (async () => {
  if (tsx) (await import(tsx)).register();
  return import(entry);
})();
ready.then(
  () => process.send({ ready: true }),
  (e) => process.send({ ready: false, message: String((e && e.stack) || e) }),
);
process.on('message', async ({ id, job }) => {
  try {
    const mod = await ready;
    process.send({ id, ok: true, result: await mod.runJob(job, (partial) => process.send({ id, partial })) });
  } catch (e) {
    process.send({ id, ok: false, message: String((e && e.message) || e) });
  }
});
process.on('disconnect', () => process.exit(0));
`;

/** Cold start allowance (loading tsx and the readers on a busy machine); not the document's time. */
const STARTUP_MS = 60_000;
const MAX_JOBS_PER_WORKER = 1000;
/** Below this a worker cannot even load its readers (measured: 64 MiB fails under tsx). */
export const MIN_WORKER_HEAP_MB = 128;

type Reply =
  | { id: number; ok: true; result: ExtractResult }
  | { id: number; ok: false; message: string }
  /** What the reader knew early (the page count): kept for a document stopped later. */
  | { id: number; ok?: undefined; partial: PagesKnown };
type Ready = { ready: true } | { ready: false; message: string };

interface Slot {
  worker: ChildProcess;
  /** The end of what the reader wrote to stderr: V8 says "heap out of memory" there. */
  stderrTail: string;
  heapMb: number;
  jobs: number;
  busy: boolean;
  started: Promise<string | null>;
}

export interface PoolLimits {
  timeoutMs: number;
  workerHeapMb: number;
}

function failed(error: ExtractError, known: PagesKnown | null = null): ExtractResult {
  const metadata = emptyMetadata();
  if (known) {
    metadata.pageCount = known.pageCount;
    metadata.evidence.pageCount = known.evidence;
  }
  return { metadata, error };
}

/** Kills a reader and its process group (the OCR tools it started), whether it still runs or not:
 *  a tool may outlive a reader that died by itself. */
function killGroup(worker: ChildProcess): void {
  if (worker.pid === undefined) return;
  try {
    process.kill(-worker.pid, 'SIGKILL');
  } catch {
    // the group is gone
  }
  if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
}

class DocumentPool {
  private slots: Slot[] = [];
  private waiting: Array<() => void> = [];
  private nextId = 1;
  constructor(private readonly size: number) {}

  private spawn(heapMb: number): Slot {
    // The stack of a worker thread (4 MB): the XML readers spread long arrays, which overflows
    // a process's default ~1 MB. Below the main thread's 8 MB OS stack.
    const worker = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, '--stack-size=3984', '-e', BOOTSTRAP, ENTRY, TSX_ESM_API ?? ''], {
      // stdout is not ours to show (pdf.js and word-extractor print warnings); stderr is kept for
      // the out-of-memory message. 'advanced' serialisation carries the document's bytes as such.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
      env: { ...process.env, NODE_OPTIONS: '' },
      // Its own process group, killed whole with it: the OCR tools it starts (tesseract,
      // pdftoppm) die with the reader (ocr/proc.ts also has the kernel kill them when it dies).
      detached: true,
    });
    const slot: Slot = { worker, stderrTail: '', heapMb, jobs: 0, busy: false, started: Promise.resolve(null) };
    worker.stderr!.on('data', (d: Buffer) => (slot.stderrTail = (slot.stderrTail + d.toString('utf8')).slice(-2000)));
    slot.started = new Promise<string | null>((resolve) => {
      const onReady = (m: Ready) => {
        if (!('ready' in m)) return;
        worker.off('message', onReady);
        resolve(m.ready ? null : m.message);
      };
      worker.on('message', onReady);
      worker.once('exit', (code, signal) => resolve(`the document reader stopped while starting (${signal ?? `exit ${code}`})`));
    });
    worker.on('exit', () => this.drop(slot));
    // Errors are handled per job; this keeps an idle reader's failure from being unhandled.
    worker.on('error', () => this.drop(slot));
    this.slots.push(slot);
    return slot;
  }

  /** Whether the reader may keep the process alive: only while it has a document. */
  private hold(slot: Slot, busy: boolean): void {
    const handles: ({ ref(): unknown; unref(): unknown } | null | undefined)[] = [slot.worker, slot.worker.channel, slot.worker.stderr as Socket | null];
    for (const h of handles) {
      if (busy) h?.ref();
      else h?.unref();
    }
  }

  private drop(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    killGroup(slot.worker);
    this.waiting.shift()?.();
  }

  /** A free worker, marked busy before anyone else can see it free. */
  private async acquire(heapMb: number): Promise<Slot> {
    for (;;) {
      const slot = this.slots.find((s) => !s.busy && s.heapMb === heapMb) ?? (this.slots.length < this.size ? this.spawn(heapMb) : null);
      if (slot) {
        slot.busy = true;
        return slot;
      }
      const other = this.slots.find((s) => !s.busy);
      if (other) this.drop(other); // idle but with another heap limit: replace it
      else await new Promise<void>((r) => this.waiting.push(r));
    }
  }

  private release(slot: Slot): void {
    slot.busy = false;
    this.hold(slot, false);
    if (slot.jobs >= MAX_JOBS_PER_WORKER) this.drop(slot);
    else this.waiting.shift()?.();
  }

  async run(data: Uint8Array, job: Omit<DocumentJob, 'data'>, requested: PoolLimits): Promise<ExtractResult> {
    const limits = { ...requested, workerHeapMb: Math.max(MIN_WORKER_HEAP_MB, requested.workerHeapMb) };
    const slot = await this.acquire(limits.workerHeapMb);
    this.hold(slot, true);
    let startTimer: NodeJS.Timeout | undefined;
    const startup = await Promise.race([slot.started, new Promise<string>((r) => (startTimer = setTimeout(r, STARTUP_MS, 'the extraction worker did not start in time')))]);
    clearTimeout(startTimer);
    if (startup !== null) {
      this.drop(slot);
      return failed({ code: 'READ_FAILED', message: `The document could not be read: ${startup}.` });
    }
    slot.jobs++;
    const id = this.nextId++;
    return new Promise<ExtractResult>((resolve) => {
      let settled = false;
      const finish = (r: ExtractResult, healthy: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        slot.worker.off('message', onMessage);
        slot.worker.off('error', onError);
        slot.worker.off('exit', onExit);
        if (healthy) this.release(slot);
        else this.drop(slot);
        resolve(r);
      };
      let pageCount: PagesKnown | null = null;
      const onMessage = (m: Reply) => {
        if (m.id !== id) return;
        if ('partial' in m) pageCount = m.partial;
        // An answer that comes after the limit is a timeout, whichever callback the event loop
        // runs first: when this process was descheduled, the reply and the timer are both ready.
        else if (performance.now() - sentAt >= limits.timeoutMs) finish(timedOut(), true);
        else if (m.ok) finish(m.result, true);
        else finish(failed({ code: 'READ_FAILED', message: `The document could not be read: ${m.message}` }), true);
      };
      const onError = (e: Error) => finish(failed({ code: 'READ_FAILED', message: `The document reader failed: ${e.message}` }), false);
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        // V8 prints "heap out of memory" and aborts when the ceiling is reached.
        const oom = /heap out of memory|Allocation failed/i.test(slot.stderrTail);
        finish(
          failed(
            oom
              ? { code: 'TOO_LARGE', message: `Reading the document needed more than ${limits.workerHeapMb} MiB of memory and was stopped.` }
              : { code: 'READ_FAILED', message: `The document reader stopped unexpectedly (${signal ?? `exit ${code}`}).` },
            pageCount,
          ),
          false,
        );
      };
      const timedOut = () => failed({ code: 'TIMEOUT', message: `Reading the document took longer than ${limits.timeoutMs} ms and was stopped.` }, pageCount);
      const timer = setTimeout(() => finish(timedOut(), false), limits.timeoutMs);
      slot.worker.on('message', onMessage);
      slot.worker.on('error', onError);
      slot.worker.on('exit', onExit);
      const message: { id: number; job: DocumentJob } = { id, job: { ...job, data, timeoutMs: limits.timeoutMs, workerHeapMb: limits.workerHeapMb } };
      const sentAt = performance.now();
      slot.worker.send(message);
    });
  }
}

const pool = new DocumentPool(Math.max(1, Math.min(4, availableParallelism())));

/** Read one document in a pooled worker under the time limit and heap ceiling. Never throws. */
export function readInWorker(data: Uint8Array, job: Omit<DocumentJob, 'data'>, limits: PoolLimits): Promise<ExtractResult> {
  return pool.run(data, job, limits);
}
