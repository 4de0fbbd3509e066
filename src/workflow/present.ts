// Trình: a registered document is presented to the leader by e-mail (Decree 30/2020 Art. 24.1:
// the same day it is received; urgent ones — Hỏa tốc, Thượng khẩn, Khẩn — at once). The routing
// slip carries the register's facts and the proposal; the original documents go with it unchanged.
// Non-urgent documents registered before the agency's `presentAt` wait for it (one batch a day);
// those registered after it go at once, so that nothing waits for the next day.
import type { AppContext } from '../runtime/context.js';
import { slipMail } from './compose.js';
import { activeWorkflow, factsOf, handlings, originalFiles, sendWorkflowMail, targetsOf, vnDay, vnInstant, type Entry } from './engine.js';
import { isUrgent, propose } from './route.js';

export type PresentResult = { done: string } | { waitUntil: Date };

export async function presentEntry(ctx: AppContext, entryId: string, now = new Date()): Promise<PresentResult> {
  const e = (await ctx.models.Incoming.findById(entryId).lean()) as Entry | null;
  if (!e) return { done: 'no such entry' };
  const agency = await ctx.agencies.get(e.agencyCode);
  const wf = activeWorkflow(agency);
  if (!agency || !wf) return { done: 'the agency has no workflow' };
  const store = handlings(ctx);
  const before = await store.get(entryId);
  if (before?.events.some((x) => x.event === 'presented')) return { done: 'already presented' };
  // A clerk who entered the leader's instruction himself (given on paper) needs no slip.
  if (before && before.state !== 'waiting') return { done: `already ${before.state}` };

  const md = (e.metadata ?? {}) as Record<string, string | null>;
  const urgent = isUrgent(md.urgency ?? null);
  const batch = vnInstant(vnDay(now), wf.presentAt);
  if (!urgent && now < batch && new Date(e.receiptTime) < batch) return { waitUntil: batch };

  const proposal = propose(wf, { organName: md.organName ?? null, typeName: md.typeName ?? null, subject: md.subject ?? null, urgency: md.urgency ?? null, deadline: e.deadline ?? null, receivedDay: vnDay(new Date(e.receiptTime)) })!;
  const units = targetsOf(agency);
  const base = { agencyCode: e.agencyCode, year: e.year, arrivalNumber: e.arrivalNumber, leader: proposal.leader.address, proposal: { units: proposal.units, deadline: proposal.deadline, rule: proposal.rule } };
  await store.record(entryId, [{ event: 'proposed', at: now, by: 'system', key: 'proposed', detail: { leader: proposal.leader.address, units: proposal.units, deadline: proposal.deadline, rule: proposal.rule } }], base);

  const facts = factsOf(e, agency.name);
  const mail = slipMail(facts, { leaderName: proposal.leader.name, leaderTitle: proposal.leader.title, proposal: proposal.units, deadline: proposal.deadline, units, paper: e.source === 'paper' });
  const sent = await sendWorkflowMail(ctx, agency, entryId, { purpose: 'present', part: 'slip', to: proposal.leader.address, ...mail, attachments: await originalFiles(ctx, e) });
  await store.record(entryId, [{ event: 'presented', at: new Date(), by: 'system', key: 'presented', detail: { to: proposal.leader.address, messageId: sent.messageId, urgent } }]);
  return { done: sent.result === 'sent' ? 'presented' : 'already sent' };
}
