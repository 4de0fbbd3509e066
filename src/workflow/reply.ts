// A person's answer to one of the workflow's mails: the leader's instruction on a routing slip
// (ý kiến chỉ đạo, Decree 30/2020 Art. 24.1), a unit's ký nhận or report of completion on a
// hand-over or a reminder (Art. 24.2, 25). Called by ingest for a message that names one of our
// workflow Message-IDs (src/ingest/triage.ts).
//
// Nothing is obeyed unless all of these hold: the id it names carries our tag and is recorded
// (mail.ts); it arrived in that agency's own mailbox; its From is the one address that mail was
// sent to; and its origin is proven as for dispatch by e-mail (src/dispatch/origin.ts: an aligned
// envelope sender and a trusted Authentication-Results pass) — From alone is whatever the sender
// typed. A reply that fails is recorded on the document's timeline and audited, and changes
// nothing. A reply the readers cannot read is sent to the clerk, never guessed.
import { simpleParser } from 'mailparser';
import type { Classification } from '../mail/classify/index.js';
import { parseMime } from '../mail/classify/mime-walk.js';
import { decideOrigin, originInput } from '../dispatch/origin.js';
import { dispatchSettings } from '../dispatch/settings.js';
import type { Outcome } from '../ingest/message-state.js';
import type { AppContext } from '../runtime/context.js';
import type { Agency } from '../agency/agency.js';
import { answerMail, assignmentText, clerkNoticeMail, reasonVi } from './compose.js';
import { activeWorkflow, factsOf, handlings, sendWorkflowMail, vnDay, type Entry } from './engine.js';
import { readInstruction } from './instruction.js';
import { repliedMails } from './mail.js';
import { readUnitReply } from './unit-reply.js';
import { deadlineOf } from './state.js';
import { workingDaysOf } from './working-days.js';
import { enqueueWorkflow } from './jobs.js';
import { peerStatus } from './peer.js';

export type ReplyOutcome = Outcome | 'not ours';

const LEADER_PURPOSES = new Set(['present', 'answer']);
const ANSWERABLE = new Set(['present', 'answer', 'handover', 'reminder']);

export async function handleWorkflowReply(ctx: AppContext, messageKey: string, raw: Buffer, c: Classification): Promise<ReplyOutcome> {
  const ids = [c.inReplyTo, ...[...c.references].reverse()].filter((x): x is string => !!x);
  const mails = await repliedMails({ WorkflowMail: ctx.models.WorkflowMail, secrets: ctx.secrets }, ids);
  // Only a person's answer to a slip, a hand-over or a reminder is read; a peer service's answer
  // to a status message (or to a digest) is not an instruction.
  const mail = mails.find((m) => ANSWERABLE.has(m.purpose));
  if (!mail) return 'not ours';
  const msg = await ctx.models.Message.findById(messageKey, { agencyCode: 1, mailboxId: 1, internalDate: 1 }).lean();
  const mailbox = msg ? await ctx.models.Mailbox.findById(msg.mailboxId, { agencyCode: 1 }).lean() : null;
  if ((mailbox?.agencyCode ?? msg?.agencyCode) !== mail.agencyCode) return 'not ours';
  const agency = await ctx.agencies.get(mail.agencyCode);
  const entry = (await ctx.models.Incoming.findById(mail.entryId).lean()) as Entry | null;
  if (!agency || !entry) return 'not ours';
  const store = handlings(ctx);
  const key = `reply:${messageKey}`;
  const from = c.from ?? '';

  const refuse = async (reason: string, codes: string[]) => {
    await store.record(entry._id, [{ event: 'replyRefused', at: new Date(), by: from || 'unknown', key, detail: { from, expected: mail.to, reason, codes, messageKey } }]);
    await ctx.audit.record({ login: from || 'unknown', role: 'clerk', agencyCode: agency.code, via: 'email' }, { action: 'workflow.reply-refused', target: `incoming/${agency.code}/${entry.year}/${entry.arrivalNumber}`, agencyCode: agency.code, after: { from, reason, codes } });
    ctx.log.warn({ messageKey, entryId: entry._id, from, expected: mail.to, reason }, 'workflow reply refused');
    return 'refused' as const;
  };
  if (from !== mail.to) return refuse(`the reply comes from ${from || 'no address'}, not from ${mail.to}, to whom the mail was sent`, ['NOT_THE_ADDRESSEE']);
  const origin = decideOrigin(originInput(parseMime(raw), [...agency.authservIds, ...dispatchSettings(ctx.cfg).authservIds]));
  if (!origin.proven) return refuse(`origin not proven: ${origin.reasons.map((r) => r.en).join('; ')}`, origin.reasons.map((r) => r.code));

  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const body = parsed.text ?? '';
  const received = msg?.internalDate ? new Date(msg.internalDate) : new Date();
  if (LEADER_PURPOSES.has(mail.purpose)) await leaderReply(ctx, { agency, entry, messageKey, from, body, received, inReplyTo: c.messageId });
  else await unitReply(ctx, { agency, entry, messageKey, from, body, received, unitCode: mail.unitCode ?? null });
  return 'handled';
}

