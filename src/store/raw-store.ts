// Keeps every message exactly as received (Decision 36 Art. 10, 11.1): the raw bytes go into a
// GridFS bucket in chunks, with their SHA-256 and size computed on the way in, so a large message
// is never held whole in memory by the store.
import { createHash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose, { type Connection } from 'mongoose';

type Bucket = InstanceType<typeof mongoose.mongo.GridFSBucket>;
type ObjectId = InstanceType<typeof mongoose.mongo.ObjectId>;

export interface StoredBlob {
  fileId: ObjectId;
  sha256: string;
  size: number;
}

class Hasher extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    cb(null, chunk);
  }
}

export class RawStore {
  private readonly bucket: Bucket;

  constructor(conn: Connection, bucketName = 'raw') {
    this.bucket = new mongoose.mongo.GridFSBucket(conn.db!, { bucketName, chunkSizeBytes: 255 * 1024 });
  }

  /** Streams `source` into the bucket; returns where it went and the digest of what was stored. */
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
