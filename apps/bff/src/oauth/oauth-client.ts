// Pail as a confidential OAuth 2.0 client of Bitbucket (RFC 6749 + PKCE), built on oauth4webapi.
import * as oauth from 'oauth4webapi';
import type { BitbucketConfig } from '../env';
import { limitResponseBody } from './bounded-body';

export type FetchLike = typeof fetch;

export interface TokenSet {
  accessToken: string;
  /** Absent when the server did not rotate it (keep the old one then). */
  refreshToken: string | undefined;
  /** Epoch ms. */
  accessTokenExpiresAt: number;
  scopes: string[];
}

/**
 * Why a token-endpoint call failed, without any of the server's body text (which never reaches a browser):
 * `rejected` — the server answered 4xx (bad code, dead refresh token, bad client credentials);
 * `unavailable` — network failure, 5xx, 408, 429, or a response we cannot use; `timeout` — no answer in time.
 */
export class TokenEndpointError extends Error {
  readonly kind: 'rejected' | 'unavailable' | 'timeout';
  readonly status: number | undefined;
  /** The RFC 6749 `error` code when the server sent one (safe to log; not its description). */
  readonly oauthError: string | undefined;

  constructor(
    kind: TokenEndpointError['kind'],
    details: { status?: number; oauthError?: string; cause?: unknown } = {},
  ) {
    super(`token endpoint ${kind}`, { cause: details.cause });
    this.name = 'TokenEndpointError';
    this.kind = kind;
    this.status = details.status;
    this.oauthError = details.oauthError;
  }
}

export interface OAuthClient {
  /** RFC 6749 §4.1.1 + RFC 7636 §4.3: where to send the browser. */
  buildAuthorizationUrl(params: { state: string; codeChallenge: string }): URL;
  /** RFC 6749 §4.1.3: trades the code (from an already state-checked callback) for tokens. */
  exchangeAuthorizationCode(callback: URLSearchParams, codeVerifier: string): Promise<TokenSet>;
  /** RFC 6749 §6: a new access token (and, at Bitbucket, a rotated refresh token). */
  refreshAccessToken(refreshToken: string): Promise<TokenSet>;
  /** RFC 7009 §2.1, only when a revocation endpoint is configured; best effort. */
  revokeToken(token: string): Promise<void>;
}

export interface OAuthClientOptions {
  bitbucket: BitbucketConfig;
  redirectUri: string;
  fetch: FetchLike;
  now: () => number;
  timeoutMs: number;
}

/** Bitbucket answered `expires_in: 7200` in every observed response; assume less when it is missing. */
const FALLBACK_EXPIRES_IN_SECONDS = 3600;

