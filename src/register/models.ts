// The incoming register (sổ đăng ký văn bản đến). The entry itself carries its number; unique
// indexes on (agency, year, number) and on the document's identity make numbering gapless and
// exactly-once without transactions or counters (FerretDB has neither).
import { Schema, type Connection, type Model, type InferSchemaType } from 'mongoose';

const editSchema = new Schema(
  { field: String, from: Schema.Types.Mixed, to: Schema.Types.Mixed, by: String, at: Date },
  { _id: false },
);

const incomingSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** What makes this document unique in the agency: Message-ID, raw SHA-256, or a paper id. */
    identity: { type: String, required: true },
    agencyCode: { type: String, required: true },
    /** Year of the (adjusted) receipt time: numbers restart at 1 each year (Decree 30 Art. 22). */
    year: { type: Number, required: true },
    arrivalNumber: { type: Number, required: true },
    source: { type: String, enum: ['email', 'paper'], required: true },
    messageKey: { type: String },
    mailboxId: { type: String },
    /** The instant the document entered the agency's system, and where that came from. */
    arrivalInstant: { type: Date, required: true },
    arrivalSource: { type: String, enum: ['internaldate', 'received', 'clerk'], required: true },
    /** Decision 36 Art. 9.2 receipt time (start of next office hours when outside them). */
    receiptTime: { type: Date, required: true },
    receiptAdjusted: { type: Boolean, required: true },
    receiptReason: { type: String },
    metadata: { type: Schema.Types.Mixed, default: {} },
    /** Where each metadata field came from: edxml, extraction, email, clerk. */
    fieldSources: { type: Schema.Types.Mixed, default: {} },
    edits: { type: [editSchema], default: [] },
    attachments: { type: [Schema.Types.Mixed], default: [] },
    signatures: { type: Schema.Types.Mixed },
    duplicateOf: { type: String },
    /** The first entry's "số đến/year", for the book's Ghi chú without a lookup. */
    duplicateOfNumber: { type: String },
    duplicateReason: { type: String },
    sender: { type: String },
    senderMessageId: { type: String },
    senderReferences: { type: String },
    /** The sender's organ identifier and edXML DocumentId, echoed in the acknowledgement. */
    senderOrganId: { type: String },
    documentId: { type: String },
    recipientUnit: { type: String },
    forwardedAt: { type: Date },
    /** Ký nhận: who signed for it in each unit, and when (src/workflow/handling.ts). */
    signedFor: { type: String },
    note: { type: String },
    // Decision 36 Art. 11.4b fields the clerk fills in while handling the document.
    /** Mã hồ sơ: the file (dossier) it belongs to, from the agency's list of files. */
    fileCode: { type: String },
    /** Ý kiến phân phối: the leader's instruction on who handles it. */
    distributionNote: { type: String },
    /** Thời hạn giải quyết: the date by which it must be dealt with (YYYY-MM-DD). */
    deadline: { type: String },
    /** Its text could not be read, so its secrecy was not checked: a clerk must look at it. */
    unreadable: { type: Boolean },
    /** Folded text searched by the register's free-text filter (search.ts). */
    searchText: { type: String },
    ack: {
      state: { type: String, enum: ['pending', 'sent', 'failed', 'not-sent', 'suppressed'], default: 'pending' },
      messageId: String,
      sentAt: Date,
      error: String,
    },
  },
  { timestamps: { createdAt: 'registeredAt', updatedAt: true }, versionKey: false },
);
incomingSchema.index({ agencyCode: 1, year: 1, arrivalNumber: 1 }, { unique: true });
incomingSchema.index({ identity: 1 }, { unique: true });
incomingSchema.index({ agencyCode: 1, 'metadata.codeNumber': 1, 'metadata.codeNotation': 1 });
incomingSchema.index({ messageKey: 1 });
incomingSchema.index({ agencyCode: 1, receiptTime: -1 });

