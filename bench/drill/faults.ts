// Faults the drill causes besides killing processes: an IMAP connection cut in the middle of a
// FETCH response (a proxy between the poll worker and Dovecot), and the data folder's disk full.
// The relay that answers 4xx then 250 is test/helpers/relay.ts.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { openSync, closeSync, writeSync, rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';

export interface CuttingProxy {
  port: number;
  /** While armed, each connection that starts a FETCH is cut after a few hundred bytes of the answer. */
  arm(on: boolean): void;
  /** Connections cut mid-FETCH so far. */
  cuts(): number;
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 in front of the IMAP server. Armed, it destroys both sides of a
 * connection once the server has sent `cutAfter()` bytes after a client command containing
 * FETCH: the poll worker sees the connection drop inside a literal (RFC 9051 §4.3), the worst
 * moment, as a flaky network would make it.
 */
export async function cuttingProxy(target: number, cutAfter: () => number): Promise<CuttingProxy> {
  let armed = false;
  let cut = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect({ port: target, host: '127.0.0.1' });
    sockets.add(client);
    sockets.add(upstream);
    let fetching = -1;
    let limit = 0;
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('data', (d: Buffer) => {
      if (armed && fetching < 0 && /FETCH/i.test(d.toString('latin1'))) {
        fetching = 0;
        limit = cutAfter();
      }
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      if (fetching >= 0 && armed) {
        fetching += d.length;
        if (fetching >= limit) {
          // Part of the answer goes through, then the line drops.
          client.write(d.subarray(0, Math.max(0, d.length - (fetching - limit))));
          cut++;
          return end();
        }
      }
      client.write(d);
    });
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as { port: number }).port,
    arm: (on) => {
      armed = on;
    },
    cuts: () => cut,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/**
 * Fills the file system of `dir` until it is full (ENOSPC), so that the next raw message written
 * there fails; returns a function that frees the space again.
 */
export function fillDisk(dir: string): { bytes: number; free: () => void } {
  // Never fill a real disk: only a small file system made for the drill.
  const fs = statfsSync(dir);
  if (fs.blocks * fs.bsize > 512 * 1024 * 1024) throw new Error(`${dir} is on a file system of ${Math.round((fs.blocks * fs.bsize) / 2 ** 20)} MiB: not filling it`);
  const file = join(dir, '.drill-filler');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(1024 * 1024);
  let bytes = 0;
  try {
    for (;;) bytes += writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    // Whatever room a partial chunk left is taken too.
    try {
      for (;;) bytes += writeSync(fd, Buffer.alloc(1024));
    } catch {
      /* full */
    }
  } finally {
    closeSync(fd);
  }
  return { bytes, free: () => rmSync(file, { force: true }) };
}
