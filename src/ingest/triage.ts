// Triage: classify a message and decide what, if anything, must still happen to it. Pure (CPU
// only), so the poller can run it on bytes it already holds and store the message classified in
// the same write that stores it: a message with nothing more to do costs one write in all, and
// only documents and receipts become ingest jobs.
import { classifyMessageSync, type Classification, type ClassifyContext } from '../mail/classify/index.js';
import type { Step } from './message-state.js';
import { looksLikeWorkflowId } from '../workflow/mail.js';

/** Which ingest handler a message goes to; null when nothing more is done with it. */
export type Route = 'document' | 'receipt' | 'workflow' | null;

const RECEIPT_KINDS = new Set(['delivery-report', 'read-receipt', 'acknowledgement', 'feedback-report']);

/**
 * A person's answer to one of the workflow's mails (a routing slip, a hand-over, a reminder): it
 * names one of our workflow Message-IDs (src/workflow/mail.ts) and is neither automatic nor ours.
 * Its tag and sender are checked by the workflow, which hands anything else back as a document.
 */
export function isWorkflowReply(c: Classification): boolean {
  if (c.fromUs || c.isList || (c.autoSubmitted && c.autoSubmitted !== 'no') || (c.kind !== 'document' && c.kind !== 'other')) return false;
  return [c.inReplyTo, ...c.references].some((id) => looksLikeWorkflowId(id));
}

export function routeOf(c: Classification): Route {
  if (isWorkflowReply(c)) return 'workflow';
  if (c.kind === 'document') return c.fromUs ? null : 'document';
  return RECEIPT_KINDS.has(c.kind) ? 'receipt' : null;
}

/** The fields a classification sets on the message record. */
export function classifiedFields(c: Classification): Record<string, string> {
  const out: Record<string, string> = { kind: c.kind };
  if (c.messageId) out.messageId = c.messageId;
  if (c.subject) out.subject = c.subject;
  if (c.from) out.from = c.from;
  return out;
}

export function classifiedStep(c: Classification): Step {
  return { event: 'classified', detail: { kind: c.kind, reasons: c.reasons, errors: c.errors, malformed: c.malformed } };
}

export function ignoredStep(c: Classification): Step {
  return { event: 'ignored', detail: { kind: c.kind, fromUs: c.fromUs } };
}

export interface Triage {
  classification: Classification;
  route: Route;
  fields: Record<string, string>;
  /** What the stored record's journal says: `classified`, then `ignored` when nothing follows. */
  steps: Step[];
}

export function triage(raw: Buffer, ctx: ClassifyContext): Triage {
  const c = classifyMessageSync(raw, ctx);
  const route = routeOf(c);
  return {
    classification: c,
    route,
    fields: classifiedFields(c),
    steps: route ? [classifiedStep(c)] : [classifiedStep(c), ignoredStep(c)],
  };
}
