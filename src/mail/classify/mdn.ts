// RFC 8098 message disposition notifications (read receipts): multipart/report with
// report-type=disposition-notification and a message/disposition-notification part. Also the
// plain-text receipts some clients send instead ("Read: …", "Your message … was read on …").
import { decodeBytes, foldText, normalizeMessageId } from '../parse.js';
import { parseFieldGroups, returnedMessage, typedValue } from './dsn.js';
import { findParts, partText, type MimePart } from './mime-walk.js';
import type { ReadReceiptFields } from './types.js';

export const MDN_TYPES = ['message/disposition-notification', 'message/global-disposition-notification'];

export interface ParsedDisposition {
  actionMode: string | null;
  sendingMode: string | null;
  type: string | null;
}

/** `manual-action/MDN-sent-manually; displayed/error` → its three components (lower-cased). */
export function parseDisposition(value: string | null): ParsedDisposition {
  if (!value) return { actionMode: null, sendingMode: null, type: null };
  const [modes = '', rest = ''] = value.split(';');
  const [actionMode, sendingMode] = modes.split('/').map((s) => s.trim().toLowerCase() || null);
  // The type may carry modifiers after '/' (RFC 3798 style "displayed/error").
  const type = rest.trim().split(/[\s/]/)[0]?.toLowerCase() || null;
  return { actionMode: actionMode ?? null, sendingMode: sendingMode ?? null, type };
}

/** Parse an RFC 8098 MDN; null when the message has no disposition-notification part. */
export function parseMdn(root: MimePart): Omit<ReadReceiptFields, 'kind'> | null {
  const part = findParts(root, ...MDN_TYPES)[0];
  if (!part) return null;
  const text = part.contentType === 'message/global-disposition-notification' ? decodeBytes(part.body, 'utf-8').text : partText(part);
  const fields = parseFieldGroups(text).flat();
  const get = (k: string) => fields.find((f) => f.key === k)?.value ?? null;
  const disposition = get('disposition');
  const d = parseDisposition(disposition);
  return {
    format: 'rfc8098',
    disposition,
    dispositionType: d.type,
    actionMode: d.actionMode,
    sendingMode: d.sendingMode,
    originalMessageId: normalizeMessageId(get('original-message-id')) ?? returnedMessage(root).messageId,
    finalRecipient: typedValue(get('final-recipient'))?.toLowerCase() ?? null,
    originalRecipient: typedValue(get('original-recipient'))?.toLowerCase() ?? null,
    reportingUa: typedValue(get('reporting-ua')) ?? get('reporting-ua'),
  };
}

const READ_SUBJECT = /^(?:read|da doc|not read|chua doc|gelesen|lu|leido|letto)\s*:/;
const READ_BODY = /was read on|has been read|da duoc doc|was deleted without being read|was not read/;

/**
 * Outlook-style plain receipts: subject "Read: …" / "Not read: …" and a sentence saying so.
 * Both are required, because a person may well write a mail titled "Read: the attached plan".
 */
export function parseNonStandardReceipt(subject: string, text: string, inReplyTo: string | null): Omit<ReadReceiptFields, 'kind'> | null {
  const fs = foldText(subject.trim());
  const ft = foldText(text.slice(0, 4000));
  if (!READ_SUBJECT.test(fs) || !READ_BODY.test(ft)) return null;
  const deleted = /^(?:not read|chua doc)/.test(fs) || /deleted without being read|was not read/.test(ft);
  return {
    format: 'non-standard',
    disposition: null,
    dispositionType: deleted ? 'deleted' : 'displayed',
    actionMode: null,
    sendingMode: null,
    originalMessageId: normalizeMessageId(inReplyTo),
    finalRecipient: null,
    originalRecipient: null,
    reportingUa: null,
  };
}
