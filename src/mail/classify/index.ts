// classifyMessage: what is this raw message, and what does it tell us? The order of the checks is
// the policy, and it matters:
//   1. our peers' acknowledgements (they also carry Auto-Submitted, so before auto-replies);
//   2. standard reports by their machine-readable part: DSN (RFC 3464), MDN (RFC 8098), ARF (RFC 5965);
//   3. non-standard bounces, only from a mail system or with a bounce-like subject;
//   4. non-standard read receipts ("Read: …");
//   5. automatic replies (strong signals always; weak ones only without a document file);
//   6. documents (a document file, or text that reads like an official document);
//   7. everything else is `other`.
// Parsing never throws; any internal failure still yields a Classification of kind `other`.
import { foldText, normalizeMessageId, parseAddressList } from '../parse.js';
import { detectAck } from './ack.js';
import { parseArf } from './arf.js';
import { autoReplySignals } from './auto-reply.js';
import { failedRecipientsHeader, isDaemonAddress, parseTextBounce, splitAtCopy } from './bounce-formats.js';
import { documentAttachments, officialTextEvidence } from './document.js';
import { messageIdInText, parseDsn, returnedMessage } from './dsn.js';
import { isFromUs, isListMail, noAutoAnswerReasons, returnPathOf } from './loop.js';
import { parseMdn, parseNonStandardReceipt } from './mdn.js';
import { collectErrors, findParts, header, headerAll, messageText, parseMime, type MimePart } from './mime-walk.js';
import type { Classification, ClassificationBase, ClassifyContext, DeliveryReportFields } from './types.js';

export * from './types.js';
export { buildStatusXml, parseStatusXml, safeParseStatusXml, StatusXmlError, STATUS_CODES, STATUS_CONTENT_TYPE, ACK_HEADER, EDXML_NS } from './status-xml.js';
export type { VanThuStatus, StatusCode, StatusOrgan } from './status-xml.js';
export { inferStatus } from './smtp-status.js';

/** Classify a raw RFC 5322 message. Never rejects. */
export async function classifyMessage(raw: Buffer, ctx: ClassifyContext = {}): Promise<Classification> {
  return classifyMessageSync(raw, ctx);
}

/** The same, synchronously (the work is CPU-only). */
export function classifyMessageSync(raw: Buffer, ctx: ClassifyContext = {}): Classification {
  try {
    return classify(raw, ctx);
  } catch (err) {
    // A bug here must not stop ingestion: the message is kept and shown as unclassified.
    const reason = err instanceof Error ? err.message : String(err);
    return { ...emptyBase(), kind: 'other', malformed: true, errors: [`internal error while classifying: ${reason}`], noAutoAnswerReasons: ['message could not be classified'] };
  }
}

function emptyBase(): ClassificationBase {
  return {
    kind: 'other',
    messageId: null,
    subject: null,
    from: null,
    fromName: null,
    to: [],
    date: null,
    inReplyTo: null,
    references: [],
    returnPath: null,
    autoSubmitted: null,
    isList: false,
    fromUs: false,
    mayAutoAnswer: false,
    noAutoAnswerReasons: [],
    malformed: false,
    errors: [],
    reasons: [],
  };
}

const FORWARD_OR_REPLY = /^(?:fwd?|fw|tr|re|tl|aw|wg|chuyen tiep|tra loi)\s*:/;

function classify(raw: Buffer, ctx: ClassifyContext): Classification {
  if (raw.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d)) {
    return { ...emptyBase(), kind: 'other', malformed: true, errors: [raw.length === 0 ? 'empty message (0 bytes)' : 'message contains only whitespace'], noAutoAnswerReasons: ['empty or unreadable message'] };
  }
  const root = parseMime(raw);
  const errors = collectErrors(root);
  if (root.headers.length === 0) errors.unshift('no header fields found: this does not look like an email message');

  const fromAddr = parseAddressList(header(root, 'from'))[0] ?? null;
  const subject = header(root, 'subject');
  const base: ClassificationBase = {
    ...emptyBase(),
    messageId: normalizeMessageId(header(root, 'message-id')),
    subject,
    from: fromAddr?.address || null,
    fromName: fromAddr?.name ?? null,
    to: [...headerAll(root, 'to'), ...headerAll(root, 'cc')].flatMap((v) => parseAddressList(v).map((a) => a.address)),
    date: header(root, 'date')?.trim() ?? null,
    inReplyTo: normalizeMessageId(header(root, 'in-reply-to')),
    references: (header(root, 'references')?.match(/<[^<>\s]+>/g) ?? []).slice(-50).map((id) => normalizeMessageId(id)).filter((id): id is string => !!id),
    returnPath: returnPathOf(root),
    autoSubmitted: header(root, 'auto-submitted')?.trim().toLowerCase() ?? null,
    malformed: errors.length > 0,
    errors,
  };
  const list = isListMail(root);
  base.isList = list.isList;
  base.fromUs = isFromUs(root, base.from, base.returnPath, ctx);
  const auto = autoReplySignals(root, subject);

  const result = decideKind(root, base, auto);
  if (list.reason) result.reasons.push(`list mail: ${list.reason}`);
  result.noAutoAnswerReasons = noAutoAnswerReasons({
    kind: result.kind,
    isList: result.isList,
    fromUs: result.fromUs,
    from: result.from,
    returnPath: result.returnPath,
    autoSignals: [...auto.strong, ...auto.weak],
    empty: root.headers.length === 0,
  });
  result.mayAutoAnswer = result.noAutoAnswerReasons.length === 0;
  return result;
}

