// A clerk's corrections and additions to an entry (Decision 36 Art. 11.4b: the register holds
// what extraction found, and the clerk completes or corrects it). Each value is checked before it
// is written; each edit is kept (who, when, from, to) and the field is marked as the clerk's.
import type { RegisterModels } from './models.js';
import { dateProblem } from '../calendar/civil-date.js';
import { parseInstant } from '../calendar/index.js';
import { flagProbableDuplicates } from './duplicates.js';
import { withEntryLock, type EntryLockDeps } from './entry-lock.js';
import { searchTextOf } from './search.js';
import { indexEntries, type ListingModels } from './listing.js';

type Parsed = string | number | Date | string[] | null;
interface FieldRule {
  /** Where the value lives in the entry. */
  path: string;
  /** The value to store, or an Error saying (in English) what is wrong with the text. */
  parse: (text: string) => Parsed | Error;
}

const text = (t: string): Parsed => (t.trim() === '' ? null : t.trim());
const isoDate = (t: string): Parsed | Error => {
  if (t.trim() === '') return null;
  const problem = dateProblem(t.trim());
  return problem ? new Error(`"${t}" is not a date (${problem})`) : t.trim();
};
const oneOf =
  (values: readonly string[]) =>
  (t: string): Parsed | Error =>
    t.trim() === '' ? null : values.includes(t.trim()) ? t.trim() : new Error(`"${t}" is not one of ${values.join(', ')} (or empty for none)`);

const FIELDS: Record<string, FieldRule> = {
  organName: { path: 'metadata.organName', parse: text },
  codeNumber: { path: 'metadata.codeNumber', parse: (t) => (t.trim() === '' ? null : /^\d{1,7}$/.test(t.trim()) ? t.trim() : new Error(`"${t}" is not a document number (digits only)`)) },
  codeNotation: { path: 'metadata.codeNotation', parse: (t) => (t.trim() === '' ? null : /^\S+$/.test(t.trim()) ? t.trim() : new Error(`"${t}" is not a notation (no spaces, e.g. UBND-VX or 2013/QĐ-UBND)`)) },
  typeName: { path: 'metadata.typeName', parse: text },
  issuedDate: { path: 'metadata.issuedDate', parse: isoDate },
  place: { path: 'metadata.place', parse: text },
  subject: { path: 'metadata.subject', parse: text },
  urgency: { path: 'metadata.urgency', parse: oneOf(['Khẩn', 'Thượng khẩn', 'Hỏa tốc']) },
  pageCount: { path: 'metadata.pageCount', parse: (t) => (t.trim() === '' ? null : /^\d{1,5}$/.test(t.trim()) && Number(t) > 0 ? Number(t) : new Error(`"${t}" is not a page count (a whole number above 0)`)) },
  'signer.authority': { path: 'metadata.signer.authority', parse: oneOf(['TM.', 'KT.', 'TL.', 'TUQ.', 'Q.']) },
  'signer.position': { path: 'metadata.signer.position', parse: text },
  'signer.fullName': { path: 'metadata.signer.fullName', parse: text },
  recipients: { path: 'metadata.recipients', parse: (t) => (t.trim() === '' ? null : t.split(';').map((x) => x.trim()).filter(Boolean)) },
  recipientUnit: { path: 'recipientUnit', parse: text },
  forwardedAt: {
    path: 'forwardedAt',
    parse: (t) => {
      if (t.trim() === '') return null;
      if (!dateProblem(t.trim())) return parseInstant(`${t.trim()}T00:00:00+07:00`);
      try {
        return parseInstant(t.trim());
      } catch (err) {
        return new Error(`"${t}" is not a date or an instant with its time zone (${(err as Error).message})`);
      }
    },
  },
  note: { path: 'note', parse: text },
  fileCode: { path: 'fileCode', parse: text },
  distributionNote: { path: 'distributionNote', parse: text },
  deadline: { path: 'deadline', parse: isoDate },
};

export const EDITABLE_FIELDS = Object.keys(FIELDS);

/** Fields whose change can make or unmake a probable duplicate. */
const IDENTIFYING = new Set(['organName', 'codeNumber', 'codeNotation']);

