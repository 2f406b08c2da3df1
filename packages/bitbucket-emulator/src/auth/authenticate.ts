// REST authentication (FACTS.md §1–2): Bearer access tokens, and Basic API tokens or (when accepted) app passwords.
import { Buffer } from 'node:buffer';
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../api/api-error';
import type { EmulatorContext } from '../emulator-context';
import type { Principal } from '../world/directory';
import type { ApiEnv, Caller } from './caller';

export const TOKEN_UNSUPPORTED = 'Token is invalid, expired, or not supported for this endpoint.';
export const TOKEN_EXPIRED =
  'Access token expired. Use your refresh token to obtain a new access token.';
/** The 401 for an app password since 2026-07-28 (CHANGE-3222; the wording Git clients receive). */
export const APP_PASSWORDS_REMOVED = 'CHANGE-3222 - Functionality has been deprecated';
export const APP_PASSWORDS_REMOVED_DETAIL =
  'App passwords are deprecated and must be replaced with API tokens. https://developer.atlassian.com/cloud/bitbucket/changelog#CHANGE-3222';
/** Sent with every 401 answering Basic credentials. */
export const BASIC_CHALLENGE = 'Basic realm="Bitbucket.org HTTP"';

export type BasicVerification =
  | {
      ok: true;
      principal: Principal;
      /** Granular scopes for an API token, classic ones for an app password. */
      scopes: readonly string[];
      via: 'api_token' | 'app_password';
      /** Slug of the one workspace an API token is limited to. */
      workspace?: string;
    }
  | { ok: false; message: string; detail?: string };

/**
 * Checks Basic credentials: `atlassian_account_email:api_token`, or `bitbucket_username:app_password`.
 * The default is the emulator's own (seeded and created API tokens; app passwords per `appPasswords`).
 */
export type BasicCredentialVerifier = (username: string, secret: string) => BasicVerification;

/** The emulator's Basic verifier: API tokens by account email, app passwords by nickname. */
export function emulatedBasicCredentials(ctx: EmulatorContext): BasicCredentialVerifier {
  return (username, secret) => {
    const refused = { ok: false as const, message: TOKEN_UNSUPPORTED };
    if (username.includes('@')) {
      const email = username.toLowerCase();
      const user = ctx.directory.users.find((u) =>
        u.emails.some((e) => e.isPrimary && e.email.toLowerCase() === email),
      );
      const check = user ? ctx.credentials.checkApiToken(user, secret) : { ok: false as const };
      if (!user || !check.ok || check.record.scopes.length === 0) return refused;
      return {
        ok: true,
        principal: { kind: 'user', user },
        scopes: check.record.scopes,
        via: 'api_token',
        workspace: check.record.workspace,
      };
    }
    if (ctx.appPasswords === 'removed') {
      return { ok: false, message: APP_PASSWORDS_REMOVED, detail: APP_PASSWORDS_REMOVED_DETAIL };
    }
    const password = ctx.credentials.checkAppPassword(username, secret);
    const user = password ? ctx.directory.userByNickname(password.nickname) : undefined;
    if (!password || !user) return refused;
    return {
      ok: true,
      principal: { kind: 'user', user },
      scopes: password.scopes,
      via: 'app_password',
    };
  };
}

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

/** Reaches every workspace, or only `slug` (and the repositories in it). */
function reachFor(ctx: EmulatorContext, slug: string | undefined): Caller['reaches'] {
  if (slug === undefined) return () => true;
  return (workspaceId, repoId) => {
    if (workspaceId === '{}' && repoId !== undefined) {
      return ctx.directory.repository(workspaceId, repoId)?.workspace === slug;
    }
    return ctx.directory.workspace(workspaceId)?.slug === slug;
  };
}

/** Bitbucket reports the credentials' scopes on API responses (`X-OAuth-Scopes`, comma-separated). */
function reportScopes(c: Context, scopes: readonly string[]): void {
  c.header('X-OAuth-Scopes', [...scopes].sort().join(', '));
}

export function authenticate(
  ctx: EmulatorContext,
  verifyBasic: BasicCredentialVerifier = emulatedBasicCredentials(ctx),
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
        c.set('caller', {
          principal,
          grantedScopes: grant.scopes,
          via: 'oauth',
          reaches: reachFor(ctx, undefined),
        });
        reportScopes(c, grant.scopes);
        break;
      }
      case 'basic': {
        const credentials = decodeBasic(value);
        const verdict = credentials
          ? verifyBasic(credentials.username, credentials.secret)
          : { ok: false as const, message: TOKEN_UNSUPPORTED };
        if (!verdict.ok) {
          c.header('WWW-Authenticate', BASIC_CHALLENGE);
          throw new ApiError(401, verdict.message, verdict.detail);
        }
        c.set('caller', {
          principal: verdict.principal,
          grantedScopes: verdict.scopes,
          via: verdict.via,
          reaches: reachFor(ctx, verdict.via === 'api_token' ? verdict.workspace : undefined),
        });
        reportScopes(c, verdict.scopes);
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
