import { describe, expect, it } from 'vitest';
import {
  unrecordedEvidence,
  ackEnvelopeId,
  ackEnvelopeIdFromMessageId,
  ackEnvelopeIdsIn,
  ackEvidenceOf,
  ackMessageId,
  ackSettings,
  isAckEnvelopeId,
  nextAckStep,
  type AckEvidence,
} from '../../../src/register/ack-state.js';
import { isEnvelopeId, envidFromMessageId } from '../../../src/dispatch/ids.js';
import { classifyMessageSync } from '../../../src/mail/classify/index.js';

const S = { inDoubtGraceMs: 600_000, inDoubtRecheckMs: 15_000 };
const t0 = new Date('2026-12-03T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const report = (action: string): AckEvidence => ({ receipt: 'mb:abc', kind: 'delivery-report', action, status: action === 'failed' ? '5.1.1' : '2.0.0', diagnostic: null, at: t0 });

describe('acknowledgement ids', () => {
  it('gives each acknowledgement an ENVID that its Message-ID maps back to, and that no delivery id can be', () => {
    const cases = [
      ['03', 'in-0123456789abcdef01234567'],
      ['01', '0123456789abcdef01234567'],
      ['02', 'fedcba987654321001234567'],
    ] as const;
    for (const [code, id] of cases) {
      const envid = ackEnvelopeId(code, id);
      expect(isAckEnvelopeId(envid)).toBe(true);
      expect(isEnvelopeId(envid)).toBe(false);
      expect(envid.length).toBeLessThanOrEqual(100); // RFC 3461 §4.4
      const mid = ackMessageId(code, id, 'vanthu-1', 'stttt.longan.test');
      expect(ackEnvelopeIdFromMessageId(mid, 'vanthu-1')).toBe(envid);
      expect(envidFromMessageId(mid, 'vanthu-1')).toBeNull();
    }
    expect(ackMessageId('03', 'in-ab', 'i', 'd.test')).toBe('<ack.in-ab.i@d.test>');
    expect(ackMessageId('01', 'ab', 'i', 'd.test')).toBe('<received.ab.i@d.test>');
    expect(ackMessageId('02', 'ab', 'i', 'd.test')).toBe('<refusal.ab.i@d.test>');
  });

  it('does not take another instance\'s acknowledgement, a delivery, or anything else for ours', () => {
    expect(ackEnvelopeIdFromMessageId('<ack.in-ab.other@d.test>', 'vanthu-1')).toBeNull();
    expect(ackEnvelopeIdFromMessageId('<dmx1abc.0.vanthu-1@d.test>', 'vanthu-1')).toBeNull();
    expect(ackEnvelopeIdFromMessageId('<other.x.vanthu-1@d.test>', 'vanthu-1')).toBeNull();
    expect(ackEnvelopeIdFromMessageId('<ack..vanthu-1@d.test>', 'vanthu-1')).toBeNull();
    expect(ackEnvelopeIdFromMessageId(null, 'vanthu-1')).toBeNull();
    expect(isAckEnvelopeId('dmx1abc.0')).toBe(false);
    expect(isAckEnvelopeId('a04.x')).toBe(false);
  });

  it('alerts and failure notices: a message key in the Message-ID becomes a short hashed ENVID, the same both ways', () => {
    const key = 'mb-1:0123456789abcdef'.repeat(4).replace(/[^A-Za-z0-9.-]/g, '');
    for (const kind of ['alert', 'failed'] as const) {
      const envid = ackEnvelopeId(kind, key);
      expect(envid).toMatch(kind === 'alert' ? /^aal\.h[0-9a-f]{24}$/ : /^afn\.h[0-9a-f]{24}$/);
      expect(isAckEnvelopeId(envid)).toBe(true);
      expect(ackEnvelopeIdFromMessageId(ackMessageId(kind, key, 'vanthu-1', 'd.test'), 'vanthu-1')).toBe(envid);
    }
    expect(ackEnvelopeId('alert', 'a.b')).not.toBe(ackEnvelopeId('alert', 'a-b'));
  });

  it('an instance id with dots still round-trips', () => {
    expect(ackEnvelopeIdFromMessageId(ackMessageId('03', 'in-ab', 'host.example', 'd.test'), 'host.example')).toBe('a03.in-ab');
  });
});

describe('nextAckStep', () => {
  it('sends when there is no intent, or the last attempt certainly did not reach the relay', () => {
    expect(nextAckStep(null, t0, S)).toEqual({ do: 'send', resend: false });
    expect(nextAckStep({ inFlight: null, evidence: [] }, t0, S)).toEqual({ do: 'send', resend: false });
  });

  it('records without sending once the 250 was recorded', () => {
    expect(nextAckStep({ acceptedAt: t0, inFlight: null }, t0, S)).toEqual({ do: 'record', by: 'relay', evidence: null });
  });

  it('an intent still in flight: waits, first marking when the doubt began, re-checking every recheck', () => {
    const first = nextAckStep({ inFlight: { attempt: 1, startedAt: t0 } }, at(30_000), S);
    expect(first).toEqual({ do: 'wait', inMs: 15_000, since: at(30_000), first: true });
    const later = nextAckStep({ inFlight: { attempt: 1, startedAt: t0 }, inDoubtSince: at(30_000) }, at(200_000), S);
    expect(later).toEqual({ do: 'wait', inMs: 15_000, since: at(30_000), first: false });
    // Near the end of the grace period it comes back just after it.
    const last = nextAckStep({ inFlight: { attempt: 1, startedAt: t0 }, inDoubtSince: t0 }, at(595_000), S);
    expect(last).toEqual({ do: 'wait', inMs: 5_050, since: t0, first: false });
  });

  it('any report resolves the doubt without sending, a bounce too (the relay had it)', () => {
    for (const action of ['relayed', 'delivered', 'delayed', 'failed']) {
      const ev = report(action);
      expect(nextAckStep({ inFlight: { attempt: 1, startedAt: t0 }, inDoubtSince: t0, evidence: [ev] }, at(1000), S)).toEqual({ do: 'record', by: 'report', evidence: ev });
    }
  });

  it('sends again (same Message-ID) only when the grace period is over without a report', () => {
    expect(nextAckStep({ inFlight: { attempt: 1, startedAt: t0 }, inDoubtSince: t0, evidence: [] }, at(600_000), S)).toEqual({ do: 'send', resend: true, waitedMs: 600_000 });
  });

  it('settings: defaults like dispatch, then the configuration, then the caller', () => {
    expect(ackSettings({})).toEqual({ inDoubtGraceMs: 600_000, inDoubtRecheckMs: 15_000 });
    expect(ackSettings({ acknowledgements: { inDoubtGraceMs: 5000 } }, { inDoubtRecheckMs: 200 })).toEqual({ inDoubtGraceMs: 5000, inDoubtRecheckMs: 200 });
  });
});

/** A Postfix-style DSN (RFC 3464) about one acknowledgement, with its headers returned (RET=HDRS). */
function dsn(o: { envid: string | null; ackMid: string; to: string; action: string; status: string }): Buffer {
  return Buffer.from(
    [
      'From: MAILER-DAEMON@relay.longan.test (Mail Delivery System)',
      'To: vanthu@stttt.longan.test',
      'Subject: Successful Mail Delivery Report',
      'Message-ID: <20261203080000.ABC@relay.longan.test>',
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain',
      '',
      'This is the mail system at host relay.longan.test.',
      '',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; relay.longan.test',
      ...(o.envid ? [`Original-Envelope-Id: ${o.envid}`] : []),
      '',
      `Final-Recipient: rfc822; ${o.to}`,
      `Original-Recipient: rfc822;${o.to}`,
      `Action: ${o.action}`,
      `Status: ${o.status}`,
      `Diagnostic-Code: smtp; ${o.action === 'failed' ? '550 5.1.1 User unknown' : '250 2.0.0 Saved'}`,
      '',
      '--B',
      'Content-Type: text/rfc822-headers',
      '',
      'From: So TT <vanthu@stttt.longan.test>',
      `To: ${o.to}`,
      `Message-ID: ${o.ackMid}`,
      'Auto-Submitted: auto-replied',
      '',
      '--B--',
      '',
    ].join('\r\n'),
  );
}

describe('reports about an acknowledgement', () => {
  const mid = ackMessageId('03', 'in-0123456789abcdef01234567', 'vanthu-1', 'stttt.longan.test');
  const envid = ackEnvelopeId('03', 'in-0123456789abcdef01234567');

  it('a success DSN is read as a delivery report naming the acknowledgement by ENVID and by Message-ID', () => {
    const c = classifyMessageSync(dsn({ envid, ackMid: mid, to: 'sender@ubnd.longan.test', action: 'relayed', status: '2.0.0' }));
    expect(c.kind).toBe('delivery-report');
    expect(ackEnvelopeIdsIn(c, [], 'vanthu-1')).toEqual([envid]);
    // Without the ENVID (a relay that drops it), the returned Message-ID still finds it.
    const bare = classifyMessageSync(dsn({ envid: null, ackMid: mid, to: 'sender@ubnd.longan.test', action: 'relayed', status: '2.0.0' }));
    expect(ackEnvelopeIdsIn(bare, [mid], 'vanthu-1')).toEqual([envid]);
    const ev = ackEvidenceOf(c, 'Sender@ubnd.longan.test', 'mb:dsn1', t0);
    expect(ev).toEqual([{ receipt: 'mb:dsn1', kind: 'delivery-report', action: 'relayed', status: '2.0.0', diagnostic: '250 2.0.0 Saved', at: t0 }]);
  });

  it('a failure DSN is evidence too, and says bounced', () => {
    const c = classifyMessageSync(dsn({ envid, ackMid: mid, to: 'gone@ubnd.longan.test', action: 'failed', status: '5.1.1' }));
    const ev = ackEvidenceOf(c, 'gone@ubnd.longan.test', 'mb:dsn2', t0);
    expect(ev.map((e) => [e.action, e.status])).toEqual([['failed', '5.1.1']]);
  });

  it('a report about a delivery is not about an acknowledgement', () => {
    const c = classifyMessageSync(dsn({ envid: 'dmx1abc.0', ackMid: '<dmx1abc.0.vanthu-1@stttt.longan.test>', to: 'x@ubnd.longan.test', action: 'relayed', status: '2.0.0' }));
    expect(ackEnvelopeIdsIn(c, ['<dmx1abc.0.vanthu-1@stttt.longan.test>'], 'vanthu-1')).toEqual([]);
  });
});

describe('unrecordedEvidence', () => {
  const ev = (receipt: string, action: string) => ({ receipt, kind: 'delivery-report' as const, action, status: null, diagnostic: null, at: new Date(0) });
  it('keeps only the reports not yet recorded: the same report read twice counts once, another action of it is new', () => {
    const had = [ev('m1', 'relayed')];
    expect(unrecordedEvidence(had, [ev('m1', 'relayed'), ev('m1', 'failed'), ev('m2', 'relayed')])).toEqual([ev('m1', 'failed'), ev('m2', 'relayed')]);
    expect(unrecordedEvidence([], [ev('m1', 'relayed')])).toEqual([ev('m1', 'relayed')]);
    expect(unrecordedEvidence(had, [ev('m1', 'relayed')])).toEqual([]);
  });
});
