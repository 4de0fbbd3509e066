// The database watchdog of src/store/db.ts against the real FerretDB of the stack. The driver's
// race (a heartbeat written to a monitor socket destroyed an instant earlier waits for a 'drain'
// that never comes) shows up in about one FerretDB restart in ten; here it is made to happen every
// time, by reaching into the driver: wake the monitor, destroy its socket before the hello is
// written, and report a closed pooled connection the way the driver does when the server goes
// away. Without the watchdog the server then stays Unknown for good; with it the same client
// comes back, and so do handles taken from it before (models, conn.db, a GridFS bucket).
import mongoose, { type Connection } from 'mongoose';
import { MongoNetworkError } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { cfg, uniqueName } from '../helpers/env.js';
import { connectDb } from '../../src/store/db.js';

const uri = cfg.mongodbUri.replace(/\/([^/?]*)(\?|$)/, `/${uniqueName('vanthu_test_')}$2`);
const opened: Connection[] = [];
afterAll(async () => {
  await opened.at(-1)?.dropDatabase().catch(() => undefined); // the healthy one: the first stays wedged
  for (const c of opened) await c.close().catch(() => undefined);
});

/* eslint-disable @typescript-eslint/no-explicit-any -- the driver's internals, to force its race */
async function wedge(conn: Connection): Promise<any> {
  const server: any = [...(conn.getClient() as any).topology.s.servers.values()][0];
  const monitor = server.monitor;
  // The monitor only runs a requested check when idle and 500 ms after its last one.
  const t0 = Date.now();
  while ((monitor.s.state !== 'idle' || !monitor.connection || monitor.monitorId.toJSON().timeSinceLastCall < 600) && Date.now() - t0 < 10_000) {
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(monitor.s.state).toBe('idle');
  server.requestCheck(); // the check starts its hello and yields before writing it…
  monitor.connection.socket.destroy(); // …and the server goes away in that instant
  server.handleError(new MongoNetworkError('connection 1 to 127.0.0.1 closed (test)'));
  return monitor;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

describe('database watchdog', () => {
  it('without it, a monitor stuck in its check keeps the server Unknown (the drill’s wedge)', async () => {
    const conn = await connectDb(uri, { watchdog: false });
    opened.push(conn);
    await conn.db!.collection('w').insertOne({ n: 1 });
    const monitor = await wedge(conn);
    await new Promise((r) => setTimeout(r, 3_000));
    await expect(conn.db!.collection('w').findOne({}, { timeoutMS: 2_000 })).rejects.toThrow();
    expect(monitor.s.state).toBe('monitoring'); // past 5 s: no timeout of the driver ends it
  });

  it('with it, the same client reconnects and earlier handles work again', async () => {
    const lines: Array<{ code?: string }> = [];
    const log = { warn: (o: object) => void lines.push(o), error: (o: object) => void lines.push(o) };
    const conn = await connectDb(uri, { log: log as never, watchdog: { stallMs: 1_500, checkEveryMs: 200 } });
    opened.push(conn);
    const M = conn.model('W', new mongoose.Schema({ n: Number }), 'w');
    const bucket = new mongoose.mongo.GridFSBucket(conn.db!, { bucketName: 'wd' });
    await M.create({ n: 2 });
    await wedge(conn);
    const t0 = Date.now();
    let found: unknown = null;
    while (!found && Date.now() - t0 < 20_000) {
      found = await M.findOne({ n: 2 }).maxTimeMS(1_000).lean().catch(() => null);
      if (!found) await new Promise((r) => setTimeout(r, 250));
    }
    expect(found).toMatchObject({ n: 2 });
    expect(lines.map((l) => l.code)).toEqual(['DB_MONITOR_STALLED', 'DB_RECONNECTED']);
    await new Promise<void>((resolve, reject) => bucket.openUploadStream('f').on('error', reject).on('finish', () => resolve()).end(Buffer.from('x')));
    expect(await bucket.find({ filename: 'f' }).toArray()).toHaveLength(1);
    expect(conn.readyState).toBe(1);
  });
});
