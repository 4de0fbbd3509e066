// A paper document entered by a clerk takes its number in the same sequence as electronic ones
// (Decree 30 Art. 22.2), under the agency's registration lease so numbers stay in order.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../runtime/context.js';
import { Lease } from '../ingest/lease.js';
import { CalendarRangeError, loadCalendarFresh, receiptTime } from '../calendar/index.js';
import { VanthuError } from '../errors.js';
import { emptyMetadata, type DocumentMetadata } from '../extract/index.js';
import { entryIdFor, insertWithNextNumber } from './numbering.js';
import { vietnamYear } from './arrival.js';
import type { IncomingEntry, RegisterModels } from './models.js';
import { flagProbableDuplicates } from './duplicates.js';
import { dateProblem } from '../calendar/civil-date.js';
import { searchTextOf } from './search.js';
import { indexEntries, type ListingModels } from './listing.js';

/** What the clerk typed is wrong (the message says which value). */
export class PaperInputError extends Error {
  override name = 'PaperInputError';
  constructor(
    message: string,
    /** The value at fault, as the clerk's form names it. */
    readonly field: string,
  ) {
    super(message);
  }
}

export interface PaperInput {
  agencyCode: string;
  arrival: Date;
  metadata: Partial<DocumentMetadata>;
  recipientUnit?: string;
  note?: string;
  clerk?: string;
}

/** What a clerk types for a paper document (CLI or API), as the entry's metadata. */
export interface PaperFields {
  organName?: string;
  /** Số và ký hiệu as written, e.g. "12/UBND-VX" (number before the first "/"). */
  code?: string;
  issuedDate?: string;
  typeName?: string;
  subject?: string;
}

export function paperMetadata(f: PaperFields): Partial<DocumentMetadata> {
  const [num, ...nota] = (f.code ?? '').split('/');
  return {
    organName: f.organName ?? null,
    codeNumber: f.code ? num! : null,
    codeNotation: f.code ? nota.join('/') : null,
    codeRaw: f.code ?? null,
    issuedDate: f.issuedDate ?? null,
    typeName: f.typeName ?? null,
    subject: f.subject ?? null,
  };
}

export async function addPaperEntry(ctx: Pick<AppContext, 'agencies' | 'redis' | 'prefix'> & { models: Pick<RegisterModels, 'Incoming'> & ListingModels }, input: PaperInput): Promise<{ id: string; arrivalNumber: number; year: number; receiptTime: Date }> {
  const agency = await ctx.agencies.get(input.agencyCode);
  if (!agency) throw new PaperInputError(`unknown agency code ${input.agencyCode}`, 'agency');
  if (input.metadata.secrecy) throw new PaperInputError('secret documents are registered in their own register, not in this sequence (Decree 30 Art. 22.4)', 'secrecy');
  // A paper document arrives now or in the past; a time ahead is a typing mistake (clocks are
  // allowed a few minutes), and one outside the calendar's years cannot be given a receipt time.
  if (input.arrival.getTime() > Date.now() + 5 * 60_000) throw new PaperInputError(`arrival: ${input.arrival.toISOString()} is in the future`, 'arrival');
  const dateWrong = input.metadata.issuedDate ? dateProblem(input.metadata.issuedDate) : null;
  if (dateWrong) throw new PaperInputError(`issuedDate: "${input.metadata.issuedDate}" is not a date (${dateWrong})`, 'issuedDate');
  const lease = new Lease(ctx.redis, `${ctx.prefix}:lock:register:${input.agencyCode}`, 30_000);
  const until = Date.now() + 60_000;
  while (!(await lease.acquire())) {
    if (Date.now() > until) throw new VanthuError('UNAVAILABLE', 'the register is busy; try again', { vi: 'Sổ đang bận; vui lòng thử lại.' });
    await new Promise((r) => setTimeout(r, 200));
  }
  try {
    let rt;
    try {
      rt = receiptTime(input.arrival, loadCalendarFresh({ agency: input.agencyCode, officeHours: agency.officeHours }));
    } catch (err) {
      if (err instanceof CalendarRangeError) throw new PaperInputError(`arrival: ${err.message}`, 'arrival');
      throw err;
    }
    const identity = `${input.agencyCode}:paper:${randomUUID()}`;
    const metadata = { ...emptyMetadata(), ...input.metadata };
    const base = {
      _id: entryIdFor(identity),
      identity,
      agencyCode: input.agencyCode,
      year: vietnamYear(rt.receiptTime),
      source: 'paper',
      arrivalInstant: input.arrival,
      arrivalSource: 'clerk',
      receiptTime: rt.receiptTime,
      receiptAdjusted: rt.adjusted,
      receiptReason: rt.reason ?? undefined,
      metadata,
      fieldSources: Object.fromEntries(Object.keys(input.metadata).map((k) => [k, 'clerk'])),
      recipientUnit: input.recipientUnit,
      note: input.note,
      ack: { state: 'not-sent' },
      searchText: searchTextOf({ metadata: metadata as unknown as Record<string, unknown>, recipientUnit: input.recipientUnit, note: input.note }),
    } as unknown as IncomingEntry & { _id: string; agencyCode: string; year: number };
    const r = await insertWithNextNumber(ctx.models.Incoming, base);
    const e = r.entry as unknown as { _id: string; arrivalNumber: number; year: number };
    await flagProbableDuplicates(ctx, input.agencyCode, [{ ...e, agencyCode: input.agencyCode, metadata }]);
    await indexEntries(ctx.models, [e._id]);
    return { id: e._id, arrivalNumber: e.arrivalNumber, year: e.year, receiptTime: rt.receiptTime };
  } finally {
    await lease.release();
  }
}
