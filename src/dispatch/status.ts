// The trail of an outgoing document: per recipient its current state and every event with its
// time. The state shown is folded from the events here (the timeline is the truth; the cached
// state on the delivery is for queries), so the report is right even if a cache write was lost.
import type { AppContext } from '../runtime/context.js';
import { foldEvents, outgoingState } from './state.js';
import type { DeliveryState } from './models.js';
import { formatInstant } from '../calendar/index.js';

export interface StatusEvent {
  event: string;
  at: string;
  source: string | null;
  detail: Record<string, unknown>;
}

export interface RecipientStatus {
  deliveryId: string;
  address: string;
  messageId: string;
  state: DeliveryState;
  acceptedAt: string | null;
  relayQueueId: string | null;
  status: string | null;
  diagnostic: string | null;
  peerArrivalNumber: string | null;
  peerReceiptTime: string | null;
  refusalReason: string | null;
  events: StatusEvent[];
}

export interface DocumentStatus {
  id: string;
  agencyCode: string;
  year: number;
  number: number;
  codeRaw: string | null;
  subject: string | null;
  state: string;
  /** Decision 36 Art. 9.1 send time, once a success receipt exists. */
  sendTime: string | null;
  createdAt: string | null;
  recipients: RecipientStatus[];
  warnings: string[];
  /** The files sent (by index, for `files/:index`). */
  files: Array<{ index: number; filename: string | null; contentType: string | null; size: number | null }>;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export async function getStatus(ctx: Pick<AppContext, 'models'>, id: string): Promise<DocumentStatus | null> {
  const doc = await ctx.models.Outgoing.findById(id).lean();
  if (!doc) return null;
  const deliveries = await ctx.models.Delivery.find({ docId: id }).sort({ index: 1 }).lean();
  const events = await ctx.models.DeliveryEvent.find({ docId: id }).lean();
  const recipients = deliveries.map((d) => {
    const mine = events.filter((e) => e.deliveryId === d._id).sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq);
    const f = foldEvents(mine.map((e) => ({ event: e.event, at: e.at, seq: e.seq, detail: (e.detail ?? {}) as Record<string, unknown> })));
    return {
      deliveryId: d._id,
      address: d.address,
      messageId: d.messageId,
      state: f.state,
      acceptedAt: iso(f.acceptedAt),
      relayQueueId: f.relayQueueId,
      status: f.status,
      diagnostic: f.diagnostic,
      peerArrivalNumber: f.peerArrivalNumber,
      peerReceiptTime: iso(f.peerReceiptTime),
      refusalReason: f.refusalReason,
      events: mine.map((e) => ({ event: e.event, at: e.at.toISOString(), source: e.source ?? null, detail: (e.detail ?? {}) as Record<string, unknown> })),
    } satisfies RecipientStatus;
  });
  return {
    id,
    agencyCode: doc.agencyCode,
    year: doc.year,
    number: doc.outgoingNumber,
    codeRaw: doc.codeRaw ?? null,
    subject: doc.subject ?? null,
    // Derived from the deliveries (the cached summary on the document may lag a receipt).
    state: outgoingState(recipients.map((r) => r.state)),
    sendTime: iso(doc.sendTime),
    createdAt: iso((doc as { createdAt?: Date }).createdAt),
    recipients,
    warnings: doc.warnings ?? [],
    files: (doc.files ?? []).map((f, index) => ({ index, filename: f.filename ?? null, contentType: f.contentType ?? null, size: f.size ?? null })),
  };
}

const local = (s: string | null) => (s ? formatInstant(new Date(s), 420).replace('T', ' ').slice(0, 19) : '-');

function eventLine(e: StatusEvent): string {
  const d = e.detail;
  const bits: string[] = [];
  for (const k of ['queueId', 'status', 'diagnostic', 'response', 'disposition', 'statusCode', 'arrivalNumber', 'receiptTime', 'reason', 'message']) {
    const v = d[k];
    if (v !== null && v !== undefined && v !== '') bits.push(`${k}=${String(v).replace(/\s+/g, ' ').slice(0, 120)}`);
  }
  return `    ${local(e.at)}  ${e.event.padEnd(14)} ${bits.join('  ')}`.trimEnd();
}

/** Human-readable trail (times in Vietnam, UTC+7). */
export function renderStatus(s: DocumentStatus): string {
  const lines = [
    `${s.id}  số ${s.codeRaw ?? s.number} (${s.agencyCode}, ${s.year})  ${s.state}`,
    s.subject ? `  ${s.subject}` : '',
    `  send time (Art. 9.1): ${s.sendTime ? local(s.sendTime) : 'not yet (no success receipt)'}`,
    ...s.warnings.map((w) => `  warning: ${w}`),
  ].filter(Boolean);
  for (const r of s.recipients) {
    const extra = [r.relayQueueId ? `queue ${r.relayQueueId}` : null, r.status ? `status ${r.status}` : null, r.peerArrivalNumber ? `số đến ${r.peerArrivalNumber}` : null, r.refusalReason ? `lý do: ${r.refusalReason}` : null]
      .filter(Boolean)
      .join(', ');
    lines.push('', `  ${r.address}  ${r.state}${extra ? `  (${extra})` : ''}`);
    lines.push(...r.events.map(eventLine));
  }
  return lines.join('\n');
}