export function createOAuthClient(options: OAuthClientOptions): OAuthClient {
  const { bitbucket, redirectUri, now, timeoutMs } = options;
  // Bitbucket has no discovery document and is not OpenID Connect: the metadata comes from config.
  const as: oauth.AuthorizationServer = {
    issuer: new URL(bitbucket.authorizeUrl).origin,
    authorization_endpoint: bitbucket.authorizeUrl,
    token_endpoint: bitbucket.tokenUrl,
    ...(bitbucket.revocationUrl ? { revocation_endpoint: bitbucket.revocationUrl } : {}),
    code_challenge_methods_supported: ['S256'],
  };
  const client: oauth.Client = { client_id: bitbucket.clientId };
  const clientAuth = oauth.ClientSecretBasic(bitbucket.clientSecret);
  // A token answer is small: one that is not is refused rather than read whole into memory.
  const boundedFetch = async (url: string, init: RequestInit) =>
    limitResponseBody(await options.fetch(url, init));
  const requestOptions = (): oauth.TokenEndpointRequestOptions => ({
    [oauth.customFetch]: boundedFetch,
    // Production config refuses http URLs; this is only true for the local emulator.
    [oauth.allowInsecureRequests]: new URL(bitbucket.tokenUrl).protocol === 'http:',
    signal: AbortSignal.timeout(timeoutMs),
  });

  function toTokenSet(response: oauth.TokenEndpointResponse): TokenSet {
    // Bitbucket before May 2026 said `scopes`; its old `state` field echoed the grant type and is ignored.
    const rawScopes = response.scope ?? response.scopes;
    const expiresIn = response.expires_in ?? FALLBACK_EXPIRES_IN_SECONDS;
    return {
      accessToken: response.access_token,
      refreshToken: response.refresh_token,
      accessTokenExpiresAt: now() + expiresIn * 1000,
      scopes: typeof rawScopes === 'string' ? rawScopes.split(/[\s,]+/).filter(Boolean) : [],
    };
  }

  async function callTokenEndpoint(
    send: () => Promise<Response>,
    process: (response: Response) => Promise<oauth.TokenEndpointResponse>,
  ): Promise<TokenSet> {
    let response: Response;
    try {
      response = await send();
    } catch (cause) {
      throw new TokenEndpointError(isTimeout(cause) ? 'timeout' : 'unavailable', { cause });
    }
    try {
      return toTokenSet(await process(response));
    } catch (cause) {
      throw classifyTokenFailure(response, cause);
    }
  }

  return {
    buildAuthorizationUrl({ state, codeChallenge }) {
      const url = new URL(bitbucket.authorizeUrl);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', bitbucket.clientId);
      url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('state', state);
      url.searchParams.set('code_challenge', codeChallenge);
      url.searchParams.set('code_challenge_method', 'S256');
      return url;
    },

    async exchangeAuthorizationCode(callback, codeVerifier) {
      // The state was already compared in constant time by the caller; this checks shape and `iss`.
      const iss = callback.get('iss');
      const server =
        iss !== null && iss !== as.issuer && isIssuerOfEndpoint(iss, bitbucket.authorizeUrl)
          ? { ...as, issuer: iss }
          : as;
      const params = oauth.validateAuthResponse(server, client, callback, oauth.skipStateCheck);
      return callTokenEndpoint(
        () =>
          oauth.authorizationCodeGrantRequest(
            server,
            client,
            clientAuth,
            params,
            redirectUri,
            codeVerifier,
            requestOptions(),
          ),
        (response) => oauth.processAuthorizationCodeResponse(server, client, response),
      );
    },

    async refreshAccessToken(refreshToken) {
      return callTokenEndpoint(
        () =>
          oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken, requestOptions()),
        (response) => oauth.processRefreshTokenResponse(as, client, response),
      );
    },

    async revokeToken(token) {
      if (!bitbucket.revocationUrl) return;
      const response = await oauth.revocationRequest(as, client, clientAuth, token, {
        [oauth.customFetch]: boundedFetch,
        [oauth.allowInsecureRequests]: new URL(bitbucket.revocationUrl).protocol === 'http:',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await oauth.processRevocationResponse(response);
    },
  };
}

/**
 * RFC 9207 §2.4: an authorization response's `iss` must name the server the request went to. With no
 * metadata to read it from (Bitbucket publishes none and sends no `iss`), the issuer identifier is taken to
 * be the authorize endpoint's origin, or a path of it the endpoint lives under — the shape issuer
 * identifiers have (`https://tenant.example/`, `https://sso.example/realms/pail`; RFC 8414 §2). Pail talks
 * to one server, so a response naming any other is still refused.
 */
export function isIssuerOfEndpoint(iss: string, endpoint: string): boolean {
  let issuer: URL;
  try {
    issuer = new URL(iss);
  } catch {
    return false;
  }
  const target = new URL(endpoint);
  if (issuer.origin !== target.origin || issuer.search !== '' || issuer.hash !== '') return false;
  if (issuer.username !== '' || issuer.password !== '') return false;
  // Only the canonical spelling: no case or encoding variants of the same identifier.
  const spelled = issuer.pathname === '/' && !iss.endsWith('/') ? issuer.origin : issuer.href;
  if (iss !== spelled) return false;
  const path = issuer.pathname.replace(/\/$/, '');
  return target.pathname.startsWith(`${path}/`);
}

export function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function classifyTokenFailure(response: Response, cause: unknown): TokenEndpointError {
  const status = response.status;
  const oauthError =
    cause instanceof oauth.ResponseBodyError && /^[\w.-]{1,64}$/.test(cause.error)
      ? cause.error
      : undefined;
  // 408 and 429 ask the client to come back later: the grant itself was not refused.
  if (status >= 400 && status < 500 && status !== 408 && status !== 429)
    return new TokenEndpointError('rejected', { status, oauthError, cause });
  return new TokenEndpointError('unavailable', { status, cause });
}
