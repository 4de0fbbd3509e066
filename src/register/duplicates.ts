// Probable duplicates (Decree 30 App. VI III.1.h): a document whose number, notation and issuing
// organ match one already in the register is entered again but flagged, with a link to the first.
// The same message never gets here twice (its identity is unique); this catches a second copy of
// the same document: re-sent, forwarded by another clerk, or already entered from paper.
import type { RegisterModels } from './models.js';
import { withEntryLock, type EntryLockDeps } from './entry-lock.js';

interface CodedMetadata {
  codeNumber?: string | null;
  codeNotation?: string | null;
  organName?: string | null;
}

interface Registered {
  _id: string;
  agencyCode: string;
  year: number;
  arrivalNumber: number;
  metadata?: unknown;
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

/** "05" and "5" are the same number (Decree 30 pads numbers below 10). */
export const normalNumber = (n: string) => n.trim().replace(/^0+(?=\d)/, '');

/** Notations compared without spaces, case or diacritics ("QĐ-UBND" = "QD-UBND"). */
export const normalNotation = (s: string) => fold(s).replace(/\s+/g, '');

/**
 * Same document? Number and notation must match; the organ too when both sides name it. One
 * side without an organ still matches: the notation already carries the organ's abbreviation.
 */
export function sameDocument(a: CodedMetadata, b: CodedMetadata): boolean {
  if (!a.codeNumber || !a.codeNotation || !b.codeNumber || !b.codeNotation) return false;
  if (normalNumber(a.codeNumber) !== normalNumber(b.codeNumber)) return false;
  if (normalNotation(a.codeNotation) !== normalNotation(b.codeNotation)) return false;
  if (a.organName && b.organName) return fold(a.organName) === fold(b.organName);
  return true;
}

/** The spellings a stored number may have ("5", "05"), for an indexed lookup. */
export function numberSpellings(n: string): string[] {
  const bare = normalNumber(n);
  return [...new Set([n, bare, bare.length === 1 ? `0${bare}` : bare])];
}

export const duplicateLabel = (first: { arrivalNumber: number; year: number }) => `${first.arrivalNumber}/${first.year}`;

/**
 * Flags each of `entries` (just registered) that repeats an earlier entry of the register: the
 * earliest entry with the same document wins. Idempotent: re-running sets the same link.
 */
export async function flagProbableDuplicates(ctx: EntryLockDeps & { models: Pick<RegisterModels, 'Incoming'> }, agencyCode: string, entries: Registered[]): Promise<number> {
  const coded = entries.filter((e) => (e.metadata as CodedMetadata | undefined)?.codeNumber && (e.metadata as CodedMetadata).codeNotation);
  if (!coded.length) return 0;
  const spellings = [...new Set(coded.flatMap((e) => numberSpellings((e.metadata as CodedMetadata).codeNumber!)))];
  const candidates = (await ctx.models.Incoming.find({ agencyCode, 'metadata.codeNumber': { $in: spellings } }, { _id: 1, arrivalNumber: 1, year: 1, metadata: 1, receiptTime: 1 }).lean()) as unknown as (Registered & { receiptTime: Date })[];
  const ordered = candidates.sort((a, b) => a.year - b.year || a.arrivalNumber - b.arrivalNumber);
  let flagged = 0;
  for (const e of coded) {
    const first = ordered.find((c) => c._id !== e._id && sameDocument(c.metadata as CodedMetadata, e.metadata as CodedMetadata));
    if (!first || (first.year > e.year || (first.year === e.year && first.arrivalNumber > e.arrivalNumber))) continue;
    await withEntryLock(ctx, e._id, () =>
      ctx.models.Incoming.updateOne(
        { _id: e._id },
        { $set: { duplicateOf: first._id, duplicateOfNumber: duplicateLabel(first), duplicateReason: 'same number, notation and issuing organ as an entry already registered' } },
      ),
    );
    flagged += 1;
  }
  return flagged;
}
