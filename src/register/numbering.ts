// Gapless, exactly-once numbering without transactions or counters. The entry carries its number;
// a unique index on (agency, year, number) makes two writers that chose the same number collide,
// and the loser retries with the next. The entry's _id is derived from the document's identity,
// so the same document can never take a second number (the insert collides on _id instead).
import { createHash } from 'node:crypto';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '../store/db.js';

export function entryIdFor(identity: string): string {
  return `in-${createHash('sha256').update(identity).digest('hex').slice(0, 24)}`;
}

export interface NumberingResult<T> {
  entry: T;
  /** False when the document was already registered (its existing entry is returned). */
  created: boolean;
  /** How many times another writer took the number first. */
  collisions: number;
}

/**
 * Inserts `base` with the next number of its (agency, year) register. `numberField` names the
 * number (arrivalNumber for incoming, outgoingNumber for outgoing).
 */
export async function insertWithNextNumber<T extends { _id: string; agencyCode: string; year: number }>(
  model: Model<T>,
  base: T,
  numberField: 'arrivalNumber' | 'outgoingNumber' = 'arrivalNumber',
  maxCollisions = 10_000,
): Promise<NumberingResult<T & Record<typeof numberField, number>>> {
  let collisions = 0;
  for (;;) {
    const existing = await model.findById(base._id).lean();
    if (existing) return { entry: existing as never, created: false, collisions };
    const last = (await model
      .findOne({ agencyCode: base.agencyCode, year: base.year } as never, { [numberField]: 1 })
      .sort({ [numberField]: -1 })
      .lean()) as Record<string, number> | null;
    const next = (last?.[numberField] ?? 0) + 1;
    try {
      const doc = { ...base, [numberField]: next };
      await model.create(doc);
      return { entry: doc as never, created: true, collisions };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Either the same document was registered meanwhile (loop finds it) or the number was taken.
      collisions += 1;
      if (collisions > maxCollisions) throw new Error(`could not take a number after ${collisions} collisions`, { cause: err });
      // A little jitter so that many writers do not keep colliding in lockstep.
      if (collisions % 3 === 0) await new Promise((r) => setTimeout(r, Math.random() * 10));
    }
  }
}
