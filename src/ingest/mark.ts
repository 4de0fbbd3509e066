// After a message has been processed, tell the clerk's mailbox: by default an IMAP keyword
// ($VanThuRegistered) so the clerk's own view does not change; or a move to a folder; or nothing.
import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { CoreModels } from '../store/models.js';
import { TERMINAL_STATES } from './message-state.js';

export interface AfterProcess {
  mode: 'none' | 'keyword' | 'move';
  keyword?: string;
  folder?: string;
}

export { TERMINAL_STATES };

export async function markProcessed(
  client: ImapFlow,
  models: CoreModels,
  target: { mailboxId: string; folder: string; afterProcess: AfterProcess },
  uidValidity: string,
  log: Logger,
): Promise<number> {
  const { mode, keyword = '$VanThuRegistered', folder } = target.afterProcess;
  if (mode === 'none') return 0;
  const done = await models.Message.find(
    { mailboxId: target.mailboxId, folder: target.folder, uidValidity, marked: false, state: { $in: [...TERMINAL_STATES] } },
    { uid: 1 },
  )
    .limit(500)
    .lean();
  if (!done.length) return 0;
  const uids = done.map((d) => d.uid).join(',');
  try {
    if (mode === 'move' && folder) {
      await client.mailboxCreate(folder).catch(() => undefined);
      await client.messageMove(uids, folder, { uid: true });
    } else {
      await client.messageFlagsAdd(uids, [keyword], { uid: true });
    }
    await models.Message.updateMany({ _id: { $in: done.map((d) => d._id) } }, { $set: { marked: true } });
  } catch (err) {
    log.warn({ mailbox: target.mailboxId, err: (err as Error).message }, 'could not mark processed messages');
  }
  return done.length;
}
