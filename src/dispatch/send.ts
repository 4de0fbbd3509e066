// sendDocument: what the API, the CLI and the dispatch-by-email handler call. In order:
//   1. policy (before any number is taken, so a refusal leaves no gap in the register);
//   2. the files into the raw store (unchanged bytes, Art. 10);
//   3. the register entry with its outgoing number (numbering.ts);
//   4. one delivery per recipient (ENVID = `${docId}.${i}`) with a 'queued' event;
//   5. one `dispatch` job per delivery, job id = the delivery id (enqueuing twice is a no-op).
// Steps 3–5 are idempotent for a given docId, so a request replayed after a crash (an email
// request has a deterministic docId) completes what is missing and duplicates nothing.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AppContext } from '../runtime/context.js';
import type { DocumentMetadata } from '../extract/index.js';
import { jobId } from '../queue/queues.js';
import { correlationId } from '../log.js';
import { isDuplicateKey } from '../store/db.js';
import { checkPolicy, type PolicyReason } from './policy.js';
import { NumberTakenError, registerOutgoing, registerYear } from './numbering.js';
import { deliveryMessageId, domainOf, envelopeId, newDocId } from './ids.js';
import { resolveSender } from './sender.js';
import { dispatchSettings, type DispatchSettings } from './settings.js';
import { insertEvents } from './events.js';
import { defaultSubject } from './compose.js';
import type { OutgoingDoc } from './models.js';

/** What sending reads: settings, the records, the raw store, the queue, and the directory. */
export type SendDeps = Pick<AppContext, 'cfg' | 'models' | 'raw' | 'queues' | 'agencies'>;

export interface SendFile {
  filename?: string;
  content?: Buffer;
  path?: string;
}

export interface SendRequest {
  /** Agency code; or use `from`. */
  fromAgencyCode?: string;
  /** Agency code or mailbox address the copies go out from. */
  from?: string;
  to: string[];
  files: SendFile[];
  /** The clerk's outgoing number; otherwise the next free one is taken. */
  number?: number;
  subject?: string;
  metadata?: Partial<DocumentMetadata>;
  source?: 'cli' | 'api' | 'email' | 'console';
  requestedBy?: string;
  requestMessageKey?: string;
  requestMessageId?: string;
  /** Deterministic id for replayable requests (email); a fresh one otherwise. */
  docId?: string;
  settings?: Partial<DispatchSettings>;
  now?: Date;
}

export type RefusalCode = PolicyReason['code'] | 'NO_RECIPIENT' | 'BAD_RECIPIENT' | 'NUMBER_TAKEN' | 'BAD_SENDER' | 'BAD_NUMBER';

export interface Refusal {
  code: RefusalCode;
  vi: string;
  en: string;
}

export interface SendAccepted {
  ok: true;
  id: string;
  agencyCode: string;
  year: number;
  number: number;
  codeRaw: string;
  /** False when the request had already been registered (replay): nothing new was sent. */
  created: boolean;
  deliveries: Array<{ id: string; address: string; messageId: string }>;
  warnings: string[];
}

export interface SendRefused {
  ok: false;
  reasons: Refusal[];
}

export type SendResult = SendAccepted | SendRefused;

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

export function codeRawOf(number: number, codeNotation: string | null | undefined): string {
  return codeNotation ? `${pad(number)}/${codeNotation}` : pad(number);
}

function refused(...reasons: Refusal[]): SendRefused {
  return { ok: false, reasons };
}

async function loadFiles(files: SendFile[]): Promise<Array<{ filename: string; content: Buffer }>> {
  return Promise.all(
    files.map(async (f) => {
      const content = f.content ?? (f.path ? await readFile(f.path) : Buffer.alloc(0));
      return { filename: f.filename ?? (f.path ? basename(f.path) : 'document'), content };
    }),
  );
}

