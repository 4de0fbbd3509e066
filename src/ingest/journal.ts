// Every stage a message goes through is appended to its record, so an administrator can answer
// "what became of the mail that arrived at 9:14?" (see `vanthu messages`).
import type { CoreModels, MessageDoc } from '../store/models.js';

export async function recordStage(
  models: CoreModels,
  messageKey: string,
  stage: string,
  set: Partial<MessageDoc> = {},
  detail?: unknown,
): Promise<void> {
  await models.Message.updateOne(
    { _id: messageKey },
    { $set: set, $push: { stages: { stage, at: new Date(), detail } } },
  );
}
