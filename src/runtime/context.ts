// Everything a worker or the API needs, opened once per process: configuration, database
// connection and models, the raw message store, Redis, the job queues, the secret box, a logger.
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import { loadConfig, type VanthuConfig } from '../config/index.js';
import { connectDb } from '../store/db.js';
import { coreModels, type CoreModels } from '../store/models.js';
import type { RawStore } from '../store/raw-store.js';
import { createRawStore } from '../store/raw-store-factory.js';
import { secretBox, type SecretBox } from '../store/secrets.js';
import { redisConnection } from '../queue/redis.js';
import { openQueues, type QueueSet } from '../queue/queues.js';
import { logger, type Logger } from '../log.js';
import { registerModels, type RegisterModels } from '../register/models.js';
import { listingModels, type ListingModels } from '../register/listing.js';
import { dispatchModels, type DispatchModels } from '../dispatch/models.js';
import { agencyModels, type AgencyModels } from '../agency/model.js';
import { AgencyDirectory } from '../agency/directory.js';
import { accessModels, type AccessModels } from '../access/model.js';
import { auditModels, type AuditModels } from '../audit/model.js';
import { AuditLog } from '../audit/log.js';
import { MessageJournal } from '../ingest/message-state.js';
import { workflowModels, type WorkflowModels } from '../workflow/model.js';

export interface AppContext {
  cfg: VanthuConfig;
  conn: Connection;
  models: CoreModels & RegisterModels & ListingModels & DispatchModels & AgencyModels & AccessModels & AuditModels & WorkflowModels;
  /** The agency directory (cached reads). */
  agencies: AgencyDirectory;
  audit: AuditLog;
  /** Writes on a message after the pipeline has closed it (acknowledgements, alerts, clerks' actions). */
  journal: MessageJournal;
  raw: RawStore;
  redis: Redis;
  queues: QueueSet;
  /** Key prefix for BullMQ and leases; tests use a fresh one each. */
  prefix: string;
  secrets: SecretBox;
  log: Logger;
  close(): Promise<void>;
}

export interface ContextOptions {
  cfg?: VanthuConfig;
  mongodbUri?: string;
  prefix?: string;
  log?: Logger;
}

export async function openContext(opts: ContextOptions = {}): Promise<AppContext> {
  const cfg = opts.cfg ?? loadConfig();
  const conn = await connectDb(opts.mongodbUri ?? cfg.mongodbUri);
  const models = { ...coreModels(conn), ...registerModels(conn), ...listingModels(conn), ...dispatchModels(conn), ...agencyModels(conn), ...accessModels(conn), ...auditModels(conn), ...workflowModels(conn) };
  const log = opts.log ?? logger(cfg.log.level);
  await Promise.all(
    Object.values(models).map((m) =>
      m.createIndexes().catch((err: unknown) => {
        // Mailboxes written before "one address, one mailbox" may share an address, and the new
        // unique index cannot be built over them (MongoDB says E11000, FerretDB an internal
        // error): that must not keep the whole service from starting. Say what to run; the
        // mailbox service still refuses a new duplicate itself. Any other index failure stops.
        if (m !== models.Mailbox) throw err;
        log.error({ collection: m.collection.collectionName, err: (err as Error).message }, 'the mailboxes’ unique address index cannot be built (two mailboxes share an address?): run `vanthu migrate` to see them');
      }),
    ),
  );
  const redis = redisConnection(cfg.redisUrl);
  const prefix = opts.prefix ?? process.env.VANTHU_TEST_PREFIX ?? 'vanthu';
  const queues = openQueues(redis, prefix);
  return {
    cfg,
    conn,
    models,
    agencies: new AgencyDirectory(models.Agency),
    audit: new AuditLog(models.Audit),
    journal: new MessageJournal(models, redis, prefix),
    raw: createRawStore(conn, cfg),
    redis,
    queues,
    prefix,
    secrets: secretBox(cfg),
    log,
    async close() {
      await queues.close().catch(() => undefined);
      redis.disconnect();
      await conn.close().catch(() => undefined);
    },
  };
}

/** Opens a context for one command, runs `fn`, and closes the context whatever happens. */
export async function withContext<T>(fn: (ctx: AppContext) => Promise<T>, opts: ContextOptions = {}): Promise<T> {
  const ctx = await openContext(opts);
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

/**
 * The same context with another logger: a worker hands a message's handlers its message logger
 * (src/log.ts messageLogger), so every line they write about it carries its correlation id,
 * whatever module writes it. Everything else is shared, not copied.
 */
export function withLogger(ctx: AppContext, log: Logger): AppContext {
  return { ...ctx, log };
}
