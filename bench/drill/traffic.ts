// Traffic: fresh sandbox mailboxes for the three sandbox agencies and one outside sender, documents
// delivered to the agencies through the private Postfix (SMTP → LMTP → Dovecot) or by IMAP APPEND,
// hostile mail mixed in, and outgoing documents dispatched to fresh recipients through the
// service layer (sendDocument; a `vanthu worker dispatch` process does the sending).
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { VanthuConfig } from '../../src/config/index.js';
import type { AppContext } from '../../src/runtime/context.js';
import { SANDBOX_AGENCIES, seedSandboxAgencies } from '../../src/agency/sandbox.js';
import { addMailbox } from '../../src/ingest/mailboxes.js';
import { ensureSandboxMailboxes } from '../../src/stack/mailboxes.js';
import { stackPaths } from '../../src/stack/paths.js';
import { sendDocument } from '../../src/dispatch/send.js';
import { documentMail, samplePdf } from '../../test/helpers/messages.js';
import { sleep } from './stack.js';

export interface AgencyBox {
  code: string;
  address: string;
  mailboxId: string;
}

/** One message the drill put into an agency's mailbox, and what it expects of it. */
export interface Sent {
  run: string;
  messageId: string;
  mailboxId: string;
  address: string;
  /** A document that must be registered and acknowledged, or a hostile message (only stored and closed). */
  kind: 'document' | 'hostile';
  name?: string;
  /** False when the drill could not hand it over at all (a stack fault outlasted its retries). */
  handedOver: boolean;
}

export interface Dispatched {
  run: string;
  docId: string;
  recipients: string[];
}

export interface World {
  tag: string;
  agencies: AgencyBox[];
  sender: string;
  password: string;
}

/** Fresh mailboxes for the three sandbox agencies (watched through `imapPort`, the cutting proxy) and a sender. */
export async function makeWorld(ctx: AppContext, cfg: VanthuConfig, tag: string, imapPort: number): Promise<World> {
  await seedSandboxAgencies(ctx);
  const domains = cfg.stack.mailDomains;
  const agencies: AgencyBox[] = SANDBOX_AGENCIES.map((a, i) => ({ code: a.code, address: `${tag}-a${i}@${domains[i % domains.length]}`, mailboxId: `${tag}-a${i}` }));
  const sender = `${tag}-sender@${domains[0]}`;
  ensureSandboxMailboxes(stackPaths(cfg.home), [sender, ...agencies.map((a) => a.address)], cfg.stack.sandboxPassword);
  for (const a of agencies) {
    // The agency's official address is the watched mailbox: acknowledgements go out from it and
    // the relay's DSNs for what it dispatches come back to it.
    await ctx.models.Agency.updateOne({ _id: a.code }, { $set: { address: a.address }, $unset: { dispatchAddress: 1, units: 1 } });
    const agency = (await ctx.models.Agency.findById(a.code).lean())!;
    await addMailbox(ctx.models, ctx.secrets, {
      id: a.mailboxId, agencyCode: a.code, agencyName: agency.name, address: a.address, host: '127.0.0.1', port: imapPort,
      tls: 'none', user: a.address, password: cfg.stack.sandboxPassword, pollIntervalSec: 5,
    });
  }
  ctx.agencies.invalidate();
  return { tag, agencies, sender, password: cfg.stack.sandboxPassword };
}

export function imapClient(cfg: VanthuConfig, address: string): ImapFlow {
  return new ImapFlow({ host: '127.0.0.1', port: cfg.stack.imapPort, secure: false, auth: { user: address, pass: cfg.stack.sandboxPassword }, logger: false });
}

/** Retries `fn` through a stack fault (a service restarting) for up to `ms`; false when it never worked. */
async function persist(fn: () => Promise<void>, ms = 90_000): Promise<boolean> {
  const until = Date.now() + ms;
  for (let wait = 200; ; wait = Math.min(wait * 2, 3000)) {
    try {
      await fn();
      return true;
    } catch {
      if (Date.now() > until) return false;
      await sleep(wait);
    }
  }
}

