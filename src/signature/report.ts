// The validation report: one entry per signature plus a file-level summary. Plain JSON-able
// data (dates as ISO strings) so `vanthu verify --json` can print it as is.
import type { Indication, SubIndication, Verdict } from './verdict.js';
import { worst } from './verdict.js';

export type SigningTimeSource = 'timestamp' | 'signing-time-attribute' | 'pdf-M' | null;
/**
 * What followed a signature: 'none' (nothing), 'signatures-only' (signatures, document
 * time-stamps, validation data and the bookkeeping that comes with them), 'allowed' (form filling
 * or annotations too, which the document's permissions accept), 'content' (a change the
 * permissions do not allow: the signature is FAILED/MODIFIED_AFTER_SIGNING).
 */
export type Modifications = 'none' | 'signatures-only' | 'allowed' | 'content';

/**
 * The class of one incremental update, lowest first (ISO 32000-2 §12.8.2.2; pyHanko's
 * ModificationLevel NONE < LTA_UPDATES < FORM_FILLING < ANNOTATIONS < OTHER, with FORM_FILLING
 * split into signing and form filling).
 */
export type RevisionClass = 'none' | 'validation-data' | 'signing' | 'form-filling' | 'annotations' | 'other';

/** One incremental update after a signature: what it did, object by object, and whether allowed. */
export interface RevisionReport {
  /** File offset of the update's cross-reference section. */
  offset: number;
  class: RevisionClass;
  /** Each object the update wrote (num null: a change not tied to one object, e.g. the trailer). */
  objects: { num: number | null; class: RevisionClass; reason: string }[];
  allowed: boolean;
  /** Why not allowed (null when allowed). */
  refused: string | null;
}

/** The permissions a signature sets for what may follow it (ISO 32000-2 §12.8.2.2, §12.8.2.3). */
export interface Permissions {
  /** DocMDP /P (1 no changes, 2 form filling and signing, 3 plus annotations); null: none given. */
  docMdp: 1 | 2 | 3 | null;
  /** Field locks (FieldMDP /Action and /Fields); null: none. */
  fieldLock: { action: 'All' | 'Include' | 'Exclude'; fields: string[] } | null;
  /** Where they came from, e.g. "/Reference DocMDP", "field /Lock"; empty: the default. */
  sources: string[];
}
export type RevocationSource = 'crl' | 'ocsp' | 'crl+ocsp';

export interface SignerSummary {
  commonName: string | null;
  organization: string | null;
  organizationalUnit: string | null;
  country: string | null;
  serialNumber: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
}

export interface Coverage {
  byteRange: number[];
  coversWholeFile: boolean;
  modificationsAfterSigning: Modifications;
  /** What later updates added that signing may add (signatures, time-stamps, /DSS). */
  additions: string[];
  /** Why the later updates are a content change; empty unless modificationsAfterSigning is 'content'. */
  changes: string[];
  /** Every incremental update after the signature, oldest first (empty when none). */
  revisions: RevisionReport[];
  /** The permissions this signature was judged against. */
  permissions: Permissions;
}

export interface SignatureReport {
  index: number;
  type: 'pdf-signature' | 'pdf-document-timestamp' | 'smime-detached' | 'smime-opaque';
  indication: Indication;
  subIndication: SubIndication | null;
  /** The main reason in English; null when PASSED without remarks. */
  reason: string | null;
  /** One line for clerks, in Vietnamese. */
  verdictVi: string;
  signer: SignerSummary | null;
  signingTime: string | null;
  signingTimeSource: SigningTimeSource;
  timestamp: {
    verified: boolean;
    genTime: string | null;
    tsa: string | null;
    reason?: string;
    /** Revocation of the time-stamp authority's chain, when the token got that far. */
    revocation?: { checked: boolean; reason?: string; revokedAt?: string };
  } | null;
  /**
   * Proof of existence (ETSI EN 319 102-1 §5.6): the earliest time a verified time-stamp proves
   * the signature (or, for a document time-stamp, its token) existed, and which one — `index` is
   * the report index of the signature (its own signature time-stamp) or of the document
   * time-stamp. `needed`: a certificate has expired since, and is judged valid at that time.
   */
  poe: { time: string; source: 'signature-timestamp' | 'document-timestamp'; index: number; needed: boolean } | null;
  digestAlgorithm: string | null;
  signatureAlgorithm: string | null;
  /** PDF only: the signature dictionary. */
  pdf: { subFilter: string | null; fieldName: string | null; name: string | null; reason: string | null; location: string | null; m: string | null } | null;
  coverage: Coverage | null;
  /** Subjects from the signer to the trust anchor; empty when no chain was built. */
  chain: string[];
  /**
   * `source` (when checked): the kind of evidence that established the chain's status — 'crl',
   * 'ocsp', or 'crl+ocsp' when certificates of the chain were checked differently.
   */
  revocation: { checked: boolean; reason?: string; revokedAt?: string; source?: RevocationSource };
  warnings: string[];
}

