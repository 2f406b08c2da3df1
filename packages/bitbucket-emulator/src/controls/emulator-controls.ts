// The programmatic test controls: reset to the seed, read the request log, expire and revoke tokens.
import type { RecordedRequest } from './request-log';

export interface EmulatorControls {
  /** Back to the seed: clears tokens, codes and the request log. */
  reset(): void;
  /** Every request received (except /_emulator/*), in order. */
  requests(): RecordedRequest[];
  clearRequests(): void;
  /** Every access token issued so far answers 401 "Access token expired…". */
  expireAccessTokens(): void;
  /** Kills the refresh and access tokens of one user (by nickname), or of everyone. */
  revokeGrants(nickname?: string): void;
}
