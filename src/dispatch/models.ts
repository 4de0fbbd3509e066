// Outgoing documents (sổ đăng ký văn bản đi) and, per recipient, the delivery trail: an
// append-only timeline plus the current state.
import { Schema, type Connection, type Model, type InferSchemaType } from 'mongoose';

const fileSchema = new Schema(
  { filename: String, contentType: String, size: Number, sha256: String, fileId: Schema.Types.ObjectId },
  { _id: false },
);

const outgoingSchema = new Schema(
  {
    _id: { type: String, required: true },
    agencyCode: { type: String, required: true },
    fromAddress: { type: String, required: true },
    year: { type: Number, required: true },
    /** Outgoing number (số đi), gapless per agency and year; unique. */
    outgoingNumber: { type: Number, required: true },
    numberSource: { type: String, enum: ['assigned', 'clerk'], required: true },
    codeNotation: { type: String },
    codeRaw: { type: String },
    subject: { type: String },
    metadata: { type: Schema.Types.Mixed, default: {} },
    files: { type: [fileSchema], default: [] },
    recipients: { type: [String], default: [] },
    source: { type: String, enum: ['cli', 'api', 'email'], required: true },
    requestedBy: { type: String },
    requestMessageKey: { type: String },
    state: { type: String, enum: ['sending', 'sent', 'partly-failed', 'failed'], default: 'sending' },
    /** Decision 36 Art. 9.1: the moment of acceptance, once a success receipt exists. */
    sendTime: { type: Date },
  },
  { timestamps: true, versionKey: false },
);
outgoingSchema.index({ agencyCode: 1, year: 1, outgoingNumber: 1 }, { unique: true });
outgoingSchema.index({ requestMessageKey: 1 });

const eventSchema = new Schema(
  { event: { type: String, required: true }, at: { type: Date, required: true }, detail: Schema.Types.Mixed, source: String },
  { _id: false },
);

export const DELIVERY_STATES = ['queued', 'sending', 'in-doubt', 'accepted', 'delayed', 'delivered', 'failed', 'displayed', 'received', 'registered', 'refused'] as const;

const deliverySchema = new Schema(
  {
    _id: { type: String, required: true }, // the ENVID: `${docId}.${index}`
    docId: { type: String, required: true },
    address: { type: String, required: true },
    messageId: { type: String, required: true },
    state: { type: String, enum: DELIVERY_STATES, default: 'queued' },
    timeline: { type: [eventSchema], default: [] },
    relayQueueId: String,
    smtpResponse: String,
    acceptedAt: Date,
    status: String,
    diagnostic: String,
    peerArrivalNumber: Number,
    peerReceiptTime: Date,
    refusalReason: String,
    attempts: { type: Number, default: 0 },
  },
  { timestamps: true, versionKey: false },
);
deliverySchema.index({ docId: 1 });
deliverySchema.index({ messageId: 1 }, { unique: true });

/** A receipt that matched no outgoing document: kept for the administrator, never dropped. */
const unmatchedSchema = new Schema(
  { _id: { type: String, required: true }, kind: String, summary: Schema.Types.Mixed, agencyCode: String },
  { timestamps: true, versionKey: false },
);

export type OutgoingDoc = InferSchemaType<typeof outgoingSchema>;
export type DeliveryDoc = InferSchemaType<typeof deliverySchema>;
export type UnmatchedDoc = InferSchemaType<typeof unmatchedSchema>;

export interface DispatchModels {
  Outgoing: Model<OutgoingDoc>;
  Delivery: Model<DeliveryDoc>;
  Unmatched: Model<UnmatchedDoc>;
}

export function dispatchModels(conn: Connection): DispatchModels {
  return {
    Outgoing: (conn.models.Outgoing as Model<OutgoingDoc>) ?? conn.model('Outgoing', outgoingSchema, 'outgoing'),
    Delivery: (conn.models.Delivery as Model<DeliveryDoc>) ?? conn.model('Delivery', deliverySchema, 'deliveries'),
    Unmatched: (conn.models.Unmatched as Model<UnmatchedDoc>) ?? conn.model('Unmatched', unmatchedSchema, 'unmatched'),
  };
}
