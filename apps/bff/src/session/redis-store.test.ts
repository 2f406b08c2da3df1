import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSessionStore } from '../doctor/checks';
import { parseConfig } from '../env';
import { createLoginAttemptLimiter } from '../rate-limit/login-attempts';
import { appOverStore } from '../testing/app-over-store';
import { testKey } from '../testing/keys';
import { createMemoryLogger } from '../testing/memory-logger';
import { requireRedisServer, startRedisServer, type RedisServer } from '../testing/redis-server';
import { createRedisStore, type RedisSessionStore, type RedisStoreOptions } from './redis-store';
import { openSessionStore } from './open-store';
import { describeSessionStoreContract } from './session-store.contract';

// Every write reaches the append-only file, so a restart in the middle of a test loses nothing.
let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer({ persistence: 'aof' });
});
afterAll(async () => {
  await server?.dispose();
});

function openStore(
  keyPrefix: string,
  options: Pick<RedisStoreOptions, 'logger' | 'lockGraceMs'> = {},
) {
  return createRedisStore({
    connection: { host: '127.0.0.1', port: server.port, db: 0, tls: false },
    keyPrefix,
    ...options,
  });
}

/** Each test gets its own key prefix on the one server, so tests cannot see each other's keys or locks. */
function freshPrefix(): string {
  return `test-${crypto.randomUUID()}:`;
}

describeSessionStoreContract(
  'createRedisStore',
  () => {
    const prefix = freshPrefix();
    const clients: RedisSessionStore[] = [];
    return {
      open: () => {
        const store = openStore(prefix);
        clients.push(store);
        return store;
      },
      // Redis keeps its own time: TTLs really run (the suite asks for about a second, once).
      elapse: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      loseBackend: () => server.stop(),
      restoreBackend: () => server.start(),
      dispose: async () => {
        for (const store of clients) await store.close();
      },
    };
  },
  { backendCanFail: true },
);

describe('createRedisStore', () => {
  it('writes under its key prefix with Redis TTLs, so a dump shows nothing else and nothing lingers', async () => {
    const prefix = freshPrefix();
    const store = openStore(prefix);
    const raw = new Redis(server.port, '127.0.0.1');
    try {
      await store.set('session:9f86d081', 'v1.kid.iv.ciphertext', 600);
      expect(await raw.keys(`${prefix}*`)).toEqual([`${prefix}session:9f86d081`]);
      expect(await raw.get(`${prefix}session:9f86d081`)).toBe('v1.kid.iv.ciphertext');
      const ttl = await raw.ttl(`${prefix}session:9f86d081`);
      expect(ttl).toBeGreaterThan(590);
      expect(ttl).toBeLessThanOrEqual(600);
    } finally {
      raw.disconnect();
      await store.close();
    }
  });

  it('holds a lock as a key with an expiry, and frees only its own', async () => {
    const prefix = freshPrefix();
    const store = openStore(prefix);
    const raw = new Redis(server.port, '127.0.0.1');
    try {
      const seen = await store.withLock('session:abc', 30_000, async () => ({
        value: await raw.get(`${prefix}lock:session:abc`),
        ttl: await raw.pttl(`${prefix}lock:session:abc`),
      }));
      expect(seen.value).toMatch(/^[0-9a-f-]{36}$/);
      expect(seen.ttl).toBeGreaterThan(25_000);
      expect(await raw.exists(`${prefix}lock:session:abc`)).toBe(0);

      // A holder whose lock lapsed and was taken by someone else must not delete the new holder's key.
      await store.withLock('session:def', 200, async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await raw.set(`${prefix}lock:session:def`, 'someone-else', 'PX', 30_000);
      });
      expect(await raw.get(`${prefix}lock:session:def`)).toBe('someone-else');
    } finally {
      raw.disconnect();
      await store.close();
    }
  });

  it('gives up waiting for a lock that stays taken with store_unavailable, not a hang', async () => {
    const prefix = freshPrefix();
    const store = openStore(prefix, { lockGraceMs: 200 });
    const raw = new Redis(server.port, '127.0.0.1');
    try {
      await raw.set(`${prefix}lock:session:stuck`, 'held-elsewhere', 'PX', 60_000);
      let ran = false;
      await expect(
        store.withLock('session:stuck', 100, async () => {
          ran = true;
        }),
      ).rejects.toMatchObject({ code: 'store_unavailable', status: 503 });
      expect(ran).toBe(false);
    } finally {
      raw.disconnect();
      await store.close();
    }
  });

  it('holds a burst of wrong sign-ins spread over two instances to the limit', async () => {
    const prefix = freshPrefix();
    const stores = [openStore(prefix), openStore(prefix)];
    try {
      const limiters = stores.map((store) =>
        createLoginAttemptLimiter({ store, now: Date.now, maxFailures: 5 }),
      );
      const waits = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          limiters[i % 2]!.reserve(['client:203.0.113.7', 'user:alice@acme.example']),
        ),
      );
      expect(waits.filter((wait) => wait === 0)).toHaveLength(5);
      expect(waits.filter((wait) => wait > 0)).toHaveLength(19);
    } finally {
      for (const store of stores) await store.close();
    }
  });

  it('rejects calls while Redis is down instead of waiting, logs the outage once and recovers', async () => {
    const logger = createMemoryLogger();
    const store = openStore(freshPrefix(), { logger });
    try {
      await store.set('session:kept', 'sealed', 600);
      await server.stop();
      await expect(store.get('session:kept')).rejects.toMatchObject({ code: 'store_unavailable' });
      await expect(store.set('session:new', 'x', 60)).rejects.toMatchObject({
        code: 'store_unavailable',
      });
      await server.start();
      await waitFor(() => store.ping());
      expect(await store.get('session:kept')).toBe('sealed');
      expect(logger.events().filter((event) => event === 'store.unreachable')).toHaveLength(1);
      expect(logger.events()).toContain('store.reconnected');
      expect(JSON.stringify(logger.entries)).not.toContain(String(server.port));
    } finally {
      await server.start();
      await store.close();
    }
  }, 20_000);
});

