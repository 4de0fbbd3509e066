// RFC 5965 Abuse Reporting Format: a mailbox provider tells us a recipient marked our mail as
// spam (or similar). multipart/report; report-type=feedback-report with a message/feedback-report
// part of fields, and the reported message or its headers.
import { parseAddressList } from '../parse.js';
import { parseFieldGroups, returnedMessage } from './dsn.js';
import { findParts, partText, type MimePart } from './mime-walk.js';
import type { FeedbackReportFields } from './types.js';

export function parseArf(root: MimePart): Omit<FeedbackReportFields, 'kind'> | null {
  const part = findParts(root, 'message/feedback-report')[0];
  if (!part) return null;
  const fields = parseFieldGroups(partText(part)).flat();
  const get = (k: string) => fields.find((f) => f.key === k)?.value ?? null;
  return {
    feedbackType: get('feedback-type')?.toLowerCase() ?? null,
    userAgent: get('user-agent'),
    sourceIp: get('source-ip'),
    originalMailFrom: parseAddressList(get('original-mail-from'))[0]?.address ?? null,
    // Original-Rcpt-To may repeat, one address per field.
    originalRcptTo: fields.filter((f) => f.key === 'original-rcpt-to').flatMap((f) => parseAddressList(f.value).map((a) => a.address)),
    reportedDomain: get('reported-domain'),
    arrivalDate: get('arrival-date') ?? get('received-date'),
    originalMessageId: returnedMessage(root).messageId,
  };
}
