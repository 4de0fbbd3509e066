// Permanent or transient? The decision for an ingest job that threw, pure. A failure that comes
// from the message itself — a parser limit, a structure too deep or too large to read, a record
// too large to store — will be the same on every attempt: retrying it only delays every later
// document of its mailbox (registration keeps arrival order, Decree 30 Art. 22.2), so it fails
// once, with a code and a reason in words. A failure of our own side (the database, Redis, the
// network, a volume) may pass: it is retried with backoff, as before.
//
// Decided by the error's class and its `code`, never by its message text (which libraries reword
// between versions): mailparser's splitter tags its limits `EMAXLEN`, V8 throws RangeError for a
// stack overflow or a string/array past its maximum length, the BSON serializer RangeError
// ERR_OUT_OF_RANGE for a document past 16 MiB, MongoDB its numbered codes. Anything not known to
// be permanent is treated as transient: an unknown error keeps the old behaviour (retries, then
// failed), it never silently drops a message.
import type { Analysis } from '../register/analyse.js';
import { emptyMetadata } from '../extract/types.js';

/** The stable codes a permanent ingest failure is recorded with (on the message: `failure.code`). */
export const POISON_CODES = {
  /** mailparser's limits: more than 1,000 MIME parts, or one part's header block over 1 MiB. */
  MIME_LIMIT: {
    en: "the message's MIME structure is over the parser's limits (more than 1,000 parts, or a header block over 1 MiB)",
    vi: 'Thư có cấu trúc vượt quá giới hạn xử lý (hơn 1.000 phần MIME, hoặc phần tiêu đề lớn hơn 1 MiB), không đọc được.',
  },
  /** Nested too deeply for the stack, or a value past the engine's maximum string or array length. */
  TOO_COMPLEX: {
    en: 'the message is nested too deeply or holds a value too long to read',
    vi: 'Thư lồng nhau quá sâu hoặc chứa dữ liệu quá dài, không đọc được.',
  },
  /** What was read from it is past the database's document size (16 MiB). */
  TOO_LARGE_TO_RECORD: {
    en: 'what was read from the message is too large to record (over the 16 MiB document limit of the database)',
    vi: 'Dữ liệu đọc được từ thư quá lớn để lưu vào hệ thống (quá 16 MiB).',
  },
  /** Raised by our own code for a message it knows it can never handle (PermanentIngestError). */
  MALFORMED: {
    en: 'the message is malformed and cannot be processed',
    vi: 'Thư bị lỗi cấu trúc, không xử lý được.',
  },
} as const;

export type PoisonCode = keyof typeof POISON_CODES;

/** Why a transient failure is thought to be transient (for logs and metrics only). */
export type TransientKind = 'database' | 'redis' | 'network' | 'storage' | 'unknown';

export type IngestFailure =
  | { permanent: true; code: PoisonCode; reason: string; reasonVi: string; detail: string }
  | { permanent: false; kind: TransientKind; detail: string };

/**
 * Thrown by code that knows a message can never be processed (it is the message, not us): fails
 * the ingest job at once with this code.
 */