/** Secret documents are never numbered in the ordinary register nor forwarded (Decision 36 Art. 6.4). */
const quarantineSchema = new Schema(
  {
    _id: { type: String, required: true }, // the message key
    agencyCode: { type: String, required: true },
    /** secret: never registered here; unreadable: held for a clerk to look at, then released. */
    kind: { type: String, enum: ['secret', 'unreadable'], default: 'secret' },
    reason: { type: String, required: true },
    reasonVi: { type: String },
    metadata: { type: Schema.Types.Mixed },
    sender: String,
    alertedAt: Date,
    releasedAt: Date,
    releasedBy: String,
    // The tombstone of a secret document handed over to the offline channel and wiped from the
    // networked store (Decision 36 Art. 6.4, 11.5): what it was (SHA-256), who took it, who wiped it.
    handedOverAt: Date,
    handedOverBy: String,
    sha256: String,
    size: Number,
    wipedAt: Date,
    wipedBy: String,
  },
  { timestamps: true, versionKey: false },
);

/**
 * The one handover of a secret document (quarantine-service.ts handOver). Its _id is the message
 * key: the insert is the claim, and the unique _id lets only one of two concurrent handovers win
 * (FerretDB has no transactions, and its conditional updates are read-modify-write).
 */
const handoverSchema = new Schema(
  {
    _id: { type: String, required: true }, // the message key
    agencyCode: { type: String, required: true },
    /** The person named as having taken it (a clerk's name), and the login that asked. */
    by: { type: String, required: true },
    actor: { type: String, required: true },
    at: { type: Date, required: true },
    /** SHA-256 and size of the bytes handed over, and the SHA-256 recorded at capture. */
    sha256: { type: String, required: true },
    capturedSha256: { type: String },
    size: { type: Number, required: true },
    wipedAt: Date,
    wipedBy: String,
  },
  { versionKey: false },
);

/**
 * One acknowledgement's send (register/ack-state.ts), by its DSN envelope id. Written before SMTP,
 * so that a worker killed after the relay's 250 leaves a trace the next run finds. In the database,
 * not in Redis: the local stack's Redis keeps an append-only file synced once a second (a crash
 * loses up to that second, and a production Redis may keep nothing), while this trace is the only
 * proof that a message may already be at the sender; the reports that resolve it are matched by
 * `_id` alone (FerretDB serves only a bare `_id` filter from an index).
 */
const ackSendSchema = new Schema(
  {
    _id: { type: String, required: true }, // the ENVID, e.g. a03.in-<hex>
    messageId: { type: String, required: true },
    statusCode: { type: String, required: true },
    /** The received message it answers (null for an entry typed in by hand) and the entry (03). */
    messageKey: { type: String },
    entryId: { type: String },
    agencyCode: { type: String },
    to: { type: [String], default: [] },
    attempts: { type: Number, default: 0 },
    inFlight: { attempt: Number, startedAt: Date },
    inDoubtSince: Date,
    acceptedAt: Date,
    response: String,
    /** Reports about it (DSN, MDN), one per report and recipient; see AckEvidence. */
    evidence: { type: [Schema.Types.Mixed], default: [] },
  },
  { timestamps: true, versionKey: false },
);

export type IncomingEntry = InferSchemaType<typeof incomingSchema>;
export type AckSendDoc = InferSchemaType<typeof ackSendSchema>;
export type QuarantineDoc = InferSchemaType<typeof quarantineSchema>;
export type HandoverDoc = InferSchemaType<typeof handoverSchema>;

export interface RegisterModels {
  Incoming: Model<IncomingEntry>;
  Quarantine: Model<QuarantineDoc>;
  Handover: Model<HandoverDoc>;
  AckSend: Model<AckSendDoc>;
}

export function registerModels(conn: Connection): RegisterModels {
  return {
    Incoming: (conn.models.Incoming as Model<IncomingEntry>) ?? conn.model('Incoming', incomingSchema, 'incoming'),
    Quarantine: (conn.models.Quarantine as Model<QuarantineDoc>) ?? conn.model('Quarantine', quarantineSchema, 'quarantine'),
    Handover: (conn.models.Handover as Model<HandoverDoc>) ?? conn.model('Handover', handoverSchema, 'handovers'),
    AckSend: (conn.models.AckSend as Model<AckSendDoc>) ?? conn.model('AckSend', ackSendSchema, 'ack_sends'),
  };
}
