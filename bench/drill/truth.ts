// Gathers the facts the checks weigh: the mailboxes over IMAP (the watched agency mailboxes, the
// sender's, each recipient's), and the database (message records with their journals, the
// register, the deliveries and their events). Also says what has not settled yet.
import type { VanthuConfig } from '../../src/config/index.js';
import type { AppContext } from '../../src/runtime/context.js';
import { ACTIVE_STATES } from '../../src/ingest/message-state.js';
import type { BoxFact, DeliveryFact, EntryFact, Facts, ImapFact, RecordFact } from './checks.js';
import { imapClient, type Traffic } from './traffic.js';

/** Every message in a mailbox's INBOX: UID and Message-ID (angle brackets, as the records keep it). */
export async function listInbox(cfg: VanthuConfig, address: string): Promise<ImapFact[]> {
  for (let attempt = 1; ; attempt++) {
    const c = imapClient(cfg, address);
    c.on('error', () => undefined);
    try {
      await c.connect();
      const out: ImapFact[] = [];
      const lock = await c.getMailboxLock('INBOX');
      try {
        if ((c.mailbox as { exists?: number }).exists) {
          for await (const m of c.fetch('1:*', { uid: true, envelope: true })) out.push({ uid: m.uid, messageId: m.envelope?.messageId ? `<${m.envelope.messageId.replace(/^<|>$/g, '')}>` : null });
        }
      } finally {
        lock.release();
      }
      await c.logout();
      return out;
    } catch (err) {
      await c.logout().catch(() => undefined);
      // A mailbox nothing was delivered to yet has no maildir: it is empty.
      if (/NONEXISTENT|doesn't exist|Mailbox doesn't exist/i.test(String((err as { responseText?: string }).responseText ?? (err as Error).message))) return [];
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

export async function gather(ctx: AppContext, cfg: VanthuConfig, t: Traffic, relayAccepted: readonly string[], relayed: ReadonlySet<string>): Promise<Facts> {
  const boxes: BoxFact[] = [];
  for (const a of t.world.agencies) boxes.push({ mailboxId: a.mailboxId, imap: await listInbox(cfg, a.address) });
  const records = (await ctx.models.Message.find({ mailboxId: { $in: t.world.agencies.map((a) => a.mailboxId) } }, { mailboxId: 1, uid: 1, messageId: 1, state: 1, error: 1, stages: 1 }).lean()).map(
    (r) => ({ _id: r._id, mailboxId: r.mailboxId, uid: r.uid, messageId: r.messageId ?? null, state: r.state, error: r.error ?? null, stages: (r.stages ?? []) as RecordFact['stages'] }) satisfies RecordFact,
  );
  const entries = (await ctx.models.Incoming.find({}, { agencyCode: 1, year: 1, arrivalNumber: 1, messageKey: 1, ack: 1 }).lean()).map(
    (e) => ({ _id: e._id, agencyCode: e.agencyCode, year: e.year, arrivalNumber: e.arrivalNumber, messageKey: e.messageKey ?? null, ackState: e.ack?.state ?? null }) satisfies EntryFact,
  );
  const ackCopies = new Map<string, number>();
  for (const m of await listInbox(cfg, t.world.sender)) {
    const id = /^<ack\.([^.]+)\./.exec(m.messageId ?? '')?.[1];
    if (id) ackCopies.set(id, (ackCopies.get(id) ?? 0) + 1);
  }
  const deliveries: DeliveryFact[] = [];
  for (const d of t.dispatched) {
    if (!d.docId) continue;
    const ds = await ctx.models.Delivery.find({ docId: d.docId }).lean();
    const events = await ctx.models.DeliveryEvent.find({ docId: d.docId }).sort({ at: 1, seq: 1 }).lean();
    for (const x of ds) {
      const inBox = (await listInbox(cfg, x.address)).filter((m) => m.messageId === x.messageId).length;
      deliveries.push({
        run: d.run, id: x._id, address: x.address, state: x.state,
        events: events.filter((e) => e.deliveryId === x._id).map((e) => e.event),
        copies: inBox + relayAccepted.filter((a) => a === x.address).length,
        viaRelay: relayed.has(x.address),
      });
    }
  }
  const runs = new Map(t.sent.map((s) => [s.messageId, s.run]));
  return {
    boxes, records, entries, ackCopies, deliveries,
    documents: t.sent.filter((s) => s.kind === 'document'),
    runOf: (mid) => (mid ? (runs.get(mid) ?? null) : null),
  };
}

/** What is still moving; empty once everything the drill started has come to rest. */
export async function unsettled(ctx: AppContext, cfg: VanthuConfig, t: Traffic, relayed: ReadonlySet<string>): Promise<string[]> {
  const out: string[] = [];
  const boxes = t.world.agencies.map((a) => a.mailboxId);
  const active = await ctx.models.Message.countDocuments({ mailboxId: { $in: boxes }, state: { $in: [...ACTIVE_STATES] } });
  if (active) out.push(`${active} messages still moving`);
  const stored = await ctx.models.Message.countDocuments({ mailboxId: { $in: boxes } });
  let inBoxes = 0;
  for (const a of t.world.agencies) inBoxes += (await listInbox(cfg, a.address)).length;
  if (stored < inBoxes) out.push(`${inBoxes - stored} messages in the mailboxes not stored yet`);
  const pendingAck = await ctx.models.Incoming.countDocuments({ 'ack.state': 'pending' });
  if (pendingAck) out.push(`${pendingAck} acknowledgements pending`);
  const docs = t.dispatched.map((d) => d.docId).filter(Boolean);
  // Through Postfix a delivery ends with its DSN; through the drill's relay (no DSN) at 'accepted'.
  const moving = (await ctx.models.Delivery.find({ docId: { $in: docs } }, { address: 1, state: 1 }).lean()).filter(
    (d) => ['queued', 'sending', 'in-doubt', 'delayed'].includes(d.state) || (d.state === 'accepted' && !relayed.has(d.address)),
  ).length;
  if (moving) out.push(`${moving} deliveries without a final report`);
  for (const [name, q] of [['ingest', ctx.queues.ingest], ['register', ctx.queues.register], ['ack', ctx.queues.ack], ['dispatch', ctx.queues.dispatch]] as const) {
    const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    const n = (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0);
    if (n) out.push(`${n} ${name} jobs`);
  }
  return out;
}

/**
 * Acknowledgements and deliveries in doubt (a worker died between SMTP and its record): they wait
 * on a timer — for the relay's report, at most the grace period, then they are sent again — so
 * while there are any, the flow is waiting, not stuck (run.ts does not count it as a stall).
 */
export async function inDoubt(ctx: AppContext): Promise<{ acks: number; deliveries: number }> {
  const acks = await ctx.models.AckSend.countDocuments({ 'inFlight.attempt': { $gt: 0 }, inDoubtSince: { $exists: true } });
  const deliveries = await ctx.models.Delivery.countDocuments({ inDoubtSince: { $exists: true } });
  return { acks, deliveries };
}
