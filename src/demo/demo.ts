// `npm run demo`: the main job end to end on the local stack. Configures the sandbox agencies'
// mailboxes, runs every worker in this process, sends a sample công văn from the provincial
// People's Committee to the Department of Information and Communications, and waits until it is
// numbered in the department's register and the receipts are back at the sender.
import { SANDBOX_AGENCIES, seedSandboxAgencies } from '../agency/sandbox.js';
import type { AppContext } from '../runtime/context.js';
import { addMailbox } from '../ingest/mailboxes.js';
import { startWorkers } from '../runtime/run.js';
import { sendDocument } from '../dispatch/send.js';
import { getStatus, renderStatus } from '../dispatch/status.js';
import { incomingRow, INCOMING_COLUMNS } from '../register/book.js';
import { samplePdf } from './sample-document.js';
import { formatInstant } from '../calendar/instant.js';
import { UserService } from '../access/users.js';
import { SYSTEM } from '../access/roles.js';

const say = (s: string) => process.stdout.write(s + '\n');

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`the demo waited ${ms / 1000}s for ${what}; see \`vanthu messages\` and .vanthu/logs/`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export function mailboxId(address: string): string {
  return address.replace(/@.*$/, '') + '-' + address.split('@')[1]!.split('.')[0];
}

/** Every sandbox agency's incoming and dispatch mailbox, watched over the local IMAP server. */
export async function configureSandbox(ctx: AppContext): Promise<string[]> {
  const ids: string[] = [];
  await seedSandboxAgencies(ctx);
  for (const a of await ctx.agencies.all()) {
    for (const [address, role] of [[a.address, 'incoming'], [a.dispatchAddress, 'dispatch']] as const) {
      if (!address) continue;
      const id = mailboxId(address);
      ids.push(id);
      if (await ctx.models.Mailbox.exists({ _id: id })) continue;
      await addMailbox(ctx.models, ctx.secrets, {
        id, agencyCode: a.code, agencyName: a.name, address, role, host: '127.0.0.1', port: ctx.cfg.stack.imapPort,
        tls: 'none', user: address, password: ctx.cfg.stack.sandboxPassword, pollIntervalSec: 30,
      });
    }
  }
  return ids;
}

function consoleUrl(ctx: AppContext): string {
  return `http://${ctx.cfg.api.host === '0.0.0.0' ? '127.0.0.1' : ctx.cfg.api.host}:${ctx.cfg.api.port}`;
}

/**
 * A clerk of the sandbox agency that received the demo's document, to log in to the console
 * with. The sandbox's own password: this exists only on the local stack.
 */
async function consoleClerk(ctx: AppContext, agencyCode: string): Promise<{ login: string; password: string }> {
  const login = mailboxId((await ctx.agencies.get(agencyCode))?.address ?? `vanthu@${agencyCode}`);
  const password = ctx.cfg.stack.sandboxPassword;
  if (!(await ctx.models.User.exists({ _id: login }))) {
    await new UserService({ User: ctx.models.User, agencies: ctx.agencies, audit: ctx.audit }).add(SYSTEM, { login, role: 'clerk', agencyCode, name: 'Văn thư (thử nghiệm)', password });
  }
  return { login, password };
}

export async function runDemo(ctx: AppContext): Promise<void> {
  say(`1. Configuring the sandbox mailboxes of the ${SANDBOX_AGENCIES.length} sandbox agencies…`);
  const ids = await configureSandbox(ctx);
  const [from, to] = await Promise.all(SANDBOX_AGENCIES.slice(0, 2).map(async (a) => (await ctx.agencies.get(a.code))!));
  if (!from || !to) throw new Error('the sandbox agencies are missing from the directory');
  say('2. Starting the workers (poll, ingest, register, ack, dispatch)…');
  const running = await startWorkers(ctx, ['poll', 'ingest', 'register', 'ack', 'dispatch']);
  try {
    await until('the mailboxes to be watched', async () => (await ctx.models.Checkpoint.countDocuments({ mailboxId: { $in: ids } })) >= ids.length, 60_000);
    const year = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
    const next = ((await ctx.models.Outgoing.findOne({ agencyCode: from.code, year }, { outgoingNumber: 1 }).sort({ outgoingNumber: -1 }).lean())?.outgoingNumber ?? 0) + 1;
    say(`3. ${from.name} sends công văn số ${next}/UBND-VX to ${to.name} (${to.address})…`);
    const sent = await sendDocument(ctx, {
      fromAgencyCode: from.code,
      to: [to.address],
      files: [{ filename: `${next}-UBND-VX.pdf`, content: await samplePdf(next, new Date()) }],
      subject: `Công văn số ${next}/UBND-VX V/v thử nghiệm gửi văn bản điện tử`,
      source: 'cli',
      requestedBy: 'demo',
    });
    if (!sent.ok) throw new Error(`dispatch refused: ${sent.reasons.map((r) => r.en).join('; ')}`);
    const messageId = sent.deliveries[0]!.messageId.replace(/^<|>$/g, '');
    const entry = await until(`the document in ${to.name}'s register`, async () => ctx.models.Incoming.findOne({ agencyCode: to.code, senderMessageId: { $in: [messageId, `<${messageId}>`] } }).lean());
    say(`4. ${to.name} registered it: số đến ${entry.arrivalNumber}/${entry.year}, receipt time ${formatInstant(entry.receiptTime, 420)}${entry.receiptAdjusted ? ` (adjusted: ${entry.receiptReason})` : ''}.`);
    say(`   ${INCOMING_COLUMNS.slice(0, 6).join(' | ')}\n   ${incomingRow(entry as never).slice(0, 6).join(' | ')}`);
    const status = await until('the receipts back at the sender', async () => {
      const s = await getStatus(ctx, sent.id);
      return s && s.recipients.every((r) => r.peerArrivalNumber) ? s : null;
    });
    say(`5. Receipts back at ${from.name}:\n${renderStatus(status).replace(/^/gm, '   ')}`);
    const clerk = await consoleClerk(ctx, to.code);
    say(`6. The web console: start it with \`vanthu api\` (or \`vanthu run\`), open ${consoleUrl(ctx)}/login and log in as
   ${clerk.login} / ${clerk.password} (the clerk of ${to.name}); the document is số đến ${entry.arrivalNumber} at
   ${consoleUrl(ctx)}/incoming/${to.code}/${entry.year}/${entry.arrivalNumber}`);
    say(`\nWhere to look:
  vanthu register list --year ${entry.year} --agency ${to.code}       the incoming register of ${to.name}
  vanthu register export --year ${entry.year} --agency ${to.code} --format xlsx --out so-den.xlsx
  vanthu status ${sent.id}                                  the trail of the outgoing document
  vanthu messages                                           what became of each received message
  vanthu token create --user ${clerk.login} --json              the clerk's API token; then \`vanthu api\` and ${consoleUrl(ctx)}/docs
  vanthu stack status                                       the local services (stop them with vanthu stack down)
  IMAP 127.0.0.1:${ctx.cfg.stack.imapPort}, user ${from.address} / ${ctx.cfg.stack.sandboxPassword}: the sender's mailbox in any mail client`);
  } finally {
    await Promise.all(running.map((r) => r.stop().catch(() => undefined)));
  }
}
