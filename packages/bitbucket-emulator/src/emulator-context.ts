// What every part of the emulator is built from: the clock, the origin, the world and the mutable stores.
import type { AppPasswordMode, CredentialStore } from './auth/basic-credentials';
import type { GrantStore } from './oauth/grant-store';
import type { RequestLog } from './controls/request-log';
import type { FaultState } from './faults/fault-state';
import type { Directory } from './world/directory';

export interface EmulatorContext {
  /** Public origin used in links, redirects and `next` URLs, without a trailing slash. */
  origin: string;
  now: () => number;
  accessTokenTtlSeconds: number;
  /** Replaced on reset. */
  directory: Directory;
  grants: GrantStore;
  /** API tokens and app passwords. */
  credentials: CredentialStore;
  /** `removed` (Bitbucket since 2026-07-28) or `accepted` (before); switchable by the controls. */
  appPasswords: AppPasswordMode;
  log: RequestLog;
  /** Latency, failures and the rate limit in force; none by default. */
  faults: FaultState;
}