export async function sendDocument(ctx: SendDeps, req: SendRequest): Promise<SendResult> {
  const settings = dispatchSettings(ctx.cfg, req.settings);
  const now = req.now ?? new Date();
  const docId = req.docId ?? newDocId(now);

  const existing = (await ctx.models.Outgoing.findById(docId).lean()) as (OutgoingDoc & { _id: string }) | null;
  if (existing) return finish(ctx, existing, false, settings, []);

  let sender;
  try {
    sender = await resolveSender(ctx, req.fromAgencyCode ?? req.from ?? '');
  } catch (err) {
    const m = (err as Error).message;
    return refused({ code: 'BAD_SENDER', vi: `Không xác định được cơ quan gửi: ${m}`, en: m });
  }
  const to = [...new Set(req.to.map((a) => a.trim().toLowerCase()).filter(Boolean))];
  if (to.length === 0) return refused({ code: 'NO_RECIPIENT', vi: 'Chưa có nơi nhận.', en: 'No recipient was given.' });
  const bad = to.filter((a) => !EMAIL.test(a));
  if (bad.length) return refused({ code: 'BAD_RECIPIENT', vi: `Địa chỉ nơi nhận không hợp lệ: ${bad.join(', ')}`, en: `Invalid recipient address: ${bad.join(', ')}` });
  if (req.number !== undefined && (!Number.isInteger(req.number) || req.number < 1)) {
    return refused({ code: 'BAD_NUMBER', vi: `Số đi phải là số nguyên dương (${req.number}).`, en: `The outgoing number must be a positive integer (${req.number}).` });
  }

  const files = await loadFiles(req.files);
  const policy = await checkPolicy({ files, metadata: req.metadata, agency: sender.agency, settings });
  if (!policy.ok) return refused(...policy.reasons);

  const stored = [];
  for (const f of policy.files) {
    const blob = await ctx.raw.put(f.content, f.filename, { docId, kind: 'outgoing-file' });
    stored.push({ filename: f.filename, contentType: f.contentType, size: blob.size, sha256: blob.sha256, fileId: blob.fileId, kind: f.kind });
  }

  const md = policy.metadata;
  const warnings = [...policy.warnings];
  const year = registerYear(now);
  let reg;
  try {
    reg = await registerOutgoing(ctx.models, {
      _id: docId,
      agencyCode: sender.agency.code,
      agencyName: sender.agency.name,
      fromAddress: sender.address,
      year,
      codeNotation: md.codeNotation ?? undefined,
      codeRaw: undefined,
      subject: req.subject ?? undefined,
      metadata: { ...md, evidence: undefined },
      files: stored,
      recipients: to,
      source: req.source ?? 'api',
      requestedBy: req.requestedBy,
      requestMessageKey: req.requestMessageKey,
      requestMessageId: req.requestMessageId,
      state: 'sending',
      sendTime: undefined,
      warnings,
    } as Parameters<typeof registerOutgoing>[1], req.number);
  } catch (err) {
    await Promise.all(stored.map((s) => ctx.raw.delete(s.fileId)));
    if (err instanceof NumberTakenError) return refused({ code: 'NUMBER_TAKEN', vi: err.vi, en: err.message });
    throw err;
  }
  const doc = reg.doc;
  if (reg.created) {
    // The number is known only now: write the number/notation and the subject derived from it.
    const codeRaw = codeRawOf(doc.outgoingNumber, doc.codeNotation);
    if (md.codeNumber && Number(md.codeNumber) !== doc.outgoingNumber) {
      warnings.push(`the document reads number ${md.codeNumber}, registered as ${doc.outgoingNumber}`);
    }
    const subject = req.subject ?? defaultSubject(codeRaw, md);
    await ctx.models.Outgoing.updateOne({ _id: docId }, { $set: { codeRaw, subject, warnings } });
    Object.assign(doc, { codeRaw, subject, warnings });
  }
  return finish(ctx, doc, reg.created, settings, warnings);
}

/** Steps 4–5, idempotent: create missing deliveries and events, enqueue missing jobs. */
async function finish(ctx: SendDeps, doc: OutgoingDoc & { _id: string }, created: boolean, settings: DispatchSettings, warnings: string[]): Promise<SendAccepted> {
  const senderDomain = domainOf(doc.fromAddress);
  const deliveries = doc.recipients.map((address, i) => {
    const id = envelopeId(doc._id, i);
    return { _id: id, docId: doc._id, index: i, address, domain: domainOf(address), messageId: deliveryMessageId(id, ctx.cfg.instanceId, senderDomain), state: 'queued' as const, eventCount: 1 };
  });
  try {
    await ctx.models.Delivery.insertMany(deliveries, { ordered: false });
  } catch (err) {
    if (!isDuplicateKey(err) && !(err as { writeErrors?: unknown[] }).writeErrors) throw err;
  }
  await insertEvents(
    ctx.models,
    deliveries.map((d) => ({ deliveryId: d._id, docId: doc._id, event: 'queued' as const, key: 'queued', source: 'dispatch', detail: { address: d.address } })),
  );
  // A document asked for by email correlates with that request message (its ingest, its reply).
  const cid = correlationId(doc.requestMessageKey ?? doc._id);
  await ctx.queues.dispatch.addBulk(
    deliveries.map((d) => ({
      name: 'deliver',
      data: { deliveryId: d._id, cid },
      opts: { jobId: jobId('dispatch', d._id), attempts: settings.maxAttempts, backoff: { type: 'exponential', delay: settings.backoffMs } },
    })),
  );
  return {
    ok: true,
    id: doc._id,
    agencyCode: doc.agencyCode,
    year: doc.year,
    number: doc.outgoingNumber,
    codeRaw: doc.codeRaw ?? codeRawOf(doc.outgoingNumber, doc.codeNotation),
    created,
    deliveries: deliveries.map((d) => ({ id: d._id, address: d.address, messageId: d.messageId })),
    warnings: created ? warnings : (doc.warnings ?? []),
  };
}
