// Raw message bytes as plain files (storage.raw = "fs"), like OTRS's ArticleStorageFS beside
// ArticleStorageDB. Blob X lives at <root>/<last 2 hex>/<the 2 before>/<hex>.eml, where <hex> is the
// ObjectId, so the rest of the schema keeps its ObjectId keys whichever backend is in use.
//
// `put` must be durable before it resolves: the caller writes a Message record pointing at the blob
// right after, and a record must never outlive its bytes across a power cut. Hence: write to
// <root>/tmp, fsync the file, rename it into place (atomic, and tmp/ is on the same filesystem as
// the target), then fsync the directories whose entries changed. The filename and metadata passed
// to `put` are not kept: the Message record already holds everything worth knowing.
import { close as fsClose, createReadStream, open as fsOpen, read as fsRead } from 'node:fs';
import { mkdir, open, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose from 'mongoose';
import { Hasher, type ObjectId, type RawStore, type StoredBlob } from './raw-store.js';

/** The error for a blob that is not there; keeps `code: 'ENOENT'` for callers that test it. */
export class RawBlobMissingError extends Error {
  readonly code = 'ENOENT';
  constructor(
    readonly fileId: string,
    root: string,
    cause: unknown,
  ) {
    super(`raw message ${fileId} not found (no file under ${root})`, { cause });
    this.name = 'RawBlobMissingError';
  }
}

export class FileRawStore implements RawStore {
  /** A file write is cheap, so every message gets its own file; nothing goes to `blobs`. */
  readonly inlineSmallMessages = false;
  readonly root: string;
  private readonly tmpDir: string;
  private ready?: Promise<void>;
  /** Folders just created whose parents are still being fsynced, by path. */
  private readonly newDirs = new Map<string, Promise<void>>();

  constructor(rootDir: string) {
    this.root = resolve(rootDir);
    this.tmpDir = join(this.root, 'tmp');
  }

  pathOf(fileId: ObjectId): string {
    // The last digits are the ObjectId's counter, so files spread evenly over the 65,536 folders
    // (the first ones are the timestamp: one folder would take every message of many hours).
    const hex = fileId.toHexString();
    return join(this.root, hex.slice(-2), hex.slice(-4, -2), `${hex}.eml`);
  }

  async put(source: Readable | Buffer, _filename: string, _metadata: Record<string, unknown> = {}): Promise<StoredBlob> {
    await this.ensureRoot();
    const fileId = new mongoose.mongo.ObjectId();
    const tmp = join(this.tmpDir, `${fileId.toHexString()}.tmp`);
    const hasher = new Hasher();
    const fh = await open(tmp, 'wx');
    try {
      const input = Buffer.isBuffer(source) ? Readable.from([source]) : source;
      // Written through our own handle (not a write stream, which would close it) so that the
      // fsync below covers exactly these writes; writeFile loops until each chunk is all written.
      await pipeline(input, hasher, (chunks: AsyncIterable<Buffer>) => writeFile(fh, chunks));
      await fh.sync();
    } catch (err) {
      await fh.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw err;
    }
    await fh.close();

    const target = this.pathOf(fileId);
    const dir = dirname(target);
    try {
      const created = await mkdir(dir, { recursive: true });
      if (created) this.track(dir, syncNewDirs(created, dir));
      await rename(tmp, target);
      await syncDir(dir);
      // If this put (or a concurrent one here) just made the folder, its own entry is durable only
      // once that parent fsync is done. (Another host creating it at the same instant is not covered.)
      await this.newDirs.get(dir);
    } catch (err) {
      // Not durable, so not stored: the caller gets the error and records nothing.
      await Promise.all([rm(tmp, { force: true }), rm(target, { force: true })]);
      throw err;
    }
    return { fileId, sha256: hasher.hash.digest('hex'), size: hasher.size };
  }

  openStream(fileId: ObjectId): Readable {
    // Only `open` is wrapped (the `fs` option is the documented way to do it), so a missing blob
    // errors with a message naming the id instead of a bare ENOENT on a path.
    return createReadStream(this.pathOf(fileId), {
      fs: {
        open: (path: string, flags: string, mode: number, cb: (err: Error | null, fd?: number) => void) =>
          fsOpen(path, flags, mode, (err, fd) => cb(err ? this.missing(fileId, err) : null, fd)),
        read: fsRead,
        close: fsClose,
      },
    });
  }

  async get(fileId: ObjectId): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(fileId));
    } catch (err) {
      throw this.missing(fileId, err);
    }
  }

  async delete(fileId: ObjectId): Promise<void> {
    // Already gone is fine: delete is also the clean-up after a failed or duplicate store.
    await unlink(this.pathOf(fileId)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  private missing(fileId: ObjectId, err: unknown): Error {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? new RawBlobMissingError(fileId.toHexString(), this.root, err) : (err as Error);
  }

  private track(dir: string, syncing: Promise<void>): void {
    this.newDirs.set(dir, syncing);
    const done = () => void (this.newDirs.get(dir) === syncing && this.newDirs.delete(dir));
    syncing.then(done, done);
  }

  /** Creates <root>/tmp once per process (again after a failure, e.g. the volume was not mounted yet). */
  private ensureRoot(): Promise<void> {
    this.ready ??= mkdir(this.tmpDir, { recursive: true })
      .then((created) => syncNewDirs(created, this.tmpDir))
      .catch((err: unknown) => {
        this.ready = undefined;
        throw err;
      });
    return this.ready;
  }
}

/** fsync a directory, so entries added to it (a rename, a new subfolder) survive a power cut. */
async function syncDir(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync (and its NTFS journal covers renames anyway).
  if (process.platform === 'win32') return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * After `mkdir(leaf, {recursive: true})` returned `created` (the topmost folder it made, or
 * undefined), fsync each parent that gained an entry: from leaf's parent up to created's parent.
 */
async function syncNewDirs(created: string | undefined, leaf: string): Promise<void> {
  if (!created) return;
  const stop = dirname(created);
  for (let d = dirname(leaf); ; d = dirname(d)) {
    await syncDir(d);
    if (d === stop || d === dirname(d)) return;
  }
}
