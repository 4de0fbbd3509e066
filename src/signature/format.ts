// Human-readable report: one paragraph per signature in English, then a Vietnamese verdict line
// for clerks ("Kết luận: …"). Times are shown in Vietnam time (UTC+7).
import type { FileReport, SignatureReport } from './report.js';
import type { MessageReport } from './message.js';

const TYPE: Record<SignatureReport['type'], string> = {
  'pdf-signature': 'PDF signature',
  'pdf-document-timestamp': 'PDF document time-stamp',
  'smime-detached': 'S/MIME signature (multipart/signed)',
  'smime-opaque': 'S/MIME signature (opaque pkcs7-mime)',
};

const SOURCE: Record<string, string> = {
  timestamp: 'proven by a verified time-stamp',
  'signing-time-attribute': "from the signer's signing-time attribute (a claim, not a proof)",
  'pdf-M': 'from the PDF /M entry (a claim, not a proof)',
};

/** ISO instant → "2025-11-24 09:00:00 (UTC+7)". */
export function vnTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 7 * 3_600_000);
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} (UTC+7)`;
}

function paragraph(s: SignatureReport, total: number): string {
  const lines: string[] = [];
  const field = s.pdf?.fieldName ? `, field "${s.pdf.fieldName}"` : '';
  const sub = s.subIndication ? `/${s.subIndication}` : '';
  let head = `Signature ${s.index + 1} of ${total} (${TYPE[s.type]}${field}): ${s.indication}${sub}.`;
  if (s.reason) head += ` ${s.reason[0]!.toUpperCase()}${s.reason.slice(1)}.`;
  lines.push(head);
  if (s.signer) {
    const org = [s.signer.organizationalUnit, s.signer.organization].filter(Boolean).join(', ');
    lines.push(
      `Signed by ${s.signer.commonName ?? s.signer.subject}${org ? ` (${org})` : ''}, certificate serial ${s.signer.serialNumber} issued by ${s.signer.issuer}, valid ${s.signer.notBefore.slice(0, 10)} to ${s.signer.notAfter.slice(0, 10)}.`,
    );
  }
  if (s.signingTime) lines.push(`Signing time ${vnTime(s.signingTime)}, ${SOURCE[s.signingTimeSource ?? ''] ?? 'source unknown'}.`);
  else lines.push('No signing time is given.');
  if (s.timestamp && !s.timestamp.verified) lines.push(`A time-stamp is present but was not accepted: ${s.timestamp.reason}.`);
  if (s.poe) {
    const by = s.poe.source === 'signature-timestamp' ? 'its signature time-stamp' : `document time-stamp #${s.poe.index + 1}`;
    lines.push(`Proven to exist at ${vnTime(s.poe.time)} by ${by}${s.poe.needed ? ' (a certificate has expired since: validated at that time)' : ''}.`);
  }
  if (s.digestAlgorithm || s.signatureAlgorithm) lines.push(`Algorithms: ${s.digestAlgorithm ?? '?'} / ${s.signatureAlgorithm ?? '?'}.`);
  if (s.coverage) {
    const c = s.coverage;
    const mods = { none: 'nothing was changed after signing', 'signatures-only': 'later updates only add signatures, time-stamps or validation data', allowed: 'later updates fill in forms or add annotations, as the permissions allow', content: 'CONTENT WAS CHANGED after signing' }[c.modificationsAfterSigning];
    lines.push(`Byte range [${c.byteRange.join(' ')}] ${c.coversWholeFile ? 'covers the whole file' : 'does not cover the whole file'}; ${mods}.`);
    if (c.revisions?.length) lines.push(`Updates after signing: ${c.revisions.map((r) => `${r.class}${r.allowed ? '' : ' (not allowed)'}`).join(', ')}.`);
    if (c.changes.length) lines.push(`Changed after signing: ${c.changes.join('; ')}.`);
    if (c.additions.length) lines.push(`Added after signing: ${c.additions.join('; ')}.`);
  }
  if (s.chain.length) lines.push(`Chain: ${s.chain.join(' → ')}.`);
  const against = { crl: 'CRLs', ocsp: 'OCSP responses', 'crl+ocsp': 'CRLs and OCSP responses' }[s.revocation.source ?? 'crl'];
  lines.push(s.revocation.checked ? `Revocation: checked against ${against}${s.revocation.revokedAt ? `, revoked on ${vnTime(s.revocation.revokedAt)}` : ', not revoked'}.` : `Revocation: not checked (${s.revocation.reason ?? 'no data'}).`);
  const warnings = s.warnings.filter((w) => !w.startsWith('revocation not checked') && !w.startsWith('after signing: '));
  if (warnings.length) lines.push(`Warnings: ${warnings.join('; ')}.`);
  return `${lines.join(' ')}\nKết luận: ${s.verdictVi}`;
}

function signaturesOf(r: FileReport): string[] {
  const out: string[] = [`${r.file ?? '(input)'}: ${r.format === 'unknown' ? 'unrecognised file' : r.format.toUpperCase()}, ${r.size} bytes, ${r.signatures.length} signature(s).`];
  for (const s of r.signatures) out.push(paragraph(s, r.signatures.length));
  return out;
}

const overallLine = (label: string, o: FileReport['overall']) =>
  `${label}: ${o.indication}${o.subIndication ? `/${o.subIndication}` : ''} — ${o.reason}.\nKết luận chung: ${o.verdictVi}`;

export function formatReport(r: FileReport): string {
  return [...signaturesOf(r), overallLine('Overall', r.overall)].join('\n\n');
}

/** An e-mail with signed PDFs attached: the message's signatures, each attachment's report, the overall. */
export function formatMessageReport(r: MessageReport): string {
  if (r.attachments.length === 0) return formatReport(r);
  const out = signaturesOf(r);
  r.attachments.forEach((a, i) => out.push(`Attachment ${i + 1} of ${r.attachments.length}: ${formatReport(a)}`));
  out.push(overallLine(`Overall (the message and ${r.attachments.length} attached PDF(s))`, r.overall));
  return out.join('\n\n');
}
