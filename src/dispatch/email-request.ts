// Reading a clerk's dispatch request (a message sent to the agency's dispatch address), pure:
// recipients are the To/Cc addresses other than the dispatch address itself, plus agencies
// named by code in the subject — `[gửi: 000.00.15.H41, 000.00.07.H41]` (also `[gui: …]`,
// `[send: …]`); a clerk-given number may be written `[số: 15]` (also `[so: 15]`). The rest of the
// subject (tags removed) becomes the message subject.
import type { Agency } from '../agency/agency.js';
import { parseAddressList } from '../mail/parse.js';

export interface ParsedRequest {
  recipients: string[];
  /** Agency codes named in the subject that are not configured. */
  unknownCodes: string[];
  number: number | null;
  subject: string | null;
}

const TAG_SEND = /\[\s*(?:gửi|gui|gởi|send)\s*:\s*([^\]]*)\]/giu;
const TAG_NUMBER = /\[\s*(?:số|so|no)\s*:?\s*(\d{1,6})\s*\]/giu;

export function parseDispatchRequest(
  headers: { to: string | null; cc: string | null; subject: string | null },
  dispatchAddress: string,
  agencies: readonly Pick<Agency, 'code' | 'address'>[],
): ParsedRequest {
  const self = dispatchAddress.toLowerCase();
  const listed = [...parseAddressList(headers.to), ...parseAddressList(headers.cc)].map((a) => a.address.toLowerCase()).filter((a) => a && a !== self);
  const subject = (headers.subject ?? '').normalize('NFC');
  const codes = [...subject.matchAll(TAG_SEND)].flatMap((m) => m[1]!.split(/[,;\s]+/)).map((c) => c.trim()).filter(Boolean);
  const unknownCodes: string[] = [];
  for (const code of codes) {
    const a = agencies.find((x) => x.code.toLowerCase() === code.toLowerCase());
    if (a) listed.push(a.address);
    else if (/@/.test(code)) listed.push(code.toLowerCase());
    else unknownCodes.push(code);
  }
  const n = [...subject.matchAll(TAG_NUMBER)][0]?.[1];
  const rest = subject.replace(TAG_SEND, '').replace(TAG_NUMBER, '').replace(/\s+/g, ' ').trim();
  return { recipients: [...new Set(listed)], unknownCodes, number: n ? Number(n) : null, subject: rest || null };
}
