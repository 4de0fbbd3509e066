// What must hold before a document goes out (checked before a number is taken, so a refusal
// leaves no gap in the register):
//  - at least one document file, each of an allowed type — by name AND by its bytes, so a renamed
//    executable is not sent as "a PDF";
//  - no secrecy marking (Decision 36 Art. 6.4): the extract module's secrecy policy, applied to the
//    metadata extracted from every document and to the metadata the clerk gave;
//  - a digital signature present when the agency requires one (requireSignatureOnDispatch).
import JSZip from 'jszip';
import type { Agency } from '../agency/agency.js';
import { emptyMetadata, extractFromBuffer, loadPolicyConfig, parseEdxml, secrecyPolicy, type DocumentMetadata, type PolicyConfig } from '../extract/index.js';
import { verifyPdf } from '../signature/index.js';
import type { DispatchSettings } from './settings.js';

export interface InputFile {
  filename: string;
  content: Buffer;
}

export type FileType = 'pdf' | 'doc' | 'docx' | 'odt' | 'xml' | 'edxml' | 'unknown';

export interface CheckedFile extends InputFile {
  type: FileType;
  contentType: string;
  /** 'edxml' for an edXML envelope the clerk attached (metadata, not the document itself). */
  kind: 'document' | 'edxml';
}

export interface PolicyReason {
  code: 'NO_DOCUMENT' | 'TYPE_NOT_ALLOWED' | 'SECRET' | 'SIGNATURE_REQUIRED' | 'SIGNATURE_INVALID';
  vi: string;
  en: string;
}

export interface PolicyResult {
  ok: boolean;
  reasons: PolicyReason[];
  files: CheckedFile[];
  /** Metadata for the edXML envelope: the clerk's values over the edXML file's over the extracted. */
  metadata: DocumentMetadata;
  warnings: string[];
}

const CONTENT_TYPES: Record<FileType, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  xml: 'application/xml',
  edxml: 'application/xml',
  unknown: 'application/octet-stream',
};

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** The type of a file from its name, confirmed by its first bytes; 'unknown' when they disagree. */
export function detectType(filename: string, content: Buffer): FileType {
  const ext = (/\.([A-Za-z0-9]+)$/.exec(filename)?.[1] ?? '').toLowerCase();
  const head = content.subarray(0, 1024);
  const isZip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  const text = head.toString('latin1').replace(/^\xef\xbb\xbf/, '').trimStart();
  if (ext === 'pdf') return head.includes('%PDF-') ? 'pdf' : 'unknown';
  if (ext === 'doc') return head.subarray(0, 8).equals(OLE) ? 'doc' : 'unknown';
  if (ext === 'docx' || ext === 'odt') return isZip ? ext : 'unknown';
  if (ext === 'xml' || ext === 'edxml') return text.startsWith('<') ? ext : 'unknown';
  if (!ext && head.includes('%PDF-')) return 'pdf';
  return 'unknown';
}

function isEdxml(f: { type: FileType; content: Buffer }): boolean {
  return (f.type === 'xml' || f.type === 'edxml') && parseEdxml(f.content) !== null;
}

/** Does the file carry a digital signature? PDFs are verified (a FAILED one does not count). */
export async function signaturePresence(f: CheckedFile): Promise<'present' | 'absent' | 'invalid'> {
  if (f.type === 'pdf') {
    const report = verifyPdf(f.content);
    const sigs = report.signatures.filter((s) => s.type === 'pdf-signature');
    if (sigs.length === 0) return 'absent';
    return sigs.some((s) => s.indication !== 'FAILED') ? 'present' : 'invalid';
  }
  if (f.type === 'docx' || f.type === 'odt') {
    try {
      const zip = await JSZip.loadAsync(f.content);
      const names = Object.keys(zip.files);
      const hit = names.some((n) => n.startsWith('_xmlsignatures/') || /^META-INF\/documentsignatures\.xml$/i.test(n));
      return hit ? 'present' : 'absent';
    } catch {
      return 'absent';
    }
  }
  if (f.type === 'xml' || f.type === 'edxml') return /<(\w+:)?Signature[\s>]/.test(f.content.toString('utf8')) ? 'present' : 'absent';
  // .doc (OLE) signatures are not inspected: the clerk is asked for a signed PDF instead.
  return 'absent';
}

