// The short version of `pnpm load`: 40 signed-in people browsing for 8 s on each store, and Redis stopped
// for 3 s under load, on ports 8650–8653. Timings are reported, never asserted.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEAP_GROWTH_LIMIT, runOutage, runStore, startSignedIn, storeUrl } from './run';
import type { LoadSettings, OutageResult, StoreResult } from './run';
import { loadPorts, startLoadStack } from './stack';
import type { LoadStack } from './stack';
import { STORE_DOWN_KIND } from './traffic';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SETTINGS: LoadSettings = {
  sessions: 40,
  warmupSeconds: 1,
  durationSeconds: 8,
  idleSeconds: 1,
  outage: { beforeSeconds: 2, downSeconds: 3, afterSeconds: 3, quietSeconds: 2 },
};

let stack: LoadStack;

beforeAll(async () => {
  stack = await startLoadStack(root, loadPorts(8650));
}, 60_000);

afterAll(async () => {
  await stack?.stop();
}, 30_000);

async function expectHealthyRun(
  result: StoreResult,
  annotate: (message: string) => Promise<unknown>,
) {
  const figures = JSON.stringify({ traffic: result.traffic, memory: result.memory });
  const { traffic, memory } = result;
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  await annotate(
    `${traffic.requests} requests, p50 ${traffic.p50Ms?.toFixed(1)} ms, p99 ${traffic.p99Ms?.toFixed(1)} ms; ` +
      `heap warm ${mb(memory.warm.heapUsed)} MB, end ${mb(memory.end.heapUsed)}, idle ${mb(memory.after.heapUsed)}, ` +
      `everyone signed out ${mb(memory.gone.heapUsed)} (${(result.heapGrowth * 100).toFixed(1)} % over warm)`,
  );
  expect(traffic.requests, figures).toBeGreaterThan(SETTINGS.sessions * 4);
  expect(traffic.errorsByKind, figures).toEqual({});
  expect(result.signedInAfter).toBe(SETTINGS.sessions);
  expect(result.signedOut).toBe(SETTINGS.sessions);
  // What the load and the people used is given back once they have gone.
  expect(result.heapGrowth, figures).toBeLessThanOrEqual(HEAP_GROWTH_LIMIT);
}

describe('40 people browsing at once for 8 s', () => {
  it('on the memory store: every answer a success, every session still signed in, memory given back', async ({
    annotate,
  }) => {
    const signedIn = await startSignedIn(stack, 'memory', SETTINGS.sessions);
    try {
      await expectHealthyRun(await runStore('memory', signedIn, SETTINGS), annotate);
    } finally {
      await signedIn.bff.stop('kill');
    }
  }, 60_000);

  it('on Redis, stopped for 3 s after the load: every answer a success but only 503 store_unavailable while it is down, none once it is back, no session lost, memory given back', async ({
    annotate,
  }) => {
    const redis = await stack.redis();
    const signedIn = await startSignedIn(
      stack,
      storeUrl('redis', redis, 'test'),
      SETTINGS.sessions,
    );
    let outage: OutageResult | undefined;
    try {
      await expectHealthyRun(
        await runStore('redis', signedIn, SETTINGS, async () => {
          outage = await runOutage(signedIn, redis, SETTINGS.outage);
        }),
        annotate,
      );
    } finally {
      await signedIn.bff.stop('kill');
    }
    if (outage === undefined) throw new Error('the outage did not run');
    const figures = JSON.stringify(outage);
    expect(outage.readyzDuringOutage).toBe(503);
    expect(outage.before.errorsByKind, figures).toEqual({});
    // The outage was felt (else this proves nothing), and only as the 503 the SPA knows how to show.
    expect(outage.during.errorsByKind[STORE_DOWN_KIND], figures).toBeGreaterThan(0);
    expect(outage.unexpectedDuring, figures).toEqual({});
    expect(outage.after.requests, figures).toBeGreaterThan(0);
    expect(outage.after.errorsByKind, figures).toEqual({});
    expect(outage.errorsInQuietSeconds, figures).toBe(0);
    expect(outage.signedInAfter).toBe(SETTINGS.sessions);
  }, 90_000);
});
