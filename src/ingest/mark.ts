// After a message has been processed, tell the clerk's mailbox: by default an IMAP keyword
// ($VanThuRegistered) so the clerk's own view does not change; or a move to a folder; or nothing.
//
// What is still to be marked is a set in Redis per watched folder, filled by the poller as it
// stores messages, and emptied as their records reach a final state. So a folder with nothing new
// costs one Redis read, and a message's record is read by `_id` only while it waits: no query over
// the messages collection (FerretDB 1.x would scan it, every mailbox, every few seconds), and no
// write on the message record either — the journal's writers must be the only ones there (see
// MessageJournal in message-state.ts).
import type { ImapFlow } from 'imapflow';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CoreModels } from '../store/models.js';
import { TERMINAL_STATES } from './message-state.js';

export interface AfterProcess {
  mode: 'none' | 'keyword' | 'move';
  keyword?: string;
  folder?: string;
}

export { TERMINAL_STATES };

/** At most this many waiting messages are looked at per pass (the rest at the next one). */
const PASS = 500;
/**
 * Records read at once during a pass: marking is the least urgent work of a poll worker, and 500
 * reads at once queue ahead of every other mailbox's new mail in the database.
 */
const READS_AT_ONCE = 10;

/** One waiting message as the set holds it: `uidValidity:uid:messageKey`. */
export function markMember(uidValidity: string, uid: number, messageKey: string): string {
  return `${uidValidity}:${uid}:${messageKey}`;
}

export function parseMarkMember(member: string): { uidValidity: string; uid: number; messageKey: string } | null {
  const m = /^([^:]+):(\d+):(.+)$/.exec(member);
  return m ? { uidValidity: m[1]!, uid: Number(m[2]), messageKey: m[3]! } : null;
}

/** The messages of each watched folder that wait to be marked on the IMAP server. */
export class ProcessedMarks {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(folderKey: string): string {
    return `${this.prefix}:tomark:${folderKey}`;
  }

  /** Remembers stored messages (called before the checkpoint moves past them). */
  async add(folderKey: string, uidValidity: string, messages: readonly { uid: number; id: string }[]): Promise<void> {
    if (messages.length) await this.redis.sadd(this.key(folderKey), ...messages.map((m) => markMember(uidValidity, m.uid, m.id)));
  }

  async waiting(folderKey: string): Promise<string[]> {
    return this.redis.srandmember(this.key(folderKey), PASS);
  }

  async done(folderKey: string, members: readonly string[]): Promise<void> {
    if (members.length) await this.redis.srem(this.key(folderKey), ...members);
  }

  /** Forgets a folder (its mailbox was removed). */
  async forget(folderKey: string): Promise<void> {
    await this.redis.del(this.key(folderKey));
  }
}

/** Marks the folder's waiting messages whose records are final; says how many it marked and how many still wait. */
export async function markProcessed(
  client: ImapFlow,
  deps: { models: Pick<CoreModels, 'Message'>; marks: ProcessedMarks },
  target: { folderKey: string; afterProcess: AfterProcess },
  uidValidity: string,
  log: Logger,
): Promise<{ marked: number; waiting: number }> {
  const { mode, keyword = '$VanThuRegistered', folder } = target.afterProcess;
  const members = await deps.marks.waiting(target.folderKey);
  if (!members.length) return { marked: 0, waiting: 0 };
  if (mode === 'none') {
    await deps.marks.done(target.folderKey, members);
    return { marked: 0, waiting: 0 };
  }
  const parsed = members.map((m) => ({ member: m, p: parseMarkMember(m) }));
  // Another UIDVALIDITY: those UIDs mean nothing now; the resync stores the messages again.
  const stale = parsed.filter((x) => !x.p || x.p.uidValidity !== uidValidity).map((x) => x.member);
  const current = parsed.filter((x) => x.p && x.p.uidValidity === uidValidity);
  const states: ({ state: string } | null)[] = [];
  for (let i = 0; i < current.length; i += READS_AT_ONCE) {
    states.push(...(await Promise.all(current.slice(i, i + READS_AT_ONCE).map((x) => deps.models.Message.findById(x.p!.messageKey, { state: 1 }).lean()))));
  }
  // Done waiting: records in a final state (flagged), and records no longer there (dropped).
  const final = current.filter((_, i) => !states[i] || (TERMINAL_STATES as readonly string[]).includes(states[i]!.state));
  const finalUids = current.filter((_, i) => states[i] && (TERMINAL_STATES as readonly string[]).includes(states[i]!.state)).map((x) => x.p!.uid);
  try {
    if (finalUids.length) {
      const uids = finalUids.join(',');
      if (mode === 'move' && folder) {
        await client.mailboxCreate(folder).catch(() => undefined);
        await client.messageMove(uids, folder, { uid: true });
      } else {
        await client.messageFlagsAdd(uids, [keyword], { uid: true });
      }
    }
    await deps.marks.done(target.folderKey, [...stale, ...final.map((x) => x.member)]);
  } catch (err) {
    log.warn({ folder: target.folderKey, err: (err as Error).message }, 'could not mark processed messages');
    return { marked: 0, waiting: members.length };
  }
  // A full pass may have left more behind it in the set.
  return { marked: finalUids.length, waiting: members.length >= PASS ? PASS : members.length - stale.length - final.length };
}
