// Runs the fuzz property: a fixed seed and a few hundred cases in `pnpm test`, a long random run in `pnpm fuzz`.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFuzzWorld, fuzzProperty, type FuzzWorld } from './fuzz';

/** `pnpm fuzz` runs this file under the `fuzz` script; everything else is the bounded CI run. */
const LONG_RUN = process.env.npm_lifecycle_event === 'fuzz';
const CI_SEED = 20_261_129;
const CI_RUNS = 400;
const LONG_RUNS = 20_000;

function wholeNumber(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw new Error(`${name} must be a whole number, got ${value}`);
  return Number(value);
}

const seed =
  wholeNumber('PAIL_FUZZ_SEED') ?? (LONG_RUN ? Math.floor(Math.random() * 2 ** 31) : CI_SEED);
const numRuns = wholeNumber('PAIL_FUZZ_RUNS') ?? (LONG_RUN ? LONG_RUNS : CI_RUNS);
/** fast-check's `path` from a failure report: sends that seed's failing request again, to a fresh world. */
const path = process.env.PAIL_FUZZ_PATH || undefined;
const bounded = !LONG_RUN && numRuns === CI_RUNS;

describe('fuzzing every BFF route', () => {
  let world: FuzzWorld;
  beforeAll(async () => {
    world = await createFuzzWorld();
  });
  afterAll(() => world.close());

  it(
    'arbitrary methods, paths, headers, cookies and bodies never get a 5xx of the BFF’s own, a crash, an outbound request off Bitbucket’s origins or a sentinel in the answer',
    async () => {
      if (!bounded) {
        process.stdout.write(
          `fuzz: seed ${seed}, ${numRuns} runs (repeat with PAIL_FUZZ_SEED=${seed})\n`,
        );
      }
      // Stop at the first failure: each case changes the world (sessions end, limits fill), so
      // shrinking would replay cases against a different world than the one that failed.
      const details = await fc.check(fuzzProperty(world), {
        seed,
        numRuns,
        endOnFailure: true,
        ...(path === undefined ? {} : { path }),
      });
      const report = fc.defaultReportMessage(details) ?? '';
      const error = details.errorInstance instanceof Error ? details.errorInstance.message : '';
      expect(
        details.failed,
        `${report}\n${error}\nReplay: PAIL_FUZZ_SEED=${seed} PAIL_FUZZ_PATH=${details.counterexamplePath ?? ''}`,
      ).toBe(false);

      // The run reached what matters, not only refusals: signed-in answers and Bitbucket's.
      const { cases, statuses, upstreamCalls } = world.stats;
      if (!bounded) {
        const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
        process.stdout.write(
          `fuzz: ${cases} cases, ${upstreamCalls} Bitbucket calls, statuses ${byStatus.join(' ')}\n`,
        );
      }
      if (path === undefined) {
        expect(cases).toBe(numRuns);
        expect(statuses.get(200) ?? 0).toBeGreaterThan(cases / 10);
        expect(upstreamCalls).toBeGreaterThan(cases / 10);
        for (const status of [302, 400, 401, 403, 404, 405])
          expect(statuses.has(status)).toBe(true);
      }
    },
    bounded ? 30_000 : 24 * 60 * 60_000,
  );
});
