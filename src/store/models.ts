// The collections and their indexes. Correctness rests on unique indexes (enforced by MongoDB and
// FerretDB alike), never on transactions or counters.
import { Schema, type Connection, type Model, type InferSchemaType } from 'mongoose';

const stageSchema = new Schema(
  { stage: { type: String, required: true }, at: { type: Date, required: true }, detail: { type: Schema.Types.Mixed } },
  { _id: false },
);

/** An administrator's mailbox configuration. The password is stored encrypted. */
const mailboxSchema = new Schema(
  {
    _id: { type: String, required: true }, // a short name chosen by the administrator
    agencyCode: { type: String, required: true },
    agencyName: { type: String, required: true },
    address: { type: String, required: true },
    role: { type: String, enum: ['incoming', 'dispatch'], default: 'incoming' },
    host: { type: String, required: true },
    port: { type: Number, required: true },
    tls: { type: String, enum: ['implicit', 'starttls', 'none'], required: true },
    user: { type: String, required: true },
    secret: { type: String }, // encrypted password, OAuth2 token, or OAuth2 refresh secret (src/ingest/mailbox-auth.ts)
    authMethod: { type: String, enum: ['password', 'oauth2', 'oauth2-refresh'], default: 'password' },
    oauth2: { tokenUrl: { type: String }, clientId: { type: String }, scope: { type: String } },
    folders: { type: [String], default: ['INBOX'] },
    pollIntervalSec: { type: Number, default: 60 },
    afterProcess: {
      mode: { type: String, enum: ['none', 'keyword', 'move'], default: 'keyword' },
      keyword: { type: String, default: '$VanThuRegistered' },
      folder: { type: String },
    },
    enabled: { type: Boolean, default: true },
  },
  { timestamps: true, versionKey: false },
);
// One address, one mailbox: two mailboxes on one address would store each message twice and
// enter it in two registers.
mailboxSchema.index({ address: 1 }, { unique: true });

/**
 * How a mailbox is doing, as its watcher last saw it (one row per mailbox, written by the poll
 * worker): the administrator's "which mailbox is failing", /readyz and the metrics read it.
 */
const mailboxStateSchema = new Schema(
  {
    _id: { type: String, required: true }, // the mailbox id
    /** connecting | watching (IDLE) | polling | backoff | error | stopped */
    state: { type: String, required: true },
    lastSyncAt: { type: Date },
    lastError: { type: String },
    lastErrorAt: { type: Date },
    /** The process that watches it (host:pid). */
    worker: { type: String },
  },
  { timestamps: true, versionKey: false },
);

/** Where polling of one folder of one mailbox has got to. */
const checkpointSchema = new Schema(
  {
    _id: { type: String, required: true }, // `${mailboxId}/${folder}`
    mailboxId: { type: String, required: true },
    folder: { type: String, required: true },
    uidValidity: { type: String, required: true },
    lastUid: { type: Number, required: true },
    /** Messages older than this are not taken when a UIDVALIDITY change forces a full resync. */
    since: { type: Date, required: true },
    history: { type: [{ uidValidity: String, changedAt: Date, lastUid: Number }], default: [] },
  },
  { timestamps: true, versionKey: false },
);

/** One received message, stored once, whatever became of it. */
const messageSchema = new Schema(
  {
    _id: { type: String, required: true }, // `${mailboxId}:${sha256}` — the message's identity
    mailboxId: { type: String, required: true },
    agencyCode: { type: String, required: true },
    folder: { type: String, required: true },
    uidValidity: { type: String, required: true },
    uid: { type: Number, required: true },
    /** Arrival order within the mailbox (UID order, continuing across UIDVALIDITY changes). */
    seq: { type: Number, required: true },
    sha256: { type: String, required: true },
    size: { type: Number, required: true },
    /** Where the raw bytes are: small messages in `blobs` (same _id), larger ones in GridFS. */
    rawFileId: { type: Schema.Types.ObjectId },
    internalDate: { type: Date },
    messageId: { type: String },
    subject: { type: String },
    from: { type: String },
    kind: { type: String },
    state: {
      type: String,
      enum: ['stored', 'classified', 'ready', 'registered', 'refused', 'quarantined', 'handled', 'ignored', 'failed'],
      default: 'stored',
    },
    error: { type: String },
    /** A failure that will not change on retry (src/ingest/poison.ts): code, reason in English and Vietnamese. */
    failure: { type: Schema.Types.Mixed },
    stages: { type: [stageSchema], default: [] },
    analysis: { type: Schema.Types.Mixed },
    entryId: { type: String },
    /**
     * Records written before 0.2 only: whether the after-processing action was done. What waits
     * to be marked is now a set in Redis (src/ingest/mark.ts), so nothing but the journal's
     * writers writes a message record after it is stored.
     */
    marked: { type: Boolean },
  },
  { timestamps: true, versionKey: false },
);
messageSchema.index({ mailboxId: 1, seq: 1 }, { unique: true });
messageSchema.index({ mailboxId: 1, state: 1, seq: 1 });
messageSchema.index({ messageId: 1 });
messageSchema.index({ internalDate: 1 });
messageSchema.index({ agencyCode: 1, createdAt: -1 });

