// Counts failed sign-in attempts per subject (client address, username) in the session store, to slow guessing.
import { encodeHex } from '../crypto/encoding';
import { sha256 } from '../crypto/random';
import type { SessionStore } from '../session/session-store';

const DEFAULT_NAMESPACE = 'login-attempts';
/** Wrong tries allowed per subject and window before sign-in answers 429. */
export const DEFAULT_MAX_FAILED_ATTEMPTS = 5;
export const DEFAULT_ATTEMPT_WINDOW_SECONDS = 60;
/** A counter's lock is held for one read and one write: a crashed holder frees it within seconds. */
const COUNTER_LOCK_TTL_MS = 5_000;

export interface LoginAttemptLimiter {
  /** Seconds until every subject may try again, or 0 when none is over the limit. */
  retryAfterSeconds(subjects: readonly string[]): Promise<number>;
  /**
   * Counts one attempt against every subject before it is tried, unless one of them is already at the
   * limit: then nothing is counted and the wait is returned. 0 means counted and allowed. Counting up front
   * is what holds a burst of parallel guesses to the limit: each one sees the ones still in flight.
   */
  reserve(subjects: readonly string[]): Promise<number>;
  /** Takes back an attempt `reserve` counted that did not end in a refusal (a success, Bitbucket down). */
  release(subjects: readonly string[]): Promise<void>;
  /** Forgets a subject's failures (its owner just proved the password). */
  clear(subject: string): Promise<void>;
}

export interface LoginAttemptLimiterOptions {
  store: SessionStore;
  now: () => number;
  maxFailures?: number;
  windowSeconds?: number;
  /** The store key prefix, so another kind of attempt keeps counters of its own. */
  namespace?: string;
}

interface Counter {
  count: number;
  /** Epoch ms when the window that began with the first failure closes. */
  resetAt: number;
}

function parseCounter(text: string | undefined): Counter | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Counter>;
    return typeof value.count === 'number' && typeof value.resetAt === 'number'
      ? { count: value.count, resetAt: value.resetAt }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A fixed window per subject, opened by its first attempt; only attempts that end in a refusal stay
 * counted. Counters live in the session store under a hash of the subject, so a store dump names no address
 * or username. The read-increment-write runs under the store's lock, so a burst spread over several
 * instances sharing a store is held to the limit as a burst on one instance is.
 */
export function createLoginAttemptLimiter(
  options: LoginAttemptLimiterOptions,
): LoginAttemptLimiter {
  const { store, now } = options;
  const maxFailures = options.maxFailures ?? DEFAULT_MAX_FAILED_ATTEMPTS;
  const windowMs = (options.windowSeconds ?? DEFAULT_ATTEMPT_WINDOW_SECONDS) * 1000;
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;

  const keyOf = async (subject: string) => `${namespace}:${encodeHex(await sha256(subject))}`;

  /** Under the store's lock, so instances sharing a store cannot lose each other's increments. */
  function serialised<T>(key: string, task: () => Promise<T>): Promise<T> {
    return store.withLock(key, COUNTER_LOCK_TTL_MS, task);
  }

  async function current(key: string): Promise<Counter | undefined> {
    const counter = parseCounter(await store.get(key));
    return counter !== undefined && counter.resetAt > now() ? counter : undefined;
  }

  async function release(subjects: readonly string[]): Promise<void> {
    for (const subject of subjects) {
      const key = await keyOf(subject);
      await serialised(key, async () => {
        const counter = await current(key);
        if (counter === undefined) return;
        if (counter.count <= 1) {
          await store.delete(key);
          return;
        }
        const next = { count: counter.count - 1, resetAt: counter.resetAt };
        await store.set(key, JSON.stringify(next), Math.ceil((next.resetAt - now()) / 1000));
      });
    }
  }

  return {
    async retryAfterSeconds(subjects) {
      let wait = 0;
      for (const subject of subjects) {
        const counter = await current(await keyOf(subject));
        if (counter !== undefined && counter.count >= maxFailures) {
          wait = Math.max(wait, Math.ceil((counter.resetAt - now()) / 1000));
        }
      }
      return wait;
    },
    async reserve(subjects) {
      const counted: string[] = [];
      for (const subject of subjects) {
        const key = await keyOf(subject);
        const wait = await serialised(key, async () => {
          const counter = (await current(key)) ?? { count: 0, resetAt: now() + windowMs };
          if (counter.count >= maxFailures) {
            return Math.max(1, Math.ceil((counter.resetAt - now()) / 1000));
          }
          const next = { count: counter.count + 1, resetAt: counter.resetAt };
          await store.set(key, JSON.stringify(next), Math.ceil((next.resetAt - now()) / 1000));
          return 0;
        });
        if (wait > 0) {
          await release(counted);
          return wait;
        }
        counted.push(subject);
      }
      return 0;
    },
    release,
    async clear(subject) {
      const key = await keyOf(subject);
      await serialised(key, () => store.delete(key));
    },
  };
}
