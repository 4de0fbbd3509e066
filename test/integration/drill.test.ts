// The reduced drill (`npm run drill -- --reduced`) in CI: the same code as the full drill on its
// own private stack (ports 6790/27517/1543/2824/2925 under /tmp/vanthu-drill-ci): two kill -9
// runs, one service restart (Redis), an IMAP connection cut mid-FETCH, a relay answering 451 then
// 250, and the hostile-mail set, ~50 messages in all. Nothing may be lost, stored or numbered or
// acknowledged twice, no number skipped, and every journal must agree with the register and the
// sender's mailbox. The drill stops its stack itself, even when it fails.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drillOptions } from '../../bench/drill/options.js';
import { runDrill } from '../../bench/drill/run.js';
import { formatTable } from '../../bench/drill/report.js';

// On the developer's private stack when VANTHU_CONFIG names one (options.ts), else on the CI ports.
const o = drillOptions(['--reduced'], { DRILL_SEED: process.env.DRILL_SEED, VANTHU_CONFIG: process.env.VANTHU_CONFIG });

afterAll(() => {
  // Belt and braces: nothing of the drill's stack may outlive the test.
  const env: NodeJS.ProcessEnv = { ...process.env, VANTHU_CONFIG: join(o.root, 'config.json') };
  delete env.MONGODB_URI;
  delete env.REDIS_URL;
  delete env.VANTHU_HOME;
  spawnSync('node', ['bin/vanthu.mjs', 'stack', 'down'], { env, stdio: 'ignore' });
});

describe('drill (reduced)', () => {
  it('kill -9, a service restart, an IMAP cut, 4xx then 250 and hostile mail: 0 lost, 0 duplicated, 0 gaps, 0 journal mismatches', async () => {
    const r = await runDrill(o, () => undefined);
    const table = formatTable(r.rows, r.tallies);
    const findings = r.findings.filter((f) => f.check !== 'errors').map((f) => `[${f.check} ${f.run ?? '-'}] ${f.what}`);
    const why = `seed ${r.seed}\n${table}\n${r.notes.join('\n')}\n${findings.slice(0, 20).join('\n')}`;
    expect(r.rows.reduce((a, x) => a + x.messages, 0), why).toBeGreaterThanOrEqual(40);
    expect(r.rows.map((x) => x.scenario)).toEqual(expect.arrayContaining(['restart redis', 'IMAP drop mid-FETCH', 'relay 4xx then 250', 'hostile mail']));
    expect(r.rows.filter((x) => x.scenario.startsWith('kill -9')).reduce((a, x) => a + x.runs, 0)).toBe(2);
    expect(r.summary.imapCuts, why).toBeGreaterThan(0);
    const total = (k: 'lost' | 'duplicated' | 'gaps' | 'journalMismatches') => r.rows.reduce((a, x) => a + x[k], 0);
    expect({ lost: total('lost'), duplicated: total('duplicated'), gaps: total('gaps'), journalMismatches: total('journalMismatches') }, why).toEqual({ lost: 0, duplicated: 0, gaps: 0, journalMismatches: 0 });
  }, 300_000);
});
