// Shared settings of the property-based fuzz tests (test/unit/fuzz). CI runs every property with a
// fixed seed so that a red run can be repeated exactly; FC_SEED picks another seed, FUZZ_RUNS runs
// longer by hand (`FUZZ_RUNS=20000 npx vitest run test/unit/fuzz`). On a failure fast-check prints
// the seed, the path and the shrunk counterexample; `FC_SEED=<seed>` replays it.
import fc from 'fast-check';
import { expect } from 'vitest';

const seedEnv = process.env.FC_SEED;
/** The default seed: any fixed number would do; this one is issue 15's. */
export const FUZZ_SEED = seedEnv !== undefined && seedEnv !== '' ? Number(seedEnv) : 15_2026;
if (!Number.isInteger(FUZZ_SEED)) throw new Error(`FC_SEED must be an integer, got ${JSON.stringify(seedEnv)}`);

const runsEnv = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : null;
if (runsEnv !== null && !(Number.isInteger(runsEnv) && runsEnv > 0)) throw new Error(`FUZZ_RUNS must be a positive integer, got ${JSON.stringify(process.env.FUZZ_RUNS)}`);

/** A test's time limit: the unit project's 30 s, none worth the name when running longer by hand. */
export const FUZZ_TIMEOUT = runsEnv ? 24 * 3_600_000 : 30_000;

console.info(`fuzz: fast-check seed ${FUZZ_SEED} (FC_SEED to change)${runsEnv ? `, FUZZ_RUNS=${runsEnv}` : ''}`);

/**
 * Check a property with the fixed seed. `runs` is what CI does (kept small: the suite shares two
 * cores); with FUZZ_RUNS set, a property runs FUZZ_RUNS / cost times (cost > 1 for properties whose
 * inputs are large, so that a long run of all of them takes comparable time each).
 */
export function check<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts>, runs: number, cost = 1): void {
  fc.assert(property, { seed: FUZZ_SEED, numRuns: numRuns(runs, cost) });
}

/** The same for an async property. */
export async function checkAsync<Ts extends [unknown, ...unknown[]]>(property: fc.IAsyncProperty<Ts>, runs: number, cost = 1): Promise<void> {
  await fc.assert(property, { seed: FUZZ_SEED, numRuns: numRuns(runs, cost) });
}

const numRuns = (runs: number, cost: number): number => (runsEnv ? Math.max(runs, Math.round(runsEnv / cost)) : runs);

/**
 * Run `fn` and assert it returned within a time bound that grows with the input: `baseMs` plus
 * `msPerKb` per kilobyte. The bounds are loose (two cores shared by several test runs: linear
 * work ran 5-10 times slower than on a quiet machine), yet a quadratic scan of 200 KB (8-90 s
 * before the fixes) misses them by one to two orders of magnitude.
 */
export function withinTime<T>(inputLength: number, fn: () => T, msPerKb = 5, baseMs = 250): T {
  const start = performance.now();
  const out = fn();
  const ms = performance.now() - start;
  const bound = baseMs + (msPerKb * inputLength) / 1024;
  expect(ms, `took ${ms.toFixed(0)} ms on ${inputLength} characters (bound ${bound.toFixed(0)} ms)`).toBeLessThan(bound);
  return out;
}

/** Adversarial text: one short piece repeated until the text is about `size` characters long,
 *  optionally between a prefix and a suffix (the shapes that make backtracking regexes quadratic). */
export function repeated(piece: string, size: number, prefix = '', suffix = ''): string {
  return prefix + piece.repeat(Math.max(1, Math.floor(size / Math.max(1, piece.length)))) + suffix;
}
