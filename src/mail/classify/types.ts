// The result of classifying one raw message. A discriminated union on `kind`, so consumers that
// switch on it get the fields of that kind; the fields shared by all kinds are in ClassificationBase.
import type { VanThuStatus } from './status-xml.js';

export type MessageKind =
  | 'document'
  | 'delivery-report'
  | 'read-receipt'
  | 'acknowledgement'
  | 'feedback-report'
  | 'auto-reply'
  | 'other';

export interface ClassifyContext {
  /** This service's own mailbox addresses (any case). */
  ourAddresses?: string[];
  /** Values of X-VanThu-Instance that identify our own instances. */
  ourInstanceIds?: string[];
}

export interface ClassificationBase {
  kind: MessageKind;
  /** `<…>` form, or null when the message has none. */
  messageId: string | null;
  subject: string | null;
  /** Lower-cased address of the first From mailbox. */
  from: string | null;
  fromName: string | null;
  to: string[];
  /** Date header as written (not reinterpreted). */
  date: string | null;
  inReplyTo: string | null;
  /** The References field's Message-IDs, oldest first (RFC 5322 §3.6.4), `<…>` form. */
  references: string[];
  /** First (most recent) Return-Path: '' for the null reverse-path `<>`, null when absent. */
  returnPath: string | null;
  /** Auto-Submitted header value, lower-cased (RFC 3834), or null. */
  autoSubmitted: string | null;
  isList: boolean;
  fromUs: boolean;
  /** Loop protection: may this service send an automatic answer (e.g. a receipt) to it? */
  mayAutoAnswer: boolean;
  /** Why mayAutoAnswer is false (empty when true). */
  noAutoAnswerReasons: string[];
  /** The bytes could not be read as a well-formed message (see errors). */
  malformed: boolean;
  /** Readable problems met while parsing; never fatal. */
  errors: string[];
  /** The evidence that decided the kind, for people debugging a classification. */
  reasons: string[];
}

export type RecipientAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';

export interface ReportRecipient {
  /** Lower-cased final recipient address. */
  address: string;
  /** Original-Recipient when the report gives it (differs after aliasing/forwarding). */
  originalRecipient?: string | null;
  action: RecipientAction;
  /** Enhanced status code (RFC 3463), e.g. '5.1.1'; inferred when the report gives none. */
  status: string;
  /** How `status` was obtained: given by the report, or inferred from a reply code or text. */
  statusSource: 'report' | 'reply-code' | 'text' | 'default';
  /** Diagnostic text (SMTP reply) without the `smtp;` type prefix. */
  diagnostic: string | null;
  remoteMta?: string | null;
}

/** Which bounce dialect the report was read from. */
export type ReportFormat =
  | 'rfc3464'
  | 'postfix'
  | 'exim'
  | 'sendmail'
  | 'qmail'
  | 'exchange'
  | 'gmail'
  | 'domino'
  | 'mdaemon'
  | 'dma'
  | 'opensmtpd'
  | 'imail'
  | 'james'
  | 'generic';

export interface DeliveryReportFields {
  kind: 'delivery-report';
  format: ReportFormat;
  recipients: ReportRecipient[];
  originalMessageId: string | null;
  originalEnvelopeId: string | null;
  reportingMta: string | null;
  /** Subject of the returned message, when a copy of its headers is included. */
  originalSubject: string | null;
}

export interface ReadReceiptFields {
  kind: 'read-receipt';
  format: 'rfc8098' | 'non-standard';
  /** The Disposition field as written, e.g. `manual-action/MDN-sent-manually; displayed`. */
  disposition: string | null;
  /** Its disposition type: displayed, deleted, dispatched, processed, denied, failed. */
  dispositionType: string | null;
  /** `manual-action` / `automatic-action`. */
  actionMode: string | null;
  sendingMode: string | null;
  originalMessageId: string | null;
  finalRecipient: string | null;
  originalRecipient: string | null;
  reportingUa: string | null;
}

export interface AcknowledgementFields {
  kind: 'acknowledgement';
  /** The parsed Status, or null when the part is missing or invalid (see errors). */
  status: VanThuStatus | null;
  originalMessageId: string | null;
}

export interface FeedbackReportFields {
  kind: 'feedback-report';
  feedbackType: string | null;
  userAgent: string | null;
  sourceIp: string | null;
  originalMailFrom: string | null;
  originalRcptTo: string[];
  reportedDomain: string | null;
  arrivalDate: string | null;
  originalMessageId: string | null;
}

export interface AutoReplyFields {
  kind: 'auto-reply';
  originalMessageId: string | null;
}

export interface DocumentAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  /** Why this attachment counts as a document (extension, content type, edXML root). */
  reason: string;
  /** Found inside an embedded (forwarded) message rather than on the message itself. */
  forwarded: boolean;
}

export interface DocumentFields {
  kind: 'document';
  attachments: DocumentAttachment[];
  /** Number + notation seen in the subject or body, e.g. "12/UBND-VX". */
  codeNotation: string | null;
}

export interface OtherFields {
  kind: 'other';
}

export type Classification = ClassificationBase &
  (
    | DeliveryReportFields
    | ReadReceiptFields
    | AcknowledgementFields
    | FeedbackReportFields
    | AutoReplyFields
    | DocumentFields
    | OtherFields
  );
