// The delivery state machine, pure. A delivery's state is the fold of its events in order.
//
// Two kinds of event:
//  - dispatch-internal ones written by the job (attempt, deferred, in-doubt, resend) which may move
//    the state back (a 4xx retry goes sending → queued), but only while nothing past `accepted` has
//    been seen;
//  - evidence (SMTP 250, DSN, MDN, peer acknowledgement), which only ever moves forward: a late
//    'delivered' DSN does not overwrite 'registered'. Every event is kept in the timeline anyway.
import type { DeliveryState } from './models.js';

export type DeliveryEventType =
  | 'queued'
  | 'attempt' // SMTP transaction started (attempt n)
  | 'deferred' // 4xx or a connection error before the relay could have taken it: will retry
  | 'in-doubt' // a previous attempt died between SMTP and recording: waiting for evidence
  | 'resend' // grace period over without evidence: sending again (same Message-ID)
  | 'accepted' // SMTP 250 (relay queue id in detail)
  | 'rejected' // SMTP 5xx
  | 'gave-up' // retries exhausted
  | 'dsn-delayed'
  | 'dsn-delivered'
  | 'dsn-relayed' // handed over successfully to a hop that sends no further DSN (RFC 3464 'relayed')
  | 'dsn-failed'
  | 'mdn-displayed'
  | 'mdn-other' // deleted, denied, processed, … : recorded, no state change
  | 'ack-received' // peer StatusCode 01
  | 'ack-registered' // peer 03 (and 04–06, which imply registration)
  | 'ack-refused' // peer 02 / 16
  | 'ack-other' // any other status code: recorded only
  | 'feedback'; // ARF complaint: recorded only

/** Order of progress. Equal ranks do not replace each other (delivered vs failed). */
export const RANK: Record<DeliveryState, number> = {
  queued: 0,
  sending: 1,
  'in-doubt': 2,
  accepted: 3,
  delayed: 4,
  // Below delivered/failed: a later bounce from beyond the non-DSN hop still shows as failed.
  relayed: 5,
  delivered: 6,
  failed: 6,
  displayed: 7,
  received: 8,
  registered: 9,
  refused: 9,
};

/** Target state of an evidence event, null for internal or record-only events. */
export function evidenceTarget(e: DeliveryEventType): DeliveryState | null {
  switch (e) {
    case 'accepted':
      return 'accepted';
    case 'dsn-relayed':
      return 'relayed';
    case 'rejected':
    case 'gave-up':
    case 'dsn-failed':
      return 'failed';
    case 'dsn-delayed':
      return 'delayed';
    case 'dsn-delivered':
      return 'delivered';
    case 'mdn-displayed':
      return 'displayed';
    case 'ack-received':
      return 'received';
    case 'ack-registered':
      return 'registered';
    case 'ack-refused':
      return 'refused';
    default:
      return null;
  }
}

/** Events that prove the relay took the message (resolve an in-doubt delivery as accepted). */
export function provesAcceptance(e: DeliveryEventType): boolean {
  return e !== 'rejected' && e !== 'gave-up' && evidenceTarget(e) !== null;
}

/** One transition. Unknown or out-of-order events leave the state as it is. */
export function nextState(current: DeliveryState, e: DeliveryEventType): DeliveryState {
  const early = RANK[current] < RANK.accepted;
  switch (e) {
    case 'queued':
      return current;
    case 'attempt':
    case 'resend':
      return early ? 'sending' : current;
    case 'deferred':
      return current === 'sending' ? 'queued' : current;
    case 'in-doubt':
      return current === 'sending' ? 'in-doubt' : current;
  }
  const target = evidenceTarget(e);
  if (!target) return current;
  // A 'failed' verdict from our own relay (5xx, give-up) cannot override proof of arrival, and
  // a peer's acknowledgement or MDN proves arrival even after a confusing bounce.
  return RANK[target] > RANK[current] ? target : current;
}

