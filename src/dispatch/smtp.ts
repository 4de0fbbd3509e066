// Sending one message over the pooled SMTP transport and reading what the relay said. The
// outcome is one of four, because each needs different handling by the job:
//   accepted  — 250: record it with the relay's queue id;
//   permanent — 5xx: the delivery failed, no retry;
//   transient — 4xx, or a connection that was never made: certainly not taken, retry with backoff;
//   unknown   — the connection broke mid-session without a reply: the relay may have taken it,
//               so the delivery is in doubt (never resent blindly).
import type { Transporter } from 'nodemailer';
import { closeSmtpTransports, smtpTransport } from '../mail/smtp.js';
import type { ComposedMail } from './compose.js';
import { metrics, smtpClass } from '../runtime/metrics.js';

export type SmtpOutcome =
  | { kind: 'accepted'; response: string; queueId: string | null }
  | { kind: 'permanent' | 'transient' | 'unknown'; response: string | null; code: string | null; responseCode: number | null; message: string };

/** The process's pooled transport (src/mail/smtp.ts), under the name the dispatch code uses. */
export const dispatchTransport = smtpTransport;
export const closeDispatchTransports = closeSmtpTransports;

/** The relay's queue id from its 250 reply: Postfix "queued as X", Exim "id=X", Sendmail "X Message accepted". */
export function parseQueueId(response: string | null | undefined): string | null {
  if (!response) return null;
  const m =
    /queued as ([A-Za-z0-9._-]+)/i.exec(response) ??
    /\bid=([A-Za-z0-9._-]+)/i.exec(response) ??
    /^250 (?:\d\.\d\.\d )?([A-Za-z0-9]{6,})\s+Message accepted/i.exec(response);
  return m?.[1] ?? null;
}

const NEVER_CONNECTED = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|getaddrinfo|Greeting never received/i;

export function classifySmtpError(err: unknown): Exclude<SmtpOutcome, { kind: 'accepted' }> {
  const e = (err ?? {}) as { code?: string; response?: string; responseCode?: number; command?: string; message?: string };
  const base = { response: e.response ?? null, code: e.code ?? null, responseCode: e.responseCode ?? null, message: e.message ?? String(err) };
  if (e.responseCode && e.responseCode >= 500) return { kind: 'permanent', ...base };
  if (e.responseCode && e.responseCode >= 400) return { kind: 'transient', ...base };
  if (e.code === 'EDNS' || e.code === 'EAUTH' || NEVER_CONNECTED.test(base.message)) return { kind: 'transient', ...base };
  // Our own fault (bad envelope, message too big, invalid DSN): no amount of retrying helps.
  if ((e.code === 'EENVELOPE' || e.code === 'EMESSAGE' || e.code === 'ECONFIG') && e.command === 'API') return { kind: 'permanent', ...base };
  return { kind: 'unknown', ...base };
}

/** Submits one message and says how it went; counts the reply's class (vanthu_smtp_results_total). */
export async function sendComposed(t: Transporter, mail: ComposedMail, agency: string): Promise<SmtpOutcome> {
  const outcome = await submit(t, mail);
  metrics().smtpResults.inc({ agency, class: smtpClass(outcome) });
  return outcome;
}

async function submit(t: Transporter, mail: ComposedMail): Promise<SmtpOutcome> {
  try {
    const info = (await t.sendMail(mail as unknown as Parameters<Transporter['sendMail']>[0])) as { response?: string; rejected?: unknown[] };
    const response = String(info.response ?? '');
    if (Array.isArray(info.rejected) && info.rejected.length > 0) {
      return { kind: /^4/.test(response) ? 'transient' : 'permanent', response, code: 'EENVELOPE', responseCode: Number(response.slice(0, 3)) || null, message: 'recipient rejected' };
    }
    return { kind: 'accepted', response, queueId: parseQueueId(response) };
  } catch (err) {
    return classifySmtpError(err);
  }
}
