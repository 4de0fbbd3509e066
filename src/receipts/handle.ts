// The ingest stage's handler for reports about what we sent: DSNs (RFC 3464 and the bounce
// dialects classification reads), read receipts (MDN), peer acknowledgements (edXML Status) and
// feedback reports. Each becomes an event on the matching delivery's timeline, keyed by the
// receipt's message key so the same receipt processed twice appends once. State moves only
// forward (src/dispatch/state.ts). A report about one of our acknowledgements is evidence for it
// (ack-report.ts). A receipt that matches nothing is kept in `unmatched` for the administrator —
// never dropped.
import type { AppContext } from '../runtime/context.js';
import type { Classification, ReportRecipient } from '../mail/classify/index.js';
import { appendEvent, type NewEvent } from '../dispatch/events.js';
import type { DeliveryEventType } from '../dispatch/state.js';
import { evidenceOf, findDelivery, type MatchedDelivery } from './match.js';
import { handleAckReport } from './ack-report.js';
import { handleWorkflowMailReport } from '../workflow/reports.js';
import { messageLogger } from '../log.js';

const ACK_EVENTS: Record<string, DeliveryEventType> = {
  '01': 'ack-received',
  '02': 'ack-refused',
  '03': 'ack-registered',
  // Assigned, being processed, completed: each implies the document was registered.
  '04': 'ack-registered',
  '05': 'ack-registered',
  '06': 'ack-registered',
  '16': 'ack-refused',
};

const DSN_EVENTS: Record<ReportRecipient['action'], DeliveryEventType> = {
  delivered: 'dsn-delivered',
  delayed: 'dsn-delayed',
  failed: 'dsn-failed',
  relayed: 'dsn-relayed',
  expanded: 'dsn-relayed',
};

type EventSpec = Pick<NewEvent, 'event' | 'detail'>;

/** The report's entries about this delivery's recipient (by final or original recipient). */
function entriesFor(d: MatchedDelivery, recipients: ReportRecipient[]): ReportRecipient[] {
  const mine = recipients.filter((r) => r.address === d.address || r.originalRecipient?.toLowerCase().replace(/^rfc822;\s*/, '') === d.address);
  if (mine.length) return mine;
  // One message per recipient: a single entry under our ENVID/Message-ID is about it (aliasing).
  return recipients.length === 1 ? recipients : [];
}

/** The timeline events a receipt gives one delivery (pure). */
export function eventsFor(c: Classification, d: MatchedDelivery): EventSpec[] {
  const common = { receiptMessageId: c.messageId, receiptFrom: c.from, receiptDate: c.date };
  switch (c.kind) {
    case 'delivery-report':
      return entriesFor(d, c.recipients).map((r) => ({
        event: DSN_EVENTS[r.action],
        detail: { ...common, action: r.action, status: r.status, statusSource: r.statusSource, diagnostic: r.diagnostic, remoteMta: r.remoteMta ?? null, reportingMta: c.reportingMta, format: c.format },
      }));
    case 'read-receipt':
      return [
        {
          event: c.dispositionType === 'displayed' ? 'mdn-displayed' : 'mdn-other',
          detail: { ...common, disposition: c.disposition, dispositionType: c.dispositionType, finalRecipient: c.finalRecipient, format: c.format },
        },
      ];
    case 'acknowledgement': {
      const s = c.status;
      if (!s) return [{ event: 'ack-other', detail: { ...common, error: c.errors.join('; ') || 'acknowledgement without a readable Status' } }];
      return [
        {
          event: ACK_EVENTS[s.statusCode] ?? 'ack-other',
          detail: {
            ...common,
            statusCode: s.statusCode,
            arrivalNumber: s.arrivalNumber,
            receiptTime: s.receiptTime,
            reason: s.description,
            timestamp: s.timestamp,
            peer: { organId: s.from.organId, organName: s.from.organName ?? null, email: s.from.email ?? null },
            responseFor: s.responseFor.code,
          },
        },
      ];
    }
    case 'feedback-report':
      return [{ event: 'feedback', detail: { ...common, feedbackType: c.feedbackType, userAgent: c.userAgent } }];
    default:
      return [];
  }
}

