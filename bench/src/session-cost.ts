// Session cost per request: seal + store set + store get + unseal of a realistic session record, for each
// session store, timed directly (no HTTP), and as a share of the proxied request's median latency.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyRing } from '../../apps/bff/src/crypto/seal';
import { createMemoryStore } from '../../apps/bff/src/session/memory-store';
import type { SessionStore } from '../../apps/bff/src/session/session-store';
import type { Figure } from './figures';

export const SESSION_SETTINGS = { warmup: 1_000, iterations: 10_000, sessions: 1_000 };

/** A record shaped like a signed-in OAuth session: Bitbucket's access tokens are 2,560 characters. */
function sessionRecord(now: number): string {
  return JSON.stringify({
    v: 1,
    user: {
      uuid: '{6b2f1c50-63c7-4b8e-9d0a-2a61c4f0a3e1}',
      accountId: '557058:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      nickname: 'alice',
      displayName: 'Alice Marchetti',
      avatarUrl: 'https://bitbucket.org/account/alice/avatar/',
    },
    authMethod: 'oauth',
    scopes: ['account', 'email', 'repository', 'pullrequest'],
    accessToken: randomBytes(1_920).toString('base64url'),
    refreshToken: randomBytes(24).toString('base64url'),
    accessTokenExpiresAt: now + 7_200_000,
    browser: 'Chromium on Linux',
    createdAt: now,
    lastSeenAt: now,
    absoluteExpiresAt: now + 168 * 3_600_000,
  });
}

interface StoreUnderTest {
  name: string;
  open(): Promise<{ store: SessionStore; close(): Promise<void> }>;
}

const STORES: StoreUnderTest[] = [
  {
    name: 'memory',
    open: async () => ({ store: createMemoryStore(), close: async () => {} }),
  },
  {
    name: 'SQLite',
    open: async () => {
      const { createSqliteStore } = await import('../../apps/bff/src/session/sqlite-store');
      const dir = mkdtempSync(join(tmpdir(), 'pail-bench-sqlite-'));
      const store = createSqliteStore({ path: join(dir, 'sessions.sqlite') });
      return {
        store,
        close: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];

/** Mean microseconds for one seal → set → get → unseal round trip, over many sessions. */
async function roundTrip(store: SessionStore): Promise<number> {
  const ring = await createKeyRing([randomBytes(32)]);
  const record = sessionRecord(Date.now());
  const keys = Array.from(
    { length: SESSION_SETTINGS.sessions },
    () => `session:${randomBytes(32).toString('hex')}`,
  );
  const once = async (i: number) => {
    const key = keys[i % keys.length] as string;
    const sealed = await ring.seal(record, key);
    await store.set(key, sealed, 7_200);
    const stored = await store.get(key);
    if (stored === undefined || (await ring.unseal(stored, key)) !== record) {
      throw new Error('the session did not survive the round trip');
    }
  };
  for (let i = 0; i < SESSION_SETTINGS.warmup; i += 1) await once(i);
  const started = process.hrtime.bigint();
  for (let i = 0; i < SESSION_SETTINGS.iterations; i += 1) await once(i);
  const elapsedNs = Number(process.hrtime.bigint() - started);
  return elapsedNs / 1_000 / SESSION_SETTINGS.iterations;
}

export interface SessionCost {
  store: string;
  /** µs per round trip, or why it could not be measured. */
  micros: number | null;
  problem?: string;
}

export async function measureSessionCost(): Promise<SessionCost[]> {
  const results: SessionCost[] = [];
  for (const candidate of STORES) {
    let opened;
    try {
      opened = await candidate.open();
    } catch (error) {
      results.push({
        store: candidate.name,
        micros: null,
        problem: `store not available: ${(error as Error).message}`,
      });
      continue;
    }
    try {
      results.push({ store: candidate.name, micros: await roundTrip(opened.store) });
    } finally {
      await opened.close();
    }
  }
  return results;
}

/** `proxiedMedianMs`: Pail's median proxied latency from the proxy section, when it ran. */
export function sessionFigures(
  costs: readonly SessionCost[],
  proxiedMedianMs: number | null,
): Figure[] {
  return costs.flatMap((cost): Figure[] => [
    {
      section: 'session',
      name: `${cost.store} store: seal + set + get + unseal`,
      value: cost.micros,
      unit: 'µs',
      note: cost.problem,
    },
    {
      section: 'session',
      name: `${cost.store} store: share of the proxied request`,
      value:
        cost.micros !== null && proxiedMedianMs !== null && proxiedMedianMs > 0
          ? (cost.micros / 1_000 / proxiedMedianMs) * 100
          : null,
      unit: '%',
      note:
        cost.micros === null
          ? 'store not available'
          : proxiedMedianMs === null
            ? 'proxy section not run'
            : undefined,
    },
  ]);
}
