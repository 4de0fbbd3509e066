// RFC 3464 delivery status notifications (and RFC 6533 message/global-delivery-status): the
// per-message and per-recipient field groups of the machine-readable part, plus the returned
// message's identity from the text/rfc822-headers or message/rfc822 part.
import { decodeBytes, normalizeMessageId, parseAddressList } from '../parse.js';
import { findParts, header, partText, type MimePart } from './mime-walk.js';
import { actionFromStatus, inferStatus, normalizeAction, refineGenericStatus } from './smtp-status.js';
import type { DeliveryReportFields, ReportRecipient } from './types.js';

export const DSN_TYPES = ['message/delivery-status', 'message/global-delivery-status'];
const RETURNED_TYPES = ['text/rfc822-headers', 'message/rfc822', 'message/global', 'message/global-headers'];

export type FieldGroup = { name: string; key: string; value: string }[];

/**
 * Split a status body into groups of fields. Groups are separated by blank lines; because some
 * MTAs omit the blank line between recipients, a second Final-Recipient inside one group also
 * starts a new group. Folded lines are unfolded.
 */
export function parseFieldGroups(text: string): FieldGroup[] {
  const groups: FieldGroup[] = [];
  let cur: FieldGroup = [];
  const push = () => {
    if (cur.length) groups.push(cur);
    cur = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      push();
      continue;
    }
    if (/^[ \t]/.test(line) && cur.length) {
      cur[cur.length - 1]!.value += ' ' + line.trim();
      continue;
    }
    const m = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    // An Original-Recipient after the group's Action opens the next recipient too (RFC 3464 2.3
    // writes it first; Postfix writes it right after Final-Recipient, never after Action). Without
    // the blank line, the next recipient's Original-Recipient was given to the one before (found by
    // fuzzing).
    const opensNext = key === 'original-recipient' && cur.some((f) => f.key === 'action');
    if (((key === 'final-recipient' || key === 'original-recipient') && cur.some((f) => f.key === key)) || opensNext) push();
    cur.push({ name: m[1]!, key, value: m[2]!.trim() });
  }
  push();
  return groups;
}

const get = (g: FieldGroup, key: string): string | null => g.find((f) => f.key === key)?.value ?? null;

/** "rfc822; user@example.com" → "user@example.com" (xtext "+2B" decoded for utf-8/rfc822 types). */
export function typedValue(value: string | null): string | null {
  if (!value) return null;
  const semi = value.indexOf(';');
  const v = (semi >= 0 ? value.slice(semi + 1) : value).trim();
  const decoded = v.replace(XTEXT_HEX, (_, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/\\x\{([0-9A-Fa-f]{1,6})\}/g, (whole, h: string) => {
    // RFC 6533 utf-8-addr-xtext names a Unicode scalar value; anything else (a surrogate, past
    // U+10FFFF) is kept as written: String.fromCodePoint threw on "\x{110000}", and the whole
    // bounce was then classified `other` (found by fuzzing).
    const cp = parseInt(h, 16);
    return cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : whole;
  });
  return decoded || null;
}

// RFC 3461 4: an xtext hexchar is "+" and two upper-case hex digits, and an ORCPT or ENVID is
// printable US-ASCII once decoded. Decoding every "+HH" turned a plain sub-address "tin+ab@so.vn"
// (Postfix writes addresses as they are) into "tin«@so.vn", and the recipient no longer
// matched the one we sent to (found by fuzzing).
const XTEXT_HEX = /\+([2-6][0-9A-F]|7[0-9A-E])/g;

function addressOf(value: string | null): string | null {
  const v = typedValue(value);
  if (!v) return null;
  return parseAddressList(v)[0]?.address ?? v.replace(/^<|>$/g, '').toLowerCase();
}

/** Build report recipients from the per-recipient groups of a status body. */
export function recipientsFromGroups(groups: FieldGroup[]): ReportRecipient[] {
  const out: ReportRecipient[] = [];
  for (const g of groups) {
    const finalRcpt = addressOf(get(g, 'final-recipient'));
    const origRcpt = addressOf(get(g, 'original-recipient'));
    const address = finalRcpt ?? origRcpt;
    if (!address) continue;
    const diagnostic = typedValue(get(g, 'diagnostic-code'));
    const givenAction = normalizeAction(get(g, 'action'));
    const inferred = refineGenericStatus(inferStatus(get(g, 'status'), diagnostic ?? get(g, 'status'), givenAction), diagnostic);
    out.push({
      address,
      originalRecipient: origRcpt && origRcpt !== address ? origRcpt : null,
      action: givenAction ?? actionFromStatus(inferred.status),
      status: inferred.status,
      statusSource: inferred.source,
      diagnostic,
      remoteMta: typedValue(get(g, 'remote-mta')),
    });
  }
  return out;
}

export interface ReturnedMessage {
  messageId: string | null;
  subject: string | null;
}

/** Message-ID and Subject of the returned message (rfc822-headers or rfc822 part), if included. */
export function returnedMessage(root: MimePart): ReturnedMessage {
  for (const p of findParts(root, ...RETURNED_TYPES)) {
    if (!p.message) continue;
    const id = normalizeMessageId(header(p.message, 'message-id'));
    if (id) return { messageId: id, subject: header(p.message, 'subject') };
  }
  return { messageId: null, subject: null };
}

/** Look for a copy of the original's Message-ID inside bounce text (non-standard formats). */
export function messageIdInText(text: string): string | null {
  const m = /^[ \t>]*Message-ID:[ \t]*(<[^<>\s]+>|[^\s<>]+@[^\s<>]+)/im.exec(text);
  return m ? normalizeMessageId(m[1]) : null;
}

/** Parse an RFC 3464 report. Returns null when the message has no delivery-status part. */
export function parseDsn(root: MimePart): Omit<DeliveryReportFields, 'kind'> | null {
  const statusParts = findParts(root, ...DSN_TYPES);
  const statusPart = statusParts[0];
  if (!statusPart) return null;
  // message/global-delivery-status is UTF-8 by definition; the other is ASCII but may carry
  // 8-bit diagnostics from sloppy MTAs: decodeBytes copes with both.
  const text = statusPart.contentType === 'message/global-delivery-status' ? decodeBytes(statusPart.body, 'utf-8').text : partText(statusPart);
  const groups = parseFieldGroups(text);
  // The first group is per-message unless it already names a recipient (some MTAs skip it).
  const first = groups[0];
  const perMessage = first && !get(first, 'final-recipient') && !get(first, 'original-recipient') ? first : [];
  const returned = returnedMessage(root);
  return {
    format: 'rfc3464',
    recipients: recipientsFromGroups(perMessage === first ? groups.slice(1) : groups),
    originalMessageId: returned.messageId,
    originalEnvelopeId: typedValue(get(perMessage, 'original-envelope-id')),
    reportingMta: typedValue(get(perMessage, 'reporting-mta')),
    originalSubject: returned.subject,
  };
}
