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
 * The fields given, each optional and without its default: Zod 4 fills a default even inside
 * `.partial()`, which made a patch of one field reset the others (units, addresses, policies).
 */
export const agencyPatch = z.strictObject(
  Object.fromEntries(Object.entries(agencyFields.shape).map(([k, s]) => [k, (s instanceof z.ZodDefault ? (s.unwrap() as z.ZodType) : s).optional()])),
) as unknown as ReturnType<typeof agencyFields.partial>;
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
