// An agency's procedure for passing documents on (Decision 36 Art. 7.2, 8.2; Decree 30/2020 Art.
// 23–24), as data the administrator edits: whom documents are presented to (the head, deputies by
// field), the units and people they go to (the agency's `units`), routing rules that propose where
// a document goes, and the schedule (the daily batch of non-urgent slips, reminders, the digest).
import { z } from 'zod';
import { fold } from '../extract/text/fold.js';

const email = z
  .string()
  .trim()
  .regex(/^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/, 'must be an email address')
  .transform((s) => s.toLowerCase());
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day like 16:00');
const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,16}$/, 'must be 1–16 letters, digits, - or _')
  .transform((s) => s.toUpperCase());

export const leaderSchema = z.strictObject({
  name: z.string().trim().min(1),
  /** "Giám đốc", "Phó Giám đốc": printed on the slip. */
  title: z.string().trim().min(1).default('Thủ trưởng'),
  address: email,
  /** Words of the fields a deputy is in charge of: a document whose subject has one is presented to him. */
  fields: z.array(z.string().trim().min(1)).default([]),
});

export const ruleSchema = z.strictObject({
  /** A short name for the rule, shown with the proposal. */
  name: z.string().trim().min(1).optional(),
  /** Matches when the issuing organ's name contains this (marks and case ignored). */
  organ: z.string().trim().min(1).optional(),
  /** Matches when the document's type is this (Công văn, Quyết định, …). */
  type: z.string().trim().min(1).optional(),
  /** Matches when the subject contains any of these words (marks and case ignored). */
  keywords: z.array(z.string().trim().min(1)).default([]),
  /** Matches only urgent documents (Hỏa tốc, Thượng khẩn, Khẩn) when true, only others when false. */
  urgent: z.boolean().optional(),
  /** Present to this leader (address) instead of the one the fields choose. */
  leader: email.optional(),
  units: z.array(z.strictObject({ code, role: z.enum(['lead', 'support', 'informed']).default('lead') })).min(1),
  /** Proposed time limit in days after the receipt, when the document sets none. */
  days: z.number().int().min(1).max(365).optional(),
});

export const workflowSchema = z.strictObject({
  enabled: z.boolean().default(true),
  leaders: z.array(leaderSchema).default([]),
  rules: z.array(ruleSchema).default([]),
  /** Non-urgent documents registered before this local time are presented at it, the same day (Decree 30 Art. 24.1). */
  presentAt: clock.default('15:30'),
  /** The clerk's and leaders' daily digest, on working days. */
  digestAt: clock.default('07:30'),
  /** Reminders to the unit this many working days before the deadline, and on the day after it, then every `remindEveryDays`. */
  remindBeforeDays: z.number().int().min(0).max(30).default(2),
  remindEveryDays: z.number().int().min(1).max(30).default(2),
  /** Who receives the clerk's digest; empty: the agency's official address. */
  clerks: z.array(email).default([]),
});

export type Leader = z.output<typeof leaderSchema>;
export type RoutingRule = z.output<typeof ruleSchema>;
export type WorkflowSettings = z.output<typeof workflowSchema>;
export type WorkflowInput = z.input<typeof workflowSchema>;

export const DEFAULT_WORKFLOW: WorkflowSettings = workflowSchema.parse({ enabled: false });

/**
 * A code for a unit the administrator gave none: the initials of its name after "Phòng"/"Ban"
 * ("Phòng Kế hoạch - Đầu tư" → KHDT), made unique with a digit.
 */
export function unitCode(name: string, taken: ReadonlySet<string>): string {
  const words = fold(name.normalize('NFC')).split(/[^a-z0-9]+/).filter(Boolean);
  const rest = words[0] === 'phong' || words[0] === 'ban' ? words.slice(1) : words;
  const base = (rest.map((w) => w[0]).join('').toUpperCase() || 'DV').slice(0, 12);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}