function summary(c: Classification, evidence: unknown): Record<string, unknown> {
  const s: Record<string, unknown> = { messageId: c.messageId, from: c.from, subject: c.subject, date: c.date, evidence };
  if (c.kind === 'delivery-report') Object.assign(s, { recipients: c.recipients, originalMessageId: c.originalMessageId, originalEnvelopeId: c.originalEnvelopeId });
  if (c.kind === 'read-receipt') Object.assign(s, { disposition: c.disposition, originalMessageId: c.originalMessageId });
  if (c.kind === 'acknowledgement') Object.assign(s, { status: c.status, originalMessageId: c.originalMessageId });
  return s;
}

async function keepUnmatched(ctx: AppContext, messageKey: string, c: Classification, reason: string, evidence: unknown): Promise<void> {
  const msg = await ctx.models.Message.findById(messageKey, { agencyCode: 1 }).lean();
  const doc = { kind: c.kind, agencyCode: msg?.agencyCode, summary: { ...summary(c, evidence), reason } };
  await ctx.models.Unmatched.updateOne({ _id: messageKey }, { $setOnInsert: doc }, { upsert: true });
  messageLogger(ctx.log, messageKey).warn({ kind: c.kind, reason }, 'receipt matches no outgoing document; kept for the administrator');
}

/**
 * Record a delivery report, read receipt, acknowledgement or feedback report against the
 * delivery it is about. Always 'handled': matched receipts update the trail, the rest are kept
 * in `unmatched`. Safe to call twice for the same message.
 */
export async function handleReceipt(ctx: AppContext, messageKey: string, raw: Buffer, c: Classification): Promise<'handled'> {
  const ev = evidenceOf(c, raw, ctx.cfg.instanceId);
  // A report about one of our own acknowledgements (ENVID a0N.…, or its Message-ID) first.
  const ack = await handleAckReport(ctx, messageKey, c, ev.messageIds);
  if (ack.matched) {
    if (ack.said === 0) await keepUnmatched(ctx, messageKey, c, `matched acknowledgement ${ack.envid} but says nothing about its recipient`, ev);
    return 'handled';
  }
  // Then one about a workflow mail (a routing slip, a hand-over, a reminder: src/workflow/reports.ts).
  const wf = await handleWorkflowMailReport(ctx, messageKey, c, ev.messageIds);
  if (wf.matched) {
    if (wf.said === 0) await keepUnmatched(ctx, messageKey, c, `matched workflow mail ${wf.id} but says nothing about its recipient`, ev);
    return 'handled';
  }
  const { delivery, evidence, how } = await findDelivery(ctx, c, raw, ev);
  if (!delivery) {
    await keepUnmatched(ctx, messageKey, c, 'no delivery matches its envelope id, Message-ID, references or document code', evidence);
    return 'handled';
  }
  const specs = eventsFor(c, delivery);
  if (specs.length === 0) {
    await keepUnmatched(ctx, messageKey, c, `matched delivery ${delivery._id} (${how}) but says nothing about ${delivery.address}`, evidence);
    return 'handled';
  }
  let i = 0;
  for (const s of specs) {
    await appendEvent(ctx.models, {
      deliveryId: delivery._id,
      docId: delivery.docId,
      event: s.event,
      key: `${messageKey}#${i++}`,
      source: c.kind,
      messageKey,
      detail: { ...s.detail, matchedBy: how },
    });
  }
  return 'handled';
}

/** Receipts kept for the administrator, newest first. */
export async function listUnmatched(ctx: AppContext, opts: { agencyCode?: string; limit?: number } = {}) {
  const q = opts.agencyCode ? { agencyCode: opts.agencyCode } : {};
  return ctx.models.Unmatched.find(q).sort({ createdAt: -1 }).limit(opts.limit ?? 100).lean();
}
