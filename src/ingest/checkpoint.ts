// The checkpoint of one watched folder: UIDVALIDITY and the highest UID already stored. Pure
// decisions are kept apart from the database calls so they can be unit-tested.
import type { CoreModels, CheckpointDoc } from '../store/models.js';

export interface FolderState {
  uidValidity: string;
  uidNext: number;
}

export type CheckpointPlan =
  | { action: 'create'; lastUid: number; since: Date }
  | { action: 'keep'; lastUid: number; since: Date }
  | { action: 'resync'; lastUid: 0; since: Date; previous: string };

/**
 * What to do on opening a folder. A new mailbox starts from now unless `backfill` is asked (so
 * years of old mail are not registered as new); a changed UIDVALIDITY means every UID is new and
 * the whole folder is read again — stored messages are recognised by their SHA-256.
 */
export function planCheckpoint(existing: Pick<CheckpointDoc, 'uidValidity' | 'lastUid' | 'since'> | null, folder: FolderState, backfill: boolean, now: Date): CheckpointPlan {
  if (!existing) {
    // INTERNALDATE has whole seconds; a minute's margin keeps messages that arrived as we started.
    const since = new Date(Math.floor(now.getTime() / 1000) * 1000 - 60_000);
    return backfill ? { action: 'create', lastUid: 0, since: new Date(0) } : { action: 'create', lastUid: Math.max(0, folder.uidNext - 1), since };
  }
  if (existing.uidValidity !== folder.uidValidity) {
    return { action: 'resync', lastUid: 0, since: existing.since, previous: existing.uidValidity };
  }
  return { action: 'keep', lastUid: existing.lastUid, since: existing.since };
}

export async function applyCheckpointPlan(models: CoreModels, id: string, mailboxId: string, folderName: string, folder: FolderState, plan: CheckpointPlan): Promise<void> {
  if (plan.action === 'create') {
    await models.Checkpoint.updateOne(
      { _id: id },
      { $setOnInsert: { mailboxId, folder: folderName, uidValidity: folder.uidValidity, lastUid: plan.lastUid, since: plan.since } },
      { upsert: true },
    );
  } else if (plan.action === 'resync') {
    await models.Checkpoint.updateOne(
      { _id: id, uidValidity: plan.previous },
      {
        $set: { uidValidity: folder.uidValidity, lastUid: 0 },
        $push: { history: { uidValidity: plan.previous, changedAt: new Date() } },
      },
    );
  }
}

/** Moves the checkpoint forward only (a slower, overlapping watcher never moves it back). */
export async function advanceCheckpoint(models: CoreModels, id: string, uidValidity: string, lastUid: number): Promise<void> {
  await models.Checkpoint.updateOne({ _id: id, uidValidity, lastUid: { $lt: lastUid } }, { $set: { lastUid } });
}
