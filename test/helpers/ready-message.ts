// A message as ingest leaves it for the registrar: stored, analysed, decided "register". Lets the
// registration tests number thousands of documents without mailing each one.
import { createHash } from 'node:crypto';
import { emptyMetadata } from '../../src/extract/index.js';

export interface ReadyMessageOptions {
  agencyCode: string;
  mailboxId: string;
  seq: number;
  arrival: Date;
  messageId?: string;
  /** Number and notation of the document; default: the seq and "UBND-<mailbox>". */
  code?: [string, string];
  organ?: string;
  mayAutoAnswer?: boolean;
}

export function readyMessage(o: ReadyMessageOptions) {
  const key = `${o.mailboxId}:${String(o.seq).padStart(64, '0')}`;
  return {
    _id: key,
    mailboxId: o.mailboxId,
    agencyCode: o.agencyCode,
    folder: 'INBOX',
    uidValidity: '1',
    uid: o.seq,
    seq: o.seq,
    // A real digest of something unique: ids derived from its first characters (the envelope id
    // and Message-ID of an acknowledgement) must differ between messages, as they do for real ones.
    sha256: createHash('sha256').update(key).digest('hex'),
    size: 100,
    internalDate: o.arrival,
    messageId: o.messageId ?? `${o.mailboxId}.${o.seq}@test`,
    state: 'ready',
    stages: [],
    analysis: {
      metadata: {
        ...emptyMetadata(),
        codeNumber: o.code?.[0] ?? String(o.seq),
        codeNotation: o.code?.[1] ?? `UBND-${o.mailboxId}`,
        organName: o.organ ?? 'UBND TỈNH LONG AN',
        typeName: 'Công văn',
        subject: `V/v số ${o.seq}`,
      },
      metadataSource: 'message',
      extractError: null,
      signatures: [],
      attachments: [],
      sender: 'vanthu@ubnd.longan.test',
      senderMessageId: `<${o.mailboxId}.${o.seq}@test>`,
      senderReferences: null,
      arrivalInstant: o.arrival,
      arrivalSource: 'internaldate',
      decision: { action: 'register' },
      mayAutoAnswer: o.mayAutoAnswer ?? false,
    },
  };
}
