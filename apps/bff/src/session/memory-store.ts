// An in-process SessionStore for development, tests and single-instance deployments.
import type { SessionStore } from './session-store';
import { createLockRunner } from './store-lock';

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
  /** One process: the in-process queue is the whole lock (a holder that never finishes lapses after its TTL). */
  const withLock = createLockRunner();
  /** Keys by namespace (`session`, `login`, …), oldest first: where to make room when the store is full. */
  const namespaces = new Map<string, Set<string>>();
  /** Abandoned login transactions are never read again: sweep now and then so they do not pile up. */
  const SWEEP_EVERY_WRITES = 1_000;
  let writes = 0;

  function namespaceOf(key: string): string {
    const colon = key.indexOf(':');
    return colon === -1 ? '' : key.slice(0, colon);
  }

  function remove(key: string): void {
    if (!records.delete(key)) return;
    const namespace = namespaceOf(key);
    const keys = namespaces.get(namespace);
    keys?.delete(key);
    if (keys?.size === 0) namespaces.delete(namespace);
  }

  function sweep(): void {
    const at = now();
    for (const [key, entry] of records) if (entry.expiresAt <= at) remove(key);
  }

  /**
   * Drops the oldest record of the namespace holding the most. Anyone can start sign-ins or fail token
   * sign-ins by the thousand; evicting by age alone would let that flood push every session out.
   */
  function evictOne(): void {
    let largest: Set<string> | undefined;
    for (const keys of namespaces.values()) if (keys.size > (largest?.size ?? 0)) largest = keys;
    const oldest = largest?.values().next();
    if (oldest !== undefined && !oldest.done) remove(oldest.value);
  }

  return {
    async get(key) {
      const entry = records.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= now()) {
        remove(key);
        return undefined;
      }
      return entry.value;
    },
    async set(key, value, ttlSeconds) {
      writes += 1;
      if (writes % SWEEP_EVERY_WRITES === 0) sweep();
      if (!records.has(key) && records.size >= maxEntries) {
        sweep();
        // Evict rather than refuse: a full store must not lock everyone out.
        if (records.size >= maxEntries) evictOne();
      }
      records.set(key, { value, expiresAt: now() + Math.max(1, ttlSeconds) * 1000 });
      const namespace = namespaceOf(key);
      const keys = namespaces.get(namespace) ?? new Set<string>();
      keys.add(key);
      namespaces.set(namespace, keys);
    },
    async delete(key) {
      remove(key);
    },
    async take(key) {
      const entry = records.get(key);
      remove(key);
      return entry === undefined || entry.expiresAt <= now() ? undefined : entry.value;
    },
    async ping() {},
    withLock,
    entries() {
      return [...records].map(([key, entry]) => [key, entry.value]);
    },
    size() {
      return records.size;
    },
  };
}
