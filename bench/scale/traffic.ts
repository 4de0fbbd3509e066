// The mail bench:scale sends: deliveries timed from the moment the message is in the mailbox
// (IMAP APPEND answered) to the moment the poll worker's record of it exists, and a mailbox
// filled with a long history straight in its Maildir (as years of mail would have left it).
import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { createHash } from 'node:crypto';
import type { CoreModels } from '../../src/store/models.js';
import { messageKey } from '../../src/ingest/capture.js';

export interface Box {
  address: string;
  password: string;
}

export function plainMail(to: string, messageId: string, subject: string): Buffer {
  return Buffer.from(
    [`From: Nguyen Van A <nva@ubnd.longan.test>`, `To: ${to}`, `Subject: ${subject}`, `Message-ID: ${messageId}`, `Date: ${new Date().toUTCString()}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'Thư trao đổi công việc.', ''].join('\r\n'),
  );
}

/** Appends a message to a mailbox's INBOX; resolves with the instant the server confirmed it. */
export async function appendTimed(imapPort: number, box: Box, raw: Buffer): Promise<number> {
  const c = new ImapFlow({ host: '127.0.0.1', port: imapPort, secure: false, auth: { user: box.address, pass: box.password }, logger: false });
  await c.connect();
  try {
    await c.append('INBOX', raw);
    return Date.now();
  } finally {
    await c.logout().catch(() => c.close());
  }
}

/**
 * Waits until the message is stored; the milliseconds from `since`. Looked up by its record's
 * `_id` (mailbox and SHA-256 of the bytes, src/ingest/capture.ts): a query by Message-ID would
 * scan the collection on FerretDB 20 times a second and slow down what is being measured.
 */
export async function storedAfter(models: Pick<CoreModels, 'Message'>, mailboxId: string, raw: Buffer, since: number, timeoutMs = 120_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  const key = messageKey(mailboxId, createHash('sha256').update(raw).digest('hex'));
  for (;;) {
    const m = await models.Message.findById(key, { createdAt: 1 }).lean();
    if (m?.createdAt) return new Date(m.createdAt).getTime() - since;
    if (Date.now() > until) return NaN;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Writes `count` messages straight into a sandbox mailbox's Maildir (new/), owned by `mail`, the
 * way a mailbox with years of history looks to Dovecot before its first SELECT.
 */
export function fillMaildir(mailRoot: string, address: string, count: number): void {
  const [local, domain] = address.split('@') as [string, string];
  const root = join(mailRoot, domain, local);
  for (const d of ['', 'new', 'cur', 'tmp']) {
    mkdirSync(join(root, d), { recursive: true });
    chownSync(join(root, d), 8, 8);
  }
  chownSync(join(mailRoot, domain), 8, 8);
  const t = Math.floor(Date.now() / 1000) - count;
  for (let i = 0; i < count; i++) {
    const file = join(root, 'new', `${t + i}.M${i}P1.bench`);
    writeFileSync(file, plainMail(address, `<history.${i}.${local}@ubnd.longan.test>`, `Thư cũ số ${i + 1}`));
    chownSync(file, 8, 8);
  }
}
