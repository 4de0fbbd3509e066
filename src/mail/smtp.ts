// One pooled SMTP transport per process for everything the service sends (acknowledgements,
// replies to clerks, outgoing documents).
import nodemailer, { type Transporter } from 'nodemailer';
import type { VanthuConfig } from '../config/index.js';

const transports = new Map<string, Transporter>();

export function smtpTransport(cfg: VanthuConfig): Transporter {
  const key = `${cfg.smtp.host}:${cfg.smtp.port}`;
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
    });
    transports.set(key, t);
  }
  return t;
}
