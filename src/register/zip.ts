// A folder as one zip (jszip), its paths relative to the folder and with forward slashes. The
// manifest's SHA-256s are of the files as written, and zip stores them unchanged (deflate is
// lossless), so the unzipped folder checks as the original did.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import JSZip from 'jszip';

async function* files(dir: string): AsyncGenerator<string> {
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) yield* files(p);
    else if (d.isFile()) yield p;
  }
}

export async function zipFolder(dir: string): Promise<Buffer> {
  const zip = new JSZip();
  for await (const p of files(dir)) zip.file(relative(dir, p).split(sep).join('/'), await readFile(p), { createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'UNIX' });
}
