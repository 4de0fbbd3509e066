// An e-mail message and the signed PDFs attached to it, verified the same way by ingestion
// (register/analyse.ts) and by `vanthu verify file.eml`: the S/MIME signature over the raw bytes
// (smime.ts), and every PDF attachment that carries a signature, decoded by mailparser — the
// MIME decoder ingestion uses for everything else.
import { makeContext, type VerifyOptions } from './context.js';
import { verifyPdfBuffer } from './pdf/verify-pdf.js';
import { verifySmimeBuffer } from './smime.js';
import { formatFailureReport, type FileReport } from './report.js';
import { worst, type Verdict } from './verdict.js';
import { verifyWithOnlineRevocation } from './online/gather.js';
import type { OnlineRevocationSettings } from './online/settings.js';

/** Online revocation settings, or a loader of them (read only when needed), or none. */
type Online = OnlineRevocationSettings | null | (() => Promise<OnlineRevocationSettings | null>);

/** A message's report: the S/MIME report as before, plus one report per signed PDF attached. */
export type MessageReport = FileReport & { attachments: FileReport[] };

/** Is this a PDF attachment? By content type or by file name, as senders label them loosely. */
function isPdfAttachment(a: { contentType: string; filename?: string }): boolean {
  return a.contentType === 'application/pdf' || /\.pdf$/i.test(a.filename ?? '');
}

/**
 * The reports of the PDF attachments that carry at least one signature (a PDF without any is
 * not a signed document, so it has no verdict to contribute), in message order.
 */
export async function verifyPdfAttachments(raw: Buffer, options: VerifyOptions = {}, online: Online = null): Promise<FileReport[]> {
  // Loaded here, not at the top: verifying a PDF (the CLI, the bench) need not load a MIME parser.
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(raw);
  const ctx = makeContext(options);
  const out: FileReport[] = [];
  for (const a of mail.attachments) {
    if (!isPdfAttachment(a)) continue;
    const file = a.filename ?? null;
    let r: FileReport;
    try {
      // Missing revocation data is fetched (OCSP, CRL distribution points) when `online` allows.
      r = online ? await verifyWithOnlineRevocation((o) => verifyPdfBuffer(a.content, makeContext(o), file), options, online) : verifyPdfBuffer(a.content, ctx, file);
    } catch (e) {
      r = formatFailureReport(file, a.content.length, 'pdf', `unexpected error while verifying: ${(e as Error)?.message ?? String(e)}`);
    }
    if (r.signatures.length) out.push(r);
  }
  return out;
}

/**
 * Combine the message's S/MIME report with its attachments' reports. The overall verdict is the
 * worst of the parts that say something: the S/MIME part when the message is signed (or when
 * nothing else is, so an unsigned message without signed PDFs stays SIGNED_DATA_NOT_FOUND), and
 * each signed PDF. Pure; the S/MIME report's other fields are kept as they are.
 */
export function withAttachments(smime: FileReport, attachments: FileReport[]): MessageReport {
  if (attachments.length === 0) return { ...smime, attachments };
  const parts: { name: string; report: FileReport }[] = [];
  if (smime.signatures.length > 0) parts.push({ name: 'the message (S/MIME)', report: smime });
  for (const a of attachments) parts.push({ name: `attachment "${a.file ?? '(unnamed)'}"`, report: a });
  let v: Verdict = { indication: 'PASSED', subIndication: null, reason: '' };
  let vi = '';
  for (const { name, report } of parts) {
    const next = { indication: report.overall.indication, subIndication: report.overall.subIndication, reason: `${name}: ${report.overall.reason}` };
    const w = worst(v, next);
    if (w === next && next.indication !== 'PASSED') {
      v = next;
      vi = `${name.startsWith('attachment') ? `Tệp đính kèm "${report.file ?? ''}"` : 'Thư'}: ${report.overall.verdictVi}`;
    }
  }
  if (v.indication === 'PASSED') {
    const signed = parts.map((p) => p.name).join(', ');
    v = { ...v, reason: `every signature passed (${signed})` };
    vi = smime.signatures.length > 0 ? `Chữ ký của thư và của ${attachments.length} tệp PDF đính kèm hợp lệ` : `Chữ ký của ${attachments.length} tệp PDF đính kèm hợp lệ`;
  }
  return { ...smime, overall: { ...v, verdictVi: vi }, attachments };
}

/**
 * A message's S/MIME report completed with every signed PDF attached (`vanthu verify file.eml`
 * has the S/MIME report already). Never throws: if mailparser fails, the S/MIME report stands alone.
 */
export async function completeMessage(raw: Buffer, smime: FileReport, options: VerifyOptions = {}, online: Online = null): Promise<MessageReport> {
  let attachments: FileReport[] = [];
  try {
    attachments = await verifyPdfAttachments(raw, options, online);
  } catch {
    // mailparser copes with nearly anything; if it does not, the S/MIME report stands alone
  }
  return withAttachments(smime, attachments);
}

/** Verify an e-mail: its S/MIME signature and every signed PDF attached. Never throws for bad input. */
export async function verifyMessage(raw: Buffer, options: VerifyOptions = {}, file: string | null = null, online: Online = null): Promise<MessageReport> {
  const smime = await verifyWithOnlineRevocation(
    (o) => {
      try {
        return verifySmimeBuffer(raw, makeContext(o), file);
      } catch (e) {
        return formatFailureReport(file, raw.length, 'smime', `unexpected error while verifying: ${(e as Error)?.message ?? String(e)}`);
      }
    },
    options,
    online,
  );
  return completeMessage(raw, smime, options, online);
}
