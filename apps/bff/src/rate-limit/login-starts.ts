// Limits how many OAuth sign-ins one client address may start a minute, so a flood cannot fill the store.
import type { SessionStore } from '../session/session-store';
import { createLoginAttemptLimiter } from './login-attempts';

/**
 * Sign-in starts allowed per client address (an IPv6 /64) and window. A person needs one or two; the
 * headroom is for many people behind one address (an office NAT, a proxy Pail was not told to trust).
 */
export const DEFAULT_MAX_LOGIN_STARTS = 60;
export const DEFAULT_LOGIN_START_WINDOW_SECONDS = 60;

export interface LoginStartLimiter {
  /** Counts one start for `client`; returns 0 when allowed, else the seconds to wait (nothing counted). */
  admit(client: string): Promise<number>;
}

export interface LoginStartLimiterOptions {
  store: SessionStore;
  now: () => number;
  maxStarts?: number;
  windowSeconds?: number;
}

/**
 * Every start counts, successful or not: each one writes a login transaction, and abandoning it is free.
 * Counters share the store with sessions under their own namespace (`login-starts:<sha256>`), so instances
 * sharing a store share the limit and a flood evicts only its own kind from the memory store.
 */
export function createLoginStartLimiter(options: LoginStartLimiterOptions): LoginStartLimiter {
  const counter = createLoginAttemptLimiter({
    store: options.store,
    now: options.now,
    maxFailures: options.maxStarts ?? DEFAULT_MAX_LOGIN_STARTS,
    windowSeconds: options.windowSeconds ?? DEFAULT_LOGIN_START_WINDOW_SECONDS,
    namespace: 'login-starts',
  });
  return {
    admit: (client) => counter.reserve([`client:${client}`]),
  };
}
