// "The mailboxes have changed": a revision the mailbox writers move and the poll supervisors read
// by `_id` (see revisionSchema in src/store/models.ts). Any write changes it (a new random value),
// so two writers at once cannot leave it unchanged, whatever FerretDB does with concurrent updates.
import { randomUUID } from 'node:crypto';
import type { CoreModels } from '../store/models.js';
import { isDuplicateKey } from '../store/db.js';

const MAILBOXES = 'mailboxes';

export async function touchMailboxes(models: Pick<CoreModels, 'Revision'>): Promise<void> {
  const set = { $set: { rev: randomUUID(), at: new Date() } };
  try {
    await models.Revision.updateOne({ _id: MAILBOXES }, set, { upsert: true });
  } catch (err) {
    // Two first writers at once: one inserted it; the other's upsert collides and updates it.
    if (!isDuplicateKey(err)) throw err;
    await models.Revision.updateOne({ _id: MAILBOXES }, set);
  }
}

/** The current revision, or '' when no mailbox was ever written through the writers above. */
export async function mailboxesRevision(models: Pick<CoreModels, 'Revision'>): Promise<string> {
  return (await models.Revision.findById(MAILBOXES, { rev: 1 }).lean())?.rev ?? '';
}
