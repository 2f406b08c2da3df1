// Counts each user's Bitbucket calls over a rolling hour, so the app can warn before Bitbucket's limit bites.
import type { UsageInfo } from '@pail/shared';
import { hashId } from '../crypto/random';
import type { SessionStore } from '../session/session-store';

/** Bitbucket's rolling window and its hourly limit for authenticated `/2.0/repositories/*` calls. */
export const USAGE_WINDOW_SECONDS = 3600;
export const USAGE_LIMIT = 1000;
/** `nearLimit` once more than this share of the limit is used. */
export const NEAR_LIMIT_RATIO = 0.8;
/** Calls are counted per minute: at most sixty small pairs per user, and a figure exact to the minute. */
export const USAGE_BUCKET_SECONDS = 60;

const USAGE_NAMESPACE = 'usage';
/** A flush holds the user's lock for one read and one write; a crashed holder frees it within seconds. */
const FLUSH_LOCK_TTL_MS = 5_000;

export interface UsageCounter {
  /** Counts one upstream call made for this user. */
  record(userUuid: string): Promise<void>;
  read(userUuid: string): Promise<UsageInfo>;
}

export interface UsageCounterOptions {
  /** Where the counts live: shared by every instance using the same store. */
  store: SessionStore;
  now: () => number;
  /**
   * How long a call's count may wait in this process before it is stored, so a busy user's calls go out
   * as one write rather than one read, parse and write each. 0 (the default) stores at once: the right
   * choice where a timer may not outlive the request (Workers).
   */
  flushDelayMs?: number;
}

/**
 * Every flush in flight in this process (or isolate), whichever counter started it. A Worker's isolate may
 * be frozen once its response is sent: the entrypoint hands `usageFlushesSettled()` to `waitUntil`.
 */
const flushesInFlight = new Set<Promise<void>>();

/**
 * Resolves once every flush in flight now has ended (stored, or failed and kept for the next one). A flush
 * writes batch after batch until nothing is pending, so counts recorded meanwhile are covered too.
 */
export async function usageFlushesSettled(): Promise<void> {
  await Promise.allSettled([...flushesInFlight]);
}

/** Calls per minute, keyed by the minute's start in epoch seconds. */
type Buckets = Map<number, number>;

function parseBuckets(text: string | undefined): Buckets {
  const buckets: Buckets = new Map();
  if (text === undefined) return buckets;
  try {
    const parsed = JSON.parse(text) as { v?: unknown; buckets?: unknown };
    if (parsed.v !== 1 || !Array.isArray(parsed.buckets)) return buckets;
    for (const pair of parsed.buckets) {
      if (Array.isArray(pair) && Number.isInteger(pair[0]) && Number.isInteger(pair[1])) {
        buckets.set(pair[0] as number, pair[1] as number);
      }
    }
  } catch {
    // An unreadable record counts as no calls: the figure is advice, not a limit Pail enforces.
  }
  return buckets;
}

function addInto(target: Buckets, source: Buckets): void {
  for (const [minute, calls] of source) target.set(minute, (target.get(minute) ?? 0) + calls);
}

/**
 * Counts live in the session store, so every instance sharing it counts towards one figure, as Bitbucket
 * does. Counting sits on the hot path of every proxied call, so a call only adds to this process's pending
 * counts; one flush per user at a time merges them into the stored record under the store's lock, and calls
 * made during a flush go out together in the next. A burst of fifty calls costs two or three store writes,
 * not fifty. A read flushes first, so a user's own figure is never behind their own calls. With
 * `flushDelayMs`, a busy user's counts are written once per delay instead: other instances see them that
 * much later, and a process that dies loses at most that long's counts (the figure is advice).
 */
export function createUsageCounter(options: UsageCounterOptions): UsageCounter {
  const { store, now, flushDelayMs = 0 } = options;
  const pending = new Map<string, Buckets>();
  const flights = new Map<string, Promise<void>>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  /** A minute leaves the window an hour after it began. */
  const prune = (buckets: Buckets) => {
    const cutoff = Math.floor(now() / 1000) - USAGE_WINDOW_SECONDS;
    for (const minute of buckets.keys()) if (minute <= cutoff) buckets.delete(minute);
  };

  async function write(userUuid: string, batch: Buckets): Promise<void> {
    const key = await hashId(USAGE_NAMESPACE, userUuid);
    await store.withLock(key, FLUSH_LOCK_TTL_MS, async () => {
      const stored = parseBuckets(await store.get(key));
      addInto(stored, batch);
      prune(stored);
      const pairs = [...stored].sort(([a], [b]) => a - b);
      await store.set(
        key,
        JSON.stringify({ v: 1, buckets: pairs }),
        USAGE_WINDOW_SECONDS + USAGE_BUCKET_SECONDS,
      );
    });
  }

  /** Writes this user's pending counts, batch after batch, until none are left; one flight per user. */
  function flush(userUuid: string): Promise<void> {
    const running = flights.get(userUuid);
    if (running !== undefined) return running;
    // Started on a later microtask, so the flight is registered before it can finish and unregister.
    const flight = Promise.resolve()
      .then(async () => {
        for (;;) {
          const batch = pending.get(userUuid);
          if (batch === undefined) return;
          pending.delete(userUuid);
          try {
            await write(userUuid, batch);
          } catch (error) {
            // Kept for the next flush: a store outage delays counts, it does not drop them.
            const merged = pending.get(userUuid) ?? new Map();
            addInto(merged, batch);
            prune(merged);
            pending.set(userUuid, merged);
            throw error;
          }
        }
      })
      .finally(() => {
        flights.delete(userUuid);
        flushesInFlight.delete(flight);
      });
    flights.set(userUuid, flight);
    flushesInFlight.add(flight);
    return flight;
  }

  return {
    async record(userUuid) {
      const minute = Math.floor(now() / 1000 / USAGE_BUCKET_SECONDS) * USAGE_BUCKET_SECONDS;
      const buckets = pending.get(userUuid) ?? new Map();
      buckets.set(minute, (buckets.get(minute) ?? 0) + 1);
      pending.set(userUuid, buckets);
      // Not awaited: the call to Bitbucket does not wait for the count to be stored.
      if (flushDelayMs <= 0) {
        flush(userUuid).catch(() => undefined);
        return;
      }
      if (timers.has(userUuid)) return;
      const timer = setTimeout(() => {
        timers.delete(userUuid);
        flush(userUuid).catch(() => undefined);
      }, flushDelayMs);
      // Pending counts never keep the process alive.
      (timer as { unref?: () => void }).unref?.();
      timers.set(userUuid, timer);
    },
    async read(userUuid) {
      await flush(userUuid);
      const buckets = parseBuckets(await store.get(await hashId(USAGE_NAMESPACE, userUuid)));
      prune(buckets);
      const used = [...buckets.values()].reduce((sum, calls) => sum + calls, 0);
      const first = Math.min(...buckets.keys());
      return {
        used,
        limit: USAGE_LIMIT,
        windowSeconds: USAGE_WINDOW_SECONDS,
        nearLimit: used > USAGE_LIMIT * NEAR_LIMIT_RATIO,
        resetsAt:
          buckets.size === 0 ? null : new Date((first + USAGE_WINDOW_SECONDS) * 1000).toISOString(),
      };
    },
  };
}