export interface FileReport {
  file: string | null;
  format: 'pdf' | 'smime' | 'unknown';
  size: number;
  signatures: SignatureReport[];
  overall: Verdict & { verdictVi: string };
}

const VI: Record<SubIndication, string> = {
  HASH_FAILURE: 'Chữ ký không hợp lệ: nội dung đã bị thay đổi sau khi ký',
  MODIFIED_AFTER_SIGNING: 'Chữ ký không hợp lệ: nội dung đã bị thay đổi sau khi ký (phần được thêm vào sau chữ ký)',
  SIG_CRYPTO_FAILURE: 'Chữ ký không hợp lệ: giá trị chữ ký không khớp với chứng thư số',
  FORMAT_FAILURE: 'Chữ ký không hợp lệ: chữ ký hoặc tệp bị lỗi cấu trúc',
  EXPIRED: 'Chữ ký không hợp lệ: chứng thư số đã hết hạn tại thời điểm ký',
  NOT_YET_VALID: 'Chữ ký không hợp lệ: chứng thư số chưa có hiệu lực tại thời điểm ký',
  REVOKED: 'Chữ ký không hợp lệ: chứng thư số đã bị thu hồi trước thời điểm ký',
  NO_CERTIFICATE_CHAIN_FOUND: 'Chưa xác định: chứng thư số không thuộc tổ chức chứng thực tin cậy đã cấu hình',
  OUT_OF_BOUNDS_NO_POE: 'Chưa xác định: chứng thư số đã hết hạn, không có dấu thời gian chứng minh thời điểm ký',
  REVOKED_NO_POE: 'Chưa xác định: chứng thư số đã bị thu hồi, không có dấu thời gian chứng minh ký trước khi thu hồi',
  SIG_CONSTRAINTS_FAILURE: 'Chưa xác định: chứng thư số không được phép dùng để ký',
  CHAIN_CONSTRAINTS_FAILURE: 'Chưa xác định: chuỗi chứng thư số không đúng quy định',
  CRYPTO_CONSTRAINTS_FAILURE: 'Chưa xác định: thuật toán mật mã không an toàn hoặc không được hỗ trợ',
  NO_SIGNING_CERTIFICATE_FOUND: 'Chưa xác định: không tìm thấy chứng thư số của người ký',
  TRY_LATER: 'Chưa xác định: chưa kiểm tra được tình trạng thu hồi chứng thư số',
  SIGNED_DATA_NOT_FOUND: 'Không tìm thấy chữ ký số',
};

/** What allowed updates followed the signature, for the clerk (null when none). */
function afterSigningVi(c: Coverage | null): string | null {
  if (!c || (c.modificationsAfterSigning !== 'signatures-only' && c.modificationsAfterSigning !== 'allowed')) return null;
  const classes = new Set((c.revisions ?? []).map((x) => x.class));
  const what: string[] = [];
  if (classes.has('signing')) what.push('chữ ký');
  if (c.additions.some((a) => / with a new document time-stamp$/.test(a))) what.push('dấu thời gian');
  if (classes.has('form-filling')) what.push('nội dung điền vào biểu mẫu');
  if (classes.has('annotations')) what.push('ghi chú');
  if (what.length === 0 && c.additions.some((a) => / with a new signature$/.test(a))) what.push('chữ ký');
  if (what.length === 0) return 'sau khi ký chỉ bổ sung dữ liệu kiểm tra chữ ký, nội dung không đổi';
  if (what.length === 1 && what[0] === 'chữ ký') return 'tài liệu được ký thêm sau đó, nội dung không đổi';
  const only = !classes.has('form-filling') && !classes.has('annotations');
  return `sau khi ký văn bản có thêm ${what.join(', ')}${only ? ', nội dung không đổi' : ', được phép theo chữ ký này'}`;
}

