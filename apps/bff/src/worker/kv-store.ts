// A SessionStore on Cloudflare: KV serves the hot reads at the edge, a Durable Object per key is the authority.
import { BffError } from '../errors';
import type { SessionStore } from '../session/session-store';
import { createLockRunner } from '../session/store-lock';
import type { SessionLock } from './session-lock';

/** KV refuses an `expirationTtl` under a minute. */
export const KV_MIN_TTL_SECONDS = 60;
/** A key no record ever has: `ping` reads it from KV and from its object. */
const PING_KEY = 'ping:readiness';

export interface KvStoreOptions {
  kv: KVNamespace;
  objects: DurableObjectNamespace<SessionLock>;
}

/** Stored beside each KV value: KV keeps a value at least a minute, the store serves it only this long. */
interface KvMetadata {
  expiresAt: number;
}

/**
 * Every write goes to the key's object first, then to KV; plain reads come from KV, which may lag another
 * location's write by up to a minute. Reads made while this isolate holds the key's lock, and `take`, go to
 * the object instead: a refresh under the lock always sees the tokens the previous refresh wrote, and a
 * single-use record is handed out once, whatever KV still has cached (docs/decisions/021).
 */
export function createKvStore(options: KvStoreOptions): SessionStore {
  const { kv, objects } = options;
  const objectFor = (key: string) => objects.get(objects.idFromName(key));
  /**
   * KV and the objects fail like any store (an overloaded object, a KV outage, a network blip inside
   * Cloudflare): callers get `store_unavailable`, a 503 the app retries, never a 500.
   */
  async function call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof BffError) throw error;
      throw new BffError('store_unavailable', { cause: error });
    }
  }
  /** Lock names a task in this isolate holds right now: reads of those keys must see the latest write. */
  const held = new Set<string>();
  const runLocked = createLockRunner({
    shared: {
      tryAcquire: (name, token, ttlMs) => call(() => objectFor(name).tryAcquire(token, ttlMs)),
      release: (name, token) => call(() => objectFor(name).release(token)),
    },
  });

  return {
    get(key) {
      return call(async () => {
        if (held.has(key)) return objectFor(key).read();
        const { value, metadata } = await kv.getWithMetadata<KvMetadata>(key);
        if (value === null) return undefined;
        return metadata !== null && metadata.expiresAt <= Date.now() ? undefined : value;
      });
    },
    set(key, value, ttlSeconds) {
      return call(async () => {
        const ttlMs = Math.max(1, ttlSeconds) * 1000;
        await objectFor(key).write(value, ttlMs);
        await kv.put(key, value, {
          expirationTtl: Math.max(KV_MIN_TTL_SECONDS, Math.ceil(ttlSeconds)),
          metadata: { expiresAt: Date.now() + ttlMs } satisfies KvMetadata,
        });
      });
    },
    delete(key) {
      return call(async () => {
        await objectFor(key).remove();
        await kv.delete(key);
      });
    },
    take(key) {
      return call(async () => {
        // The object's read-and-delete is the single use; KV's copy only goes so plain reads stop seeing it.
        const value = await objectFor(key).take();
        await kv.delete(key);
        return value;
      });
    },
    ping() {
      return call(async () => {
        await kv.get(PING_KEY);
        await objectFor(PING_KEY).read();
      });
    },
    withLock(name, ttlMs, task) {
      // The runner queues this isolate's callers per name, so at most one task here holds `name`.
      return runLocked(name, ttlMs, async () => {
        held.add(name);
        try {
          return await task();
        } finally {
          held.delete(name);
        }
      });
    },
  };
}
