// One pooled SMTP transport per process and relay for everything the service sends
// (acknowledgements, replies to clerks, outgoing documents).
import nodemailer, { type Transporter } from 'nodemailer';
import type { VanthuConfig } from '../config/index.js';

const transports = new Map<string, Transporter>();

export function smtpTransport(cfg: VanthuConfig): Transporter {
  const key = `${cfg.smtp.host}:${cfg.smtp.port}:${cfg.smtp.user ?? ''}`;
  let t = transports.get(key);
  if (!t) {
    t = nodemailer.createTransport({
      host: cfg.smtp.host,
      port: cfg.smtp.port,
      secure: cfg.smtp.secure,
      ignoreTLS: !cfg.smtp.secure && /^127\.|^localhost$/.test(cfg.smtp.host),
      auth: cfg.smtp.user ? { user: cfg.smtp.user, pass: cfg.smtp.password } : undefined,
      pool: cfg.smtp.pool,
      maxConnections: cfg.smtp.maxConnections,
      maxMessages: 1000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    transports.set(key, t);
  }
  return t;
}

export function closeSmtpTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}
