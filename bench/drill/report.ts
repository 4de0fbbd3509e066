// The drill's table: one row per scenario with exactly the keys issue 15 names, printed and
// written to bench/out/drill.json; the findings behind the numbers go to drill-findings.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Check, Finding } from './checks.js';

export interface Row {
  scenario: string;
  runs: number;
  messages: number;
  lost: number;
  duplicated: number;
  gaps: number;
  journalMismatches: number;
  errors: number;
}

export interface ScenarioTally {
  scenario: string;
  runs: number;
  messages: number;
  /** Set when the scenario could not be run here (the row is then all zeros, with this said). */
  skipped?: string;
}

const CHECKS: Check[] = ['lost', 'duplicated', 'gaps', 'journalMismatches', 'errors'];

/** Rows from the scenarios' tallies and the findings (attributed by run; `scenarioOf` maps a run to its scenario). */
export function tabulate(tallies: readonly ScenarioTally[], findings: readonly Finding[], scenarioOf: (run: string | null) => string): Row[] {
  const rows = new Map<string, Row>(tallies.map((t) => [t.scenario, { scenario: t.scenario, runs: t.runs, messages: t.messages, lost: 0, duplicated: 0, gaps: 0, journalMismatches: 0, errors: 0 }]));
  for (const f of findings) {
    const name = scenarioOf(f.run);
    if (!rows.has(name)) rows.set(name, { scenario: name, runs: 0, messages: 0, lost: 0, duplicated: 0, gaps: 0, journalMismatches: 0, errors: 0 });
    rows.get(name)![f.check]++;
  }
  return [...rows.values()];
}

export function formatTable(rows: readonly Row[], skipped: readonly ScenarioTally[] = []): string {
  const head = ['scenario', 'runs', 'messages', ...CHECKS];
  const cells = rows.map((r) => [r.scenario + (skipped.find((s) => s.scenario === r.scenario)?.skipped ? ' (skipped)' : ''), ...head.slice(1).map((k) => String(r[k as keyof Row]))]);
  const total = ['total', ...head.slice(1).map((k) => String(rows.reduce((a, r) => a + (r[k as keyof Row] as number), 0)))];
  const all = [head, ...cells, total];
  const w = head.map((_, i) => Math.max(...all.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...cells.map(line), w.map((n) => '-'.repeat(n)).join('  '), line(total)].join('\n');
}

export function writeReport(dir: string, rows: readonly Row[], detail: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'drill.json'), JSON.stringify(rows, null, 2) + '\n');
  writeFileSync(join(dir, 'drill-findings.json'), JSON.stringify(detail, null, 2) + '\n');
}