export class EditError extends Error {
  override name = 'EditError';
  constructor(
    /** unknown-field: not an editable field; bad-value: the field's rule refuses the value; no-entry. */
    readonly kind: 'unknown-field' | 'bad-value' | 'no-entry',
    message: string,
  ) {
    super(message);
  }
}

function get(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

export interface EditResult {
  field: string;
  from: unknown;
  to: unknown;
}

/**
 * Sets `field` of entry `arrivalNumber`/`year` to `value` (the clerk's text; empty clears it).
 * Secrecy is not editable: a secret document has no place in this register (Decree 30 Art. 22.4).
 */
export async function editEntry(ctx: EntryLockDeps & { models: Pick<RegisterModels, 'Incoming'> & ListingModels }, agencyCode: string, year: number, arrivalNumber: number, field: string, value: string, clerk = 'clerk'): Promise<EditResult> {
  // Own keys only: "__proto__" or "constructor" must not reach Object.prototype.
  const rule = Object.hasOwn(FIELDS, field) ? FIELDS[field] : undefined;
  if (!rule) {
    const hint = field === 'secrecy' ? ' (a secret document does not belong in this register; it is registered in the secret register)' : '';
    throw new EditError('unknown-field', `field "${field}" cannot be edited${hint}; editable: ${EDITABLE_FIELDS.join(', ')}`);
  }
  const to = rule.parse(value);
  if (to instanceof Error) throw new EditError('bad-value', `${field}: ${to.message}`);
  const found = await ctx.models.Incoming.findOne({ agencyCode, year, arrivalNumber }, { _id: 1 }).lean();
  if (!found) throw new EditError('no-entry', `no entry number ${arrivalNumber} in the ${year} register of ${agencyCode}`);
  const entryId = found._id as string;
  const from = await withEntryLock(ctx, entryId, () => writeEdit(ctx, entryId, rule, field, to, clerk));
  if (IDENTIFYING.has(field)) {
    const fresh = await ctx.models.Incoming.findById(entryId, { _id: 1, agencyCode: 1, year: 1, arrivalNumber: 1, metadata: 1 }).lean();
    if (fresh) await flagProbableDuplicates(ctx, agencyCode, [fresh as never]);
  }
  await indexEntries(ctx.models, [entryId]);
  return { field, from, to };
}

/** The edit itself, under the entry's lock: the field, its source, the edits trail and the search text. */
async function writeEdit(ctx: { models: Pick<RegisterModels, 'Incoming'> }, entryId: string, rule: FieldRule, field: string, to: unknown, clerk: string): Promise<unknown> {
  const e = (await ctx.models.Incoming.findById(entryId).lean()) as Record<string, unknown>;
  const from = get(e, rule.path) ?? null;
  const set: Record<string, unknown> = { [rule.path]: to, [`fieldSources.${field}`]: 'clerk' };
  // The number as written must follow a corrected number or notation (the book and the
  // acknowledgement print it).
  if (field === 'codeNumber' || field === 'codeNotation') {
    const md = { ...(e.metadata as Record<string, unknown>), [field]: to };
    set['metadata.codeRaw'] = md.codeNumber && md.codeNotation ? `${md.codeNumber as string}/${md.codeNotation as string}` : null;
  }
  if (field.startsWith('signer.') && !get(e, 'metadata.signer')) {
    delete set[rule.path];
    set['metadata.signer'] = { authority: null, position: null, fullName: null, [field.slice(7)]: to };
  }
  await ctx.models.Incoming.updateOne({ _id: entryId }, { $set: set, $push: { edits: { field, from, to, by: clerk, at: new Date() } } });
  const edited = await ctx.models.Incoming.findById(entryId, { metadata: 1, sender: 1, recipientUnit: 1, note: 1 }).lean();
  if (edited) await ctx.models.Incoming.updateOne({ _id: entryId }, { $set: { searchText: searchTextOf(edited as never) } });
  // A corrected number or organ may make it another document: flagged again after the lock.
  if (IDENTIFYING.has(field)) await ctx.models.Incoming.updateOne({ _id: entryId }, { $unset: { duplicateOf: 1, duplicateOfNumber: 1, duplicateReason: 1 } });
  return from;
}
