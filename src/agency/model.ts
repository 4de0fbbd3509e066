// The agency directory (danh bạ cơ quan): every agency the province's vanthu serves or sends to,
// as data — administrators add, edit and import agencies without touching configuration files.
// `_id` is the organ identifier (mã định danh, e.g. 000.00.15.H41), unique by construction; the
// official address is unique too, so one address always names one agency.
import { Schema, type Connection, type Model, type InferSchemaType } from 'mongoose';

const unitSchema = new Schema(
  { name: { type: String, required: true }, address: { type: String }, code: { type: String }, kind: { type: String }, aliases: { type: [String], default: undefined } },
  { _id: false },
);

const agencySchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    /** The official mailbox, where incoming documents arrive (Decision 36 Art. 5). */
    address: { type: String, required: true },
    /** Other addresses of the agency's own (aliases); they count as the agency's for dispatch by email. */
    addresses: { type: [String], default: [] },
    /** Where the agency's clerks send documents for the service to dispatch. */
    dispatchAddress: { type: String },
    /** The superior agency (cơ quan chủ quản), by code. */
    parentCode: { type: String },
    /** Units (phòng, ban) documents are passed on to. */
    units: { type: [unitSchema], default: [] },
    /** The agency's own office hours when they differ from the province's (calendar override). */
    officeHours: { type: Schema.Types.Mixed },
    requireValidSignature: { type: Boolean, default: false },
    acceptUncheckedRevocation: { type: Boolean, default: false },
    requireSignatureOnDispatch: { type: Boolean, default: false },
    /** register | quarantine; unset: the rule of config/policy.json. */
    unreadable: { type: String, enum: ['register', 'quarantine'] },
    alertTo: { type: [String], default: [] },
    /** authserv-ids of the agency's mail system whose Authentication-Results are trusted (RFC 8601). */
    authservIds: { type: [String], default: [] },
    /** Presenting, handing over and following up documents (src/workflow/settings.ts). */
    workflow: { type: Schema.Types.Mixed },
  },
  { timestamps: true, versionKey: false },
);
agencySchema.index({ address: 1 }, { unique: true });

export type AgencyDoc = InferSchemaType<typeof agencySchema> & { _id: string };

export interface AgencyModels {
  Agency: Model<AgencyDoc>;
}

export function agencyModels(conn: Connection): AgencyModels {
  return { Agency: (conn.models.Agency as Model<AgencyDoc>) ?? conn.model<AgencyDoc>('Agency', agencySchema, 'agencies') };
}
