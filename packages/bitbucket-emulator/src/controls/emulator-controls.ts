// The programmatic test controls: reset to the seed, read the request log, expire and revoke tokens,
// create and revoke API tokens, accept or refuse app passwords, set faults.
import { API_TOKEN_MAX_TTL_MS } from '../auth/basic-credentials';
import type { AppPasswordMode } from '../auth/basic-credentials';
import type { EmulatorContext } from '../emulator-context';
import type { FaultSettings } from '../faults/fault-settings';
import type { RecordedRequest } from './request-log';

/** A granular scope as Atlassian names them: `read:repository:bitbucket`. */
const GRANULAR_SCOPE = /^(read|write|admin|delete):[a-z][a-z0-9-]*:bitbucket$/;

export interface ApiTokenRequest {
  /** Nickname of a seeded user. */
  user: string;
  /** Granular scopes; an empty list makes an unscoped token (401 everywhere). */
  scopes: readonly string[];
  /** Slug or `{uuid}` of the one workspace the token is limited to. */
  workspace?: string;
  /** ISO-8601 expiry, at most a year ahead; a past one makes an expired token. Default: a year ahead. */
  expiresAt?: string;
}

export interface CreatedApiToken {
  /** Identifies the token to `revokeApiToken`. */
  id: string;
  nickname: string;
  /** The Basic user name to send with the token. */
  email: string;
  token: string;
  scopes: string[];
  workspace: string | undefined;
  expiresAt: string;
}

export interface EmulatorControls {
  /**
   * Back to the seed: clears tokens, codes, the request log and the faults; seeded credentials and
   * settings again.
   */
  reset(): void;
  /** Every request received (except /_emulator/*), in order. */
  requests(): RecordedRequest[];
  clearRequests(): void;
  /** Every access token issued so far answers 401 "Access token expired…". */
  expireAccessTokens(): void;
  /** Kills the refresh and access tokens of one user (by nickname), or of everyone. */
  revokeGrants(nickname?: string): void;
  /** Issues an API token; throws an Error naming the problem when the request is invalid. */
  createApiToken(request: ApiTokenRequest): CreatedApiToken;
  /** Revokes an API token by its id (seeded ids are in `SEED_API_TOKENS`); false when there is none. */
  revokeApiToken(id: string): boolean;
  /** `removed`: app passwords get Bitbucket's 401; `accepted`: they work as before 2026-07-28. */
  setAppPasswords(mode: AppPasswordMode): void;
  /**
   * Replaces every fault setting (rule counts and the rate limit's windows start afresh); returns what is
   * now in force, defaults filled in. Throws a `FaultSettingsError` naming the problem, changing nothing.
   */
  setFaults(settings: FaultSettings): FaultSettings;
  /** The settings in force: a rule's `times` is what is left of it; a used-up rule is no longer listed. */
  faults(): FaultSettings;
  /** No latency, no rules, no rate limit, the configured `maxDiffBytes`. */
  clearFaults(): void;
}

/** The controls over API tokens and app passwords, bound to the emulator's stores. */
export function credentialControls(
  ctx: EmulatorContext,
): Pick<EmulatorControls, 'createApiToken' | 'revokeApiToken' | 'setAppPasswords'> {
  return {
    createApiToken(request) {
      const user = ctx.directory.userByNickname(request.user);
      if (!user) throw new Error(`No seeded user "${request.user}".`);
      const email = user.emails.find((e) => e.isPrimary)?.email;
      if (!email) throw new Error(`The user "${request.user}" has no primary email.`);
      const bad = request.scopes.filter((s) => typeof s !== 'string' || !GRANULAR_SCOPE.test(s));
      if (bad.length > 0) {
        throw new Error(
          `API tokens carry granular scopes such as read:repository:bitbucket, not: ${bad.join(', ')}.`,
        );
      }
      let workspace: string | undefined;
      if (request.workspace !== undefined) {
        workspace = ctx.directory.workspace(request.workspace)?.slug;
        if (!workspace) throw new Error(`No workspace "${request.workspace}".`);
      }
      let expiresAt: number | undefined;
      if (request.expiresAt !== undefined) {
        expiresAt = Date.parse(request.expiresAt);
        if (!/^\d{4}-\d{2}-\d{2}T/.test(request.expiresAt) || Number.isNaN(expiresAt)) {
          throw new Error(`expiresAt must be an ISO-8601 date-time, got "${request.expiresAt}".`);
        }
        if (expiresAt > ctx.now() + API_TOKEN_MAX_TTL_MS) {
          throw new Error('API tokens expire within a year.');
        }
      }
      const record = ctx.credentials.createApiToken({
        nickname: user.nickname,
        scopes: [...new Set(request.scopes)],
        workspace,
        expiresAt,
      });
      return {
        id: record.id,
        nickname: record.nickname,
        email,
        token: record.token,
        scopes: [...record.scopes],
        workspace: record.workspace,
        expiresAt: new Date(record.expiresAt).toISOString(),
      };
    },
    revokeApiToken: (id) => ctx.credentials.revokeApiToken(id),
    setAppPasswords(mode) {
      if (mode !== 'removed' && mode !== 'accepted') {
        throw new Error(`The app password mode is "removed" or "accepted", not "${String(mode)}".`);
      }
      ctx.appPasswords = mode;
    },
  };
}
