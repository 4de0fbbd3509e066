// The `vanthu calendar` command end to end, through bin/vanthu.mjs (tsx from source).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../../bin/vanthu.mjs', import.meta.url));

function vanthu(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'calendar', ...args], {
    encoding: 'utf8',
    env: { ...process.env, VANTHU_FROM_SOURCE: '1', VANTHU_HOLIDAYS_FILE: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('vanthu calendar', () => {
  it('receipt-time prints the +07:00 receipt time', () => {
    const r = vanthu('receipt-time', '2025-01-24T17:30:00+07:00');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('2025-02-03T07:00:00+07:00  (adjusted: after office hours)');
  });

  it('receipt-time --json echoes the arrival in +07:00 form', () => {
    const r = vanthu('receipt-time', '2025-01-27T01:00:00Z', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      arrival: '2025-01-27T08:00:00+07:00',
      receiptTime: '2025-02-03T07:00:00+07:00',
      adjusted: true,
      reason: 'public holiday: Tết Nguyên Đán',
    });
  });

  it('refuses an instant without a time zone with exit code 2', () => {
    const r = vanthu('receipt-time', '2025-01-27T08:00:00', '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr)).toEqual({ error: 'instant has no time zone: 2025-01-27T08:00:00 (add Z or an offset such as +07:00)', code: 'INVALID_INPUT' });
  });

  it('show --json lists the year’s special days', () => {
    const r = vanthu('show', '--year', '2025', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { year: number; days: Array<{ date: string; kind: string }> };
    expect(out.year).toBe(2025);
    expect(out.days.map((d) => `${d.date} ${d.kind}`)).toEqual(
      expect.arrayContaining(['2025-01-27 holiday', '2025-04-26 working-saturday', '2025-05-02 day-off', '2025-09-01 holiday']),
    );
    expect(out.days).toHaveLength(13);
  });

  it('show refuses a year outside the range', () => {
    const r = vanthu('show', '--year', '2200');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('year 2200 is outside the supported years 1990–2100');
  });
});
