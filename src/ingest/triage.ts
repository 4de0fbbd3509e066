// Triage: classify a message and decide what, if anything, must still happen to it. Pure (CPU
// only), so the poller can run it on bytes it already holds and store the message classified in
// the same write that stores it: a message with nothing more to do costs one write in all, and
// only documents and receipts become ingest jobs.
import { classifyMessageSync, type Classification, type ClassifyContext } from '../mail/classify/index.js';

/** Which ingest handler a message goes to; null when nothing more is done with it. */
export type Route = 'document' | 'receipt' | null;

const RECEIPT_KINDS = new Set(['delivery-report', 'read-receipt', 'acknowledgement', 'feedback-report']);

export function routeOf(c: Classification): Route {
  if (c.kind === 'document') return c.fromUs ? null : 'document';
  return RECEIPT_KINDS.has(c.kind) ? 'receipt' : null;
}

export interface Stage {
  stage: string;
  at: Date;
  detail: Record<string, unknown>;
}

/** The fields a classification sets on the message record. */
export function classifiedFields(c: Classification): Record<string, string> {
  const out: Record<string, string> = { kind: c.kind };
  if (c.messageId) out.messageId = c.messageId;
  if (c.subject) out.subject = c.subject;
  if (c.from) out.from = c.from;
  return out;
}

export function classifiedStage(c: Classification, at = new Date()): Stage {
  return { stage: 'classified', at, detail: { kind: c.kind, reasons: c.reasons, errors: c.errors, malformed: c.malformed } };
}

export function ignoredStage(c: Classification, at = new Date()): Stage {
  return { stage: 'ignored', at, detail: { kind: c.kind, fromUs: c.fromUs } };
}

export interface Triage {
  classification: Classification;
  route: Route;
  /** What the stored record says: `ignored` (done) or `classified` (an ingest job follows). */
  state: 'classified' | 'ignored';
  fields: Record<string, string>;
  stages: Stage[];
}

export function triage(raw: Buffer, ctx: ClassifyContext): Triage {
  const c = classifyMessageSync(raw, ctx);
  const route = routeOf(c);
  const now = new Date();
  return {
    classification: c,
    route,
    state: route ? 'classified' : 'ignored',
    fields: classifiedFields(c),
    stages: route ? [classifiedStage(c, now)] : [classifiedStage(c, now), ignoredStage(c, now)],
  };
}
