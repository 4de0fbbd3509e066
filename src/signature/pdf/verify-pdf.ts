// Verification of every signature in a PDF. Pure: takes the file bytes, returns a report.
import { createHash } from 'node:crypto';
import { parseSignedData } from '../cms.js';
import type { Context } from '../context.js';
import { nameToString } from '../names.js';
import { summary } from '../certificate.js';
import { blankSignature, formatFailureReport, overallOf, verdictVi, type FileReport, type SignatureReport } from '../report.js';
import { verifyTimestampToken, type TimestampOk } from '../timestamp.js';
import { checkTsaAt, earliestCovering, type DocumentProof, type Poe } from '../poe.js';
import { applyError, validateSignature } from '../validate.js';
import { failed } from '../verdict.js';
import { classifyModifications, signedRanges } from './coverage.js';
import { PdfDocument } from './document.js';
import { dssCrls, type DssData } from './dss.js';
import { findCatalog, findSignatures, type SignatureDictionary } from './locator.js';
import { readPermissions } from './permissions.js';
import { revocationCandidates } from '../revocation-data.js';

const KNOWN_SUBFILTERS = new Set(['adbe.pkcs7.detached', 'ETSI.CAdES.detached', 'adbe.pkcs7.sha1', 'ETSI.RFC3161']);

export function isPdf(buf: Buffer): boolean {
  return buf.subarray(0, 1024).includes('%PDF-');
}

export function verifyPdfBuffer(buf: Buffer, ctx: Context, file: string | null = null): FileReport {
  if (!isPdf(buf)) return formatFailureReport(file, buf.length, 'unknown', 'not a PDF file (no %PDF- header)');
  let doc: PdfDocument;
  let sigs: SignatureDictionary[];
  try {
    doc = new PdfDocument(buf);
    sigs = findSignatures(doc);
  } catch (e) {
    return formatFailureReport(file, buf.length, 'pdf', `cannot read the PDF structure: ${(e as Error).message}`);
  }
  const catalog = findCatalog(doc);
  if (sigs.length === 0 && doc.reconstructed && !catalog) {
    // A %PDF- header over bytes with neither a usable xref/trailer nor a document catalog is not
    // "a PDF without signature": it is no PDF at all, and saying "unsigned" would mislead.
    return formatFailureReport(file, buf.length, 'pdf', 'not a readable PDF structure (no usable cross-reference, trailer or document catalog)');
  }
  const dss = dssCrls(doc, catalog);
  // Signing order = order of the end of the signed range (each signature signs a revision).
  sigs.sort((x, y) => rangeEnd(x) - rangeEnd(y));
  const entries = sigs.map((sig, i) => prepare(doc, sig, i, ctx, dss));
  // Document time-stamps first, newest first: each one that verifies proves everything before its
  // /Contents existed at its genTime, including the older time-stamps (the PAdES-LTA chain), whose
  // TSA chains are then judged at that time (EN 319 102-1 §5.6).
  const proofs: DocumentProof[] = [];
  for (const e of [...entries].reverse()) {
    if (e.stage && e.sig.subFilter === 'ETSI.RFC3161') {
      const ts = run(e.report, () => verifyDocumentTimestamp(e.stage!, ctx, e.report, dss, earliestCovering(proofs, e.end)));
      if (ts) proofs.push({ index: e.report.index, time: ts.genTime, coversUpTo: e.stage.byteRange[1]! });
    }
  }
  for (const e of entries) {
    if (e.stage && e.sig.subFilter !== 'ETSI.RFC3161') run(e.report, () => verifyCms(e.stage!, e.sig, ctx, e.report, dss, earliestCovering(proofs, e.end)));
  }
  const signatures = entries.map((e) => finish(e.report));
  const noneReason = doc.reconstructed ? 'no signature found (the PDF cross-reference is damaged)' : 'the PDF has no signature field';
  return { file, format: 'pdf', size: buf.length, signatures, overall: overallOf(signatures, noneReason) };
}

function rangeEnd(sig: SignatureDictionary): number {
  const br = sig.byteRange;
  if (Array.isArray(br) && br.length === 4 && typeof br[2] === 'number' && typeof br[3] === 'number') return br[2] + br[3];
  return Number.MAX_SAFE_INTEGER;
}

/** What the checks of one signature work on, once its dictionary and byte range are sound. */
interface Stage {
  blob: Buffer;
  parts: Buffer[];
  byteRange: number[];
}

interface Entry {
  sig: SignatureDictionary;
  report: SignatureReport;
  end: number;
  /** Null when the signature already failed (format, byte range, /SubFilter, /Contents). */
  stage: Stage | null;
}

function run<T>(report: SignatureReport, fn: () => T): T | null {
  try {
    return fn();
  } catch (e) {
    applyError(report, e);
    return null;
  }
}

