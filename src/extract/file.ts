// Bytes or a path in, metadata out. Applies the size limit before reading; an e-mail is taken
// apart here (email.ts) and every other document is read and recognised in a reader process under
// the time limit and heap ceiling (worker/pool.ts). Every failure becomes an error code with all
// fields null, never an exception.
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ExtractError, ExtractOptions, ExtractResult } from './types.js';
import { DEFAULT_OPTIONS, emptyMetadata } from './types.js';
import { claimedFormat, mib, type SourceInfo } from './format.js';
import { readInWorker } from './worker/pool.js';

export { claimedFormat, type Format, type SourceInfo } from './format.js';

function fail(error: ExtractError): ExtractResult {
  return { metadata: emptyMetadata(), error };
}

export async function extractFromBuffer(buf: Uint8Array, info: SourceInfo = {}, options: ExtractOptions = {}): Promise<ExtractResult> {
  const opts = { ...DEFAULT_OPTIONS, ...options };
  if (buf.byteLength > opts.maxBytes) {
    return fail({ code: 'TOO_LARGE', message: `The file is ${mib(buf.byteLength)} MiB; the limit is ${mib(opts.maxBytes)} MiB.` });
  }
  if (claimedFormat(info) === 'eml') {
    // The message's parts each go to a worker with the time limit; parsing the MIME structure
    // itself is streamed (mailparser) and bounded by the size limit.
    const { extractFromEmail } = await import('./email.js');
    const r = await extractFromEmail(buf, opts);
    return { metadata: r.metadata, error: r.error };
  }
  return readInWorker(buf, { info: { filename: info.filename, contentType: info.contentType }, ocr: opts.ocr }, opts);
}

export async function extractFromFile(path: string, options: ExtractOptions = {}): Promise<ExtractResult> {
  const opts = { ...DEFAULT_OPTIONS, ...options };
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) return fail({ code: 'READ_FAILED', message: `${path} is not a regular file.` });
    size = st.size;
  } catch (e) {
    return fail({ code: 'READ_FAILED', message: `Cannot open ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
  }
  // Checked before reading: a 200 MB attachment is refused without loading it.
  if (size > opts.maxBytes) return fail({ code: 'TOO_LARGE', message: `The file is ${mib(size)} MiB; the limit is ${mib(opts.maxBytes)} MiB.` });
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(size);
    await fh.read(buf, 0, size, 0);
    return await extractFromBuffer(buf, { filename: basename(path) }, opts);
  } finally {
    await fh.close();
  }
}
