// A per-request tally of the time spent waiting on Bitbucket, so a slow answer can be told from a slow Pail.
import type { Context } from 'hono';
import type { BffEnv } from '../../context';

export interface UpstreamTiming {
  /** Runs `task` (one or more Bitbucket calls) and adds its wall time to this request's total, even when it fails. */
  measure<T>(task: () => Promise<T>): Promise<T>;
  /** Milliseconds measured so far; overlapping calls count once each (a sum, not a span). */
  readonly totalMs: number;
}

export function createUpstreamTiming(now: () => number): UpstreamTiming {
  let totalMs = 0;
  return {
    async measure(task) {
      const start = now();
      try {
        return await task();
      } finally {
        totalMs += Math.max(0, now() - start);
      }
    },
    get totalMs() {
      return totalMs;
    },
  };
}

/**
 * Measures `task` against the request's tally when the request log is mounted (it always is in `createApp`;
 * a sub-app tested on its own simply runs the task).
 */
export function measureUpstream<T>(c: Context<BffEnv>, task: () => Promise<T>): Promise<T> {
  const timing = c.get('upstreamTiming') as UpstreamTiming | undefined;
  return timing === undefined ? task() : timing.measure(task);
}
