// PDF text through pdf-parse, in a worker thread. A hostile or broken PDF can make pdf.js loop or
// eat memory; a worker can be terminated on a deadline and given its own heap ceiling, which a
// promise in the main thread cannot. The worker source is inline (eval) so it runs the same under
// tsx, vitest and compiled output, and it loads pdf-parse from the path resolved here.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type { ExtractError } from '../types.js';

const require = createRequire(import.meta.url);
const PDF_PARSE_PATH = require.resolve('pdf-parse');

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  try {
    const { PDFParse } = require(workerData.lib);
    const parser = new PDFParse({ data: workerData.data, verbosity: 0 });
    try {
      const r = await parser.getText({ pageJoiner: '' });
      parentPort.postMessage({ ok: true, pages: r.pages.map((p) => p.text), total: r.total });
    } finally {
      await parser.destroy().catch(() => {});
    }
  } catch (e) {
    parentPort.postMessage({ ok: false, name: (e && e.name) || 'Error', message: String((e && e.message) || e) });
  }
})();
`;

export interface PdfText {
  pages: string[];
  pageCount: number;
}

type WorkerReply = { ok: true; pages: string[]; total: number } | { ok: false; name: string; message: string };

export function isPdf(buf: Uint8Array): boolean {
  // The header may be preceded by junk (allowed by readers, within the first KiB).
  const head = Buffer.from(buf.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

export async function readPdf(
  buf: Uint8Array,
  opts: { timeoutMs: number; workerHeapMb: number },
): Promise<{ ok: true; value: PdfText } | { ok: false; error: ExtractError }> {
  if (!isPdf(buf)) {
    return { ok: false, error: { code: 'NOT_A_PDF', message: 'The file is named or typed as PDF but has no %PDF- header.' } };
  }
  // A private copy whose memory moves to the worker (no second copy, caller's buffer untouched).
  const data = new Uint8Array(buf);
  return new Promise((resolve) => {
    let settled = false;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { lib: PDF_PARSE_PATH, data },
      transferList: [data.buffer],
      resourceLimits: { maxOldGenerationSizeMb: opts.workerHeapMb },
      stdout: true,
      stderr: true,
    });
    const finish = (r: { ok: true; value: PdfText } | { ok: false; error: ExtractError }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(r);
    };
    const timer = setTimeout(
      () => finish({ ok: false, error: { code: 'TIMEOUT', message: `Reading the PDF took longer than ${opts.timeoutMs} ms and was stopped.` } }),
      opts.timeoutMs,
    );
    worker.on('message', (m: WorkerReply) => {
      if (m.ok) finish({ ok: true, value: { pages: m.pages, pageCount: m.total } });
      else finish({ ok: false, error: mapError(m.name, m.message) });
    });
    worker.on('error', (e: Error & { code?: string }) => {
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish({
        ok: false,
        error: oom
          ? { code: 'CORRUPT', message: `Reading the PDF needed more than ${opts.workerHeapMb} MiB of memory and was stopped.` }
          : { code: 'READ_FAILED', message: `The PDF reader failed: ${e.message}` },
      });
    });
    worker.on('exit', (code) => {
      finish({ ok: false, error: { code: 'READ_FAILED', message: `The PDF reader stopped unexpectedly (exit ${code}).` } });
    });
  });
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
