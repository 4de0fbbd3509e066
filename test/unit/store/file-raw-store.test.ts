import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileRawStore } from '../../../src/store/file-raw-store.js';

let root: string;
let store: FileRawStore;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vanthu-raw-'));
  store = new FileRawStore(root);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function readAll(s: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** ~1 MB in 17 uneven chunks, as an IMAP download would deliver it. */
function chunks(): Buffer[] {
  return Array.from({ length: 17 }, (_, i) => randomBytes(60_000 + i * 97));
}

describe('FileRawStore', () => {
  it.each([
    ['a Buffer', () => Buffer.concat(chunks())],
    ['a Readable of several chunks', () => chunks()],
  ])('stores %s durably where documented and gives the same bytes back', async (_label, make) => {
    const input = make();
    const bytes = Buffer.isBuffer(input) ? input : Buffer.concat(input);
    expect(bytes.length).toBeGreaterThan(1_000_000);

    const stored = await store.put(Buffer.isBuffer(input) ? input : Readable.from(input), 'm.eml', { mailboxId: 'x' });
    expect(stored.size).toBe(bytes.length);
    expect(stored.sha256).toBe(sha256(bytes));

    const hex = stored.fileId.toHexString();
    const path = join(root, hex.slice(-2), hex.slice(-4, -2), `${hex}.eml`);
    expect(store.pathOf(stored.fileId)).toBe(path);
    expect((await stat(path)).size).toBe(bytes.length);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);

    expect((await store.get(stored.fileId)).equals(bytes)).toBe(true);
    expect((await readAll(store.openStream(stored.fileId))).equals(bytes)).toBe(true);

    await store.delete(stored.fileId);
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(store.delete(stored.fileId)).resolves.toBeUndefined();
  });

  it('leaves nothing behind when the input stream fails', async () => {
    const failing = Readable.from(
      (async function* () {
        yield randomBytes(1000);
        throw new Error('connection dropped');
      })(),
    );
    await expect(store.put(failing, 'm.eml')).rejects.toThrow(/connection dropped/);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('names the id of a blob that is not there', async () => {
    const id = new mongoose.mongo.ObjectId();
    const hex = id.toHexString();
    await expect(store.get(id)).rejects.toThrow(new RegExp(`raw message ${hex} not found`));
    await expect(readAll(store.openStream(id))).rejects.toThrow(new RegExp(`raw message ${hex} not found`));
    await expect(store.get(id)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('asks callers to put every message (no inline blobs)', () => {
    expect(store.inlineSmallMessages).toBe(false);
  });
});
