// Turns the parsed `PAIL_SESSION_STORE` into a running SessionStore, for the server and the doctor alike.
import type { SessionStoreConfig } from '../env';
import type { Logger } from '../logger';
import { createMemoryStore } from './memory-store';
import { createRedisStore } from './redis-store';
import type { SessionStore } from './session-store';
import { createSqliteStore } from './sqlite-store';

/** A store its opener must close on shutdown (a SQLite handle, a Redis connection). */
export interface OpenedSessionStore extends SessionStore {
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  logger?: Logger;
}

/**
 * Opens the store. A SQLite file that cannot be opened throws at once (the BFF must not start without it);
 * Redis connects in the background, so a BFF started before its Redis reports "not ready" until it answers.
 */
export function openSessionStore(
  config: SessionStoreConfig,
  options: OpenStoreOptions = {},
): OpenedSessionStore {
  switch (config.kind) {
    case 'memory': {
      const store = createMemoryStore();
      return Object.assign(store, { close: async () => undefined });
    }
    case 'sqlite':
      return createSqliteStore({ path: config.path });
    case 'redis':
      return createRedisStore({
        connection: {
          host: config.host,
          port: config.port,
          ...(config.username === undefined ? {} : { username: config.username }),
          ...(config.password === undefined ? {} : { password: config.password }),
          db: config.db,
          tls: config.tls,
        },
        keyPrefix: config.keyPrefix,
        ...(options.logger === undefined ? {} : { logger: options.logger }),
      });
  }
}
