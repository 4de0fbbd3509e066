// Keeps every message exactly as received (Decision 36 Art. 10, 11.1). Two backends share one
// interface: GridFS (the default: bytes live in MongoDB, so one backup covers everything) and plain
// files (file-raw-store.ts: faster where each database write is costly, e.g. FerretDB on SQLite).
// Both compute the SHA-256 and size on the way in, so a large message is never held whole in memory.
import { createHash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose, { type Connection } from 'mongoose';

type Bucket = InstanceType<typeof mongoose.mongo.GridFSBucket>;
export type ObjectId = InstanceType<typeof mongoose.mongo.ObjectId>;

export interface StoredBlob {
  fileId: ObjectId;
  sha256: string;
  size: number;
}

export interface RawStore {
  /**
   * True when the caller should keep small messages in its own `blobs` collection, batched into
   * one insert, rather than calling `put` for each (GridFS costs a write per chunk and one for the
   * file record). False when `put` is cheap enough that every message should go through it.
   */
  readonly inlineSmallMessages: boolean;
  /** Streams `source` into the store; returns where it went and the digest of what was stored. */
  put(source: Readable | Buffer, filename: string, metadata?: Record<string, unknown>): Promise<StoredBlob>;
  /** The stored bytes; the stream errors (naming the id) when there is no such blob. */
  openStream(fileId: ObjectId): Readable;
  get(fileId: ObjectId): Promise<Buffer>;
  /** Removes the blob; a blob that is already gone is not an error. */
  delete(fileId: ObjectId): Promise<void>;
}

/** Passes bytes through unchanged, hashing and counting them. */
export class Hasher extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    cb(null, chunk);
  }
}

export class GridFsRawStore implements RawStore {
  readonly inlineSmallMessages = true;
  private readonly bucket: Bucket;

  constructor(conn: Connection, bucketName = 'raw') {
    this.bucket = new mongoose.mongo.GridFSBucket(conn.db!, { bucketName, chunkSizeBytes: 255 * 1024 });
  }

  async put(source: Readable | Buffer, filename: string, metadata: Record<string, unknown> = {}): Promise<StoredBlob> {
    const input = Buffer.isBuffer(source) ? Readable.from([source]) : source;
    const hasher = new Hasher();
    const upload = this.bucket.openUploadStream(filename, { metadata });
    await pipeline(input, hasher, upload);
    return { fileId: upload.id as ObjectId, sha256: hasher.hash.digest('hex'), size: hasher.size };
  }

  openStream(fileId: ObjectId): Readable {
    return this.bucket.openDownloadStream(fileId);
  }

  async get(fileId: ObjectId): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of this.openStream(fileId)) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  }

  async delete(fileId: ObjectId): Promise<void> {
    await this.bucket.delete(fileId).catch(() => undefined);
  }
}
