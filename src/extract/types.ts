// The shape of what extraction returns. Kept free of I/O so the CLI, the dispatch module and the
// ingestion pipeline can all import it without pulling in PDF or ZIP readers.

export type Urgency = 'Khẩn' | 'Thượng khẩn' | 'Hỏa tốc';
export type Secrecy = 'Mật' | 'Tối mật' | 'Tuyệt mật';
export type SignerAuthority = 'TM.' | 'KT.' | 'TL.' | 'TUQ.' | 'Q.';

export interface Signer {
  /** How this person signs: the abbreviation of the authority line right above the position.
   *  "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" gives "KT." (the deputy signs in the
   *  chairman's place; the chairman acts for the committee). */
  authority: SignerAuthority | null;
  /** Every authority line of the signature block as printed, outermost first: ["TM. ỦY BAN NHÂN
   *  DÂN", "KT. CHỦ TỊCH"]. Empty when there is none; absent when the source does not say (edXML). */
  authorityChain?: string[];
  position: string | null;
  fullName: string | null;
}

/** Where a field came from and how sure the recogniser is (0..1). */
export interface FieldEvidence {
  /** The text (a line or a fragment) the value was read from, as it appeared after decoding. */
  text: string;
  confidence: number;
  /** 'ocr': read by OCR from a scan (an image-only PDF page or an image); the confidence is then
   *  the OCR's (mean word confidence of the line(s) the value came from, 0..1). */
  source: 'text' | 'ocr' | 'edxml' | 'email-subject' | 'pdf-structure' | 'package-metadata';
}

export const FIELD_NAMES = [
  'organName',
  'parentOrganName',
  'codeNumber',
  'codeNotation',
  'typeName',
  'issuedDate',
  'place',
  'subject',
  'signer',
  'recipients',
  'urgency',
  'secrecy',
  'pageCount',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export interface DocumentMetadata {
  /** The issuing organ as written (e.g. "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", or the two-line name
   *  "ỦY BAN NHÂN DÂN" + "TỈNH LONG AN" joined). */
  organName: string | null;
  /** The line above the organ when it names the parent body ("UBND TỈNH LONG AN"). */
  parentOrganName: string | null;
  /** Number of the document, Decree 30 form: Arabic, zero-padded below 10 ("05", "36"). */
  codeNumber: string | null;
  /** Everything after the first "/" with spaces removed ("2013/QĐ-UBND", "UBND-VX"). */
  codeNotation: string | null;
  /** The "số và ký hiệu" exactly as found in the text. */
  codeRaw: string | null;
  /** Canonical type name ("Quyết định", "Công văn", …). */
  typeName: string | null;
  /** ISO date (YYYY-MM-DD). */
  issuedDate: string | null;
  place: string | null;
  /** Trích yếu as written (for a công văn it keeps its "V/v" prefix). */
  subject: string | null;
  signer: Signer | null;
  /** The "Nơi nhận" items, without list dashes and trailing ";" / ".". */
  recipients: string[] | null;
  urgency: Urgency | null;
  secrecy: Secrecy | null;
  pageCount: number | null;
  evidence: Partial<Record<FieldName, FieldEvidence>>;
}

export type ExtractErrorCode =
  | 'NOT_A_PDF'
  | 'ENCRYPTED'
  | 'NO_TEXT_LAYER'
  | 'TOO_LARGE'
  | 'TIMEOUT'
  | 'UNSUPPORTED_FORMAT'
  | 'CORRUPT'
  | 'READ_FAILED'
  | 'OCR_FAILED'
  | 'NOT_A_PAGE'
  | 'NO_DOCUMENT';

/** What each error means, in the clerk's words (the register's note and the quarantine's reason
 *  show it after the code: config/policy.json's `{reason}` is the code). */
export const ERROR_VI: Record<ExtractErrorCode, string> = {
  NOT_A_PDF: 'tệp mang tên PDF nhưng không phải PDF',
  ENCRYPTED: 'tệp PDF có mật khẩu',
  NO_TEXT_LAYER: 'bản quét không có chữ đọc được (không nhận dạng được chữ nào)',
  TOO_LARGE: 'tệp quá lớn để đọc',
  TIMEOUT: 'đọc tệp quá thời gian cho phép',
  UNSUPPORTED_FORMAT: 'định dạng tệp không đọc được',
  CORRUPT: 'tệp bị hỏng',
  READ_FAILED: 'lỗi khi đọc tệp',
  OCR_FAILED: 'không nhận dạng được chữ trên bản quét (OCR lỗi)',
  NOT_A_PAGE: 'ảnh quá nhỏ, không phải trang văn bản',
  NO_DOCUMENT: 'thư không có văn bản',
};

export interface ExtractError {
  code: ExtractErrorCode;
  message: string;
}

export interface ExtractResult {
  metadata: DocumentMetadata;
  error: ExtractError | null;
}

export interface ExtractOptions {
  /** Per-document time limit in milliseconds (default 20 000): the worker reading a document (and
   *  each document of an e-mail, and its body) is terminated when it runs out; the result is
   *  TIMEOUT. */
  timeoutMs?: number;
  /** Largest accepted input in bytes, checked before reading (default 100 MiB): TOO_LARGE. */
  maxBytes?: number;
  /** Heap ceiling of an extraction worker in MiB (default 512, at least 128). Exceeding it, or the
   *  inflate ceiling of a DOCX/ODT part derived from it, gives TOO_LARGE. */
  workerHeapMb?: number;
  /** OCR of scans (image-only PDF pages, JPEG/PNG/TIFF images): on by default at 200 dpi, on the
   *  first page and the last (docs/extraction.md). */
  ocr?: Partial<OcrOptions>;
}

export interface OcrOptions {
  /** Read scans at all (default true); off, an image-only PDF gives NO_TEXT_LAYER. */
  enabled: boolean;
  /** Resolution of the rasterised PDF pages (default 200). */
  dpi: number;
  /** 'first-last' (default): the first page, and the last when there are more; 'all': every
   *  page up to maxPages. */
  pages: 'first-last' | 'all';
  /** Most pages read with pages 'all' (default 20). */
  maxPages: number;
  /** Measure the skew and turn the page level before OCR (default true). */
  deskew: boolean;
}

export const DEFAULT_OPTIONS: Required<ExtractOptions> = {
  timeoutMs: 20_000,
  maxBytes: 100 * 1024 * 1024,
  workerHeapMb: 512,
  ocr: {},
};

export function emptyMetadata(): DocumentMetadata {
  return {
    organName: null,
    parentOrganName: null,
    codeNumber: null,
    codeNotation: null,
    codeRaw: null,
    typeName: null,
    issuedDate: null,
    place: null,
    subject: null,
    signer: null,
    recipients: null,
    urgency: null,
    secrecy: null,
    pageCount: null,
    evidence: {},
  };
}
