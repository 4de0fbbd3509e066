// The six-monthly report's figures (Decision 36 Art. 14.1e): half-years by Vietnam time, what
// counts where, and the timings (arrival → registration, registration → acknowledgement).
import { describe, expect, it } from 'vitest';
import { computeHalfYearReport, halfYearBounds, reportRows, reportTitle, timing, type ReportInput } from '../../../src/register/report.js';

const at = (s: string) => new Date(s);

function input(over: Partial<ReportInput> = {}): ReportInput {
  return { agencyCode: 'A', agencyName: 'Sở Thông tin và Truyền thông', year: 2026, half: 1, entries: [], refused: [], quarantine: [], outgoing: [], deliveries: [], ...over };
}

describe('halfYearBounds', () => {
  it('starts and ends each half at midnight in Vietnam (UTC+7)', () => {
    expect(halfYearBounds(2026, 1)).toEqual({ start: at('2025-12-31T17:00:00Z'), end: at('2026-06-30T17:00:00Z') });
    expect(halfYearBounds(2026, 2)).toEqual({ start: at('2026-06-30T17:00:00Z'), end: at('2026-12-31T17:00:00Z') });
  });
});

describe('timing', () => {
  it('gives the mean and the median (of an even count, the middle two averaged), one decimal', () => {
    expect(timing([])).toEqual({ count: 0, averageMinutes: null, medianMinutes: null });
    expect(timing([10, 1, 4])).toEqual({ count: 3, averageMinutes: 5, medianMinutes: 4 });
    expect(timing([1, 2, 3, 10])).toEqual({ count: 4, averageMinutes: 4, medianMinutes: 2.5 });
    expect(timing([1, 1, 2])).toEqual({ count: 3, averageMinutes: 1.3, medianMinutes: 1 });
  });
});

describe('computeHalfYearReport', () => {
  const entry = (o: Partial<ReportInput['entries'][number]> & { receiptTime: Date }) => ({ source: 'email', arrivalInstant: o.receiptTime, registeredAt: o.receiptTime, ...o });

  it('counts incoming entries by receipt time in Vietnam time, split electronic and paper', () => {
    const r = computeHalfYearReport(
      input({
        entries: [
          // 1 January 00:30 in Vietnam is still 31 December in UTC: it belongs to this half.
          entry({ receiptTime: at('2025-12-31T17:30:00Z') }),
          entry({ receiptTime: at('2026-03-02T02:00:00Z'), source: 'paper' }),
          entry({ receiptTime: at('2026-03-03T02:00:00Z'), duplicateOf: 'x', unreadable: true }),
          // 1 July 00:10 in Vietnam: the second half.
          entry({ receiptTime: at('2026-06-30T17:10:00Z') }),
          entry({ receiptTime: at('2025-12-31T16:59:00Z') }),
        ],
      }),
    );
    expect(r.period).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(r.incoming).toMatchObject({ registered: 3, electronic: 2, paper: 1, duplicates: 1, unreadable: 1 });
  });

  it('counts refusals by arrival (else storage), holds by kind, and acknowledgements sent', () => {
    const r = computeHalfYearReport(
      input({
        half: 2,
        entries: [entry({ receiptTime: at('2026-08-01T02:00:00Z'), ack: { state: 'sent', sentAt: at('2026-08-01T02:05:00Z') } }), entry({ receiptTime: at('2026-08-01T03:00:00Z'), ack: { state: 'failed' } })],
        refused: [{ internalDate: at('2026-07-02T01:00:00Z') }, { internalDate: null, createdAt: at('2026-09-01T01:00:00Z') }, { internalDate: at('2026-06-30T16:00:00Z'), createdAt: at('2026-07-01T01:00:00Z') }],
        quarantine: [
          { kind: 'secret', createdAt: at('2026-07-05T01:00:00Z'), handedOverAt: at('2026-07-05T03:00:00Z') },
          { kind: 'secret', createdAt: at('2026-07-06T01:00:00Z') },
          { kind: 'unreadable', createdAt: at('2026-07-07T01:00:00Z'), releasedAt: at('2026-07-07T02:00:00Z') },
          { kind: 'unreadable', createdAt: at('2026-05-07T01:00:00Z') },
        ],
      }),
    );
    expect(r.incoming.refused).toBe(2);
    expect(r.incoming.quarantined).toEqual({ total: 3, secret: 2, unreadable: 1, secretHandedOver: 1, unreadableReleased: 1 });
    expect(r.incoming.acknowledgementsSent).toBe(1);
  });

  it('counts outgoing documents by channel and state, and the failed and refused deliveries of those only', () => {
    const r = computeHalfYearReport(
      input({
        outgoing: [
          { _id: 'o1', source: 'api', state: 'sent', createdAt: at('2026-02-01T02:00:00Z') },
          { _id: 'o2', source: 'email', state: 'partly-failed', createdAt: at('2026-02-02T02:00:00Z') },
          { _id: 'o3', source: 'console', state: 'failed', createdAt: at('2026-02-03T02:00:00Z') },
          { _id: 'o4', source: 'cli', state: 'sent', createdAt: at('2026-08-03T02:00:00Z') },
        ],
        deliveries: [
          { docId: 'o1', state: 'registered' },
          { docId: 'o2', state: 'failed' },
          { docId: 'o2', state: 'refused' },
          { docId: 'o3', state: 'failed' },
          { docId: 'o4', state: 'failed' },
        ],
      }),
    );
    expect(r.outgoing).toEqual({
      sent: 3,
      byChannel: { api: 1, cli: 0, email: 1, console: 1 },
      byState: { sending: 0, sent: 1, 'partly-failed': 1, failed: 1 },
      deliveries: 4,
      deliveriesFailed: 2,
      deliveriesRefused: 1,
    });
  });

  it('times registration from arrival in the system (not the office-hours receipt time) and acknowledgement from registration', () => {
    const r = computeHalfYearReport(
      input({
        entries: [
          // Arrived at 22:00 in Vietnam, registered at once; its receipt time is moved to the next morning.
          { source: 'email', arrivalInstant: at('2026-03-02T15:00:00Z'), receiptTime: at('2026-03-03T00:00:00Z'), registeredAt: at('2026-03-02T15:02:00Z'), ack: { state: 'sent', sentAt: at('2026-03-02T15:03:00Z') } },
          { source: 'email', arrivalInstant: at('2026-03-04T02:00:00Z'), receiptTime: at('2026-03-04T02:00:00Z'), registeredAt: at('2026-03-04T02:04:00Z'), ack: { state: 'sent', sentAt: at('2026-03-04T02:10:00Z') } },
          { source: 'paper', arrivalInstant: at('2026-03-05T01:00:00Z'), receiptTime: at('2026-03-05T01:00:00Z'), registeredAt: at('2026-03-05T04:00:00Z') },
        ],
      }),
    );
    expect(r.timing.registrationElectronic).toEqual({ count: 2, averageMinutes: 3, medianMinutes: 3 });
    expect(r.timing.registrationPaper).toEqual({ count: 1, averageMinutes: 180, medianMinutes: 180 });
    expect(r.timing.registration).toEqual({ count: 3, averageMinutes: 62, medianMinutes: 4 });
    expect(r.timing.acknowledgement).toEqual({ count: 2, averageMinutes: 3.5, medianMinutes: 3.5 });
  });
});

