// Where the handling of each registered document is kept. One `handlings` record per entry, its
// `_id` the entry's: the events in the order they happened and the state they lead to
// (state.ts), written only by handling.ts under the entry's lock. One `workflow_mail` record per
// mail the workflow sends, its `_id` the Message-ID: a reply names it in In-Reply-To/References,
// and it is found by `_id` (the one lookup FerretDB serves from an index).
import { Schema, type Connection, type Model, type InferSchemaType } from 'mongoose';

const handlingSchema = new Schema(
  {
    _id: { type: String, required: true }, // the incoming entry's id
    agencyCode: { type: String, required: true },
    year: { type: Number, required: true },
    arrivalNumber: { type: Number, required: true },
    state: { type: String, required: true },
    /** The leader the document is presented to (address) and what the rules proposed. */
    leader: { type: String },
    proposal: { type: Schema.Types.Mixed },
    deadline: { type: String },
    units: { type: [Schema.Types.Mixed], default: [] },
    events: { type: [Schema.Types.Mixed], default: [] },
    completedAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
);
handlingSchema.index({ agencyCode: 1, state: 1 });

const workflowMailSchema = new Schema(
  {
    _id: { type: String, required: true }, // the Message-ID, without angle brackets
    entryId: { type: String, required: true },
    agencyCode: { type: String, required: true },
    /** present: the slip to a leader; handover: the document to a unit; answer, notice, reminder, digest. */
    purpose: { type: String, required: true },
    /** The one address whose reply counts (the leader, the unit). */
    to: { type: String, required: true },
    /** For a handover: which unit. */
    unitCode: { type: String },
    /** The relay took it (its 250, or a report proving it had it). */
    sentAt: { type: Date },
    /**
     * At most once unless proven lost (mail.ts sendOnce, as acknowledgements: register/ack-state.ts):
     * the DSN envelope id it is sent with, the attempt in flight (set before SMTP, cleared with its
     * outcome), when a later run began waiting for evidence, the reports about it, and whether it
     * was sent again after the grace period without one.
     */
    envid: { type: String },
    attempts: { type: Number },
    inFlight: { type: Schema.Types.Mixed },
    inDoubtSince: { type: Date },
    evidence: { type: [Schema.Types.Mixed], default: undefined },
    resentAfterMs: { type: Number },
  },
  { versionKey: false },
);

export type HandlingDoc = InferSchemaType<typeof handlingSchema>;
export type WorkflowMailDoc = InferSchemaType<typeof workflowMailSchema>;

export interface WorkflowModels {
  Handling: Model<HandlingDoc>;
  WorkflowMail: Model<WorkflowMailDoc>;
}

export function workflowModels(conn: Connection): WorkflowModels {
  return {
    Handling: (conn.models.Handling as Model<HandlingDoc>) ?? conn.model('Handling', handlingSchema, 'handlings'),
    WorkflowMail: (conn.models.WorkflowMail as Model<WorkflowMailDoc>) ?? conn.model('WorkflowMail', workflowMailSchema, 'workflow_mail'),
  };
}
