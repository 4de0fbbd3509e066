// Where a registered document is proposed to go, and to whom it is presented: the agency's
// routing rules, first match wins (by issuing organ, type, words of the subject, urgency); the
// deputy whose fields the subject names, else the head. Pure. The clerk's proposal is what Decree
// 30/2020 Art. 24.1 asks the văn thư to put before the leader; the leader decides.
import { fold } from '../extract/text/fold.js';
import { addDays } from './deadline.js';
import type { Assignment } from './instruction.js';
import type { Leader, RoutingRule, WorkflowSettings } from './settings.js';

export interface DocumentForRouting {
  organName: string | null;
  typeName: string | null;
  subject: string | null;
  urgency: string | null;
  /** A deadline already on the entry (set by the clerk or from the sender's envelope). */
  deadline: string | null;
  /** The local day of the receipt time (YYYY-MM-DD). */
  receivedDay: string;
}

export interface Proposal {
  leader: Leader;
  units: Assignment[];
  deadline: string | null;
  rule: string | null;
}

const norm = (s: string | null | undefined) => fold((s ?? '').normalize('NFC')).replace(/[^a-z0-9]+/g, ' ').trim();
const has = (text: string, words: string) => ` ${text} `.includes(` ${norm(words)} `);

/** Hỏa tốc, Thượng khẩn, Khẩn (Decree 30/2020 Art. 24.1: presented at once). */
export function isUrgent(urgency: string | null): boolean {
  return !!urgency && /^(khan|thuong khan|hoa toc)$/.test(norm(urgency));
}

export function ruleMatches(r: RoutingRule, d: DocumentForRouting): boolean {
  if (r.organ && !has(norm(d.organName), r.organ)) return false;
  if (r.type && norm(d.typeName) !== norm(r.type)) return false;
  if (r.keywords.length && !r.keywords.some((k) => has(norm(d.subject), k))) return false;
  if (r.urgent !== undefined && r.urgent !== isUrgent(d.urgency)) return false;
  return !!(r.organ || r.type || r.keywords.length || r.urgent !== undefined);
}

/** The proposal for a document; null when the agency names no leader to present to. */
export function propose(s: Pick<WorkflowSettings, 'leaders' | 'rules'>, d: DocumentForRouting): Proposal | null {
  const head = s.leaders[0];
  if (!head) return null;
  const rule = s.rules.find((r) => ruleMatches(r, d)) ?? null;
  const byField = s.leaders.slice(1).find((l) => l.fields.some((f) => has(norm(d.subject), f)));
  const leader = (rule?.leader && s.leaders.find((l) => l.address === rule.leader)) || byField || head;
  return {
    leader,
    units: rule ? rule.units.map((u) => ({ code: u.code, role: u.role })) : [],
    deadline: d.deadline ?? (rule?.days ? addDays(d.receivedDay, rule.days) : null),
    rule: rule ? (rule.name ?? `rule ${s.rules.indexOf(rule) + 1}`) : null,
  };
}
