// Outgoing documents (sổ đăng ký văn bản đi) and, per recipient, the delivery trail.
//
// Why the trail is its own collection rather than an array inside the delivery: FerretDB 1.x
// applies an update as read-modify-write, so two concurrent `$push`es to one document can lose
// one of them. An event is therefore a document of its own, inserted once under a deterministic
// _id (insert-only = append-only; the unique _id makes a replayed receipt a no-op), and the
// delivery's `state` is a cache folded from its events (src/dispatch/state.ts). Correctness rests
// on unique indexes only, as on MongoDB.
import { Schema, type Connection, type Model, type InferSchemaType } from 'mongoose';

const fileSchema = new Schema(
  { filename: String, contentType: String, size: Number, sha256: String, fileId: Schema.Types.ObjectId, kind: String },
  { _id: false },
);

const outgoingSchema = new Schema(
  {
    _id: { type: String, required: true },
    agencyCode: { type: String, required: true },
    agencyName: { type: String },
    fromAddress: { type: String, required: true },
    year: { type: Number, required: true },
    /** Outgoing number (số đi), gapless per agency and year when assigned here; unique. */
    outgoingNumber: { type: Number, required: true },
    numberSource: { type: String, enum: ['assigned', 'clerk'], required: true },
    codeNotation: { type: String },
    codeRaw: { type: String },
    subject: { type: String },
    metadata: { type: Schema.Types.Mixed, default: {} },
    files: { type: [fileSchema], default: [] },
    recipients: { type: [String], default: [] },
    source: { type: String, enum: ['cli', 'api', 'email', 'console'], required: true },
    requestedBy: { type: String },
    requestMessageKey: { type: String },
    /** Message-ID of the clerk's request (email dispatch), to thread the reply. */
    requestMessageId: { type: String },
    state: { type: String, enum: ['sending', 'sent', 'partly-failed', 'failed'], default: 'sending' },
    /** Decision 36 Art. 9.1: the moment of acceptance, once a success receipt exists. */
    sendTime: { type: Date },
    warnings: { type: [String], default: [] },
  },
  { timestamps: true, versionKey: false },
);
outgoingSchema.index({ agencyCode: 1, year: 1, outgoingNumber: 1 }, { unique: true });
outgoingSchema.index({ requestMessageKey: 1 });
outgoingSchema.index({ codeRaw: 1 });

export const DELIVERY_STATES = ['queued', 'sending', 'in-doubt', 'accepted', 'delayed', 'relayed', 'delivered', 'failed', 'displayed', 'received', 'registered', 'refused'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

const deliverySchema = new Schema(
  {
    _id: { type: String, required: true }, // the ENVID: `${docId}.${index}`
    docId: { type: String, required: true },
    index: { type: Number, required: true },
    address: { type: String, required: true },
    domain: { type: String, required: true },
    messageId: { type: String, required: true },
    /** Cache of fold(events); see state.ts. `eventCount` orders concurrent refreshes. */
    state: { type: String, enum: DELIVERY_STATES, default: 'queued' },
    eventCount: { type: Number, default: 0 },
    relayQueueId: String,
    smtpResponse: String,
    acceptedAt: Date,
    status: String,
    diagnostic: String,
    peerArrivalNumber: String,
    peerReceiptTime: Date,
    refusalReason: String,
    /** Written only by the dispatch job (one at a time per delivery, by BullMQ's job lock). */
    attempts: { type: Number, default: 0 },
    /** Set before SMTP, cleared once the outcome is recorded: found set = the last attempt died. */
    inFlight: { type: new Schema({ attempt: Number, startedAt: Date }, { _id: false }) },
    inDoubtSince: Date,
  },
  { timestamps: true, versionKey: false },
);
deliverySchema.index({ docId: 1 });
deliverySchema.index({ messageId: 1 }, { unique: true });

/** One entry of a delivery's timeline. _id = `${deliveryId}|${key}`, key deterministic per cause. */
const deliveryEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    deliveryId: { type: String, required: true },
    docId: { type: String, required: true },
    event: { type: String, required: true },
    at: { type: Date, required: true },
    /** Insertion order tie-break (ms clock + counter): events at the same instant fold in order. */
    seq: { type: Number, required: true },
    source: { type: String },
    /** The stored message (receipt) this event came from, if any. */
    messageKey: { type: String },
    detail: { type: Schema.Types.Mixed },
  },
  { versionKey: false },
);
deliveryEventSchema.index({ deliveryId: 1 });
deliveryEventSchema.index({ docId: 1 });

/** A receipt that matched no outgoing document: kept for the administrator, never dropped. */
const unmatchedSchema = new Schema(
  { _id: { type: String, required: true }, kind: String, summary: Schema.Types.Mixed, agencyCode: String },
  { timestamps: true, versionKey: false },
);

/** One clerk's dispatch request by email (keyed by the stored message), so it is answered once. */
const dispatchRequestSchema = new Schema(
  {
    _id: { type: String, required: true }, // the request's message key
    agencyCode: String,
    from: String,
    outcome: { type: String, enum: ['dispatched', 'refused', 'ignored'] },
    reason: String,
    outgoingId: String,
    replyMessageId: String,
    repliedAt: Date,
    /** What proved the request's origin (origin.ts), e.g. "dkim=pass header.d=… (mx…)". */
    originEvidence: String,
    /** Refused because its origin was not proven (origin.ts): never acted on, whatever comes later. */
    originRefused: Boolean,
    /** `{code, vi, en}` each, as decided. */
    originReasons: { type: [Schema.Types.Mixed], default: undefined },
    /** The request's Return-Path ('' for `<>`). */
    envelopeSender: String,
    /** The notice to the owner of the From address (and alertTo), sent once. */
    noticeMessageId: String,
    noticeTo: { type: [String], default: undefined },
    noticedAt: Date,
  },
  { timestamps: true, versionKey: false },
);

export type OutgoingDoc = InferSchemaType<typeof outgoingSchema>;
export type DeliveryDoc = InferSchemaType<typeof deliverySchema>;
export type DeliveryEventDoc = InferSchemaType<typeof deliveryEventSchema>;
export type UnmatchedDoc = InferSchemaType<typeof unmatchedSchema>;
export type DispatchRequestDoc = InferSchemaType<typeof dispatchRequestSchema>;

export interface DispatchModels {
  Outgoing: Model<OutgoingDoc>;
  Delivery: Model<DeliveryDoc>;
  DeliveryEvent: Model<DeliveryEventDoc>;
  Unmatched: Model<UnmatchedDoc>;
  DispatchRequest: Model<DispatchRequestDoc>;
}

function model<T>(conn: Connection, name: string, schema: Schema, collection: string): Model<T> {
  return (conn.models[name] as Model<T>) ?? (conn.model(name, schema, collection) as unknown as Model<T>);
}

export function dispatchModels(conn: Connection): DispatchModels {
  return {
    Outgoing: model<OutgoingDoc>(conn, 'Outgoing', outgoingSchema, 'outgoing'),
    Delivery: model<DeliveryDoc>(conn, 'Delivery', deliverySchema, 'deliveries'),
    DeliveryEvent: model<DeliveryEventDoc>(conn, 'DeliveryEvent', deliveryEventSchema, 'delivery_events'),
    Unmatched: model<UnmatchedDoc>(conn, 'Unmatched', unmatchedSchema, 'unmatched'),
    DispatchRequest: model<DispatchRequestDoc>(conn, 'DispatchRequest', dispatchRequestSchema, 'dispatch_requests'),
  };
}