function prepare(doc: PdfDocument, sig: SignatureDictionary, index: number, ctx: Context, dss: DssData): Entry {
  const report = blankSignature(index, sig.type === 'DocTimeStamp' ? 'pdf-document-timestamp' : 'pdf-signature');
  report.warnings.push(...dss.warnings);
  report.pdf = {
    subFilter: sig.subFilter,
    fieldName: sig.fieldName,
    name: sig.name,
    reason: sig.reason,
    location: sig.location,
    m: sig.m?.toISOString() ?? null,
  };
  const stage = run(report, (): Stage => {
    const { parts, byteRange } = signedRanges(doc.buf, sig);
    const permissions = readPermissions(doc, sig.dict, sig.field, sig.objNum);
    const mods = classifyModifications(doc, byteRange[2]! + byteRange[3]!, permissions);
    report.coverage = {
      byteRange,
      coversWholeFile: byteRange[2]! + byteRange[3]! === doc.buf.length,
      modificationsAfterSigning: mods.kind,
      additions: mods.additions,
      changes: mods.changes,
      revisions: mods.revisions,
      permissions,
    };
    if (mods.kind === 'content') report.warnings.push(...mods.changes.map((d) => `after signing: ${d}`));
    if (!sig.subFilter || !KNOWN_SUBFILTERS.has(sig.subFilter)) {
      throw failed('FORMAT_FAILURE', `unsupported signature /SubFilter ${sig.subFilter ?? '(none)'}`);
    }
    try {
      return { blob: sig.contents!.bytes(ctx.maxSignatureBytes), parts, byteRange };
    } catch (e) {
      throw failed('FORMAT_FAILURE', `/Contents: ${(e as Error).message}`);
    }
  });
  return { sig, report, end: rangeEnd(sig), stage };
}

function finish(report: SignatureReport): SignatureReport {
  // The signature may hold for its revision while later updates changed what is displayed.
  if (report.coverage?.modificationsAfterSigning === 'content' && report.indication !== 'FAILED') {
    if (report.reason) report.warnings.push(`before the modification check: ${report.indication}/${report.subIndication}: ${report.reason}`);
    report.indication = 'FAILED';
    report.subIndication = 'MODIFIED_AFTER_SIGNING';
    const changes = report.coverage.changes;
    const what = changes.length ? `: ${changes[0]}${changes.length > 1 ? ` (and ${changes.length - 1} more)` : ''}` : '';
    // Only refused by the permissions (DocMDP, field locks), not a change of the content itself.
    const refusedOnly = report.coverage.revisions.every((r) => r.allowed || r.class !== 'other') && report.coverage.revisions.some((r) => !r.allowed);
    report.reason = refusedOnly
      ? `an update appended after this signature is not allowed by its permissions${what}`
      : `the document content was changed by an update appended after this signature${what}`;
  }
  report.verdictVi = verdictVi(report);
  return report;
}

function verifyCms({ blob, parts }: Stage, sig: SignatureDictionary, ctx: Context, report: SignatureReport, dss: DssData, docPoe: Poe | null): void {
  const sd = parseSignedData(blob);
  const si = sd.signerInfos[0];
  if (!si) throw failed('FORMAT_FAILURE', 'the CMS signature has no SignerInfo');
  if (sd.signerInfos.length > 1) report.warnings.push(`the CMS holds ${sd.signerInfos.length} signer infos; only the first is checked`);
  let content: Buffer[] = parts;
  if (sig.subFilter === 'adbe.pkcs7.sha1') {
    // Legacy: the CMS encapsulates the SHA-1 digest of the byte ranges.
    report.warnings.push('adbe.pkcs7.sha1 signs a SHA-1 digest of the document: weak');
    if (!sd.eContent) throw failed('FORMAT_FAILURE', 'adbe.pkcs7.sha1 signature without encapsulated digest');
    const h = createHash('sha1');
    for (const p of parts) h.update(p);
    if (!h.digest().equals(sd.eContent)) throw failed('HASH_FAILURE', 'the document does not match the signed SHA-1 digest: it was changed after signing');
    content = [sd.eContent];
  } else if (sd.eContent) {
    throw failed('FORMAT_FAILURE', `${sig.subFilter} signature must be detached but carries content`);
  }
  validateSignature({ sd, si, content, containerTime: sig.m, container: dss, docPoe }, ctx, report);
  if (report.signingTimeSource === 'pdf-M') report.warnings.push('signing time taken from the PDF /M entry (a claim, not a proof)');
}

/**
 * A document time-stamp is reported like a signature: its TSA chain needs revocation data too,
 * judged at the time a later document time-stamp proves this one existed (`tokenPoe`), else now.
 * Returns the verified token when it holds: then it is proof of existence for what it covers.
 */
function verifyDocumentTimestamp({ blob, parts }: Stage, ctx: Context, report: SignatureReport, dss: DssData, tokenPoe: Poe | null): TimestampOk {
  report.warnings.push(...ctx.warnings);
  // /DSS /Certs may hold the TSA's issuing CA (PAdES-LTA tools store the chain there).
  const ts = verifyTimestampToken(blob, parts, { anchors: ctx.anchors, intermediates: [...ctx.intermediates, ...dss.certs], now: ctx.now });
  report.signingTime = ts.genTime.toISOString();
  report.signingTimeSource = 'timestamp';
  report.timestamp = { verified: true, genTime: ts.genTime.toISOString(), tsa: ts.tsaName };
  report.signer = summary(ts.tsa);
  report.digestAlgorithm = ts.digestAlgorithm.toUpperCase().replace('SHA', 'SHA-');
  report.chain = ts.chain.map((c) => nameToString(c.subject));
  report.warnings.push(...ts.warnings);
  // CRLs and OCSP responses: configured, in the token, in /DSS.
  const sources = revocationCandidates(ctx, parseSignedData(blob), null, ts.chain, dss, report.warnings, 'in the time-stamp token');
  checkTsaAt(ts, tokenPoe, sources, ctx, report);
  return ts;
}
