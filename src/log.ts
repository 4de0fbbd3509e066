// Structured logs (pino) in English; one logger per process, child loggers per component.
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
