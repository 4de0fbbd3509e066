// An agency as the rest of the service sees it, and the checked input an administrator gives
// (CLI, API, CSV import, console). Every field is validated here, once, with messages that name it.
import { z } from 'zod';
import { officeHoursOverrideSchema } from '../calendar/schema.js';
import type { AgencyDoc } from './model.js';
import { unitCode, workflowSchema, type WorkflowSettings } from '../workflow/settings.js';

/**
 * Mã định danh of Decision 20/2020/QĐ-TTg (used by QCVN 102:2016 edXML envelopes): four groups,
 * e.g. 000.00.15.H41 — the last one a letter and two digits (H41 = Long An).
 */
export const AGENCY_CODE = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;

export const emailAddress = z
  .string()
  .trim()
  .regex(/^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/, 'must be an email address')
  .transform((s) => s.toLowerCase());

export const agencyCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(AGENCY_CODE, 'must be an organ identifier like 000.00.15.H41'));

/**
 * A unit (phòng, ban) or a person documents are passed on to. `code` names it in routing rules and
 * the API (given one when left out, settings.ts unitCode); `aliases` are the other ways the agency
 * writes it ("P.KH", "Phòng KH"), which the instruction reader accepts.
 */
const unit = z.strictObject({
  name: z.string().trim().min(1),
  address: emailAddress.nullish(),
  code: z.string().trim().regex(/^[A-Za-z0-9_-]{1,16}$/, 'must be 1–16 letters, digits, - or _').transform((s) => s.toUpperCase()).nullish(),
  kind: z.enum(['unit', 'person']).default('unit'),
  aliases: z.array(z.string().trim().min(1)).default([]),
});

/** Every field an administrator sets; `agencyPatch` is the same with each optional. */
export const agencyFields = z.strictObject({
  name: z.string().trim().min(1, 'is required'),
  address: emailAddress,
  addresses: z.array(emailAddress).default([]),
  dispatchAddress: emailAddress.nullish(),
  parentCode: agencyCode.nullish(),
  units: z.array(unit).default([]),
  officeHours: officeHoursOverrideSchema.nullish(),
  requireValidSignature: z.boolean().default(false),
  acceptUncheckedRevocation: z.boolean().default(false),
  requireSignatureOnDispatch: z.boolean().default(false),
  unreadable: z.enum(['register', 'quarantine']).nullish(),
  alertTo: z.array(emailAddress).default([]),
  authservIds: z.array(z.string().trim().regex(/^[A-Za-z0-9.-]+$/, 'must be a host name (the authserv-id of RFC 8601)')).default([]),
  /** How documents are presented, handed to units and followed up (src/workflow/settings.ts). */
  workflow: workflowSchema.nullish(),
});

export const agencyInput = agencyFields.extend({ code: agencyCode });
export type AgencyInput = z.input<typeof agencyInput>;

/**
 * The same fields, each optional and without its default: a patch names only what changes. (Zod 4
 * applies a field's default even inside `.partial()`, so a patch of the name alone would reset the
 * units, aliases and policies to their defaults; measured, test/unit/agency/patch.test.ts.)
 */
export const agencyPatch = z.strictObject(
  Object.fromEntries(Object.entries(agencyFields.shape).map(([k, s]) => [k, (s instanceof z.ZodDefault ? (s.unwrap() as z.ZodType) : s).optional()])) as {
    [K in keyof typeof agencyFields.shape]: z.ZodOptional<(typeof agencyFields.shape)[K] extends z.ZodDefault<infer T> ? T : (typeof agencyFields.shape)[K]>;
  },
);
export type AgencyPatch = z.input<typeof agencyPatch>;

export interface Unit {
  code: string;
  kind: 'unit' | 'person';
  name: string;
  address: string | null;
  aliases: string[];
}

export interface Agency {
  code: string;
  name: string;
  address: string;
  addresses: string[];
  dispatchAddress: string | null;
  parentCode: string | null;
  units: Unit[];
  officeHours: z.infer<typeof officeHoursOverrideSchema> | null;
  requireValidSignature: boolean;
  acceptUncheckedRevocation: boolean;
  requireSignatureOnDispatch: boolean;
  /** What to do with a document whose text cannot be read; null: config/policy.json decides. */
  unreadable: 'register' | 'quarantine' | null;
  alertTo: string[];
  authservIds: string[];
  workflow: WorkflowSettings | null;
}

