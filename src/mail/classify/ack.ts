// Acknowledgements from a peer vanthu instance. The marker is the pair defined in status-xml.ts:
// header `X-VanThu-Ack: 1` and a top-level part of type application/vnd.vanthu.status+xml. Either
// half is enough to classify (a relay may strip headers; a part of that type is unmistakable);
// a missing or invalid half is reported in errors rather than hidden.
import { normalizeMessageId } from '../parse.js';
import { findParts, header, type MimePart } from './mime-walk.js';
import { safeParseStatusXml, STATUS_CONTENT_TYPE, type VanThuStatus } from './status-xml.js';

export interface AckResult {
  status: VanThuStatus | null;
  originalMessageId: string | null;
  errors: string[];
  reasons: string[];
}

/** Null when neither marker is present. */
export function detectAck(root: MimePart): AckResult | null {
  const hdr = header(root, 'x-vanthu-ack')?.trim() ?? null;
  const headerMark = hdr !== null && /^(?:1|yes|true)$/i.test(hdr);
  const part = findParts(root, STATUS_CONTENT_TYPE)[0];
  if (!headerMark && !part) return null;
  const errors: string[] = [];
  const reasons: string[] = [];
  if (headerMark) reasons.push(`X-VanThu-Ack: ${hdr}`);
  else errors.push('acknowledgement status part present but the X-VanThu-Ack header is missing');
  let status: VanThuStatus | null = null;
  if (part) {
    reasons.push(`${STATUS_CONTENT_TYPE} part`);
    const r = safeParseStatusXml(part.body);
    if (r.ok) status = r.status;
    else errors.push(`acknowledgement status part is invalid: ${r.error}`);
  } else errors.push(`X-VanThu-Ack header present but no ${STATUS_CONTENT_TYPE} part`);
  return {
    status,
    originalMessageId: normalizeMessageId(status?.originalMessageId) ?? normalizeMessageId(header(root, 'in-reply-to')),
    errors,
    reasons,
  };
}
