// Bringing a database written by an earlier version up to date, idempotently (`vanthu migrate`):
//   - register entries made before the register could be searched get their search text;
//   - mailboxes that watch one address (possible before "one address, one mailbox") are listed,
//     since the unique index cannot be built over them and only an administrator can choose;
//   - agencies that lived in the configuration file (`agencies: [...]`) go into the directory.
import { readFileSync } from 'node:fs';
import type { AppContext } from './context.js';
import type { Principal } from '../access/roles.js';
import { AgencyService, type ImportResult } from '../agency/service.js';
import type { AgencyInput } from '../agency/agency.js';
import { searchTextOf } from '../register/search.js';
import { rebuildListing } from '../register/listing.js';
import { VanthuError } from '../errors.js';

/** Sets `searchText` on every entry that has none, a batch at a time. Returns how many. */
export async function backfillSearchText(models: Pick<AppContext['models'], 'Incoming'>, batch = 500): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await models.Incoming.find({ searchText: { $exists: false } }, { metadata: 1, sender: 1, recipientUnit: 1, note: 1 }).limit(batch).lean();
    if (!rows.length) return done;
    for (const r of rows) await models.Incoming.updateOne({ _id: r._id }, { $set: { searchText: searchTextOf(r as never) } });
    done += rows.length;
  }
}

/** Addresses watched by more than one mailbox, with the mailboxes' names. */
export async function sharedMailboxAddresses(models: Pick<AppContext['models'], 'Mailbox'>): Promise<Array<{ address: string; mailboxes: string[] }>> {
  const byAddress = new Map<string, string[]>();
  for (const m of await models.Mailbox.find({}, { _id: 1, address: 1 }).lean()) {
    const a = String(m.address).toLowerCase();
    byAddress.set(a, [...(byAddress.get(a) ?? []), String(m._id)]);
  }
  return [...byAddress].filter(([, ids]) => ids.length > 1).map(([address, mailboxes]) => ({ address, mailboxes: mailboxes.sort() }));
}

const OLD_AGENCY_KEYS = ['code', 'name', 'address', 'dispatchAddress', 'requireValidSignature', 'acceptUncheckedRevocation', 'requireSignatureOnDispatch', 'alertTo'] as const;

/** The `agencies` array of a configuration file of an earlier version, as directory inputs. */
export function agenciesOfOldConfig(file: string): Array<{ line: number; input: AgencyInput }> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new VanthuError('INVALID_INPUT', `agencies-from: ${file} cannot be read as JSON: ${(err as Error).message}`, { field: 'agencies-from' });
  }
  const list = (json as { agencies?: unknown }).agencies;
  if (!Array.isArray(list)) throw new VanthuError('INVALID_INPUT', `agencies-from: ${file} has no "agencies" array`, { field: 'agencies-from' });
  return list.map((a, i) => ({
    line: i + 1,
    input: Object.fromEntries(OLD_AGENCY_KEYS.filter((k) => (a as Record<string, unknown>)[k] !== undefined).map((k) => [k, (a as Record<string, unknown>)[k]])) as AgencyInput,
  }));
}

export interface MigrationReport {
  searchTextAdded: number;
  /** Register entries whose listing row was (re)written (src/register/listing.ts). */
  listed: number;
  sharedAddresses: Array<{ address: string; mailboxes: string[] }>;
  agencies: ImportResult | null;
}

export async function migrate(ctx: Pick<AppContext, 'models' | 'agencies' | 'audit'>, actor: Principal, opts: { agenciesFrom?: string; dryRun?: boolean } = {}): Promise<MigrationReport> {
  const agencies = opts.agenciesFrom
    ? await new AgencyService({ Agency: ctx.models.Agency, directory: ctx.agencies, audit: ctx.audit }).importRows(actor, agenciesOfOldConfig(opts.agenciesFrom), [], { dryRun: opts.dryRun })
    : null;
  return {
    searchTextAdded: opts.dryRun ? await ctx.models.Incoming.countDocuments({ searchText: { $exists: false } }) : await backfillSearchText(ctx.models),
    listed: opts.dryRun ? 0 : await rebuildListing(ctx.models),
    sharedAddresses: await sharedMailboxAddresses(ctx.models),
    agencies,
  };
}

/**
 * At the API's start: entries written before the listing rows existed (an upgrade) get theirs, in
 * the background, so the register's pages show them. Cheap when nothing is missing.
 */
export async function ensureListing(ctx: Pick<AppContext, 'models' | 'log'>): Promise<void> {
  const [rows, entries] = await Promise.all([ctx.models.RegisterRow.estimatedDocumentCount(), ctx.models.Incoming.estimatedDocumentCount()]);
  if (rows >= entries) return;
  ctx.log.info({ rows, entries }, 'writing the register listing rows of earlier entries');
  const n = await rebuildListing(ctx.models);
  ctx.log.info({ listed: n }, 'register listing rows written');
}
