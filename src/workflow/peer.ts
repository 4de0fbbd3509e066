// A document that came from a peer service with an edXML envelope (QCVN 102:2016) names its
// sender's organ and DocumentId; the sender is then told the handling statuses the standard has
// codes for: 04 assigned (phân công), 05 being processed, 06 completed. Sent once per code, as the
// same Status part the acknowledgements carry (src/register/ack-compose.ts). Documents from plain
// mail get no such message: their sender has no service to read it.
import { composeAck, type AckInput } from '../register/ack-compose.js';
import type { AppContext } from '../runtime/context.js';
import { sendOnce, workflowMessageId } from './mail.js';
import { domainOf } from '../dispatch/ids.js';
import { handlings, mailDeps, type Entry } from './engine.js';

export type PeerCode = '04' | '05' | '06';

export async function peerStatus(ctx: AppContext, e: Entry, code: PeerCode): Promise<'sent' | 'not a peer' | 'already told'> {
  if (!e.sender || !(e.senderOrganId || e.documentId)) return 'not a peer';
  const agency = await ctx.agencies.get(e.agencyCode);
  if (!agency) return 'not a peer';
  const store = handlings(ctx);
  if ((await store.get(e._id))?.events.some((x) => x.event === 'peerTold' && x.key === `peer:${code}`)) return 'already told';
  const messageId = workflowMessageId(ctx.secrets, 'peer', e._id, code, domainOf(agency.address));
  const input: AckInput = {
    statusCode: code,
    agency: { code: agency.code, name: agency.name, address: agency.address },
    to: e.sender,
    inReplyTo: (e.senderMessageId as string | undefined) ?? null,
    references: (e.senderReferences as string | undefined) ?? null,
    metadata: (e.metadata ?? {}) as AckInput['metadata'],
    senderOrganId: e.senderOrganId ?? null,
    documentId: e.documentId ?? null,
    arrivalNumber: e.arrivalNumber,
    receiptTime: new Date(e.receiptTime),
    reasonVi: null,
    reasonEn: null,
    messageId,
    instanceId: ctx.cfg.instanceId,
    now: new Date(),
  };
  const mail = composeAck(input);
  await sendOnce(
    mailDeps(ctx, agency.code),
    { messageId, entryId: e._id, agencyCode: agency.code, purpose: 'peer', to: e.sender },
    mail,
  );
  await store.record(e._id, [{ event: 'peerTold', at: new Date(), by: 'system', key: `peer:${code}`, detail: { statusCode: code, to: e.sender, messageId } }]);
  return 'sent';
}