/**
 * The raw bytes of small messages, apart from the message record so that queries over messages
 * stay light (FerretDB 1.x scans whole collections for most queries).
 */
const blobSchema = new Schema({ _id: { type: String, required: true }, data: { type: Buffer, required: true } }, { versionKey: false });

/**
 * A value that changes whenever a set of records changes (`_id: 'mailboxes'`: any mailbox added,
 * edited, paused, resumed or removed). The poll workers read it by `_id` on each scan and read the
 * mailboxes themselves only when it has moved: an idle province costs one indexed read per scan,
 * not a collection scan (FerretDB 1.x scans for any other query).
 */
const revisionSchema = new Schema({ _id: { type: String, required: true }, rev: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });

/**
 * The highest arrival sequence number stored for a mailbox, as its watcher last wrote it: the
 * first batch after a watcher takes a mailbox (start, adoption) reads it by `_id` instead of
 * asking for the mailbox's highest `seq` (a collection scan on FerretDB: seconds at 50,000
 * messages). Never trusted for correctness: a stale value makes the insert collide on the unique
 * (mailbox, seq) index, and the next batch then asks the messages themselves.
 */
const arrivalHeadSchema = new Schema({ _id: { type: String, required: true }, seq: { type: Number, required: true } }, { versionKey: false });

export type MailboxDoc = InferSchemaType<typeof mailboxSchema>;
export type MailboxStateDoc = InferSchemaType<typeof mailboxStateSchema> & { _id: string };
export type CheckpointDoc = InferSchemaType<typeof checkpointSchema>;
export type MessageDoc = InferSchemaType<typeof messageSchema>;

export interface CoreModels {
  Mailbox: Model<MailboxDoc>;
  MailboxState: Model<MailboxStateDoc>;
  Checkpoint: Model<CheckpointDoc>;
  Message: Model<MessageDoc>;
  Blob: Model<InferSchemaType<typeof blobSchema>>;
  Revision: Model<InferSchemaType<typeof revisionSchema>>;
  ArrivalHead: Model<InferSchemaType<typeof arrivalHeadSchema>>;
}

export function coreModels(conn: Connection): CoreModels {
  return {
    Mailbox: (conn.models.Mailbox as Model<MailboxDoc>) ?? conn.model('Mailbox', mailboxSchema, 'mailboxes'),
    MailboxState: (conn.models.MailboxState as Model<MailboxStateDoc>) ?? conn.model<MailboxStateDoc>('MailboxState', mailboxStateSchema, 'mailbox_states'),
    Checkpoint: (conn.models.Checkpoint as Model<CheckpointDoc>) ?? conn.model('Checkpoint', checkpointSchema, 'checkpoints'),
    Message: (conn.models.Message as Model<MessageDoc>) ?? conn.model('Message', messageSchema, 'messages'),
    Blob: (conn.models.Blob as CoreModels['Blob']) ?? conn.model('Blob', blobSchema, 'blobs'),
    Revision: (conn.models.Revision as CoreModels['Revision']) ?? conn.model('Revision', revisionSchema, 'revisions'),
    ArrivalHead: (conn.models.ArrivalHead as CoreModels['ArrivalHead']) ?? conn.model('ArrivalHead', arrivalHeadSchema, 'arrival_heads'),
  };
}
