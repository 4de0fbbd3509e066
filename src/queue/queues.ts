// The job queues, their payloads and their defaults. Job ids are deterministic so that enqueuing
// the same work twice (after a crash, or from two pollers) is a no-op. Payloads carry ids, never
// message bytes (a backlog must not fill Redis's memory), and each carries the correlation id
// (`cid`) of the received message it concerns, so that every worker's log lines about that
// message can be found together (src/log.ts correlationId).
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { AckRequest } from '../register/ack-queue.js';
import { correlationId } from '../log.js';

export const QUEUE_NAMES = { ingest: 'ingest', register: 'register', ack: 'ack', dispatch: 'dispatch', workflow: 'workflow' } as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** Parse, classify and hand a stored message to its handler (src/ingest/process.ts). */
export interface IngestJob {
  messageKey: string;
  cid: string;
}

/** Number the ready documents of the message's agency, until this one is numbered (src/register/registrar.ts). */
export interface RegisterJob {
  mailboxId: string;
  agencyCode: string;
  messageKey: string;
  cid: string;
}

/** An acknowledgement or an administrators' alert to send (src/register/ack-queue.ts). */
export type AckJob = AckRequest & { cid: string };

/**
 * One delivery of an outgoing document (src/dispatch/job.ts). Its `cid` is the correlation id of
 * the clerk's request message when the document was asked for by email, else of the document.
 */
export interface DispatchJob {
  deliveryId: string;
  cid: string;
}

/**
 * A step of a registered document's handling (src/workflow/jobs.ts): present it to the leader,
 * act on a reply, hand it to the units, or the follow-up sweep (reminders, digests).
 */
export type WorkflowJob =
  | { kind: 'present'; entryId: string; cid: string }
  | { kind: 'handover'; entryId: string; cid: string }
  | { kind: 'followUp'; cid: string };

export interface JobData {
  ingest: IngestJob;
  register: RegisterJob;
  ack: AckJob;
  dispatch: DispatchJob;
  workflow: WorkflowJob;
}

export const defaultJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export type QueueSet = { [K in QueueName]: Queue<JobData[K]> } & { close(): Promise<void> };

/** The correlation id a payload carries, or the one its message key gives (jobs queued without one). */
export function cidOf(data: { cid?: string; messageKey?: string }): string | undefined {
  return data.cid || (data.messageKey ? correlationId(data.messageKey) : undefined);
}

/**
 * The ingest queue stamps each job with its message's correlation id when the producer did not:
 * the poller (src/ingest/watcher.ts) enqueues `{messageKey}` through a plain Queue. The id derives
 * from the key alone, so stamping here gives the same id the producer would have.
 */
class IngestQueue extends Queue<IngestJob> {
  override add(name: string, data: IngestJob, opts?: JobsOptions) {
    return super.add(name, stamped(data), opts);
  }

  override addBulk(jobs: Parameters<Queue<IngestJob>['addBulk']>[0]) {
    return super.addBulk(jobs.map((j) => ({ ...j, data: stamped(j.data) })));
  }
}

function stamped(data: IngestJob): IngestJob {
  return data.cid ? data : { ...data, cid: correlationId(data.messageKey) };
}

export function openQueues(connection: ConnectionOptions, prefix = 'vanthu'): QueueSet {
  const opts = { connection, prefix, defaultJobOptions };
  const set = {
    ingest: new IngestQueue('ingest', opts),
    register: new Queue<RegisterJob>('register', opts),
    ack: new Queue<AckJob>('ack', opts),
    dispatch: new Queue<DispatchJob>('dispatch', opts),
    workflow: new Queue<WorkflowJob>('workflow', opts),
  };
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