/**
 * A unit written on one line, as the CLI, the CSV import and the console take it:
 * `[CODE |] Name [<address>] [| alias, alias]`, e.g. `KH | Phòng Kế hoạch <kh@x.gov.vn> | P.KH, Phòng KH`.
 * A name starting with "anh", "chị", "đ/c", "PGĐ", "Phó Giám đốc" or "Giám đốc" is a person.
 */
export function parseUnitText(text: string): { code?: string; kind: 'unit' | 'person'; name: string; address?: string; aliases: string[] } {
  const parts = text.split('|').map((p) => p.trim());
  let code: string | undefined;
  if (parts.length > 1 && /^[A-Za-z0-9_-]{1,16}$/.test(parts[0]!)) code = parts.shift()!.toUpperCase();
  const main = parts.shift() ?? '';
  const aliases = parts.join(',').split(',').map((a) => a.trim()).filter(Boolean);
  const m = /^(.*?)\s*<([^>]+)>$/.exec(main);
  const name = (m ? m[1]! : main).trim();
  const kind = /^(?:anh|chị|chi|đ\/c|d\/c|đồng chí|pgđ|pgd|phó giám đốc|giám đốc|ông|bà)\s/iu.test(name) ? 'person' : 'unit';
  return { ...(code ? { code } : {}), kind, name, ...(m ? { address: m[2]!.trim() } : {}), aliases };
}

/** The one-line form of a unit (parseUnitText reads it back). */
export function unitText(u: Unit): string {
  return [u.code, u.address ? `${u.name} <${u.address}>` : u.name, ...(u.aliases.length ? [u.aliases.join(', ')] : [])].join(' | ');
}

/** Units with codes: those given, and one made from the name for the others. */
export function withCodes(units: ReadonlyArray<{ name: string; address?: string | null; code?: string | null; kind?: 'unit' | 'person' | null; aliases?: string[] | null }>): Unit[] {
  const taken = new Set(units.map((u) => u.code).filter((c): c is string => !!c));
  return units.map((u) => {
    const code = u.code || unitCode(u.name, taken);
    taken.add(code);
    return { code, kind: u.kind ?? 'unit', name: u.name, address: u.address ?? null, aliases: u.aliases ?? [] };
  });
}

export function agencyFromDoc(d: AgencyDoc): Agency {
  return {
    code: d._id,
    name: d.name,
    address: d.address,
    addresses: d.addresses ?? [],
    dispatchAddress: d.dispatchAddress ?? null,
    parentCode: d.parentCode ?? null,
    units: withCodes((d.units ?? []) as Parameters<typeof withCodes>[0]),
    officeHours: (d.officeHours as Agency['officeHours']) ?? null,
    requireValidSignature: d.requireValidSignature ?? false,
    acceptUncheckedRevocation: d.acceptUncheckedRevocation ?? false,
    requireSignatureOnDispatch: d.requireSignatureOnDispatch ?? false,
    unreadable: (d.unreadable as Agency['unreadable']) ?? null,
    alertTo: d.alertTo ?? [],
    authservIds: d.authservIds ?? [],
    workflow: d.workflow ? workflowSchema.parse(d.workflow) : null,
  };
}

/** The database document of a checked agency (null fields left out). */
export function docFromAgency(a: Agency): AgencyDoc {
  const { code, ...rest } = a;
  const doc: Record<string, unknown> = { _id: code };
  for (const [k, v] of Object.entries(rest)) if (v !== null && v !== undefined) doc[k] = v;
  return doc as AgencyDoc;
}

/** Every address that belongs to the agency (official, aliases, dispatch). */
export function addressesOf(a: Pick<Agency, 'address' | 'addresses' | 'dispatchAddress'>): string[] {
  return [...new Set([a.address, ...a.addresses, ...(a.dispatchAddress ? [a.dispatchAddress] : [])])];
}

/** The mail domains that are the agency's own (those of its addresses). */
export function domainsOf(a: Pick<Agency, 'address' | 'addresses' | 'dispatchAddress'>): string[] {
  return [...new Set(addressesOf(a).map((x) => x.split('@')[1]!))];
}
