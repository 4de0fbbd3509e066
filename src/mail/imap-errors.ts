// What went wrong with an IMAP connection, said twice: in detail for the administrator's log, and
// for whoever asked (a connection test over the API, a mailbox's state on /readyz) in words that
// say nothing about the network. Before the server has greeted us as IMAP (RFC 9051 §7.1: "* OK"
// or "* PREAUTH"), a refused port, a silent one, a web server, a TLS handshake that failed and a
// host the policy refuses all give the same answer: otherwise the connection test would map the
// internal network for anyone allowed to configure a mailbox (port scanning by proxy). After the
// greeting the server has proved to be IMAP, and its answers (login refused, no such folder) are
// about the mailbox, not the network.
import { isIP } from 'node:net';
import { OAuth2Error } from './oauth2.js';

/** A folder the server would not open (it answered NO: missing, or not ours to read). */
export class ImapFolderError extends Error {
  constructor(
    readonly folder: string,
    why = 'does not exist on the server',
  ) {
    super(`folder "${folder}" ${why}`);
  }
}

/** Turns an IMAP/network error into a sentence an administrator understands (the log's). */
export function explainImapError(err: unknown): string {
  const e = err as { code?: string; message?: string; responseText?: string; authenticationFailed?: boolean };
  if (e?.authenticationFailed) return `login refused: wrong user or password (or OAuth2 token)${e.responseText ? ` (${e.responseText})` : ''}`;
  switch (e?.code) {
    case 'ECONNREFUSED':
      return 'connection refused: nothing listens at that host and port';
    case 'ENOTFOUND':
      return 'host name not found';
    case 'ETIMEDOUT':
    case 'CONNECT_TIMEOUT':
    case 'GREETING_TIMEOUT':
      return 'the server did not answer in time';
    case 'NoConnection':
      return 'not connected';
  }
  return e?.responseText ?? e?.message ?? String(err);
}

/** host:port, with brackets around an IPv6 literal. */
export function hostPort(host: string, port: number): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/**
 * unreachable: no IMAP server answered (all pre-greeting failures, one answer);
 * login / folder / oauth2: the server or the provider refused, a matter for the administrator;
 * oauth2-unreachable: no OAuth2 answer from the token endpoint (one answer, like unreachable);
 * server: the IMAP server failed otherwise after greeting us (it said why).
 */
export type FailureKind = 'unreachable' | 'login' | 'folder' | 'oauth2' | 'oauth2-unreachable' | 'server';

export interface CallerAnswer {
  kind: FailureKind;
  /** English, for the API and the CLI. */
  error: string;
  /** Vietnamese, for the clerk's screen. */
  errorVi: string;
}

// RFC 6749 §5.2: the only error codes a token endpoint may answer with. Any other body is not an
// OAuth2 answer and is not repeated (the token URL is typed by a person too).
const OAUTH2_CODES = new Set(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope']);

/**
 * What the caller is told about a failure (pure). `greeted`: the server had sent a valid IMAP
 * greeting before it happened (see greeted() in imap-connect.ts).
 */
export function callerAnswer(err: unknown, where: { host: string; port: number }, greeted: boolean): CallerAnswer {
  if (err instanceof OAuth2Error) {
    // Fetching the token comes before any IMAP connection, from the token URL.
    if (err.code && OAUTH2_CODES.has(err.code)) {
      return {
        kind: 'oauth2',
        error: `the OAuth2 provider refused to issue an access token: ${err.code}${err.code === 'invalid_grant' ? ' (the refresh token was revoked or has expired: add the mailbox again with a new one)' : ''}`,
        errorVi: `Nhà cung cấp OAuth2 từ chối cấp mã truy cập: ${err.code}${err.code === 'invalid_grant' ? ' (mã làm mới đã bị thu hồi hoặc hết hạn: cần thêm lại hộp thư với mã mới)' : ''}`,
      };
    }
    return { kind: 'oauth2-unreachable', error: 'could not obtain an OAuth2 access token from the token endpoint', errorVi: 'Không lấy được mã truy cập OAuth2 từ máy chủ cấp mã' };
  }
  const at = hostPort(where.host, where.port);
  if (!greeted) {
    return { kind: 'unreachable', error: `could not reach an IMAP server at ${at}`, errorVi: `Không kết nối được với máy chủ IMAP tại ${at}` };
  }
  const e = err as { authenticationFailed?: boolean; responseText?: string; tlsFailed?: boolean; message?: string };
  if (e?.authenticationFailed) {
    return {
      kind: 'login',
      error: 'login refused: wrong user or password (or OAuth2 token)',
      errorVi: 'Máy chủ IMAP từ chối đăng nhập: sai tên đăng nhập hoặc mật khẩu (hoặc mã OAuth2)',
    };
  }
  if (err instanceof ImapFolderError) {
    return { kind: 'folder', error: err.message, errorVi: `Không mở được thư mục "${err.folder}" trên máy chủ IMAP` };
  }
  if (e?.tlsFailed) {
    return { kind: 'server', error: `the IMAP server at ${at} could not set up TLS (STARTTLS)`, errorVi: `Máy chủ IMAP tại ${at} không thiết lập được kết nối mã hoá (STARTTLS)` };
  }
  const said = e?.responseText ? `: ${e.responseText}` : '';
  return { kind: 'server', error: `the IMAP server at ${at} failed${said}`, errorVi: `Máy chủ IMAP tại ${at} báo lỗi${said}` };
}