describe('the Redis the tests run', () => {
  it('fails the tests with instructions when redis-server is not installed', () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(() => requireRedisServer()).toThrow(
        /redis-server is not installed.*apt-get install redis-server/,
      );
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('pnpm run doctor on a Redis store', () => {
  it('passes a Redis it can write, expire and lock, naming it', async () => {
    const parsed = parseConfig({
      PAIL_SESSION_KEYS: testKey(1),
      PAIL_SESSION_STORE: `redis://127.0.0.1:${server.port}/0?prefix=${freshPrefix()}`,
    });
    if (!parsed.ok) throw new Error(parsed.problems.join());
    const result = await checkSessionStore(parsed.config, {
      fetch: globalThis.fetch,
      timeoutMs: 5_000,
      openStore: (config) => openSessionStore(config.session.store),
    });
    expect(result.status).toBe('pass');
    expect(result.summary).toMatch(
      /^session store \(redis:\/\/127\.0\.0\.1:\d+\/0\?prefix=test-[\w-]+:\): reachable, keeps and expires records, and its lock holds across connections$/,
    );
  });
});

describe('GET /readyz on a Redis store', () => {
  it('answers 503 JSON while redis-server is stopped, and 200 again once it is back', async () => {
    const store = openStore(freshPrefix());
    const { app } = appOverStore(store);
    try {
      expect((await app.request('/readyz')).status).toBe(200);
      await server.stop();
      const refused = await app.request('/readyz');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('Retry-After')).toBe('5');
      expect(await refused.json()).toMatchObject({ error: { code: 'store_unavailable' } });
      await server.start();
      await waitFor(async () => {
        const response = await app.request('/readyz');
        if (response.status !== 200) throw new Error(`readyz ${response.status}`);
        expect(await response.json()).toEqual({ status: 'ok', checks: { store: 'ok' } });
      });
    } finally {
      await server.start();
      await store.close();
    }
  }, 20_000);
});

/** Retries `check` until it passes, for as long as a reconnect can take. */
async function waitFor(check: () => Promise<unknown>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
