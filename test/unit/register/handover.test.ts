// What survives the wipe of a secret document (Decision 36 Art. 11.5): what identifies it and what
// the refusal to its sender needs, never its subject, text, signer, recipients or file names.
import { describe, expect, it } from 'vitest';
import { identityOf, wipedAnalysis } from '../../../src/register/handover.js';

const analysis = {
  metadata: {
    organName: 'UBND tỉnh Long An', codeNumber: '12', codeNotation: 'UBND-NC', codeRaw: '12/UBND-NC', typeName: 'Công văn', issuedDate: '2026-03-01', secrecy: 'Mật',
    subject: 'V/v nội dung mật', signer: { position: 'Chủ tịch', fullName: 'Nguyễn Văn A' }, recipients: ['Sở Nội vụ'], place: 'Long An',
    evidence: { subject: { text: 'V/v nội dung mật', confidence: 1, source: 'text' } },
  },
  metadataSource: 'extraction',
  extractError: null,
  signatures: [{ file: 'mat.pdf', overall: { indication: 'PASSED' }, signatures: [{ signer: 'Nguyễn Văn A' }] }],
  attachments: [{ filename: 'ke-hoach-mat.pdf', contentType: 'application/pdf', size: 10 }],
  sender: 'vanthu@ubnd.longan.test',
  senderMessageId: '<a@ubnd>',
  senderReferences: '<r@ubnd>',
  arrivalInstant: new Date('2026-03-02T02:00:00Z'),
  envelope: { fromOrganId: '000.00.00.H41', documentId: '000.00.00.H41,2026/03/01,12/UBND-NC', dueDate: '2026-04-01', receivers: [{ organId: 'x', organName: 'y' }] },
  decision: { action: 'quarantine', reasonVi: 'Văn bản mật', reasonEn: 'secret' },
  mayAutoAnswer: true,
};

describe('the wiped analysis', () => {
  it('keeps what the refusal (StatusCode 02) and the tombstone need', () => {
    const w = wipedAnalysis(analysis);
    expect(w).toEqual({
      wiped: true,
      metadata: { organName: 'UBND tỉnh Long An', codeNumber: '12', codeNotation: 'UBND-NC', codeRaw: '12/UBND-NC', typeName: 'Công văn', issuedDate: '2026-03-01', secrecy: 'Mật' },
      sender: 'vanthu@ubnd.longan.test',
      senderMessageId: '<a@ubnd>',
      senderReferences: '<r@ubnd>',
      envelope: { fromOrganId: '000.00.00.H41', documentId: '000.00.00.H41,2026/03/01,12/UBND-NC', dueDate: null, receivers: [] },
      decision: { action: 'quarantine', reasonVi: 'Văn bản mật', reasonEn: 'secret' },
      mayAutoAnswer: true,
      arrivalInstant: analysis.arrivalInstant,
    });
    const text = JSON.stringify(w);
    for (const gone of ['nội dung mật', 'Nguyễn Văn A', 'Sở Nội vụ', 'ke-hoach-mat.pdf']) expect(text).not.toContain(gone);
  });

  it('is the same when applied twice (a wipe that is finished later), and copes with nothing', () => {
    expect(wipedAnalysis(wipedAnalysis(analysis))).toEqual(wipedAnalysis(analysis));
    expect(wipedAnalysis(undefined)).toMatchObject({ wiped: true, metadata: {}, sender: null, envelope: null });
    expect(identityOf(null)).toEqual({});
  });
});
