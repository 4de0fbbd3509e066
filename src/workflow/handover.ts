// Chuyển giao (Decree 30/2020 Art. 24.2): once the leader's instruction is recorded, the document
// goes to each unit or person it names, with the instruction, the unit's role and the deadline,
// the original documents attached unchanged. The unit's reply to that mail is its ký nhận (reply.ts).
// One mail per unit, once: a retried job sends only to those not yet handed the document.
import type { AppContext } from '../runtime/context.js';
import { assignmentText, handoverMail } from './compose.js';
import { signLinkToken, signLinkUrl } from './sign-link.js';
import { activeWorkflow, factsOf, handlings, originalFiles, sendWorkflowMail, type Entry } from './engine.js';

export async function handOver(ctx: AppContext, entryId: string): Promise<string> {
  const store = handlings(ctx);
  const view = await store.get(entryId);
  if (!view || (view.state !== 'assigned' && view.state !== 'in-progress')) return `nothing to hand over (${view?.state ?? 'no handling'})`;
  const e = (await ctx.models.Incoming.findById(entryId).lean()) as Entry | null;
  const agency = e ? await ctx.agencies.get(e.agencyCode) : null;
  if (!e || !agency) return 'no entry';
  const names = agency.units.map((u) => ({ code: u.code, name: u.name }));
  const instruction = view.instruction!;
  const leader = activeWorkflow(agency)?.leaders.find((l) => l.address === instruction.by);
  const by = leader ? `${leader.title} ${leader.name}` : instruction.by;
  let files: Awaited<ReturnType<typeof originalFiles>> | null = null;
  const sent: string[] = [];
  for (const u of view.units.filter((x) => !x.handedOverAt)) {
    const unit = agency.units.find((x) => x.code === u.code);
    if (!unit?.address) {
      // No address: the clerk hands it on paper and records the ký nhận himself.
      ctx.log.warn({ entryId, unit: u.code }, 'unit has no mail address: the document must be handed over on paper');
      continue;
    }
    files ??= await originalFiles(ctx, e);
    const signUrl = ctx.cfg.api.publicUrl ? signLinkUrl(ctx.cfg.api.publicUrl, signLinkToken(ctx.secrets, entryId, u.code)) : null;
    const mail = handoverMail(factsOf(e, agency.name), { unitName: unit.name, role: u.role, instruction: instruction.text, by, deadline: view.deadline, others: assignmentText(view.units, names), signUrl });
    // One mail per instruction and unit: a new instruction (the leader changed his mind) that
    // names the unit again is a new mail.
    const r = await sendWorkflowMail(ctx, agency, entryId, { purpose: 'handover', part: `${u.code}-${instruction.at.getTime?.() ?? new Date(instruction.at).getTime()}`, to: unit.address, unitCode: u.code, ...mail, attachments: files });
    await store.record(entryId, [{ event: 'handedOver', at: new Date(), by: 'system', key: `handover:${r.messageId}`, detail: { code: u.code, to: unit.address, messageId: r.messageId } }]);
    sent.push(u.code);
  }
  return sent.length ? `handed over to ${sent.join(', ')}` : 'nothing new to hand over';
}
