// What the ingest stage does with each kind of message: the wiring between ingestion,
// registration and the receipts of dispatch. A document that reaches an agency's dispatch
// mailbox is a clerk's request to send it; anywhere else it is an incoming document.
import type { IngestHandlers } from '../ingest/process.js';
import { analyseDocument } from '../register/analyse.js';
import { handleReceipt } from '../receipts/handle.js';
import { handleDispatchRequest } from '../dispatch/request.js';
import { handleWorkflowReply } from '../workflow/reply.js';

export function ingestHandlers(): IngestHandlers {
  const document: NonNullable<IngestHandlers['document']> = async (ctx, key, raw, c) => {
    const msg = await ctx.models.Message.findById(key, { mailboxId: 1 }).lean();
    const mailbox = msg ? await ctx.models.Mailbox.findById(msg.mailboxId, { role: 1 }).lean() : null;
    if (mailbox?.role === 'dispatch') return handleDispatchRequest(ctx, key, raw, c);
    return analyseDocument(ctx, key, raw, c);
  };
  return {
    document,
    receipt: (ctx, key, raw, c) => handleReceipt(ctx, key, raw, c),
    // A message that names a workflow id we did not make (or not for this mailbox) is whatever
    // else it is: a document goes on to registration, anything else is left alone.
    workflow: async (ctx, key, raw, c) => {
      const r = await handleWorkflowReply(ctx, key, raw, c);
      if (r !== 'not ours') return r;
      return c.kind === 'document' ? document(ctx, key, raw, c) : 'ignored';
    },
  };
}
