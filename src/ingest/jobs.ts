// Deterministic job ids: the same message always maps to the same job, so enqueuing twice is a no-op.
import { createHash } from 'node:crypto';

function short(key: string): string {
  return createHash('sha1').update(key).digest('hex').slice(0, 20);
}

export const ingestJobId = (messageKey: string): string => `ingest-${short(messageKey)}`;
export const registerJobId = (messageKey: string): string => `register-${short(messageKey)}`;
export const ackJobId = (key: string): string => `ack-${short(key)}`;
