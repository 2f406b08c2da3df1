// In-memory OAuth state: authorization codes, grants, access and rotating refresh tokens (FACTS.md §1).
import { CODE_BYTES, TOKEN_BYTES, randomToken } from './random-token';

/** Codes live a few minutes (Bitbucket's exact figure is unpublished). */
export const CODE_TTL_MS = 5 * 60_000;
/** A rotated refresh token keeps working this long, then dies (FACTS §1: "about 10 minutes"). */
export const REFRESH_GRACE_MS = 10 * 60_000;
/** An unused refresh token expires after three months. */
export const REFRESH_TTL_MS = 90 * 24 * 60 * 60_000;

export type GrantSubject = { kind: 'user'; nickname: string } | { kind: 'app_user' };

export interface Grant {
  id: string;
  consumerKey: string;
  subject: GrantSubject;
  scopes: readonly string[];
  revoked: boolean;
}

export interface AuthorizationCode {
  code: string;
  consumerKey: string;
  nickname: string;
  /** The `redirect_uri` sent to authorize, if one was (then the token request must repeat it). */
  redirectUri: string | undefined;
  /** Where the code was delivered: the sent `redirect_uri` or the registered callback. */
  effectiveRedirectUri: string;
  codeChallenge: string | undefined;
  expiresAt: number;
  used: boolean;
  /** Grant created when the code was exchanged, revoked if the code is replayed (RFC 6749 §4.1.2). */
  grantId: string | undefined;
}

export interface AccessToken {
  token: string;
  grantId: string;
  expiresAt: number;
}

export interface RefreshToken {
  token: string;
  grantId: string;
  issuedAt: number;
  /** When a newer refresh token replaced this one; it dies `REFRESH_GRACE_MS` later. */
  rotatedAt: number | undefined;
}

export interface IssuedTokens {
  accessToken: AccessToken;
  refreshToken: RefreshToken | undefined;
  grant: Grant;
}

export type AccessTokenCheck =
  { ok: true; grant: Grant } | { ok: false; reason: 'expired' | 'invalid' };

export class GrantStore {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly grants = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, RefreshToken>();

  constructor(
    private readonly now: () => number,
    private readonly accessTokenTtlMs: number,
  ) {}

  clear(): void {
    this.codes.clear();
    this.grants.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  issueCode(input: Omit<AuthorizationCode, 'code' | 'expiresAt' | 'used' | 'grantId'>): string {
    const code = randomToken(CODE_BYTES);
    this.codes.set(code, {
      ...input,
      code,
      expiresAt: this.now() + CODE_TTL_MS,
      used: false,
      grantId: undefined,
    });
    return code;
  }

  findCode(code: string): AuthorizationCode | undefined {
    return this.codes.get(code);
  }

  createGrant(consumerKey: string, subject: GrantSubject, scopes: readonly string[]): Grant {
    const grant: Grant = { id: randomToken(12), consumerKey, subject, scopes, revoked: false };
    this.grants.set(grant.id, grant);
    return grant;
  }

  issueTokens(grant: Grant, withRefreshToken: boolean): IssuedTokens {
    const now = this.now();
    const accessToken: AccessToken = {
      token: randomToken(TOKEN_BYTES),
      grantId: grant.id,
      expiresAt: now + this.accessTokenTtlMs,
    };
    this.accessTokens.set(accessToken.token, accessToken);
    let refreshToken: RefreshToken | undefined;
    if (withRefreshToken) {
      refreshToken = {
        token: randomToken(TOKEN_BYTES),
        grantId: grant.id,
        issuedAt: now,
        rotatedAt: undefined,
      };
      this.refreshTokens.set(refreshToken.token, refreshToken);
    }
    return { accessToken, refreshToken, grant };
  }

  checkAccessToken(token: string): AccessTokenCheck {
    const record = this.accessTokens.get(token);
    const grant = record ? this.grants.get(record.grantId) : undefined;
    if (!record || !grant || grant.revoked) return { ok: false, reason: 'invalid' };
    if (this.now() >= record.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, grant };
  }

  /** The live grant behind a refresh token, or undefined when it is unknown, revoked, expired or past its grace. */
  liveRefreshToken(token: string): { record: RefreshToken; grant: Grant } | undefined {
    const record = this.refreshTokens.get(token);
    const grant = record ? this.grants.get(record.grantId) : undefined;
    if (!record || !grant || grant.revoked) return undefined;
    const now = this.now();
    if (now >= record.issuedAt + REFRESH_TTL_MS) return undefined;
    if (record.rotatedAt !== undefined && now >= record.rotatedAt + REFRESH_GRACE_MS)
      return undefined;
    return { record, grant };
  }

  /** Rotation: a new access + refresh token; the presented one enters its grace period (once). */
  rotate(record: RefreshToken, grant: Grant): IssuedTokens {
    record.rotatedAt ??= this.now();
    return this.issueTokens(grant, true);
  }

  /** What an access or refresh token belongs to, whatever its state (RFC 7009 revocation). */
  findToken(token: string): { kind: 'access_token' | 'refresh_token'; grant: Grant } | undefined {
    const access = this.accessTokens.get(token);
    const refresh = access ? undefined : this.refreshTokens.get(token);
    const grant = this.grants.get((access ?? refresh)?.grantId ?? '');
    if (!grant) return undefined;
    return { kind: access ? 'access_token' : 'refresh_token', grant };
  }

  /** Kills one access token; its grant (and refresh token) lives on. */
  revokeAccessToken(token: string): void {
    this.accessTokens.delete(token);
  }

  revokeGrant(grantId: string): void {
    const grant = this.grants.get(grantId);
    if (grant) grant.revoked = true;
  }

  /** Every access token issued so far answers "expired" from now on. */
  expireAccessTokens(): void {
    const now = this.now();
    for (const record of this.accessTokens.values())
      record.expiresAt = Math.min(record.expiresAt, now);
  }

  /** Revokes the grants (so every access and refresh token) of one user, or of everyone. */
  revokeGrants(nickname?: string): void {
    for (const grant of this.grants.values()) {
      if (
        nickname === undefined ||
        (grant.subject.kind === 'user' && grant.subject.nickname === nickname)
      ) {
        grant.revoked = true;
      }
    }
  }
}
