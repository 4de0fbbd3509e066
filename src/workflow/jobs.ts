// The workflow queue: one job kind per step (typed in src/queue/queues.ts WorkflowJob). Job ids
// are deterministic, so a step queued twice (the registrar re-running a batch, a reply handled
// again) runs once; each step is also idempotent on its own (events with keys, mail sent once).
import { DelayedError, type Job } from 'bullmq';
import { correlationId } from '../log.js';
import { jobId, type WorkflowJob } from '../queue/queues.js';
import type { AppContext } from '../runtime/context.js';
import { followUp } from './follow-up.js';
import { handOver } from './handover.js';
import { presentEntry } from './present.js';
import { MailInDoubt } from './mail.js';

type Step = { kind: 'present'; entryId: string } | { kind: 'handover'; entryId: string } | { kind: 'followUp' };

function idOf(s: Step): string {
  return s.kind === 'followUp' ? jobId('wf', 'followUp') : jobId('wf', s.kind, s.entryId);
}

/** Queues a step; `messageKey` (or the entry id) gives the job its correlation id. */
export async function enqueueWorkflow(ctx: Pick<AppContext, 'queues'>, s: Step, messageKey?: string): Promise<void> {
  const cid = correlationId(messageKey ?? ('entryId' in s ? s.entryId : 'followUp'));
  // A hand-over is queued again after each new instruction: a finished job of the same id would
  // swallow it, so the id carries the time (the step itself is idempotent).
  const opts = s.kind === 'handover' ? { jobId: `${idOf(s)}.${Date.now()}` } : { jobId: idOf(s) };
  await ctx.queues.workflow.add(s.kind, { ...s, cid } as WorkflowJob, opts);
}

/** The registrar's bulk form of a 'present' step (one per numbered entry). */
export function presentJobOf(entryId: string, messageKey: string) {
  return { name: 'present', data: { kind: 'present' as const, entryId, cid: correlationId(messageKey) }, opts: { jobId: idOf({ kind: 'present', entryId }) } };
}

/** How often the follow-up sweep runs (reminders, digests); each run does only what is due. */
export const FOLLOW_UP_EVERY_MS = 5 * 60_000;

export async function scheduleFollowUp(ctx: Pick<AppContext, 'queues'>): Promise<void> {
  await ctx.queues.workflow.upsertJobScheduler('wf.followUp', { every: FOLLOW_UP_EVERY_MS }, { name: 'followUp', data: { kind: 'followUp', cid: correlationId('followUp') } });
}

export async function workflowJob(ctx: AppContext, job: Job<WorkflowJob>, token?: string): Promise<string> {
  try {
    return await runStep(ctx, job, token);
  } catch (err) {
    if (!(err instanceof MailInDoubt)) throw err;
    // The sweep runs again in minutes and does only what is still due: it does not wait.
    if (job.data.kind === 'followUp') return `stopped: ${err.message}`;
    // A step's mail in doubt: the same job looks again later (delayed, not failed); every mail it
    // already sent is recorded, so it goes on from there.
    await job.moveToDelayed(err.retryAt.getTime(), token);
    throw new DelayedError();
  }
}

async function runStep(ctx: AppContext, job: Job<WorkflowJob>, token?: string): Promise<string> {
  const d = job.data;
  switch (d.kind) {
    case 'present': {
      const r = await presentEntry(ctx, d.entryId);
      if ('done' in r) return r.done;
      // Not urgent and before the day's batch time: the same job waits for it (delayed, not failed).
      await job.moveToDelayed(r.waitUntil.getTime(), token);
      throw new DelayedError();
    }
    case 'handover':
      return handOver(ctx, d.entryId);
    case 'followUp':
      return JSON.stringify(await followUp(ctx, new Date()));
    default:
      return 'unknown step';
  }
}