export interface FoldEvent {
  event: string;
  at: Date;
  seq: number;
  detail?: Record<string, unknown> | null;
}

export interface FoldedState {
  state: DeliveryState;
  eventCount: number;
  acceptedAt: Date | null;
  relayQueueId: string | null;
  smtpResponse: string | null;
  status: string | null;
  diagnostic: string | null;
  peerArrivalNumber: string | null;
  peerReceiptTime: Date | null;
  refusalReason: string | null;
  /** When the last SMTP attempt started (acceptance time when acceptance is only inferred). */
  lastAttemptAt: Date | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Fold a delivery's events (any order; sorted here by time then seq) into its current state. */
export function foldEvents(events: readonly FoldEvent[]): FoldedState {
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq);
  const s: FoldedState = {
    state: 'queued',
    eventCount: sorted.length,
    acceptedAt: null,
    relayQueueId: null,
    smtpResponse: null,
    status: null,
    diagnostic: null,
    peerArrivalNumber: null,
    peerReceiptTime: null,
    refusalReason: null,
    lastAttemptAt: null,
  };
  for (const ev of sorted) {
    const e = ev.event as DeliveryEventType;
    const d = ev.detail ?? {};
    const before = s.state;
    s.state = nextState(s.state, e);
    if (e === 'attempt' || e === 'resend') s.lastAttemptAt = ev.at;
    if (e === 'accepted') {
      s.acceptedAt ??= ev.at;
      s.relayQueueId = str(d.queueId) ?? s.relayQueueId;
      s.smtpResponse = str(d.response) ?? s.smtpResponse;
    } else if (provesAcceptance(e) && s.acceptedAt === null) {
      // Acceptance only inferred (the recording was lost): the last attempt is when it happened.
      s.acceptedAt = s.lastAttemptAt ?? ev.at;
    }
    if (e === 'rejected' || e === 'gave-up') s.smtpResponse = str(d.response) ?? s.smtpResponse;
    if (e.startsWith('dsn-') || e === 'rejected') {
      // Status and diagnostic describe the latest report that moved (or would confirm) the state.
      if (s.state !== before || s.status === null) {
        s.status = str(d.status) ?? s.status;
        s.diagnostic = str(d.diagnostic) ?? s.diagnostic;
      }
    }
    if (e === 'ack-received' || e === 'ack-registered') {
      s.peerArrivalNumber = str(d.arrivalNumber) ?? s.peerArrivalNumber;
      const rt = str(d.receiptTime);
      if (rt && !Number.isNaN(Date.parse(rt))) s.peerReceiptTime = new Date(rt);
    }
    if (e === 'ack-refused') s.refusalReason = str(d.reason) ?? s.refusalReason;
  }
  return s;
}

/**
 * Is this state proof of success for Decision 36 Art. 9.1 (a success acknowledgement exists)?
 * 'relayed' counts: it is a success DSN from the last DSN-capable hop (Postfix reports it for a
 * final delivery over LMTP to Dovecot, whose reply is "250 2.0.0 … Saved"); no further success
 * report will ever come from such a destination.
 */
export function isSuccess(state: DeliveryState): boolean {
  return ['relayed', 'delivered', 'displayed', 'received', 'registered'].includes(state);
}

/** Terminal as far as the sender is concerned (nothing more is expected from SMTP). */
export function isFinal(state: DeliveryState): boolean {
  return RANK[state] >= RANK.delivered;
}

/** The outgoing document's summary state from its deliveries' states. */
export function outgoingState(states: readonly DeliveryState[]): 'sending' | 'sent' | 'partly-failed' | 'failed' {
  if (states.length === 0) return 'sending';
  const failed = states.filter((s) => s === 'failed' || s === 'refused').length;
  const pending = states.filter((s) => RANK[s] < RANK.accepted).length;
  if (failed === states.length) return 'failed';
  if (pending > 0) return 'sending';
  return failed > 0 ? 'partly-failed' : 'sent';
}
