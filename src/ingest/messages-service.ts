// "What became of each received message" as a service: filter by agency, mailbox, state, sender
// and arrival time, newest first, a page at a time; one message with its stages.
import { requireAgency, requirePermission, scopeAgency, type Principal } from '../access/roles.js';
import { notFound } from '../errors.js';
import { escapeRegex, pageOf, type Page } from '../store/paging.js';
import type { CoreModels, MessageDoc } from '../store/models.js';

import { MESSAGE_STATES } from './message-state.js';

export { MESSAGE_STATES };

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
    const f: Record<string, unknown> = {};
    if (agencyCode) f.agencyCode = agencyCode;
    if (q.mailboxId) f.mailboxId = q.mailboxId;
    if (q.state) f.state = q.state;
    // From is stored as written ("Sở Tài chính" <VanThu@SoTC…>): matched without regard to case.
    if (q.sender?.trim()) f.from = { $regex: escapeRegex(q.sender.trim()), $options: 'i' };
    if (q.since || q.until) f.internalDate = { ...(q.since ? { $gte: q.since } : {}), ...(q.until ? { $lte: q.until } : {}) };
    // Newest stored first: every record has its storage time (an IMAP arrival date can be missing,
    // and a missing sort key would drop the message from cursor paging).
    return pageOf<MessageSummary>(this.d.models.Message as never, f, [{ field: 'createdAt', dir: -1 }, { field: '_id', dir: -1 }], { limit: q.limit, cursor: q.cursor, projection: { analysis: 0 } });
  }

  async get(actor: Principal, key: string): Promise<MessageDoc & { _id: string }> {
    requirePermission(actor, 'messages:read');
    const m = (await this.d.models.Message.findById(key).lean()) as (MessageDoc & { _id: string }) | null;
    if (!m) throw notFound(`no message ${key}`);
    requireAgency(actor, m.agencyCode);
    return m;
  }
}
