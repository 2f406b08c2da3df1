// Counts each user's Bitbucket calls over a rolling hour, so the app can warn before Bitbucket's limit bites.
import type { UsageInfo } from '@pail/shared';

/** Bitbucket's rolling window and its hourly limit for authenticated `/2.0/repositories/*` calls. */
export const USAGE_WINDOW_SECONDS = 3600;
export const USAGE_LIMIT = 1000;
/** `nearLimit` once more than this share of the limit is used. */
export const NEAR_LIMIT_RATIO = 0.8;

export interface UsageCounter {
  /** Counts one upstream call made for this user. */
  record(userUuid: string): Promise<void>;
  read(userUuid: string): Promise<UsageInfo>;
}

export interface MemoryUsageCounterOptions {
  now: () => number;
  /** Users tracked at most; the least recently active is forgotten first. */
  maxUsers?: number;
}

/** Per user, one `[second, calls]` bucket per second with calls: at most 3,600 small pairs per user. */
type Buckets = Array<[number, number]>;

/**
 * In-process: a call is counted where it is made, so with several instances each counts its own share.
 * Counting is on the hot path of every proxied call, and a store round trip per call would cost more than
 * the figure is worth; the interface is async so a shared implementation can replace this one.
 */
export function createMemoryUsageCounter(options: MemoryUsageCounterOptions): UsageCounter {
  const { now } = options;
  const maxUsers = options.maxUsers ?? 10_000;
  const users = new Map<string, Buckets>();

  function prune(buckets: Buckets): void {
    const oldest = Math.floor(now() / 1000) - USAGE_WINDOW_SECONDS;
    let drop = 0;
    while (drop < buckets.length && (buckets[drop]?.[0] ?? 0) <= oldest) drop += 1;
    if (drop > 0) buckets.splice(0, drop);
  }

  return {
    async record(userUuid) {
      const second = Math.floor(now() / 1000);
      const buckets = users.get(userUuid) ?? [];
      // Re-inserted on every call, so the Map's order is least to most recently active.
      users.delete(userUuid);
      users.set(userUuid, buckets);
      prune(buckets);
      const last = buckets.at(-1);
      if (last !== undefined && last[0] === second) last[1] += 1;
      else buckets.push([second, 1]);
      if (users.size > maxUsers) {
        const idle = users.keys().next();
        if (!idle.done) users.delete(idle.value);
      }
    },
    async read(userUuid) {
      const buckets = users.get(userUuid) ?? [];
      prune(buckets);
      const used = buckets.reduce((sum, [, calls]) => sum + calls, 0);
      const first = buckets[0];
      return {
        used,
        limit: USAGE_LIMIT,
        windowSeconds: USAGE_WINDOW_SECONDS,
        nearLimit: used > USAGE_LIMIT * NEAR_LIMIT_RATIO,
        resetsAt:
          first === undefined
            ? null
            : new Date((first[0] + USAGE_WINDOW_SECONDS) * 1000).toISOString(),
      };
    },
  };
}
