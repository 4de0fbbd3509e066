// Structured logs (pino) in English; one logger per process, child loggers per component and per
// received message.
import { createHash } from 'node:crypto';
import pino, { type Logger } from 'pino';

let root: Logger | null = null;

export function logger(level = process.env.VANTHU_LOG_LEVEL ?? 'info'): Logger {
  root ??= pino({ level, base: { pid: process.pid }, redact: ['password', 'secret', '*.password', '*.secret', 'auth.pass'] });
  return root;
}

export type { Logger };

/** A logger that writes nothing (short-lived helpers whose callers report for them). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/**
 * The correlation id of a received message: the first 16 hex digits of the SHA-256 of its key.
 * Derived, not drawn, so every worker (and a job queued without one) arrives at the same id with
 * nothing to look up; short enough to grep for, 64 bits is plenty among one instance's messages.
 */
export function correlationId(messageKey: string): string {
  return createHash('sha256').update(messageKey).digest('hex').slice(0, 16);
}

/**
 * The logger for every line a worker writes about one message: it carries `cid` and `messageKey`.
 * Given a logger that is already this message's, returns it as it is (no field written twice), so
 * a function may ask for it whether or not its caller did.
 */
export function messageLogger(log: Logger, messageKey: string, cid = correlationId(messageKey)): Logger {
  const b = log.bindings();
  if (b.cid === cid && b.messageKey === messageKey) return log;
  return log.child({ cid, messageKey });
}

/**
 * The logger of a one-shot command: to standard error, so that a warning never mixes into the
 * command's output (`--json` is read by scripts).
 */
export function commandLogger(level = process.env.VANTHU_LOG_LEVEL ?? 'warn'): Logger {
  return pino({ level, base: { pid: process.pid } }, pino.destination(2));
}
