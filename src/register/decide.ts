// The policy decision for an incoming document, pure: quarantine secret content (Decision 36
// Art. 6.4, 11.5), refuse what fails its checks (Decree 30 Art. 21.2b: bad signature, wrong
// recipient), otherwise register. Reasons in Vietnamese for the sender's clerk, English for logs.
import type { DocumentMetadata, PolicyDecision } from '../extract/index.js';

export type Decision =
  | { action: 'register' }
  | { action: 'refuse' | 'quarantine'; reasonVi: string; reasonEn: string };

export interface DecisionInput {
  metadata: DocumentMetadata;
  secrecy: PolicyDecision;
  /** The overall indication of each signed file (PASSED / FAILED / INDETERMINATE). */
  signatures: string[];
  requireValidSignature: boolean;
  /** The recipients named by an edXML envelope, or null when there was none. */
  edxmlRecipients: string[] | null;
  agencyCode: string;
  agencyName: string | null;
  hasArrival: boolean;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase().replace(/\s+/g, ' ').trim();

export function decide(i: DecisionInput): Decision {
  if (!i.secrecy.allowed) return { action: 'quarantine', reasonVi: i.secrecy.reason, reasonEn: i.secrecy.reasonEn };
  if (i.signatures.some((s) => s === 'FAILED')) {
    return {
      action: 'refuse',
      reasonVi: 'Văn bản không được tiếp nhận: chữ ký số không hợp lệ (văn bản đã bị thay đổi hoặc chữ ký sai).',
      reasonEn: 'refused: a digital signature failed verification',
    };
  }
  if (i.requireValidSignature && !i.signatures.some((s) => s === 'PASSED')) {
    return {
      action: 'refuse',
      reasonVi: 'Văn bản không được tiếp nhận: cơ quan yêu cầu văn bản có chữ ký số hợp lệ nhưng không kiểm tra được chữ ký nào hợp lệ.',
      reasonEn: 'refused: the agency requires a valid digital signature and none verified',
    };
  }
  if (i.edxmlRecipients && i.edxmlRecipients.length > 0) {
    const mine = [i.agencyCode, i.agencyName].filter((x): x is string => !!x).map(fold);
    const named = i.edxmlRecipients.map(fold);
    if (!named.some((n) => mine.some((m) => n.includes(m) || m.includes(n)))) {
      return {
        action: 'refuse',
        reasonVi: `Văn bản không được tiếp nhận: văn bản gửi nhầm nơi nhận (nơi nhận ghi: ${i.edxmlRecipients.join('; ')}).`,
        reasonEn: `refused: addressed to another organ (${i.edxmlRecipients.join('; ')})`,
      };
    }
  }
  if (!i.hasArrival) {
    return { action: 'refuse', reasonVi: 'Không xác định được thời điểm nhận văn bản.', reasonEn: 'refused: no arrival time (no INTERNALDATE nor Received header)' };
  }
  return { action: 'register' };
}