function decideKind(root: MimePart, base: ClassificationBase, auto: { strong: string[]; weak: string[] }): Classification {
  const reasons: string[] = [];
  const b = { ...base, reasons };

  const ack = detectAck(root);
  if (ack) {
    b.errors.push(...ack.errors);
    reasons.push(...ack.reasons);
    return { ...b, kind: 'acknowledgement', status: ack.status, originalMessageId: ack.originalMessageId };
  }

  const reportType = findParts(root, 'multipart/report')[0]?.params['report-type']?.toLowerCase() ?? null;
  const dsn = parseDsn(root);
  if (dsn) {
    reasons.push(`machine-readable delivery status part (report-type=${reportType ?? 'missing'})`);
    return withOriginalFallback(root, { ...b, kind: 'delivery-report', ...dsn });
  }
  const mdn = parseMdn(root);
  if (mdn) {
    reasons.push(`disposition-notification part (report-type=${reportType ?? 'missing'})`);
    return { ...b, kind: 'read-receipt', ...mdn };
  }
  const arf = parseArf(root);
  if (arf) {
    reasons.push(`feedback-report part (report-type=${reportType ?? 'missing'})`);
    return { ...b, kind: 'feedback-report', ...arf };
  }
  if (reportType) b.errors.push(`multipart/report; report-type=${reportType} without its machine-readable part`);

  const text = messageText(root);
  const subject = base.subject ?? '';
  const fs = foldText(subject.trim());
  const nullSender = base.returnPath === '';
  const failedRecipients = failedRecipientsHeader(header(root, 'x-failed-recipients'));
  const fromSystem = isDaemonAddress(base.from) || nullSender || failedRecipients.length > 0 || auto.weak.length + auto.strong.length > 0;
  if (fromSystem || !FORWARD_OR_REPLY.test(fs)) {
    // A bounce notice is short and at the top; capping the text bounds the pattern work on
    // pathological input (a multi-megabyte text part) without losing real notices.
    const notice = text.length > 262_144 ? text.slice(0, 262_144) : text;
    const hasReturnedMessage = findParts(root, 'message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers').length > 0;
    const bounce = parseTextBounce({ text: notice, subject, from: base.from, failedRecipients, to: base.to, hasReturnedMessage }, nullSender, fs);
    if (bounce && (fromSystem || bounce.format !== 'generic')) {
      reasons.push(`non-standard bounce text (${bounce.format})`);
      const copy = splitAtCopy(text).copy;
      const returned = returnedMessage(root);
      const originalSubject =
        returned.subject ?? (/^Subject:[ \t]*(.*)$/im.exec(copy) ?? /The subject of the message is:[ \t]*(.*)$/im.exec(text))?.[1]?.trim() ?? null;
      const report: ClassificationBase & DeliveryReportFields = {
        ...b,
        kind: 'delivery-report',
        format: bounce.format,
        recipients: bounce.recipients,
        originalMessageId: returned.messageId ?? messageIdInText(copy),
        originalEnvelopeId: null,
        reportingMta: bounce.reportingMta ?? (isDaemonAddress(base.from) ? (base.from?.split('@')[1] ?? null) : null),
        originalSubject,
      };
      if (bounce.recipients.length === 0) b.errors.push('bounce recognised but no recipient could be read from it');
      return withOriginalFallback(root, report);
    }
  }

  const receipt = parseNonStandardReceipt(subject, text, base.inReplyTo);
  if (receipt) {
    reasons.push('plain-text read receipt ("Read:" subject and wording)');
    return { ...b, kind: 'read-receipt', ...receipt };
  }

  const attachments = documentAttachments(root);
  if (auto.strong.length > 0 || (auto.weak.length > 0 && attachments.length === 0)) {
    reasons.push(...auto.strong, ...(auto.strong.length ? [] : auto.weak));
    return { ...b, kind: 'auto-reply', originalMessageId: base.inReplyTo };
  }
  if (auto.weak.length > 0) reasons.push(`automatic-sending markers (${auto.weak.join('; ')}) overridden by a document file`);

  const evidence = officialTextEvidence(subject, text);
  if (attachments.length > 0) {
    reasons.push(...attachments.map((a) => `${a.forwarded ? 'forwarded ' : ''}attachment ${a.filename ?? '(unnamed)'}: ${a.reason}`));
    return { ...b, kind: 'document', attachments, codeNotation: evidence.codeNotation };
  }
  if (evidence.score >= 3) {
    reasons.push(`official document text (score ${evidence.score}: ${evidence.reasons.join(', ')})`);
    return { ...b, kind: 'document', attachments: [], codeNotation: evidence.codeNotation };
  }
  return { ...b, kind: 'other' };
}

/**
 * Fill originalMessageId when the report carried no headers part: from a text copy of the
 * original, else from In-Reply-To/References, which Gmail and Exim set on their bounces.
 */
function withOriginalFallback(root: MimePart, report: ClassificationBase & DeliveryReportFields): Classification {
  if (!report.originalMessageId) {
    // Some MTAs attach the returned headers as text/plain or inline them after the notice.
    for (const p of findParts(root, 'text/plain')) {
      const id = messageIdInText(p.body.toString('latin1'));
      if (id) {
        report.originalMessageId = id;
        break;
      }
    }
  }
  if (!report.originalMessageId) {
    report.originalMessageId = report.inReplyTo ?? normalizeMessageId(header(root, 'references')?.trim().split(/\s+/).pop());
    if (report.originalMessageId) report.reasons.push('original Message-ID taken from In-Reply-To/References');
  }
  return report;
}
