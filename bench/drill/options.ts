// The drill's settings: sizes from the environment or flags, the private stack's ports and
// folders, and a seeded random source so that a run can be repeated (the seed is printed).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from '../../test/helpers/seeded.js';

export { rng };

export interface StackPorts {
  redisPort: number;
  mongoPort: number;
  imapPort: number;
  lmtpPort: number;
  smtpPort: number;
}

export interface DrillOptions {
  /** Folder of the private stack's config, home, raw store and IMAP proxy. */
  root: string;
  ports: StackPorts;
  /**
   * A private stack's config file (VANTHU_CONFIG) to run on: its home, ports and settings, instead
   * of the drill's own (`root`/home and FULL_PORTS or REDUCED_PORTS). Null for the drill's own.
   */
  baseConfig: string | null;
  /** Its home, where the stack runs (null: `root`/home). */
  home: string | null;
  /** Kill -9 runs, spread over the five worker kinds. */
  killRuns: number;
  /** Documents delivered over all kill runs (the other scenarios add their own few). */
  messages: number;
  /** Recipients dispatched to over all kill runs. */
  recipients: number;
  /** Documents per fault scenario (service restarts, IMAP drop, relay 4xx, disk full). */
  perFault: number;
  /** Which service restarts to do (all four in the full drill). */
  restarts: readonly ServiceName[];
  hostile: boolean;
  diskFull: boolean;
  seed: number;
  /** How long the flow may take to settle in all before what is missing counts as lost. */
  settleMs: number;
  /** How long it may go without any progress before it is taken as stuck. */
  stallMs: number;
  /**
   * An acknowledgement in doubt waits this long for the relay's report before it is sent again
   * (register/ack-state.ts): the production default (10 min) in the full drill; in the reduced one
   * less than its settle cap, so that one whose report can never come (killed before the relay had
   * it) is resent within the test's budget.
   */
  ackGraceMs: number | null;
  /**
   * How long a killed worker's jobs stay locked (workers.jobLockMs): production's 30 s in the full
   * drill, 10 s in the reduced one, whose every kill otherwise waits out the lock in CI's budget.
   */
  jobLockMs: number | null;
  quiet: boolean;
}

export const SERVICES = ['redis', 'ferretdb', 'dovecot', 'postfix'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const FULL_PORTS: StackPorts = { redisPort: 6590, mongoPort: 27317, imapPort: 1343, lmtpPort: 2624, smtpPort: 2725 };
/** The CI test's stack: other ports, so that it never meets a full drill running beside it. */
export const REDUCED_PORTS: StackPorts = { redisPort: 6790, mongoPort: 27517, imapPort: 1543, lmtpPort: 2824, smtpPort: 2925 };

function num(v: string | undefined, dflt: number): number {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a whole number, got "${v}"`);
  return n;
}

/** Options from `process.argv`-style flags and DRILL_* variables; `--reduced` is the CI size. */
export function drillOptions(argv: readonly string[], env: NodeJS.ProcessEnv): DrillOptions {
  const reduced = argv.includes('--reduced') || env.DRILL_REDUCED === '1';
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const restarts = (flag('restarts') ?? env.DRILL_RESTARTS ?? (reduced ? 'redis' : SERVICES.join(','))).split(',').filter(Boolean);
  for (const r of restarts) if (!(SERVICES as readonly string[]).includes(r)) throw new Error(`unknown service "${r}" (one of ${SERVICES.join(', ')})`);
  // With VANTHU_CONFIG (a helper's or a developer's private stack) the drill runs on that stack:
  // two drills, or a drill and somebody's tests, must never share the fixed ports.
  const base = env.VANTHU_CONFIG ? privateStackOf(env.VANTHU_CONFIG) : null;
  return {
    root: flag('root') ?? env.DRILL_ROOT ?? (base ? join(base.home, reduced ? 'drill-ci' : 'drill') : reduced ? '/tmp/vanthu-drill-ci' : '/tmp/vanthu-drill'),
    ports: base?.ports ?? (reduced ? REDUCED_PORTS : FULL_PORTS),
    baseConfig: env.VANTHU_CONFIG ?? null,
    home: base?.home ?? null,
    killRuns: num(flag('runs') ?? env.DRILL_RUNS, reduced ? 2 : 20),
    messages: num(flag('messages') ?? env.DRILL_MESSAGES, reduced ? 24 : 1000),
    recipients: num(flag('recipients') ?? env.DRILL_RECIPIENTS, reduced ? 4 : 200),
    perFault: num(flag('per-fault') ?? env.DRILL_PER_FAULT, reduced ? 6 : 20),
    restarts: restarts as ServiceName[],
    hostile: !(argv.includes('--no-hostile') || env.DRILL_HOSTILE === '0'),
    diskFull: !(argv.includes('--no-disk-full') || env.DRILL_DISK_FULL === '0') && !reduced,
    seed: num(flag('seed') ?? env.DRILL_SEED, Date.now() % 2 ** 31),
    settleMs: num(env.DRILL_SETTLE_MS, reduced ? 150_000 : 2_400_000),
    stallMs: num(env.DRILL_STALL_MS, reduced ? 60_000 : 180_000),
    ackGraceMs: env.DRILL_ACK_GRACE_MS ? num(env.DRILL_ACK_GRACE_MS, 0) : reduced ? 30_000 : null,
    jobLockMs: env.DRILL_JOB_LOCK_MS ? num(env.DRILL_JOB_LOCK_MS, 0) : reduced ? 10_000 : null,
    quiet: argv.includes('--quiet'),
  };
}

/** The home and ports of the private stack a config file describes. */
function privateStackOf(file: string): { home: string; ports: StackPorts } {
  const c = JSON.parse(readFileSync(file, 'utf8')) as { home?: string; stack?: Partial<StackPorts> };
  const s = c.stack ?? {};
  if (!c.home || !s.redisPort || !s.mongoPort || !s.imapPort || !s.lmtpPort || !s.smtpPort) throw new Error(`${file}: a drill on it needs "home" and stack.redisPort, mongoPort, imapPort, lmtpPort and smtpPort`);
  return { home: c.home, ports: { redisPort: s.redisPort, mongoPort: s.mongoPort, imapPort: s.imapPort, lmtpPort: s.lmtpPort, smtpPort: s.smtpPort } };
}

/** `n` items spread as evenly as possible over `parts` (the first ones get the remainder). */
export function spread(n: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(n / parts) + (i < n % parts ? 1 : 0));
}
