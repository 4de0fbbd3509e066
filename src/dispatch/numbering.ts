// The outgoing register (sổ đăng ký văn bản đi): one sequence per agency and year, starting at 1
// on 1 January (Decree 30 Art. 15.1). The register entry itself carries the number and a unique
// index on (agencyCode, year, outgoingNumber) decides races: a writer reads the highest number,
// inserts last+1, and on a duplicate key tries again with the new highest. No counter document,
// no transaction (FerretDB has neither, and its findAndModify + $inc is not atomic), so a number
// is used only by a document that exists: the sequence is gapless unless a clerk skips ahead.
import type { AppContext } from '../runtime/context.js';
import { isDuplicateKey } from '../store/db.js';
import type { OutgoingDoc } from './models.js';

type Models = AppContext['models'];

export class NumberTakenError extends Error {
  constructor(
    readonly number: number,
    readonly year: number,
    readonly holder: string,
  ) {
    super(`outgoing number ${number} of ${year} is already registered (document ${holder}); choose another number or leave it out to take the next one`);
    this.name = 'NumberTakenError';
  }
  get vi(): string {
    return `Số đi ${this.number} năm ${this.year} đã được đăng ký cho văn bản khác (${this.holder}); đề nghị chọn số khác hoặc để hệ thống cấp số tiếp theo.`;
  }
}

/** The year of the register a document belongs to: its registration day in Vietnam (UTC+7). */
export function registerYear(at: Date): number {
  return new Date(at.getTime() + 7 * 3600_000).getUTCFullYear();
}

export async function lastNumber(models: Models, agencyCode: string, year: number): Promise<number> {
  const top = await models.Outgoing.find({ agencyCode, year }, { outgoingNumber: 1 }).sort({ outgoingNumber: -1 }).limit(1).lean();
  return top[0]?.outgoingNumber ?? 0;
}

export type NewOutgoing = Omit<OutgoingDoc, 'outgoingNumber' | 'numberSource' | 'createdAt' | 'updatedAt'> & { _id: string };

export interface Registered {
  doc: OutgoingDoc & { _id: string };
  /** False when a document with this _id already existed (a replayed request). */
  created: boolean;
}

/**
 * Insert the register entry with the clerk's number (refusing a duplicate) or the next free one.
 * A document whose _id already exists is returned as is: the same request registered twice is
 * one entry.
 */
export async function registerOutgoing(models: Models, entry: NewOutgoing, clerkNumber?: number, maxTries = 50): Promise<Registered> {
  const existing = async () => (await models.Outgoing.findById(entry._id).lean()) as (OutgoingDoc & { _id: string }) | null;
  for (let i = 0; i < maxTries; i++) {
    const number = clerkNumber ?? (await lastNumber(models, entry.agencyCode, entry.year)) + 1;
    try {
      const doc = await models.Outgoing.create({ ...entry, outgoingNumber: number, numberSource: clerkNumber ? 'clerk' : 'assigned' });
      return { doc: doc.toObject() as OutgoingDoc & { _id: string }, created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const mine = await existing();
      if (mine) return { doc: mine, created: false };
      if (clerkNumber) {
        const holder = await models.Outgoing.findOne({ agencyCode: entry.agencyCode, year: entry.year, outgoingNumber: clerkNumber }, { _id: 1 }).lean();
        throw new NumberTakenError(clerkNumber, entry.year, String(holder?._id ?? '?'));
      }
      // Lost the race for this number: read the new highest and try the next one.
      await new Promise((r) => setTimeout(r, Math.random() * 5 * (i + 1)));
    }
  }
  throw new Error(`could not take an outgoing number for ${entry.agencyCode}/${entry.year} after ${maxTries} tries`);
}
