// `POST /bff/login/token`: sign-in with an Atlassian API token (or a legacy app password), checked at Bitbucket.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import { BFF_ROUTES, TokenLoginSchema, type SessionInfo } from '@pail/shared';
import type { BffContext, BffEnv } from '../context';
import { encodeBase64Url } from '../crypto/encoding';
import { sha256 } from '../crypto/random';
import { BffError } from '../errors';
import { requireCsrfHeader } from '../middleware/require-csrf-header/require-csrf-header';
import { measureUpstream } from '../middleware/request-log/upstream-timing';
import { CurrentUserError, fetchCurrentAccount } from '../oauth/fetch-current-user';
import { addressBlock, clientAddress } from '../rate-limit/client-address';
import { readSessionCookie, setSessionCookie } from '../session/cookies';
import { describeBrowser } from '../session/describe-browser';
import { basicAuthorization } from '../session/upstream-authorization';

/** A username (≤320) and a token (≤4096) as JSON fit well within this; anything bigger is not a sign-in. */
export const TOKEN_LOGIN_MAX_BYTES = 8 * 1024;

/** Atlassian API tokens pair with the account's email; app passwords paired with a Bitbucket username. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

const MESSAGES = {
  invalid: 'Bitbucket did not accept this email and API token.',
  appPassword:
    'Bitbucket no longer accepts app passwords. Create an API token in your Atlassian account settings and sign in with your Atlassian account email and that token.',
  accessToken:
    'Repository, project and workspace access tokens cannot sign in: they do not belong to a person. Use an API token with your Atlassian account email.',
  tooMany: 'Too many failed sign-in attempts. Wait a minute and try again.',
} as const;

/** A short, non-reversible tag for a username, so failed attempts can be correlated in the logs without it. */
async function usernameTag(username: string): Promise<string> {
  return encodeBase64Url((await sha256(`pail-username:${username}`)).subarray(0, 6));
}

async function readTokenLogin(c: Context<BffEnv>) {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new BffError('bad_request', {
      status: 415,
      message: 'Send the sign-in as JSON (Content-Type: application/json).',
    });
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new BffError('bad_request', { message: 'The sign-in is not valid JSON.' });
  }
  const parsed = v.safeParse(TokenLoginSchema, body);
  // The issues are not echoed: they could quote the token.
  if (!parsed.success) {
    throw new BffError('bad_request', { message: 'Send a username and a token.' });
  }
  // RFC 7617: the user-id cannot contain a colon or control characters.
  if (/[:\p{Cc}]/u.test(parsed.output.username)) {
    throw new BffError('bad_request', { message: 'The username cannot contain ":".' });
  }
  return parsed.output;
}

export function createTokenLoginRoutes(ctx: BffContext): Hono<BffEnv> {
  const { config, sessions, loginAttempts, logger } = ctx;
  const routes = new Hono<BffEnv>();
  const route = BFF_ROUTES.loginToken.replace(/^\/bff/, '');

  routes.post(
    route,
    requireCsrfHeader({ publicOrigin: config.publicUrl, logger }),
    bodyLimit({
      maxSize: TOKEN_LOGIN_MAX_BYTES,
      onError: () => {
        throw new BffError('payload_too_large', { message: 'The sign-in request is too large.' });
      },
    }),
    async (c) => {
      const { username, token } = await readTokenLogin(c);
      const client = `client:${addressBlock(clientAddress(c, config.trustProxy))}`;
      const account = `username:${username.toLowerCase()}`;
      const tag = await usernameTag(username.toLowerCase());

      // Counted before Bitbucket is asked, so parallel guesses cannot all pass a check made before any failed.
      const wait = await loginAttempts.reserve([client, account]);
      if (wait > 0) {
        logger.warn('login.rate_limited', { method: 'token', account: tag });
        throw new BffError('rate_limited', {
          message: MESSAGES.tooMany,
          headers: { 'Retry-After': String(wait) },
        });
      }

      async function refusal(error: CurrentUserError): Promise<BffError> {
        if (error.kind !== 'rejected') {
          await loginAttempts.release([client, account]);
          logger.warn('login.failed', { method: 'token', code: `upstream_${error.kind}` });
          return new BffError(
            error.kind === 'timeout' ? 'upstream_timeout' : 'upstream_unavailable',
          );
        }
        if (error.status === 429) {
          await loginAttempts.release([client, account]);
          logger.warn('login.failed', { method: 'token', code: 'upstream_rate_limited' });
          return new BffError('rate_limited', {
            message: 'Bitbucket is limiting requests right now. Try again shortly.',
            headers: { 'Retry-After': String(error.retryAfterSeconds ?? 60) },
          });
        }
        const failure =
          error.status === 403
            ? new BffError('invalid_credentials', { message: MESSAGES.accessToken })
            : EMAIL.test(username)
              ? new BffError('invalid_credentials', { message: MESSAGES.invalid })
              : new BffError('app_password_removed', { message: MESSAGES.appPassword });
        logger.warn('login.failed', {
          method: 'token',
          code: failure.code,
          status: error.status,
          account: tag,
        });
        return failure;
      }

      let verified;
      try {
        verified = await measureUpstream(c, () =>
          fetchCurrentAccount({
            apiOrigin: config.bitbucket.apiOrigin,
            authorization: basicAuthorization(username, token),
            fetch: ctx.fetch,
            timeoutMs: config.upstreamTimeoutMs,
          }),
        );
      } catch (error) {
        if (!(error instanceof CurrentUserError)) {
          await loginAttempts.release([client, account]);
          throw error;
        }
        throw await refusal(error);
      }

      await loginAttempts.clear(account);
      await loginAttempts.release([client]);
      // Anti-fixation, as at the OAuth callback: the browser's previous session ends, a new id is issued.
      await sessions.destroyById(readSessionCookie(c));
      const { user, grantedScopes } = verified;
      const { id, session } = await sessions.create({
        user,
        authMethod: 'token',
        scopes: grantedScopes ?? [],
        accessToken: token,
        basicUsername: username,
        // Basic credentials do not expire on a schedule Pail knows; the session's own limits apply.
        accessTokenExpiresAt: ctx.now() + config.session.absoluteSeconds * 1000,
        browser: describeBrowser(c.req.header('User-Agent')),
      });
      setSessionCookie(c, id, config.session.absoluteSeconds);
      logger.info('login.succeeded', {
        method: 'token',
        user: user.uuid,
        session: await sessions.publicHandle(session.storeKey),
      });
      const body: SessionInfo = {
        user: session.record.user,
        authMethod: 'token',
        scopes: session.record.scopes,
        expiresAt: new Date(session.record.absoluteExpiresAt).toISOString(),
      };
      return c.json(body, 200);
    },
  );

  routes.on(['GET', 'PUT', 'PATCH', 'DELETE'], route, () => {
    throw new BffError('method_not_allowed', { headers: { Allow: 'POST' } });
  });

  return routes;
}
