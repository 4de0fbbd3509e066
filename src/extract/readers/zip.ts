// Parts of an office package (DOCX, ODT) read with a ceiling on their inflated size. A few hundred
// KB of DEFLATE can inflate to 100 MB of XML; building a tree of that (13 bytes of heap per byte of
// XML with fast-xml-parser) would hit the worker's heap ceiling, and Node does not always turn
// that into a clean worker error: some allocation shapes abort the whole process
// (nodejs/node#47224). So a part is inflated as a stream and refused as soon as it passes the
// ceiling, which is derived from the heap the worker actually has.
import { getHeapStatistics } from 'node:v8';
import type JSZip from 'jszip';

export class TooLargeError extends Error {
  override name = 'TooLargeError';
}

/** Heap bytes needed per byte of XML parsed into an ordered tree, with room to spare. */
const HEAP_PER_XML_BYTE = 24;

/** The largest XML part this thread can afford to parse (a 512 MiB heap allows ~21 MiB; a
 *  300-page Word document's document.xml is typically 2-10 MiB). */
export function xmlPartLimit(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / HEAP_PER_XML_BYTE);
}

/** A part's text (UTF-8), or undefined when the package has no such part. Throws TooLargeError
 *  once the inflated bytes pass `limit`, without inflating the rest. */
export async function zipText(zip: JSZip, path: string, limit = xmlPartLimit()): Promise<string | undefined> {
  const file = zip.file(path);
  if (!file) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    const stream = file.nodeStream('nodebuffer');
    stream
      .on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          stream.pause(); // stops inflating; the rest is never produced
          reject(new TooLargeError(`${path} inflates to more than ${(limit / 1048576).toFixed(1)} MiB`));
          return;
        }
        chunks.push(chunk);
      })
      .on('end', () => resolve())
      .on('error', (e: Error) => reject(e))
      .resume();
  });
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}
