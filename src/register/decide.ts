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
  /**
   * The organs a peer service addressed this copy to (its edXML envelope's To), or null when the
   * message is not a peer's dispatch. Only such an envelope proves a wrong recipient: the
   * document's own distribution list (ToPlaces) names everyone, and a clerk's forward carries the
   * envelope made for someone else.
   */
  addressedTo: { organId: string | null; organName: string | null }[] | null;
  agencyCode: string;
  agencyName: string | null;
  hasArrival: boolean;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase().replace(/\s+/g, ' ').trim();

/** By organ code when the envelope gives codes (exact); by name otherwise (diacritics ignored). */
function addressedToUs(to: { organId: string | null; organName: string | null }[], code: string, name: string | null): boolean {
  const withId = to.filter((o) => o.organId);
  if (withId.length > 0) return withId.some((o) => o.organId!.trim().toUpperCase() === code.trim().toUpperCase());
  const mine = [name].filter((x): x is string => !!x).map(fold);
  return to.some((o) => {
    const n = fold(o.organName ?? '');
    return n !== '' && mine.some((m) => n === m || n.includes(m) || m.includes(n));
  });
}

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
  if (i.addressedTo && i.addressedTo.length > 0 && !addressedToUs(i.addressedTo, i.agencyCode, i.agencyName)) {
    const named = i.addressedTo.map((o) => [o.organName, o.organId && `mã ${o.organId}`].filter(Boolean).join(', ')).join('; ');
    return {
      action: 'refuse',
      reasonVi: `Văn bản không được tiếp nhận: văn bản gửi nhầm nơi nhận (thư gửi cho: ${named}).`,
      reasonEn: `refused: addressed to another organ (${named})`,
    };
  }
  if (!i.hasArrival) {
    return { action: 'refuse', reasonVi: 'Không xác định được thời điểm nhận văn bản.', reasonEn: 'refused: no arrival time (no INTERNALDATE nor Received header)' };
  }
  return { action: 'register' };
}
