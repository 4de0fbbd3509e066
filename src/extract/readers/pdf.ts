// PDF text through pdf-parse, in worker threads. A hostile or broken PDF can make pdf.js loop or
// eat memory; a worker can be terminated on a deadline and runs under its own heap ceiling, which
// a promise in the main thread cannot. Starting a worker and loading pdf.js costs ~150 ms, more
// than reading a one-page PDF, so workers are pooled: a warm worker takes the next document, a
// worker that timed out or failed is terminated and replaced, and each is retired after a number
// of documents to bound any leak. Idle workers are unref'd so they never keep the process alive.
// The worker source is inline (eval) so it runs the same under tsx, vitest and compiled output,
// and it loads pdf-parse from the path resolved here.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type { ExtractError } from '../types.js';

const require = createRequire(import.meta.url);
const PDF_PARSE_PATH = require.resolve('pdf-parse');

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PDFParse } = require(workerData.lib);
parentPort.on('message', async ({ id, data }) => {
  try {
    const parser = new PDFParse({ data, verbosity: 0 });
    try {
      const r = await parser.getText({ pageJoiner: '' });
      parentPort.postMessage({ id, ok: true, pages: r.pages.map((p) => p.text), total: r.total });
    } finally {
      await parser.destroy().catch(() => {});
    }
  } catch (e) {
    parentPort.postMessage({ id, ok: false, name: (e && e.name) || 'Error', message: String((e && e.message) || e) });
  }
});
`;

export interface PdfText {
  pages: string[];
  pageCount: number;
}

type Outcome = { ok: true; value: PdfText } | { ok: false; error: ExtractError };
type WorkerReply = { id: number; ok: true; pages: string[]; total: number } | { id: number; ok: false; name: string; message: string };

export function isPdf(buf: Uint8Array): boolean {
  // The header may be preceded by junk (allowed by readers, within the first KiB).
  const head = Buffer.from(buf.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

const MAX_JOBS_PER_WORKER = 200;

interface Slot {
  worker: Worker;
  heapMb: number;
  jobs: number;
  busy: boolean;
}

class PdfPool {
  private slots: Slot[] = [];
  private waiting: Array<() => void> = [];
  private nextId = 1;
  constructor(private readonly size: number) {}

  private spawn(heapMb: number): Slot {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { lib: PDF_PARSE_PATH },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
      stdout: true,
      stderr: true,
    });
    const slot: Slot = { worker, heapMb, jobs: 0, busy: false };
    worker.on('exit', () => this.drop(slot));
    // Errors are handled per job; this keeps an idle worker's failure from being unhandled.
    worker.on('error', () => this.drop(slot));
    this.slots.push(slot);
    return slot;
  }

  private drop(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    void slot.worker.terminate();
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
    slot.worker.unref();
    if (slot.jobs >= MAX_JOBS_PER_WORKER) this.drop(slot);
    else this.waiting.shift()?.();
  }

  async run(buf: Uint8Array, opts: { timeoutMs: number; workerHeapMb: number }): Promise<Outcome> {
    const slot = await this.acquire(opts.workerHeapMb);
    slot.jobs++;
    slot.worker.ref();
    const id = this.nextId++;
    // A private copy whose memory moves to the worker (the caller's buffer stays intact).
    const data = new Uint8Array(buf);
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      const finish = (r: Outcome, healthy: boolean) => {
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
      const onMessage = (m: WorkerReply) => {
        if (m.id !== id) return;
        if (m.ok) finish({ ok: true, value: { pages: m.pages, pageCount: m.total } }, true);
        else finish({ ok: false, error: mapError(m.name, m.message) }, true);
      };
      const onError = (e: Error & { code?: string }) => {
        const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
        finish(
          {
            ok: false,
            error: oom
              ? { code: 'CORRUPT', message: `Reading the PDF needed more than ${opts.workerHeapMb} MiB of memory and was stopped.` }
              : { code: 'READ_FAILED', message: `The PDF reader failed: ${e.message}` },
          },
          false,
        );
      };
      const onExit = (code: number) => finish({ ok: false, error: { code: 'READ_FAILED', message: `The PDF reader stopped unexpectedly (exit ${code}).` } }, false);
      const timer = setTimeout(
        () => finish({ ok: false, error: { code: 'TIMEOUT', message: `Reading the PDF took longer than ${opts.timeoutMs} ms and was stopped.` } }, false),
        opts.timeoutMs,
      );
      slot.worker.on('message', onMessage);
      slot.worker.on('error', onError);
      slot.worker.on('exit', onExit);
      slot.worker.postMessage({ id, data }, [data.buffer]);
    });
  }
}

const pool = new PdfPool(Math.max(1, Math.min(4, availableParallelism())));

export async function readPdf(buf: Uint8Array, opts: { timeoutMs: number; workerHeapMb: number }): Promise<Outcome> {
  if (!isPdf(buf)) {
    return { ok: false, error: { code: 'NOT_A_PDF', message: 'The file is named or typed as PDF but has no %PDF- header.' } };
  }
  return pool.run(buf, opts);
}

function mapError(name: string, message: string): ExtractError {
  if (name === 'PasswordException' || /password/i.test(message)) {
    return { code: 'ENCRYPTED', message: 'The PDF is encrypted and needs a password to open; ask the sender for an unprotected copy.' };
  }
  if (name === 'InvalidPDFException' || name === 'FormatError' || /invalid pdf|xref|format/i.test(message)) {
    return { code: 'CORRUPT', message: `The PDF is damaged and cannot be read (${message}).` };
  }
  return { code: 'READ_FAILED', message: `The PDF could not be read (${name}: ${message}).` };
}