const CLASS_VI: Partial<Record<RevisionClass, string>> = { signing: 'chữ ký', 'form-filling': 'nội dung điền vào biểu mẫu', annotations: 'ghi chú' };

/** Refused only by the signature's permissions (not a change of the content itself): say what came. */
function refusedVi(c: Coverage | null): string | null {
  const refused = (c?.revisions ?? []).filter((x) => !x.allowed);
  if (refused.length === 0 || refused.some((x) => x.class === 'other')) return null;
  const what = [...new Set(refused.map((x) => CLASS_VI[x.class] ?? 'dữ liệu'))];
  return `Chữ ký không hợp lệ: sau khi ký văn bản có thêm ${what.join(', ')} mà chữ ký này không cho phép`;
}

export function verdictVi(r: Pick<SignatureReport, 'indication' | 'subIndication' | 'revocation' | 'coverage'> & { poe?: SignatureReport['poe'] }): string {
  if (r.indication === 'FAILED' && r.subIndication === 'MODIFIED_AFTER_SIGNING') {
    const refused = refusedVi(r.coverage);
    if (refused) return refused;
  }
  if (r.indication !== 'PASSED') return r.subIndication ? VI[r.subIndication] : 'Chữ ký không hợp lệ';
  const notes: string[] = [];
  if (r.poe?.needed) notes.push('chứng thư số nay đã hết hạn nhưng dấu thời gian chứng minh đã ký khi còn hiệu lực');
  const after = afterSigningVi(r.coverage);
  if (after) notes.push(after);
  if (!r.revocation.checked) notes.push('chưa kiểm tra được tình trạng thu hồi chứng thư số');
  return notes.length ? `Chữ ký hợp lệ (${notes.join('; ')})` : 'Chữ ký hợp lệ';
}

export function overallOf(signatures: SignatureReport[], noneReason: string): FileReport['overall'] {
  if (signatures.length === 0) {
    return { indication: 'INDETERMINATE', subIndication: 'SIGNED_DATA_NOT_FOUND', reason: noneReason, verdictVi: 'Không tìm thấy chữ ký số' };
  }
  let v: Verdict = { indication: 'PASSED', subIndication: null, reason: `all ${signatures.length} signature(s) passed` };
  for (const s of signatures) {
    v = worst(v, { indication: s.indication, subIndication: s.subIndication, reason: `signature ${s.index + 1}: ${s.reason ?? s.indication}` });
  }
  let vi: string;
  if (v.indication !== 'PASSED') vi = v.subIndication ? VI[v.subIndication] : 'Chữ ký không hợp lệ';
  else if (signatures.length === 1) vi = signatures[0]!.verdictVi;
  else {
    const unchecked = signatures.some((s) => !s.revocation.checked);
    vi = `Tất cả ${signatures.length} chữ ký hợp lệ` + (unchecked ? ' (chưa kiểm tra được tình trạng thu hồi chứng thư số)' : '');
  }
  return { ...v, verdictVi: vi };
}

/** A file that could not be read as a signed document at all. */
export function formatFailureReport(file: string | null, size: number, format: FileReport['format'], reason: string): FileReport {
  return {
    file,
    format,
    size,
    signatures: [],
    overall: { indication: 'FAILED', subIndication: 'FORMAT_FAILURE', reason, verdictVi: VI.FORMAT_FAILURE },
  };
}

export function blankSignature(index: number, type: SignatureReport['type']): SignatureReport {
  return {
    index,
    type,
    indication: 'PASSED',
    subIndication: null,
    reason: null,
    verdictVi: '',
    signer: null,
    signingTime: null,
    signingTimeSource: null,
    timestamp: null,
    poe: null,
    digestAlgorithm: null,
    signatureAlgorithm: null,
    pdf: null,
    coverage: null,
    chain: [],
    revocation: { checked: false, reason: 'not reached' },
    warnings: [],
  };
}
