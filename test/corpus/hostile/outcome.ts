// The outcome ingestion reaches for one raw message, computed in-process with the real pieces and
// no stack: the poll-time triage (src/ingest/triage.ts), the document path of analyse.ts
// (extraction, signature verification of attached PDFs, the secrecy policy and the decision), and
// for a throw, the permanent-or-transient decision (src/ingest/poison.ts). Returns the same words
// as HostileMessage.expect; a transient or unrecognised throw is returned as 'threw:<kind>' so a
// test sees it instead of an uncaught error.
import { triage } from '../../../src/ingest/triage.js';
import { headerSummary } from '../../../src/ingest/capture.js';
import { ingestFailure } from '../../../src/ingest/poison.js';
import { extractFromEmail, loadPolicyConfig, secrecyPolicy, type ExtractOptions } from '../../../src/extract/index.js';
import { verifyPdfAttachments } from '../../../src/signature/index.js';
import { decide } from '../../../src/register/decide.js';

export async function outcomeOf(raw: Buffer, opts: { extract?: ExtractOptions; agencyCode?: string } = {}): Promise<string> {
  // The poller's side: the header summary and the triage it stores with the message. Neither may throw.
  headerSummary(raw);
  const t = triage(raw, { ourAddresses: ['vanthu@stttt.longan.test'] });
  if (t.route === null) return 'ignored';
  if (t.route === 'receipt') return 'handled';
  try {
    const extraction = await extractFromEmail(raw, opts.extract ?? {});
    const signatures = await verifyPdfAttachments(raw, {}, null);
    const policy = loadPolicyConfig();
    const secrecy = secrecyPolicy(extraction.metadata, policy);
    const unchecked = extraction.secrecyUnchecked;
    const d = decide({
      metadata: extraction.metadata,
      secrecy,
      signatures: signatures.map((s) => ({ file: s.file, indication: s.overall.indication, subIndication: s.overall.subIndication ?? null })),
      unreadable: unchecked && { code: unchecked.code, message: unchecked.message },
      unreadableRule: policy.unreadable ?? null,
      requireValidSignature: false,
      addressedTo: null,
      agencyCode: opts.agencyCode ?? '000.00.15.H41',
      agencyName: 'Sở Thông tin và Truyền thông',
      // The IMAP INTERNALDATE is always there for a polled message.
      hasArrival: true,
    });
    return d.action === 'register' ? 'registered' : d.action === 'refuse' ? 'refused' : 'quarantined';
  } catch (err) {
    const f = ingestFailure(err);
    return f.permanent ? `failed:${f.code}` : `threw:${f.kind}:${f.detail}`;
  }
}
