// Bitbucket's health as the app sees it, derived from every call the API client makes: slow, down, rate-limited.
import { API_PREFIX } from '@pail/shared';
import type { ApiError } from './api-client';

/** A call to Bitbucket still unanswered after this long makes the app say Bitbucket is slow. */
export const SLOW_CALL_MS = 3_000;
/** How long to wait after a 429 that did not say (`Retry-After` absent). */
export const DEFAULT_RETRY_AFTER_SECONDS = 30;

/**
 * Why calls fail right now: Bitbucket does not answer (502/503/504 `upstream_*`), Pail's server cannot be
 * reached (no answer at all), or Pail's server answers but is in trouble (its session store, a gateway).
 */
export type OutageKind = 'bitbucket' | 'network' | 'server';

export interface ConnectivityState {
  /** Some call to Bitbucket has been waiting longer than `SLOW_CALL_MS`. */
  slow: boolean;
  /** The latest calls failed this way, and none has succeeded since. `episode` changes with each new outage. */
  outage: { kind: OutageKind; episode: number } | null;
  /**
   * A call under `/api` answered 429: nothing is asked again before `until` (epoch ms). `from` says whose
   * limit it is: Bitbucket's hourly one, or Pail's own per-user limit.
   */
  rateLimit: { until: number; from: 'bitbucket' | 'pail' } | null;
}

/** What the API client reports about one call; exactly one of `succeeded`, `failed` or `ended` follows. */
export interface CallReport {
  succeeded(): void;
  failed(error: ApiError): void;
  /** Ended without an answer worth judging (aborted, or the body could not be read). */
  ended(): void;
}

export interface ConnectivityMonitor {
  callStarted(path: string): CallReport;
  /** The one retry after a rate limit has settled: the limit is over unless a new 429 moved `until`. */
  rateLimitRetried(until: number): void;
  getState(): ConnectivityState;
  subscribe(listener: () => void): () => void;
  /** Forgets everything (signing out, tests). */
  reset(): void;
}

const INITIAL_STATE: ConnectivityState = { slow: false, outage: null, rateLimit: null };

export function createConnectivityMonitor(): ConnectivityMonitor {
  let state = INITIAL_STATE;
  let episode = 0;
  let nextCallId = 0;
  const slowCalls = new Set<number>();
  const slowTimers = new Map<number, ReturnType<typeof setTimeout>>();
  const listeners = new Set<() => void>();

  function update(next: Partial<ConnectivityState>) {
    const merged = { ...state, ...next };
    if (
      merged.slow === state.slow &&
      merged.outage === state.outage &&
      merged.rateLimit === state.rateLimit
    ) {
      return;
    }
    state = merged;
    listeners.forEach((notify) => notify());
  }

  function settle(id: number) {
    const timer = slowTimers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    slowTimers.delete(id);
    slowCalls.delete(id);
  }

  function startOutage(kind: OutageKind) {
    if (state.outage?.kind === kind) return;
    episode += 1;
    update({ outage: { kind, episode } });
  }

  function clearOutage(bitbucket: boolean) {
    // Pail's own server answering says nothing about Bitbucket; Bitbucket answering says both are up.
    if (state.outage === null) return;
    if (state.outage.kind === 'bitbucket' && !bitbucket) return;
    update({ outage: null });
  }

  function judgeFailure(error: ApiError, bitbucket: boolean) {
    if (error.status === 429 && bitbucket) {
      const seconds = error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
      const until = Date.now() + seconds * 1000;
      const from = error.source === 'bff' ? 'pail' : 'bitbucket';
      if (state.rateLimit === null || until > state.rateLimit.until) {
        update({ rateLimit: { until, from } });
      }
      return;
    }
    if (error.status === 0) return startOutage('network');
    if (error.code === 'upstream_unavailable' || error.code === 'upstream_timeout') {
      return startOutage('bitbucket');
    }
    if (error.status === 502 || error.status === 503 || error.status === 504) {
      return startOutage('server');
    }
    // Any other answer (a 404, a missing scope) means whoever answered is up.
    if (error.status < 500) clearOutage(bitbucket);
  }

  return {
    callStarted(path) {
      const id = nextCallId++;
      const bitbucket = path.startsWith(`${API_PREFIX}/`);
      if (bitbucket) {
        slowTimers.set(
          id,
          setTimeout(() => {
            slowTimers.delete(id);
            slowCalls.add(id);
            update({ slow: true });
          }, SLOW_CALL_MS),
        );
      }
      let open = true;
      const end = (judge: () => void) => {
        if (!open) return;
        open = false;
        settle(id);
        judge();
        if (state.slow && slowCalls.size === 0) update({ slow: false });
      };
      return {
        succeeded: () => end(() => clearOutage(bitbucket)),
        failed: (error) => end(() => judgeFailure(error, bitbucket)),
        ended: () => end(() => {}),
      };
    },
    rateLimitRetried(until) {
      if (state.rateLimit?.until === until) update({ rateLimit: null });
    },
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reset() {
      slowTimers.forEach((timer) => clearTimeout(timer));
      slowTimers.clear();
      slowCalls.clear();
      update(INITIAL_STATE);
    },
  };
}

/** The app's one monitor: the API client reports to it, the banner in the layout reads it. */
export const connectivity = createConnectivityMonitor();
