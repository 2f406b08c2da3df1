// Restarts lose no session: the BFF stopped with SIGTERM mid-journey and started again on a lasting store
// (SQLite, Redis) with the same keys, and Redis stopped or killed under a running BFF. Ports 8660–8663.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '@pail/shared';
import { sleep } from './browse';
import { person, storeUrl } from './run';
import { isSignedIn, signIn } from './sign-in';
import { loadPorts, startLoadStack } from './stack';
import type { LoadStack, RunningBff } from './stack';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const alice = person(0);
const REPO = '/api/2.0/repositories/acme/widgets';
/** What a new sign-in would cost at Bitbucket: the consent page and a code exchange. */
const SIGN_IN_PATHS = ['/site/oauth2/authorize', '/site/oauth2/access_token'];

let stack: LoadStack;
let sqliteDir: string;

beforeAll(async () => {
  sqliteDir = mkdtempSync(join(tmpdir(), 'pail-restart-'));
  stack = await startLoadStack(root, loadPorts(8660));
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(sqliteDir, { recursive: true, force: true });
}, 30_000);

function get(bff: RunningBff, path: string, cookie: string): Promise<Response> {
  return fetch(`${bff.url}${path}`, {
    headers: { Cookie: cookie, 'X-CSRF': '1', 'X-Forwarded-For': alice.address },
    redirect: 'manual',
  });
}

async function emulator(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${stack.emulatorUrl}${path}`, init);
}

async function signInCalls(): Promise<string[]> {
  const calls = (await (await emulator('/_emulator/requests')).json()) as { path: string }[];
  return calls.map((call) => call.path).filter((path) => SIGN_IN_PATHS.includes(path));
}

async function waitUntilReady(bff: RunningBff): Promise<void> {
  for (let waited = 0; ; waited += 50) {
    if ((await fetch(`${bff.url}/readyz`)).status === 200) return;
    if (waited > 15_000) throw new Error('the BFF was not ready again within 15 s');
    await sleep(50);
  }
}

const STORES = [
  { name: 'SQLite', open: async () => `sqlite:${join(sqliteDir, 'sessions.db')}` },
  { name: 'Redis', open: async () => storeUrl('redis', await stack.redis(), 'restart') },
];

describe.each(STORES)('on $name', ({ open }) => {
  it('a user mid-journey keeps browsing with the same cookie after the BFF is stopped (SIGTERM) and started again, without signing in again', async ({
    annotate,
  }) => {
    const store = await open();
    let bff = await stack.startBff(store);
    try {
      const cookie = await signIn(bff.url, alice);
      expect((await get(bff, REPO, cookie)).status).toBe(200);

      // The history page is slow to come from Bitbucket; the BFF is told to stop while it is on its way.
      const slow = {
        fault: 'latency',
        latencyMs: 1_500,
        path: '/2.0/repositories/acme/widgets/commits',
        times: 1,
      };
      expect(
        (
          await emulator('/_emulator/faults', {
            method: 'PUT',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ rules: [slow] }),
          })
        ).status,
      ).toBe(200);
      const history = get(bff, `${REPO}/commits?include=main&pagelen=30`, cookie);
      await sleep(400);
      const stoppedFrom = performance.now();
      const stopping = bff.stop();
      const answer = await history;
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { values: unknown[] }).values).toHaveLength(30);
      expect(await stopping).toBe('exited');
      await annotate(`exited ${Math.round(performance.now() - stoppedFrom)} ms after SIGTERM`);
      const log = bff.output().join('\n');
      expect(log).toContain('server.stopped');
      expect(log).toContain('"cutConnections":false');
      await emulator('/_emulator/faults', { method: 'DELETE' });

      await emulator('/_emulator/requests', { method: 'DELETE' });
      bff = await stack.startBff(store);
      expect(await isSignedIn(bff.url, alice, cookie)).toBe(true);
      const listing = await get(bff, `${REPO}/src/main/src/?pagelen=100`, cookie);
      expect(listing.status).toBe(200);
      expect(listing.headers.getSetCookie().join()).not.toContain(`${SESSION_COOKIE}=;`);
      expect(await signInCalls()).toEqual([]);
    } finally {
      await bff.stop('kill');
    }
  }, 60_000);
});

describe('Redis stopped under a running BFF', () => {
  it('answers 503 store_unavailable while Redis is down (session kept, cookie kept), and the same session works once it is back, after a clean stop and after a crash', async () => {
    const redis = await stack.redis();
    const bff = await stack.startBff(storeUrl('redis', redis, 'redis-restart'));
    try {
      const cookie = await signIn(bff.url, alice);
      await emulator('/_emulator/requests', { method: 'DELETE' });
      for (const end of ['stop', 'kill'] as const) {
        // `kill` is SIGKILL: only what the append-only file had on disk survives.
        await redis[end]();
        const down = await get(bff, '/bff/session', cookie);
        expect(down.status, end).toBe(503);
        expect(down.headers.get('Retry-After'), end).toBe('5');
        expect(((await down.json()) as { error: { code: string } }).error.code).toBe(
          'store_unavailable',
        );
        expect(down.headers.getSetCookie(), end).toEqual([]);
        expect((await fetch(`${bff.url}/readyz`)).status, end).toBe(503);

        await redis.start();
        await waitUntilReady(bff);
        expect(await isSignedIn(bff.url, alice, cookie), end).toBe(true);
        expect(
          (await get(bff, `${REPO}/commits?include=main&pagelen=30`, cookie)).status,
          end,
        ).toBe(200);
      }
      expect(await signInCalls()).toEqual([]);
    } finally {
      await bff.stop('kill');
    }
  }, 60_000);
});