export class PermanentIngestError extends Error {
  override name = 'PermanentIngestError';
  constructor(
    readonly code: PoisonCode,
    message: string = POISON_CODES[code].en,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** MongoDB's codes for a document past the BSON size limit (BSONObjectTooLarge; an update's result too large). */
const MONGO_TOO_LARGE = new Set([10334, 17419, 17420]);
/** Node's codes for a buffer or a string past what the engine can hold. */
const NODE_TOO_LARGE = new Set(['ERR_OUT_OF_RANGE', 'ERR_BUFFER_TOO_LARGE', 'ERR_STRING_TOO_LONG']);
/** System errors of the network and of a volume: they pass when the peer or the disk is back. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED']);
const STORAGE_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EIO', 'ENOSPC', 'EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY', 'EROFS', 'ESTALE']);

type ErrorLike = { name?: unknown; code?: unknown; cause?: unknown; message?: unknown; constructor?: { name?: string } };

function permanent(code: PoisonCode, detail: string): IngestFailure {
  return { permanent: true, code, reason: POISON_CODES[code].en, reasonVi: POISON_CODES[code].vi, detail };
}

/** One error of the chain, on its own: permanent, transient of a known kind, or unknown (null). */
function judge(e: ErrorLike, detail: string): IngestFailure | null {
  const name = typeof e.name === 'string' ? e.name : '';
  const cls = e.constructor?.name ?? '';
  const code = e.code;
  if (e instanceof PermanentIngestError) return permanent(e.code, detail);
  // mailparser / @zone-eu/mailsplit: maxChildNodes (1,000) and maxHeadSize (1 MiB).
  if (code === 'EMAXLEN') return permanent('MIME_LIMIT', detail);
  if (e instanceof RangeError) {
    if (typeof code === 'string' && NODE_TOO_LARGE.has(code)) return permanent('TOO_LARGE_TO_RECORD', detail);
    // No code: "Maximum call stack size exceeded", "Invalid string length", "Invalid array length".
    return permanent('TOO_COMPLEX', detail);
  }
  if (name === 'BSONError' || cls === 'BSONError') return permanent('TOO_LARGE_TO_RECORD', detail);
  if (name === 'MongoServerError' && typeof code === 'number' && MONGO_TOO_LARGE.has(code)) return permanent('TOO_LARGE_TO_RECORD', detail);
  if (name.startsWith('Mongo') || cls.startsWith('Mongo')) return { permanent: false, kind: 'database', detail };
  if (name === 'MaxRetriesPerRequestError' || name === 'ReplyError' || cls === 'MaxRetriesPerRequestError' || cls === 'ReplyError') return { permanent: false, kind: 'redis', detail };
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return { permanent: false, kind: 'network', detail };
  if (typeof code === 'string' && STORAGE_CODES.has(code)) return { permanent: false, kind: 'storage', detail };
  return null;
}

/**
 * Whether an ingest failure will change on retry. Looks at the error and then at its causes (a
 * wrapper keeps the class of what went wrong in `cause`); the first one it recognises decides.
 */
export function ingestFailure(err: unknown): IngestFailure {
  const detail = err instanceof Error ? err.message : String(err);
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const verdict = judge(e as ErrorLike, detail);
    if (verdict) return verdict;
    e = (e as ErrorLike).cause;
  }
  return { permanent: false, kind: 'unknown', detail };
}

/** The one line recorded as the message's `error` (what `vanthu messages` shows in brackets). */
export function failureLine(f: Extract<IngestFailure, { permanent: true }>): string {
  return `${f.code}: ${f.reason}`;
}

/** What is recorded on the message as `failure` (and shown by `vanthu messages`). */
export interface FailureRecord {
  code: string;
  permanent: true;
  /** English, for logs and integrators. */
  reason: string;
  /** Vietnamese, for the clerk (and the sender's 02). */
  reasonVi: string;
  /** The error as the failing component worded it (logs only; never decided on). */
  detail: string;
  attempts: number;
  at: Date;
  /** Who the refusal would go to, and the thread it continues (the 02 is built from these). */
  sender: string | null;
  senderMessageId: string | null;
  senderReferences: string | null;
  /** Whether a 02 refusal was queued, and why not when it was not. */
  refusal: boolean;
  noRefusalReasons: string[];
  /** Set when the clerk's notice went out (sent once). */
  noticedAt?: Date;
}

/** Whether the sender is told by a 02: a document from outside that may be answered. Pure. */
export function refusalAllowed(c: { kind: string; mayAutoAnswer: boolean; noAutoAnswerReasons: string[] }, mailboxRole: string | null | undefined): { refuse: boolean; why: string[] } {
  const why: string[] = [];
  if (c.kind !== 'document') why.push(`not a document (${c.kind})`);
  if (!c.mayAutoAnswer) why.push(...c.noAutoAnswerReasons);
  // A clerk's own dispatch request: the clerk is told by the notice, not by an acknowledgement.
  if (mailboxRole === 'dispatch') why.push('a dispatch request from our own clerk');
  return { refuse: why.length === 0, why };
}

/**
 * The analysis a 02 refusal is built from, for a message that failed before it could be analysed
 * (ack-queue.ts reads `analysis`; a failed message has `failure` instead). Null otherwise.
 */
export function refusalAnalysisOf(m: { failure?: unknown } | null | undefined): Pick<Analysis, 'sender' | 'senderMessageId' | 'senderReferences' | 'metadata' | 'envelope' | 'decision'> | null {
  const f = m?.failure as FailureRecord | undefined;
  if (!f?.permanent || !f.refusal) return null;
  return {
    sender: f.sender,
    senderMessageId: f.senderMessageId,
    senderReferences: f.senderReferences,
    metadata: emptyMetadata(),
    envelope: null,
    decision: { action: 'refuse', reasonVi: `${f.reasonVi} (Mã lỗi: ${f.code})`, reasonEn: `${f.reason} (${f.code})` },
  };
}
