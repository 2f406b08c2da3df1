// A SessionStore in Redis (ioredis): several BFF instances share sessions, counters and locks.
import { Redis } from 'ioredis';
import { BffError } from '../errors';
import type { Logger } from '../logger';
import type { SessionStore } from './session-store';
import { createLockRunner } from './store-lock';

export interface RedisConnection {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  /** `rediss://`: TLS, with the server's certificate checked against the host name. */
  tls: boolean;
}

export interface RedisStoreOptions {
  connection: RedisConnection;
  /** Put in front of every key, so several deployments (or other data) can share one Redis. */
  keyPrefix: string;
  /** Told when the connection is lost and when it is back; never given the URL or password. */
  logger?: Logger;
  /** Any command (ping included) that gets no answer within this rejects; nothing waits forever. */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** How much longer than a lock's TTL a caller waits for it before answering `store_unavailable`. */
  lockGraceMs?: number;
}

export interface RedisSessionStore extends SessionStore {
  close(): Promise<void>;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 2_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
/** Reconnects back off to this and never stop: Redis coming back must bring the BFF back without a restart. */
const MAX_RECONNECT_DELAY_MS = 1_000;

/** Deletes the lock only if it still holds this caller's token (a lapsed holder must not free a successor). */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** The connection error's code (`ECONNREFUSED`…) or class name: enough to act on, nothing secret. */
function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return typeof code === 'string' ? code : error.name;
  }
  return 'unknown';
}

export function createRedisStore(options: RedisStoreOptions): RedisSessionStore {
  const { connection, keyPrefix, logger } = options;
  const redis = new Redis({
    host: connection.host,
    port: connection.port,
    ...(connection.username === undefined ? {} : { username: connection.username }),
    ...(connection.password === undefined ? {} : { password: connection.password }),
    db: connection.db,
    ...(connection.tls ? { tls: { servername: connection.host } } : {}),
    connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    // Commands wait in the offline queue while (re)connecting, but never past this.
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 100, MAX_RECONNECT_DELAY_MS),
  });

  // Logged once per outage, not once per reconnect attempt.
  let healthy = true;
  redis.on('error', (error: unknown) => {
    if (!healthy) return;
    healthy = false;
    logger?.error('store.unreachable', { store: 'redis', error: describeError(error) });
  });
  redis.on('ready', () => {
    if (healthy) return;
    healthy = true;
    logger?.info('store.reconnected', { store: 'redis' });
  });

  const key = (name: string) => `${keyPrefix}${name}`;

  /** Every failure of the store (down, slow, refused) reaches callers as one error: 503, never a hang. */
  async function call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new BffError('store_unavailable', { cause: error });
    }
  }

  const { lockGraceMs } = options;
  const withLock = createLockRunner({
    ...(lockGraceMs === undefined ? {} : { maxWaitMs: (ttlMs: number) => ttlMs + lockGraceMs }),
    shared: {
      tryAcquire: async (name, token, ttlMs) =>
        (await call(() => redis.set(key(`lock:${name}`), token, 'PX', ttlMs, 'NX'))) === 'OK',
      release: async (name, token) => {
        await call(() => redis.eval(RELEASE_SCRIPT, 1, key(`lock:${name}`), token));
      },
    },
  });

  return {
    async get(name) {
      return (await call(() => redis.get(key(name)))) ?? undefined;
    },
    async set(name, value, ttlSeconds) {
      await call(() => redis.set(key(name), value, 'EX', Math.max(1, Math.ceil(ttlSeconds))));
    },
    async delete(name) {
      await call(() => redis.del(key(name)));
    },
    async take(name) {
      // GETDEL (Redis 6.2+): one command, so two callers can never both receive the record.
      return (await call(() => redis.getdel(key(name)))) ?? undefined;
    },
    async ping() {
      const answer = await call(() => redis.ping());
      if (answer !== 'PONG') throw new BffError('store_unavailable');
    },
    withLock,
    async close() {
      if (redis.status === 'end') return;
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}
