// `npm run drill` — kill -9 of each worker kind, restarts of Redis, FerretDB, Dovecot and Postfix,
// an IMAP connection cut mid-FETCH, a relay answering 4xx then 250, the data folder's disk full and
// hostile mail, all mid-flow on a PRIVATE local stack (ports 6590/27317/1343/2624/2725 under
// /tmp/vanthu-drill, so the shared stack is never touched); then each message, register entry,
// acknowledgement and delivery is checked against the mailboxes. Prints the table and writes
// bench/out/drill.json (rows: scenario, runs, messages, lost, duplicated, gaps, journalMismatches,
// errors) and bench/out/drill-findings.json (what each count is made of).
// Sizes: DRILL_RUNS (kill runs, 20), DRILL_MESSAGES (1000), DRILL_RECIPIENTS (200), DRILL_PER_FAULT
// (20), DRILL_SEED, DRILL_RESTARTS (redis,ferretdb,dovecot,postfix); --reduced for the CI size.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drillOptions } from './drill/options.js';
import { runDrill } from './drill/run.js';
import { formatTable, writeReport } from './drill/report.js';

const o = drillOptions(process.argv.slice(2), process.env);
const r = await runDrill(o);
console.log(formatTable(r.rows, r.tallies));
for (const n of r.notes) console.log(`note: ${n}`);
const byCheck = (k: string) => r.findings.filter((f) => f.check === k).slice(0, 10).map((f) => `  [${f.run ?? '-'}] ${f.what}`);
for (const k of ['lost', 'duplicated', 'gaps', 'journalMismatches', 'errors']) {
  const ex = byCheck(k);
  if (ex.length) console.log(`${k} (first ${ex.length}):\n${ex.join('\n')}`);
}
console.log(`seed ${r.seed}; ${r.seconds} s`);
const out = join(dirname(fileURLToPath(import.meta.url)), 'out');
writeReport(out, r.rows, { seed: r.seed, seconds: r.seconds, options: { ...o }, notes: r.notes, summary: r.summary, skipped: r.tallies.filter((t) => t.skipped), findings: r.findings, at: new Date().toISOString() });
process.exit(0);