interface ReplyFacts {
  agency: Agency;
  entry: Entry;
  messageKey: string;
  from: string;
  body: string;
  received: Date;
}

async function leaderReply(ctx: AppContext, r: ReplyFacts & { inReplyTo: string | null }): Promise<void> {
  const store = handlings(ctx);
  const before = await store.get(r.entry._id);
  const wf = activeWorkflow(r.agency);
  const leader = wf?.leaders.find((l) => l.address === r.from);
  const reading = readInstruction({
    body: r.body,
    targets: r.agency.units,
    proposal: before?.proposal ? { units: before.proposal.units as never, deadline: before.proposal.deadline } : null,
    received: vnDay(r.received),
    isWorkingDay: workingDaysOf(r.agency),
    writer: leader?.name,
  });
  const key = `reply:${r.messageKey}`;
  const names = r.agency.units.map((u) => ({ code: u.code, name: u.name }));
  const facts = factsOf(r.entry, r.agency.name);
  if (reading.kind === 'unreadable') return toClerks(ctx, r, null, reading.reason, reading.text);
  // Done is final (state.ts): a later instruction would hand nothing over, so the clerk decides.
  if (before?.state === 'done') return toClerks(ctx, r, null, ALREADY_DONE, reading.text);
  if (reading.kind === 'file') {
    await store.record(r.entry._id, [{ event: 'filed', at: r.received, by: r.from, key, detail: { text: reading.text, messageKey: r.messageKey } }]);
  } else {
    await store.record(r.entry._id, [{ event: 'instructed', at: r.received, by: r.from, key, detail: { kind: reading.kind, units: reading.units, deadline: deadlineOf(reading.deadline, r.entry), text: reading.text, names, messageKey: r.messageKey, via: 'email' } }]);
    await enqueueWorkflow(ctx, { kind: 'handover', entryId: r.entry._id }, r.messageKey);
    await peerStatus(ctx, r.entry, '04');
  }
  const understood = reading.kind === 'file' ? 'Lưu, không chuyển xử lý.' : `Chuyển: ${assignmentText(reading.units, names)}.`;
  await sendWorkflowMail(ctx, r.agency, r.entry._id, { purpose: 'answer', part: r.messageKey.slice(-24), to: r.from, inReplyTo: r.inReplyTo, ...answerMail(facts, { understood, deadline: reading.kind === 'file' ? null : deadlineOf(reading.deadline, r.entry) }) });
}

async function unitReply(ctx: AppContext, r: ReplyFacts & { unitCode: string | null }): Promise<void> {
  const store = handlings(ctx);
  const reading = readUnitReply(r.body);
  const key = `reply:${r.messageKey}`;
  if (reading.kind === 'unreadable' || !r.unitCode) {
    return toClerks(ctx, r, r.unitCode, reading.kind === 'unreadable' ? reading.reason : 'the mail it answers names no unit', reading.text);
  }
  const before = await store.get(r.entry._id);
  const events = [];
  if (!before?.units.find((u) => u.code === r.unitCode)?.receivedAt) events.push({ event: 'received' as const, at: r.received, by: r.from, key: `${key}:received`, detail: { code: r.unitCode, messageKey: r.messageKey, via: 'email' } });
  if (reading.kind === 'done') events.push({ event: 'completed' as const, at: r.received, by: r.from, key, detail: { code: r.unitCode, note: reading.note, messageKey: r.messageKey, via: 'email' } });
  const { view } = await store.record(r.entry._id, events);
  if (view.state === 'done') await peerStatus(ctx, r.entry, '06');
  else if (view.state === 'in-progress') await peerStatus(ctx, r.entry, '05');
}

/**
 * A reply the readers could not read: on the timeline, and to the clerks with the reason. The mail
 * goes through sendOnce (one per reply and clerk), so a retried job whose event is already written
 * still sends what a crash may have kept from going out.
 */
const ALREADY_DONE = 'the document was already completed: a new instruction is for the clerk';

async function toClerks(ctx: AppContext, r: ReplyFacts, unitCode: string | null, reason: string, text: string): Promise<void> {
  await handlings(ctx).record(r.entry._id, [{ event: 'unreadable', at: r.received, by: r.from, key: `reply:${r.messageKey}`, detail: { ...(unitCode ? { code: unitCode } : {}), reason, text, messageKey: r.messageKey } }]);
  const notice = clerkNoticeMail(factsOf(r.entry, r.agency.name), { from: r.from, reason: reasonVi(reason), text });
  for (const clerk of clerksOf(r.agency)) {
    await sendWorkflowMail(ctx, r.agency, r.entry._id, { purpose: 'notice', part: `${r.messageKey.slice(-16)}-${clerk}`, to: clerk, ...notice });
  }
}

/** Who reads what the readers could not: the workflow's clerks, else the official mailbox the clerks read. */
function clerksOf(a: Agency): string[] {
  const wf = activeWorkflow(a);
  return wf?.clerks.length ? wf.clerks : [a.address];
}
