// Scores the classifier against the hand-labelled receipts corpus (test/corpus/receipts). Shared by
// the corpus test and by anyone who wants the figures without vitest:
//   npx tsx test/unit/classify/receipts-score.ts [--failures] [--held-out]   (held-out hidden unless asked)
// A message earns one point per labelled field it gets right: its kind, its original Message-ID,
// and for each labelled recipient its presence, action and status. A recipient the classifier
// invents (not in the label) costs a point, so reading more addresses than are there is not free.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { classifyMessageSync, type Classification, type ClassifyContext } from '../../../src/mail/classify/index.js';

export const RECEIPTS_DIR = join(import.meta.dirname, '../../corpus/receipts');

export interface ReceiptLabel {
  system: string;
  heldOut: boolean;
  kind: string;
  originalMessageId?: string | null;
  recipients?: { address: string; action: string; status: string }[];
}

export interface MessageScore {
  file: string;
  system: string;
  heldOut: boolean;
  points: number;
  total: number;
  misses: string[];
  got: Classification;
}

export function loadLabels(): { context: ClassifyContext; messages: Record<string, ReceiptLabel> } {
  return JSON.parse(readFileSync(join(RECEIPTS_DIR, 'labels.json'), 'utf8')) as { context: ClassifyContext; messages: Record<string, ReceiptLabel> };
}

export function corpusFiles(dir = RECEIPTS_DIR): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? corpusFiles(p) : name.endsWith('.eml') ? [relative(RECEIPTS_DIR, p)] : [];
    })
    .sort();
}

export function scoreMessage(file: string, label: ReceiptLabel, context: ClassifyContext): MessageScore {
  const got = classifyMessageSync(readFileSync(join(RECEIPTS_DIR, file)), context);
  const misses: string[] = [];
  let points = 0;
  let total = 0;
  const check = (ok: boolean, what: string) => {
    total++;
    if (ok) points++;
    else misses.push(what);
  };
  check(got.kind === label.kind, `kind: expected ${label.kind}, got ${got.kind}`);
  if ('originalMessageId' in label) {
    const original = 'originalMessageId' in got ? got.originalMessageId : null;
    check(original === label.originalMessageId, `originalMessageId: expected ${label.originalMessageId}, got ${original}`);
  }
  if (label.recipients) {
    const recipients = got.kind === 'delivery-report' ? got.recipients : [];
    for (const want of label.recipients) {
      const r = recipients.find((x) => x.address === want.address);
      check(!!r, `recipient ${want.address}: missing`);
      check(r?.action === want.action, `recipient ${want.address}: action expected ${want.action}, got ${r?.action}`);
      check(r?.status === want.status, `recipient ${want.address}: status expected ${want.status}, got ${r?.status} (${r?.statusSource})`);
    }
    for (const r of recipients) if (!label.recipients.some((w) => w.address === r.address)) check(false, `recipient ${r.address}: not in the report`);
  }
  return { file, system: label.system, heldOut: label.heldOut, points, total, misses, got };
}

export interface Tally {
  messages: number;
  points: number;
  total: number;
  accuracy: number;
}

export function tally(scores: MessageScore[]): Tally {
  const points = scores.reduce((a, s) => a + s.points, 0);
  const total = scores.reduce((a, s) => a + s.total, 0);
  return { messages: scores.length, points, total, accuracy: total ? points / total : 1 };
}

export function scoreCorpus() {
  const { context, messages } = loadLabels();
  const scores = corpusFiles().filter((f) => f in messages).map((f) => scoreMessage(f, messages[f]!, context));
  const systems = [...new Set(scores.map((s) => s.system))].sort();
  const bySystem = Object.fromEntries(systems.map((sys) => [sys, tally(scores.filter((s) => s.system === sys))]));
  return {
    scores,
    bySystem,
    overall: tally(scores),
    development: tally(scores.filter((s) => !s.heldOut)),
    heldOut: tally(scores.filter((s) => s.heldOut)),
  };
}

const pct = (t: Tally) => `${(t.accuracy * 100).toFixed(1)}% (${t.points}/${t.total} fields, ${t.messages} messages)`;

/** With showHeldOut false, only the development set is shown (for use while improving the recogniser). */
export function formatReport(r: ReturnType<typeof scoreCorpus>, showHeldOut = true): string {
  const bySystem = showHeldOut ? r.bySystem : Object.fromEntries(Object.keys(r.bySystem).map((sys) => [sys, tally(r.scores.filter((s) => s.system === sys && !s.heldOut))]));
  const lines = Object.entries(bySystem).map(([sys, t]) => `  ${sys.padEnd(14)} ${pct(t)}`);
  const totals = showHeldOut ? [`  overall        ${pct(r.overall)}`, `  development    ${pct(r.development)}`, `  held-out       ${pct(r.heldOut)}`] : [`  development    ${pct(r.development)}`];
  return [`receipts corpus accuracy by system${showHeldOut ? '' : ' (development set only)'}:`, ...lines, ...totals].join('\n');
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const r = scoreCorpus();
  const heldOut = process.argv.includes('--held-out');
  console.log(formatReport(r, heldOut));
  if (process.argv.includes('--failures')) for (const s of r.scores) if (s.misses.length && (heldOut || !s.heldOut)) console.log(`\n${s.file}${s.heldOut ? ' (held-out)' : ''}\n  ${s.misses.join('\n  ')}`);
}