describe('the printed report', () => {
  it('names the agency and the period in Vietnamese, and prints every figure', () => {
    const r = computeHalfYearReport(input({ half: 2, entries: [{ source: 'paper', arrivalInstant: at('2026-08-01T02:00:00Z'), receiptTime: at('2026-08-01T02:00:00Z'), registeredAt: at('2026-08-01T02:30:00Z') }] }));
    const [title, sub] = reportTitle(r);
    expect(title).toBe('BÁO CÁO TÌNH HÌNH SỬ DỤNG VĂN BẢN ĐIỆN TỬ 6 THÁNG CUỐI NĂM 2026');
    expect(sub).toContain('Sở Thông tin và Truyền thông');
    expect(sub).toContain('từ ngày 01/07/2026 đến ngày 31/12/2026');
    const rows = reportRows(r);
    expect(rows.find((x) => x[0] === '1.2')).toEqual(['1.2', 'Văn bản giấy', '1', '']);
    expect(rows.find((x) => x[0] === '7.3')?.[2]).toBe('30 / 30');
    expect(rows.find((x) => x[0] === '7.2')?.[2]).toBe(''); // no electronic document: no figure, not "0"
    expect(rows.filter((x) => x[0].startsWith('5.')).map((x) => x[0])).toEqual(['5.1', '5.2', '5.3', '5.4']);
  });
});

