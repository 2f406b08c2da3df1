// An in-process SessionStore for development, tests and single-instance deployments.
import type { SessionStore } from './session-store';

export interface MemoryStoreOptions {
  /** Clock in milliseconds; injected so tests can move time. */
  now?: () => number;
  /** Upper bound on records, so a flood of login starts cannot exhaust memory. */
  maxEntries?: number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

export interface MemorySessionStore extends SessionStore {
  /** Test hook: the raw stored records (keys and sealed values), as a dump of the store would show. */
  entries(): Array<[string, string]>;
  /** Test hook: how many records are held. */
  size(): number;
}

export function createMemoryStore(options: MemoryStoreOptions = {}): MemorySessionStore {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 100_000;
  const records = new Map<string, Entry>();
  /** Abandoned login transactions are never read again: sweep now and then so they do not pile up. */
  const SWEEP_EVERY_WRITES = 1_000;
  let writes = 0;

  function sweep(): void {
    const at = now();
    for (const [key, entry] of records) if (entry.expiresAt <= at) records.delete(key);
  }

  return {
    async get(key) {
      const entry = records.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= now()) {
        records.delete(key);
        return undefined;
      }
      return entry.value;
    },
    async set(key, value, ttlSeconds) {
      writes += 1;
      if (writes % SWEEP_EVERY_WRITES === 0) sweep();
      if (!records.has(key) && records.size >= maxEntries) {
        sweep();
        // Evict the oldest insertion rather than refuse: a full store must not lock everyone out.
        if (records.size >= maxEntries) {
          const oldest = records.keys().next();
          if (!oldest.done) records.delete(oldest.value);
        }
      }
      records.set(key, { value, expiresAt: now() + Math.max(1, ttlSeconds) * 1000 });
    },
    async delete(key) {
      records.delete(key);
    },
    async take(key) {
      const entry = records.get(key);
      records.delete(key);
      return entry === undefined || entry.expiresAt <= now() ? undefined : entry.value;
    },
    async ping() {},
    entries() {
      return [...records].map(([key, entry]) => [key, entry.value]);
    },
    size() {
      return records.size;
    },
  };
}
