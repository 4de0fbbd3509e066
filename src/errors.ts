// One list of error codes for the whole service, and the one place that maps each to an HTTP
// status and a CLI exit code (nodemailer's and imapflow's rule: errors carry a stable string
// `code`; callers branch on the code, never on the message text).
//
// A message is English, for logs and integrators; `vi` (when given) is what a clerk reads.

export const ERROR_CODES = {
  /** A parameter or field is missing or malformed; `field` names it. */
  INVALID_INPUT: { http: 400, exit: 2 },
  /** No valid credential (missing, unknown, expired or revoked token; no session). */
  UNAUTHENTICATED: { http: 401, exit: 4 },
  /** The credential is valid but its role or agency does not allow this. */
  FORBIDDEN: { http: 403, exit: 4 },
  /** A forged cross-site request (Origin not allowed, missing or wrong CSRF token). */
  ORIGIN_NOT_ALLOWED: { http: 403, exit: 4 },
  NOT_FOUND: { http: 404, exit: 2 },
  /** Something with that name or address exists already. */
  ALREADY_EXISTS: { http: 409, exit: 2 },
  /** The request is valid but the thing is in a state that does not allow it. */
  CONFLICT: { http: 409, exit: 2 },
  /** A body over the route's limit. */
  TOO_LARGE: { http: 413, exit: 2 },
  /** A body of a content type the route does not take. */
  UNSUPPORTED_MEDIA_TYPE: { http: 415, exit: 2 },
  /** The Host header names a host this service does not answer for (DNS rebinding). */
  HOST_NOT_ALLOWED: { http: 421, exit: 2 },
  /** The domain refused it (dispatch policy, an edit rule): the reasons say why. */
  REFUSED: { http: 422, exit: 3 },
  /** Too many attempts (logins); try again later. */
  RATE_LIMITED: { http: 429, exit: 1 },
  /** A dependency (MongoDB, Redis, a lease) is busy or down; try again. */
  UNAVAILABLE: { http: 503, exit: 1 },
  INTERNAL: { http: 500, exit: 1 },
} as const satisfies Record<string, { http: number; exit: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorDetails {
  /** The parameter or field at fault (INVALID_INPUT), as the caller wrote it. */
  field?: string;
  /** The same in Vietnamese, for clerks. */
  vi?: string;
  /** Machine-readable reasons (REFUSED): `{code, vi, en}` each. */
  reasons?: Array<{ code: string; vi: string; en: string }>;
  cause?: unknown;
}

export class VanthuError extends Error {
  override name = 'VanthuError';
  readonly field?: string;
  readonly vi?: string;
  readonly reasons?: ErrorDetails['reasons'];

  constructor(
    readonly code: ErrorCode,
    message: string,
    details: ErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.field = details.field;
    this.vi = details.vi;
    this.reasons = details.reasons;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].http;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }

  /** The JSON body of an HTTP error answer and of `--json` errors on the CLI. */
  toJSON(): { error: string; code: ErrorCode; field?: string; vi?: string; reasons?: ErrorDetails['reasons'] } {
    return {
      error: this.message,
      code: this.code,
      ...(this.field ? { field: this.field } : {}),
      ...(this.vi ? { vi: this.vi } : {}),
      ...(this.reasons ? { reasons: this.reasons } : {}),
    };
  }
}

export const invalid = (field: string, message: string, vi?: string): VanthuError =>
  new VanthuError('INVALID_INPUT', `${field}: ${message}`, { field, vi });
export const notFound = (message: string, vi?: string): VanthuError => new VanthuError('NOT_FOUND', message, { vi });
export const forbidden = (message: string): VanthuError =>
  new VanthuError('FORBIDDEN', message, { vi: 'Bạn không có quyền thực hiện thao tác này.' });

/** The status and exit code for any thrown value: a VanthuError's own, INTERNAL otherwise. */
export function classify(err: unknown): { code: ErrorCode; http: number; exit: number } {
  const code: ErrorCode = err instanceof VanthuError ? err.code : 'INTERNAL';
  return { code, ...ERROR_CODES[code] };
}

/** The first issue of a zod error as INVALID_INPUT naming its path (`prefix` for the root). */
export function fromZod(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string; keys?: string[] }> }, prefix = 'body'): VanthuError {
  const i = error.issues[0]!;
  const path = i.path.map(String);
  if (i.code === 'unrecognized_keys' && i.keys?.length) path.push(i.keys[0]!);
  const field = path.length ? path.join('.') : prefix;
  const message = i.code === 'unrecognized_keys' ? 'is not a known field' : i.message;
  return invalid(field, message);
}
