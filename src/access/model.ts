// People, their API tokens and their console sessions. Secrets are never stored: passwords as
// argon2id hashes, tokens and session ids as SHA-256 digests (they are long random strings, so a
// fast digest suffices and a stolen database yields nothing usable). FerretDB has no TTL indexes:
// expiry is checked on every use, and expired rows are swept by `sweepExpired`.
import { Schema, type Connection, type Model, type InferSchemaType } from 'mongoose';

const userSchema = new Schema(
  {
    _id: { type: String, required: true }, // the login
    name: { type: String },
    email: { type: String },
    role: { type: String, enum: ['admin', 'clerk', 'leader', 'reader'], required: true },
    agencyCode: { type: String },
    passwordHash: { type: String },
    passwordChangedAt: { type: Date },
    disabled: { type: Boolean, default: false },
  },
  { timestamps: true, versionKey: false },
);
userSchema.index({ agencyCode: 1 });

const tokenSchema = new Schema(
  {
    _id: { type: String, required: true }, // the public part of the token (vt_<id>.<secret>)
    digest: { type: String, required: true }, // SHA-256 of the secret part, hex
    login: { type: String, required: true },
    label: { type: String },
    expiresAt: { type: Date },
    revokedAt: { type: Date },
    lastUsedAt: { type: Date },
    createdBy: { type: String },
  },
  { timestamps: true, versionKey: false },
);
tokenSchema.index({ login: 1 });

const sessionSchema = new Schema(
  {
    _id: { type: String, required: true }, // SHA-256 of the cookie's value, hex
    login: { type: String, required: true },
    /** Sent back in forms and the X-CSRF-Token header of state-changing requests. */
    csrf: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    lastSeenAt: { type: Date },
    ip: { type: String },
    userAgent: { type: String },
  },
  { timestamps: true, versionKey: false },
);
sessionSchema.index({ login: 1 });

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: string };
export type TokenDoc = InferSchemaType<typeof tokenSchema> & { _id: string };
export type SessionDoc = InferSchemaType<typeof sessionSchema> & { _id: string };

export interface AccessModels {
  User: Model<UserDoc>;
  ApiToken: Model<TokenDoc>;
  Session: Model<SessionDoc>;
}

export function accessModels(conn: Connection): AccessModels {
  return {
    User: (conn.models.User as Model<UserDoc>) ?? conn.model<UserDoc>('User', userSchema, 'users'),
    ApiToken: (conn.models.ApiToken as Model<TokenDoc>) ?? conn.model<TokenDoc>('ApiToken', tokenSchema, 'api_tokens'),
    Session: (conn.models.Session as Model<SessionDoc>) ?? conn.model<SessionDoc>('Session', sessionSchema, 'sessions'),
  };
}
