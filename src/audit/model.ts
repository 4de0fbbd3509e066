// The audit log: who did what, when, to what, and what it was before and after. Insert-only —
// nothing in the code updates or deletes an event — with a time-ordered unique _id.
import { Schema, type Connection, type Model, type InferSchemaType } from 'mongoose';

const auditSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    role: { type: String },
    via: { type: String },
    /** e.g. register.edit, quarantine.release, outgoing.send, mailbox.add, user.add, token.revoke */
    action: { type: String, required: true },
    /** The agency whose data changed (null: service-wide, e.g. a user or agency change by an admin). */
    agencyCode: { type: String },
    /** What changed, e.g. incoming/000.00.15.H41/2026/12, mailbox/stttt, user/lan. */
    target: { type: String, required: true },
    before: { type: Schema.Types.Mixed },
    after: { type: Schema.Types.Mixed },
  },
  { versionKey: false },
);
auditSchema.index({ agencyCode: 1, at: -1 });
auditSchema.index({ target: 1, at: -1 });

export type AuditEvent = InferSchemaType<typeof auditSchema> & { _id: string };

export interface AuditModels {
  Audit: Model<AuditEvent>;
}

export function auditModels(conn: Connection): AuditModels {
  return { Audit: (conn.models.Audit as Model<AuditEvent>) ?? conn.model<AuditEvent>('Audit', auditSchema, 'audit') };
}