describe('the handling after registration (issue 16)', () => {
  type Ev = { event: string; at: string; detail?: Record<string, unknown> };
  const h = (...events: Ev[]) => ({ events: events.map((e) => ({ by: 'x', ...e, at: at(e.at) })) as never });
  const assign = (when: string, deadline: string | null, units = [{ code: 'KH', role: 'lead' }]) => ({ event: 'instructed', at: when, detail: { kind: 'assign', units, deadline, text: 'Chuyển' } });
  // Half 1 of 2026: 2025-12-31T17:00Z … 2026-06-30T17:00Z.
  const handlings = [
    // Presented and assigned in the period, completed by the lead unit on its deadline's day (Vietnam time): on time.
    h({ event: 'presented', at: '2026-02-02T02:00:00Z' }, assign('2026-02-02T03:00:00Z', '2026-02-20'), { event: 'completed', at: '2026-02-20T16:30:00Z', detail: { code: 'KH' } }),
    // Completed the day after its deadline (01:00 Vietnam on the 21st): late.
    h({ event: 'presented', at: '2026-02-03T02:00:00Z' }, assign('2026-02-03T03:00:00Z', '2026-02-20'), { event: 'completed', at: '2026-02-20T18:00:00Z', detail: { code: 'KH' } }),
    // Completed without a deadline, by the clerk for the document.
    h({ event: 'presented', at: '2026-03-01T02:00:00Z' }, assign('2026-03-01T03:00:00Z', null), { event: 'completed', at: '2026-03-05T02:00:00Z' }),
    // Presented in December 2025, assigned in January: counts as assigned, not as presented; open and overdue at the end.
    h({ event: 'presented', at: '2025-12-30T02:00:00Z' }, assign('2026-01-05T02:00:00Z', '2026-03-01'), { event: 'replyRefused', at: '2026-01-04T02:00:00Z' }, { event: 'replyRefused', at: '2026-01-04T03:00:00Z' }),
    // Filed in the period.
    h({ event: 'presented', at: '2026-04-01T02:00:00Z' }, { event: 'filed', at: '2026-04-01T05:00:00Z', detail: { text: 'Lưu' } }),
    // Assigned, then filed (a later instruction replaces it): filed, not open.
    h({ event: 'presented', at: '2026-04-02T02:00:00Z' }, assign('2026-04-02T03:00:00Z', '2026-04-10'), { event: 'filed', at: '2026-04-03T05:00:00Z', detail: { text: 'Lưu' } }),
    // Open at the end with a deadline after it: open, not overdue; completed in July, which is the next half's.
    // (Open at the end of the half: this one and the waiting one, not overdue; the December one
    // and the last one below, whose lead unit has not finished, overdue.)
    h({ event: 'presented', at: '2026-06-20T02:00:00Z' }, assign('2026-06-20T03:00:00Z', '2026-07-15'), { event: 'completed', at: '2026-07-10T02:00:00Z', detail: { code: 'KH' } }),
    // Presented, waiting for the leader at the end: open, no deadline.
    h({ event: 'presented', at: '2026-06-30T16:30:00Z' }),
    // Everything in the second half only.
    h({ event: 'presented', at: '2026-07-02T02:00:00Z' }, { event: 'replyRefused', at: '2026-07-02T03:00:00Z' }),
    // A support unit's completion does not complete the document.
    h({ event: 'presented', at: '2026-05-01T02:00:00Z' }, assign('2026-05-01T03:00:00Z', '2026-05-20', [{ code: 'KH', role: 'lead' }, { code: 'TC', role: 'support' }]), { event: 'completed', at: '2026-05-10T02:00:00Z', detail: { code: 'TC' } }),
  ];

  it('counts presented, assigned, filed, completed on time / late / without deadline, open and overdue at the end, refused replies', () => {
    const r = computeHalfYearReport(input({ handlings, now: at('2026-12-03T02:00:00Z') }));
    expect(r.workflow).toEqual({
      presented: 8,
      assigned: 7,
      filed: 2,
      completed: { total: 3, onTime: 1, late: 1, withoutDeadline: 1 },
      asOf: '2026-06-30',
      open: 4,
      overdue: 2,
      repliesRefused: 2,
    });
    const rows = reportRows(r);
    expect(rows.find((x) => x[0] === 'IV')![1]).toBe('TRÌNH, CHUYỂN GIAO VÀ THEO DÕI VĂN BẢN ĐẾN');
    expect(rows.find((x) => x[0] === '12.2')).toEqual(['12.2', 'Quá hạn', '1', '']);
    expect(rows.find((x) => x[0] === '13')).toEqual(['13', 'Văn bản còn đang giải quyết', '4', 'Đến ngày 30/06/2026']);
    expect(rows.find((x) => x[0] === '14')![2]).toBe('2');
  });

  it('a period still running counts open and overdue as of now', () => {
    const r = computeHalfYearReport(input({ handlings, now: at('2026-04-02T10:00:00Z') }));
    // Then: the December one (overdue since 1 March) and the one assigned on 2 April (due 10 April) were open; the filed-on-3-April one was not yet filed.
    expect(r.workflow).toMatchObject({ asOf: '2026-04-02', open: 2, overdue: 1 });
    expect(r.workflow.filed).toBe(2); // counted by the period's end, like every "in the period" figure
  });

  it('the second half: the July completion (on time) and the July refusal; no handlings at all gives zeros', () => {
    const r = computeHalfYearReport(input({ half: 2, handlings, now: at('2027-01-10T00:00:00Z') }));
    expect(r.workflow).toMatchObject({ presented: 1, assigned: 0, completed: { total: 1, onTime: 1, late: 0, withoutDeadline: 0 }, repliesRefused: 1, asOf: '2026-12-31' });
    expect(computeHalfYearReport(input()).workflow).toEqual({ presented: 0, assigned: 0, filed: 0, completed: { total: 0, onTime: 0, late: 0, withoutDeadline: 0 }, asOf: '2026-06-30', open: 0, overdue: 0, repliesRefused: 0 });
  });
});
