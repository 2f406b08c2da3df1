// REST authentication: Bearer access tokens only (FACTS.md §1–2), with a pluggable verifier for Basic credentials.
import { Buffer } from 'node:buffer';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../api/api-error';
import type { EmulatorContext } from '../emulator-context';
import type { Principal } from '../world/directory';
import type { ApiEnv } from './caller';

export const TOKEN_UNSUPPORTED = 'Token is invalid, expired, or not supported for this endpoint.';
export const TOKEN_EXPIRED =
  'Access token expired. Use your refresh token to obtain a new access token.';

export type BasicVerification =
  { ok: true; principal: Principal; scopes: readonly string[] } | { ok: false; message: string };

/**
 * Checks Basic credentials (`email:api_token`, formerly `username:app_password`). API tokens are not
 * emulated yet and app passwords were removed on 2026-07-28, so the default refuses every pair.
 */
export type BasicCredentialVerifier = (username: string, secret: string) => BasicVerification;

export const refuseBasicCredentials: BasicCredentialVerifier = () => ({
  ok: false,
  message: TOKEN_UNSUPPORTED,
});

function decodeBasic(value: string): { username: string; secret: string } | undefined {
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0
    ? undefined
    : { username: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

const HEADER_ONLY = 'Send the access token in the Authorization header (Bearer).';

/**
 * Since 2026-05-04 an access token in the query string or a form body is refused, even next to a valid
 * header, on every REST path (known or not).
 */
export function rejectTokensOutsideHeader(): MiddlewareHandler {
  return async (c, next) => {
    if (new URL(c.req.url).searchParams.has('access_token')) {
      throw new ApiError(401, TOKEN_UNSUPPORTED, HEADER_ONLY);
    }
    const type = c.req.header('content-type') ?? '';
    if (
      c.req.method !== 'GET' &&
      c.req.method !== 'HEAD' &&
      type.startsWith('application/x-www-form-urlencoded')
    ) {
      if (new URLSearchParams(await c.req.text()).has('access_token')) {
        throw new ApiError(401, TOKEN_UNSUPPORTED, HEADER_ONLY);
      }
    }
    await next();
  };
}

export function authenticate(
  ctx: EmulatorContext,
  verifyBasic: BasicCredentialVerifier = refuseBasicCredentials,
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization')?.trim() ?? '';
    const [scheme = '', value = ''] = header.split(/\s+/, 2);
    switch (scheme.toLowerCase()) {
      case 'bearer': {
        const check = ctx.grants.checkAccessToken(value);
        if (!check.ok)
          throw new ApiError(401, check.reason === 'expired' ? TOKEN_EXPIRED : TOKEN_UNSUPPORTED);
        const { grant } = check;
        const consumer = ctx.directory.consumerByKey(grant.consumerKey);
        const user =
          grant.subject.kind === 'user'
            ? ctx.directory.userByNickname(grant.subject.nickname)
            : undefined;
        let principal: Principal;
        if (user) principal = { kind: 'user', user };
        else if (consumer && grant.subject.kind === 'app_user')
          principal = { kind: 'app_user', consumer };
        else throw new ApiError(401, TOKEN_UNSUPPORTED);
        c.set('caller', { principal, grantedScopes: grant.scopes, via: 'oauth' });
        break;
      }
      case 'basic': {
        const credentials = decodeBasic(value);
        const verdict = credentials
          ? verifyBasic(credentials.username, credentials.secret)
          : { ok: false as const, message: TOKEN_UNSUPPORTED };
        if (!verdict.ok) throw new ApiError(401, verdict.message);
        c.set('caller', {
          principal: verdict.principal,
          grantedScopes: verdict.scopes,
          via: 'basic',
        });
        break;
      }
      case '':
        throw new ApiError(401, 'This API requires authentication.');
      default:
        throw new ApiError(401, TOKEN_UNSUPPORTED);
    }
    await next();
  };
}
