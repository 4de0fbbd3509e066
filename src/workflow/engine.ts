// What every step of the workflow reads and how it sends: the document's facts from its entry,
// the agency's settings and names, and the workflow's mail (tagged ids, sent once, the original
// documents attached byte for byte). The steps themselves are present.ts, reply.ts, handover.ts
// and follow-up.ts; this module holds only what they share.
import type { Agency, Unit } from '../agency/agency.js';
import { domainOf } from '../dispatch/ids.js';
import { documentAttachmentParts } from '../mail/classify/document.js';
import { parseMime } from '../mail/classify/mime-walk.js';
import { smtpTransport } from '../mail/smtp.js';
import { loadRaw } from '../ingest/process.js';
import { observeSmtp } from '../runtime/metrics.js';
import type { AppContext } from '../runtime/context.js';
import type { DocumentFacts } from './compose.js';
import { HandlingStore } from './handling.js';
import { sendOnce, workflowMessageId, type MailPurpose, type SendOnceDeps } from './mail.js';
import { withLock } from '../queue/lock.js';
import { ackSettings } from '../register/ack-state.js';
import type { WorkflowSettings } from './settings.js';

export type Entry = Record<string, unknown> & { _id: string; agencyCode: string; year: number; arrivalNumber: number; receiptTime: Date; messageKey?: string | null; metadata?: Record<string, unknown>; deadline?: string | null; senderOrganId?: string | null; documentId?: string | null; sender?: string | null };

export function handlings(ctx: AppContext): HandlingStore {
  return new HandlingStore({ models: ctx.models, redis: ctx.redis, prefix: ctx.prefix });
}

export function factsOf(e: Entry, agencyName: string): DocumentFacts {
  const md = (e.metadata ?? {}) as Record<string, string | null | undefined>;
  return {
    agencyName,
    arrivalNumber: e.arrivalNumber,
    year: e.year,
    receiptTime: new Date(e.receiptTime),
    organName: md.organName ?? e.sender ?? null,
    code: md.codeRaw ?? (md.codeNumber && md.codeNotation ? `${md.codeNumber}/${md.codeNotation}` : null),
    issuedDate: md.issuedDate ?? null,
    typeName: md.typeName ?? null,
    subject: md.subject ?? null,
    urgency: md.urgency ?? null,
  };
}

/**
 * How a workflow mail is sent at most once unless proven lost (mail.ts sendOnce): from the
 * agency's address through the relay, under its own short lock, with the acknowledgements' grace
 * period (acknowledgements.inDoubtGraceMs: the same relay, the same reports).
 */
export function mailDeps(ctx: AppContext, agencyCode: string): SendOnceDeps {
  return {
    WorkflowMail: ctx.models.WorkflowMail,
    send: (mail) => observeSmtp(smtpTransport(ctx.cfg).sendMail(mail as Parameters<ReturnType<typeof smtpTransport>['sendMail']>[0]), agencyCode),
    lock: (id, fn) => withLock(ctx.redis, `${ctx.prefix}:lock:wfmail:${id}`, `workflow mail ${id}`, fn),
    settings: ackSettings(ctx.cfg),
  };
}

/** The agency's workflow when it is switched on and names someone to present to. */
export function activeWorkflow(a: Agency | null | undefined): WorkflowSettings | null {
  const wf = a?.workflow;
  return wf && wf.enabled && wf.leaders.length ? wf : null;
}

/** The names the instruction reader and the mail use: units and people. */
export function targetsOf(a: Agency): Unit[] {
  return a.units;
}

export { vnDay } from './deadline.js';

/** The entry's documents as attachments, their bytes exactly as received. */
export async function originalFiles(ctx: AppContext, e: Entry): Promise<Array<{ filename: string; content: Buffer; contentType: string }>> {
  if (!e.messageKey) return [];
  const raw = await loadRaw(ctx, e.messageKey);
  return documentAttachmentParts(parseMime(raw)).map((p, i) => ({ filename: p.part.filename ?? `van-ban-${i + 1}`, content: p.part.body, contentType: p.part.contentType }));
}

export interface OutMail {
  purpose: MailPurpose;
  /** Tells apart several mails of one purpose for the entry (a unit code, a day, a reply's key). */
  part: string;
  to: string;
  unitCode?: string;
  subject: string;
  text: string;
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
  /** The mail this one answers (threading in the recipient's client). */
  inReplyTo?: string | null;
}

/** Sends one workflow mail from the agency's official address, once per (entry, purpose, part). */
export async function sendWorkflowMail(ctx: AppContext, agency: Agency, entryId: string, m: OutMail): Promise<{ messageId: string; result: 'sent' | 'already sent' }> {
  const messageId = workflowMessageId(ctx.secrets, m.purpose, entryId, m.part, domainOf(agency.address));
  const result = await sendOnce(
    mailDeps(ctx, agency.code),
    { messageId, entryId, agencyCode: agency.code, purpose: m.purpose, to: m.to, unitCode: m.unitCode },
    {
      from: { name: agency.name, address: agency.address },
      subject: m.subject,
      text: m.text,
      attachments: m.attachments ?? [],
      inReplyTo: m.inReplyTo ?? undefined,
      references: m.inReplyTo ?? undefined,
      // Written by the service, answered by a person: out-of-office responders keep quiet
      // (RFC 3834 §2, Auto-Submitted; Exchange's X-Auto-Response-Suppress), a person can reply.
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'OOF, AutoReply', 'X-VanThu-Instance': ctx.cfg.instanceId, 'X-VanThu-Workflow': m.purpose },
    },
  );
  ctx.log.info({ agency: agency.code, entryId, purpose: m.purpose, to: m.to, messageId, result }, 'workflow mail');
  return { messageId, result };
}

/** The time of day `hhmm` on Vietnam's day `day`, as an instant. */
export function vnInstant(day: string, hhmm: string): Date {
  return new Date(Date.parse(`${day}T${hhmm}:00+07:00`));
}
