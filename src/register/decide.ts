// The policy decision for an incoming document, pure: quarantine secret content (Decision 36
// Art. 6.4, 11.5), refuse what fails its checks (Decree 30 Art. 21.2b: bad signature, wrong
// recipient), otherwise register. Reasons in Vietnamese for the sender's clerk, English for logs.
import type { DocumentMetadata, PolicyDecision } from '../extract/index.js';
import { ERROR_VI } from '../extract/types.js';

export type Decision =
  | { action: 'register'; noteVi?: string; noteEn?: string }
  | { action: 'refuse' | 'quarantine'; reasonVi: string; reasonEn: string };

/** The verdict on one signed file (the message itself for S/MIME). */
export interface SignatureVerdict {
  file: string | null;
  indication: string;
  subIndication?: string | null;
}

/** What policy.json says about a document whose text could not be read. */
export interface UnreadableRule {
  action: 'register' | 'quarantine';
  note: { vi: string; en: string };
  held: { vi: string; en: string };
}

export interface DecisionInput {
  metadata: DocumentMetadata;
  secrecy: PolicyDecision;
  /** The overall verdict of each signed file (PASSED / FAILED / INDETERMINATE). */
  signatures: SignatureVerdict[];
  /** Why the document's text could not be read (so its secrecy is unknown), or null. */
  unreadable: { code: string; message: string } | null;
  unreadableRule: UnreadableRule | null;
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

const fill = (t: string, reason: string) => t.replace(/\{reason\}/g, reason);

/** The policy's Vietnamese wording with the error code, and what the code means in words. */
const fillVi = (t: string, code: string) => {
  const words = (ERROR_VI as Record<string, string>)[code];
  return words ? `${fill(t, code)} Lý do: ${words}.` : fill(t, code);
};

/** "hop-dong.pdf: HASH_FAILURE" — which file and what went wrong, for both languages. */
const named = (v: SignatureVerdict) => `${v.file ?? 'thư'}${v.subIndication ? `: ${v.subIndication}` : ''}`;

export function decide(i: DecisionInput): Decision {
  if (!i.secrecy.allowed) return { action: 'quarantine', reasonVi: i.secrecy.reason, reasonEn: i.secrecy.reasonEn };
  if (i.unreadable && i.unreadableRule?.action === 'quarantine') {
    return { action: 'quarantine', reasonVi: fillVi(i.unreadableRule.held.vi, i.unreadable.code), reasonEn: fill(i.unreadableRule.held.en, i.unreadable.message) };
  }
  const failed = i.signatures.filter((s) => s.indication === 'FAILED');
  if (failed.length) {
    return {
      action: 'refuse',
      reasonVi: `chữ ký số không hợp lệ — văn bản đã bị thay đổi sau khi ký hoặc chữ ký sai (${failed.map(named).join('; ')}).`,
      reasonEn: `a digital signature failed verification (${failed.map(named).join('; ')})`,
    };
  }
  if (i.requireValidSignature && !i.signatures.some((s) => s.indication === 'PASSED')) {
    const seen = i.signatures.length ? ` Kết quả kiểm tra: ${i.signatures.map((s) => `${named(s)} (${s.indication})`).join('; ')}.` : ' Văn bản không có chữ ký số.';
    return {
      action: 'refuse',
      reasonVi: `cơ quan yêu cầu văn bản có chữ ký số hợp lệ nhưng không xác nhận được chữ ký nào.${seen}`,
      reasonEn: `the agency requires a valid digital signature and none verified (${i.signatures.map((s) => `${named(s)} ${s.indication}`).join('; ') || 'no signature'})`,
    };
  }
  if (i.addressedTo && i.addressedTo.length > 0 && !addressedToUs(i.addressedTo, i.agencyCode, i.agencyName)) {
    const to = i.addressedTo.map((o) => [o.organName, o.organId && `mã ${o.organId}`].filter(Boolean).join(', ')).join('; ');
    return {
      action: 'refuse',
      reasonVi: `văn bản gửi nhầm nơi nhận (thư gửi cho: ${to}).`,
      reasonEn: `addressed to another organ (${to})`,
    };
  }
  if (!i.hasArrival) {
    return { action: 'refuse', reasonVi: 'không xác định được thời điểm nhận văn bản.', reasonEn: 'no arrival time (no INTERNALDATE nor Received header)' };
  }
  if (i.unreadable && i.unreadableRule) return { action: 'register', noteVi: fillVi(i.unreadableRule.note.vi, i.unreadable.code), noteEn: fill(i.unreadableRule.note.en, i.unreadable.message) };
  return { action: 'register' };
}