export class Traffic {
  readonly sent: Sent[] = [];
  readonly dispatched: Dispatched[] = [];
  private n = 0;
  private readonly smtp;

  constructor(
    private readonly ctx: AppContext,
    private readonly cfg: VanthuConfig,
    readonly world: World,
  ) {
    this.smtp = nodemailer.createTransport({ host: '127.0.0.1', port: cfg.stack.smtpPort, secure: false, ignoreTLS: true });
  }

  /** Delivers `count` documents, round-robin over the agencies, alternating SMTP and IMAP APPEND, `gapMs` apart. */
  async documents(run: string, count: number, gapMs: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const k = ++this.n;
      const a = this.world.agencies[k % this.world.agencies.length]!;
      const messageId = `<drill.${this.world.tag}.${run}.${k}@${this.world.sender.split('@')[1]}>`;
      const raw = await documentMail({ from: this.world.sender, to: a.address, messageId, subject: `Công văn số ${k}/UBND-VX V/v diễn tập ${run}`, pdf: await samplePdf(['UBND TINH LONG AN', `So: ${k}/UBND-VX`, `V/v dien tap ${run}`]) });
      const handedOver = await persist(() => (k % 2 ? this.viaSmtp(a.address, raw) : this.append(a.address, raw)));
      this.sent.push({ run, messageId, mailboxId: a.mailboxId, address: a.address, kind: 'document', handedOver });
      if (gapMs) await sleep(gapMs);
    }
  }

  /** Hostile messages go in by APPEND: an MTA may refuse or rewrite some of them (an empty one, a 200 KB header). */
  async hostile(run: string, set: { name: string; raw: Buffer }[]): Promise<void> {
    for (const [i, h] of set.entries()) {
      const a = this.world.agencies[i % this.world.agencies.length]!;
      const raw = h.raw.length ? h.raw : Buffer.from('\r\n');
      const handedOver = await persist(() => this.append(a.address, raw));
      // Hostile messages may have no Message-ID: they are found by their name in the check.
      this.sent.push({ run, messageId: `hostile:${h.name}`, mailboxId: a.mailboxId, address: a.address, kind: 'hostile', name: h.name, handedOver });
    }
  }

  /** One outgoing document from the first agency to `recipients` fresh sandbox mailboxes. */
  async dispatch(run: string, recipients: number): Promise<void> {
    if (!recipients) return;
    const domains = this.cfg.stack.mailDomains;
    const to = Array.from({ length: recipients }, (_, i) => `${this.world.tag}-${run}-r${i}@${domains[(i + 1) % domains.length]}`);
    ensureSandboxMailboxes(stackPaths(this.cfg.home), to, this.cfg.stack.sandboxPassword);
    const from = this.world.agencies[0]!;
    let docId = '';
    const ok = await persist(async () => {
      const r = await sendDocument(this.ctx, { fromAgencyCode: from.code, to, files: [{ filename: 'cv.pdf', content: await samplePdf(['UBND TINH LONG AN', `V/v dien tap ${run}`]) }], subject: `Công văn V/v diễn tập ${run}`, source: 'api' });
      if (!r.ok) throw new Error(r.reasons.map((x) => x.en).join('; '));
      docId = r.id;
    });
    if (ok) this.dispatched.push({ run, docId, recipients: to });
    else this.dispatched.push({ run, docId: '', recipients: to });
  }

  private async viaSmtp(to: string, raw: Buffer): Promise<void> {
    await this.smtp.sendMail({ envelope: { from: this.world.sender, to: [to] }, raw });
  }

  private async append(address: string, raw: Buffer): Promise<void> {
    const c = imapClient(this.cfg, address);
    c.on('error', () => undefined);
    await c.connect();
    try {
      await c.append('INBOX', raw);
    } finally {
      await c.logout().catch(() => undefined);
    }
  }

  close(): void {
    this.smtp.close();
  }
}
