// The job queues and their defaults. Job ids are deterministic so that enqueuing the same work
// twice (after a crash, or from two pollers) is a no-op.
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';

export const QUEUE_NAMES = { ingest: 'ingest', register: 'register', ack: 'ack', dispatch: 'dispatch' } as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export const defaultJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export interface QueueSet {
  ingest: Queue;
  register: Queue;
  ack: Queue;
  dispatch: Queue;
  close(): Promise<void>;
}

export function openQueues(connection: ConnectionOptions, prefix = 'vanthu'): QueueSet {
  const make = (name: QueueName) => new Queue(name, { connection, prefix, defaultJobOptions });
  const set = { ingest: make('ingest'), register: make('register'), ack: make('ack'), dispatch: make('dispatch') };
  return {
    ...set,
    async close() {
      await Promise.all(Object.values(set).map((q) => q.close()));
    },
  };
}

/** BullMQ job ids may not contain ':' only as the whole id; keep ids readable and safe. */
export function jobId(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9._@-]/g, '_')).join('.');
}