function merge(base: DocumentMetadata, over: Partial<DocumentMetadata> | null | undefined): DocumentMetadata {
  const out: DocumentMetadata = { ...base };
  if (!over) return out;
  for (const [k, v] of Object.entries(over)) {
    if (v !== null && v !== undefined && k !== 'evidence') (out as unknown as Record<string, unknown>)[k] = v;
  }
  return out;
}

let policyCache: PolicyConfig | null = null;

export interface PolicyInput {
  files: InputFile[];
  metadata?: Partial<DocumentMetadata>;
  agency: Pick<Agency, 'requireSignatureOnDispatch'>;
  settings: DispatchSettings;
  policyConfig?: PolicyConfig;
}

export async function checkPolicy(input: PolicyInput): Promise<PolicyResult> {
  const policy = input.policyConfig ?? (policyCache ??= loadPolicyConfig());
  const reasons: PolicyReason[] = [];
  const warnings: string[] = [];
  const files: CheckedFile[] = input.files.map((f) => {
    const type = detectType(f.filename, f.content);
    const c: CheckedFile = { ...f, type, contentType: CONTENT_TYPES[type], kind: 'document' };
    if (isEdxml(c)) c.kind = 'edxml';
    return c;
  });
  const allowed = new Set(input.settings.allowedTypes.map((t) => t.toLowerCase()));
  for (const f of files) {
    if (f.type === 'unknown' || !allowed.has(f.type)) {
      reasons.push({
        code: 'TYPE_NOT_ALLOWED',
        vi: `Tệp "${f.filename}" không thuộc định dạng được phép gửi (${[...allowed].join(', ')}) hoặc nội dung không khớp với phần mở rộng.`,
        en: `File "${f.filename}" is not of an allowed type (${[...allowed].join(', ')}) or its content does not match its extension.`,
      });
    }
  }
  const docs = files.filter((f) => f.kind === 'document' && f.type !== 'unknown');
  if (docs.length === 0) {
    reasons.push({ code: 'NO_DOCUMENT', vi: 'Không có văn bản đính kèm (PDF, DOC, DOCX, ODT hoặc edXML).', en: 'No document is attached (PDF, DOC, DOCX, ODT or edXML).' });
  }

  // Metadata: what the documents say, then an attached edXML envelope, then the clerk's values.
  let metadata = emptyMetadata();
  const secrecyChecks: Array<{ where: string; md: Pick<DocumentMetadata, 'secrecy'> }> = [];
  for (const f of docs) {
    const r = await extractFromBuffer(f.content, { filename: f.filename, contentType: f.contentType }, { timeoutMs: input.settings.extractTimeoutMs });
    if (r.error) warnings.push(`${f.filename}: ${r.error.code} ${r.error.message}`);
    secrecyChecks.push({ where: f.filename, md: r.metadata });
    if (f === docs[0]) metadata = merge(metadata, r.metadata);
  }
  for (const f of files.filter((x) => x.kind === 'edxml')) {
    const md = parseEdxml(f.content);
    if (md) {
      secrecyChecks.push({ where: f.filename, md });
      metadata = merge(metadata, md);
    }
  }
  if (input.metadata) {
    secrecyChecks.push({ where: 'metadata', md: { secrecy: input.metadata.secrecy ?? null } });
    metadata = merge(metadata, input.metadata);
  }
  for (const { where, md } of secrecyChecks) {
    const d = secrecyPolicy(md, policy);
    if (!d.allowed) {
      reasons.push({ code: 'SECRET', vi: `${where}: ${d.reason}`, en: `${where}: ${d.reasonEn}` });
      break; // one refusal says it all; the level is in the message
    }
  }

  if (input.agency.requireSignatureOnDispatch && docs.length > 0) {
    const main = docs[0]!;
    const p = await signaturePresence(main);
    if (p === 'absent') {
      reasons.push({
        code: 'SIGNATURE_REQUIRED',
        vi: `Cơ quan yêu cầu văn bản đi phải có chữ ký số; tệp "${main.filename}" không có chữ ký số.`,
        en: `The agency requires a digital signature on outgoing documents; "${main.filename}" has none.`,
      });
    } else if (p === 'invalid') {
      reasons.push({
        code: 'SIGNATURE_INVALID',
        vi: `Chữ ký số trên tệp "${main.filename}" không hợp lệ (nội dung đã bị thay đổi hoặc chữ ký hỏng).`,
        en: `The digital signature on "${main.filename}" is invalid (content modified or signature broken).`,
      });
    }
  }
  return { ok: reasons.length === 0, reasons, files, metadata, warnings };
}
