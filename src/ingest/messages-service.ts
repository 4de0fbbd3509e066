// "What became of each received message" as a service: filter by agency, mailbox, state, sender
// and arrival time, newest first, a page at a time; one message with its stages.
import { requireAgency, requirePermission, scopeAgency, type Principal } from '../access/roles.js';
import { invalid, notFound } from '../errors.js';
import { pageOf, type Page } from '../store/paging.js';
import type { CoreModels, MessageDoc } from '../store/models.js';

export const MESSAGE_STATES = ['stored', 'classified', 'ready', 'registered', 'refused', 'quarantined', 'handled', 'ignored', 'failed'] as const;

export interface MessageQuery {
  agencyCode?: string | null;
  mailboxId?: string | null;
  state?: (typeof MESSAGE_STATES)[number] | null;
  /** An address or a part of one (a domain). */
  sender?: string | null;
  since?: Date | null;
  until?: Date | null;
  limit?: number;
  cursor?: string | null;
}

export type MessageSummary = Omit<MessageDoc, 'analysis'> & { _id: string };

export class MessageService {
  constructor(private readonly d: { models: Pick<CoreModels, 'Message'> }) {}

  async list(actor: Principal, q: MessageQuery): Promise<Page<MessageSummary>> {
    requirePermission(actor, 'messages:read');
    const agencyCode = scopeAgency(actor, q.agencyCode);
    const limit = q.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid('limit', 'must be a whole number from 1 to 500');
    const f: Record<string, unknown> = {};
    if (agencyCode) f.agencyCode = agencyCode;
    if (q.mailboxId) f.mailboxId = q.mailboxId;
    if (q.state) f.state = q.state;
    if (q.sender?.trim()) f.from = { $regex: q.sender.trim().toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&') };
    if (q.since || q.until) f.internalDate = { ...(q.since ? { $gte: q.since } : {}), ...(q.until ? { $lte: q.until } : {}) };
    return pageOf<MessageSummary>(this.d.models.Message as never, f, [{ field: 'internalDate', dir: -1 }, { field: '_id', dir: -1 }], { limit, cursor: q.cursor, projection: { analysis: 0 } });
  }

  async get(actor: Principal, key: string): Promise<MessageDoc & { _id: string }> {
    requirePermission(actor, 'messages:read');
    const m = (await this.d.models.Message.findById(key).lean()) as (MessageDoc & { _id: string }) | null;
    if (!m) throw notFound(`no message ${key}`);
    requireAgency(actor, m.agencyCode);
    return m;
  }
}
